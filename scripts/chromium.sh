#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the dashboard's browser tests
# (tests/dashboard.rs), if they are missing, and prints their paths (browser, then driver).
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "installing chromium and chromium-driver" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq chromium chromium-driver >&2 \
    || { $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq chromium chromium-driver >&2; }
fi
command -v chromium
command -v chromedriver
