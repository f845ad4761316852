#!/usr/bin/env bash
# Installs (Debian's package) and starts a PostgreSQL server on loopback for the tests, and
# prints the admin URL the store tests read from READOUT_TEST_POSTGRES.
# Usage: export READOUT_TEST_POSTGRES="$(bash scripts/postgres.sh)"
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql (apt-get)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$version main"; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -qx online; then
  log "starting cluster $version/main"
  pg_ctlcluster "$version" main start >&2
fi
port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')"

# a password for the admin role, so the tests connect over TCP like any client
for _ in $(seq 1 30); do
  if su postgres -c "psql -p $port -qAtc \"ALTER USER postgres PASSWORD 'readout-test'\"" >/dev/null 2>&1; then
    echo "postgres://postgres:readout-test@127.0.0.1:$port/postgres"
    exit 0
  fi
  sleep 1
done
log "PostgreSQL did not accept connections; see /var/log/postgresql/"
exit 1
