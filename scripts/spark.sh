#!/usr/bin/env bash
# A Python venv with PySpark (from PyPI) for the Spark test (tests/spark.rs), made once under
# target/, and Java 17 for it (Debian's openjdk-17-jre-headless, installed with apt-get when no
# java 17 is found). Prints the venv's python.
# Usage: export READOUT_TEST_SPARK_PYTHON="$(bash scripts/spark.sh)"
# PySpark's wheel brings its own Spark and Hadoop jars: PYSPARK_HADOOP_VERSION is not set.
set -euo pipefail
cd "$(dirname "$0")/.."

java_major() { # the major version of the java on PATH, or nothing
  command -v java >/dev/null 2>&1 || return 0
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1
}
if [ "$(java_major)" != 17 ]; then
  jre=/usr/lib/jvm/java-17-openjdk-amd64
  if [ ! -x "$jre/bin/java" ]; then
    echo "spark.sh: installing Java 17 (openjdk-17-jre-headless)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq openjdk-17-jre-headless >&2
  fi
  # the test runs pyspark with this JAVA_HOME when the java on PATH is another version
  if [ "$(java_major)" != 17 ]; then
    echo "spark.sh: java on PATH is not 17; the test uses JAVA_HOME=$jre" >&2
  fi
fi

venv=target/spark-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  echo "spark.sh: installing pyspark into $venv" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet pyspark >&2
fi
echo "$PWD/$venv/bin/python"
