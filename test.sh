#!/usr/bin/env bash
# Sets up what the tests need (JDK 17+, Maven, etcd, etcdctl, Chromium) and runs the whole suite:
# unit tests, then integration tests against real etcd processes and real Beacon servers.
# Extra arguments go to Maven (e.g. ./test.sh -Dit.test=SeedApiIT).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/setup.sh

ensure_etcd
ensure_etcdctl
ensure_chromium
ensure_jdk
ensure_maven

say "running the test suite (mvn verify)"
exec mvn -B verify "$@"
