#!/usr/bin/env bash
# Builds Beacon and starts it on http://127.0.0.1:8080 with a local etcd it manages.
# Extra arguments go to the server (./run.sh --help lists them; --etcd http://host:2379 uses your cluster).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/setup.sh

external=""
for a in "$@"; do case "$a" in --etcd|--etcd=*|--help|-h|--version|-V) external=1 ;; esac; done
[ -n "${BEACON_ETCD:-}" ] && external=1
[ -n "$external" ] || ensure_etcd
ensure_jdk
ensure_maven

say "building (mvn -DskipTests package)"
mvn -q -B -DskipTests package || die "the build failed; see the Maven output above"
jar=$(ls beacon-server/target/beacon-server-*-all.jar 2>/dev/null | head -n1)
[ -n "$jar" ] || die "the build did not produce beacon-server/target/beacon-server-*-all.jar"
say "starting Beacon ($jar)"
exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"
