#!/usr/bin/env bash
# Runs the server benchmarks — HttpBench (wrk against a Beacon server, jetcd references beside it) and
# FanoutBench (change -> 100 and 1,000 SSE subscribers at 50 changes/s, raw jetcd watchers beside them) —
# on JDK 17 and on the newest JDK found, and writes the tables into docs/benchmarks.md between the
# "run-benchmarks" markers, with date, machine, JDKs and this command.
#
# Usage, from anywhere:  beacon-bench/run-benchmarks.sh [--no-build] [--jdk DIR]...
#   WARMUP=8 ROW_SECONDS=15 RATE=50 CHANGES=500 change the lengths; each bench runs under the machine's shared
#   CPU lock (/tmp/beacon-heavy.lock), one locked run per bench and JDK (each well under 10 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-8}
SECONDS_PER_ROW=${ROW_SECONDS:-15}
RATE=${RATE:-50}
CHANGES=${CHANGES:-500}
LOCK=/tmp/beacon-heavy.lock
BUILD=1
JDKS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --jdk) JDKS+=("$2"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "run-benchmarks: $*" >&2; }

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "wrk (the HTTP load generator) is missing: installing Debian's package 'wrk' with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null || {
      apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null; }
  else
    say "wrk is missing: install it (Debian/Ubuntu: sudo apt-get install wrk) and run this again"
    exit 1
  fi
fi

if [ ${#JDKS[@]} -eq 0 ]; then
  # JDK 17 (what Beacon is built for) and the newest JDK under /usr/lib/jvm, if it is another one
  jdk17=$(ls -d /usr/lib/jvm/*17* 2>/dev/null | head -1 || true)
  [ -n "$jdk17" ] && JDKS+=("$jdk17")
  newest=""
  best=0
  for d in /usr/lib/jvm/*/; do
    [ -x "$d/bin/java" ] || continue
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p' | head -1)
    v=${v%%.*}
    if [ -n "$v" ] && [ "$v" -gt "$best" ]; then best=$v; newest=${d%/}; fi
  done
  if [ -n "$newest" ] && [ "$best" != 17 ]; then JDKS+=("$newest"); fi
  [ ${#JDKS[@]} -gt 0 ] || JDKS+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi

if [ "$BUILD" = 1 ] || ! ls beacon-bench/target/beacon-bench-*-all.jar >/dev/null 2>&1; then
  say "building the server and bench jars"
  flock "$LOCK" mvn -o -q -B -DskipTests package -pl beacon-server,beacon-bench -am
fi
BENCH_JAR=$(ls beacon-bench/target/beacon-bench-*-all.jar | head -1)

out=$(mktemp)
{
  echo "**$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),"
  echo "$(. /etc/os-release && echo "$PRETTY_NAME") (Linux $(uname -r)), etcd $(etcd --version 2>/dev/null | sed -n 's/etcd Version: //p'),"
  echo "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), default JVM settings.** Load average when it started: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "(other developers' builds may have shared the machine; each bench ran under the shared CPU lock)."
  echo
  echo "Command: \`beacon-bench/run-benchmarks.sh\` (WARMUP=$WARMUP ROW_SECONDS=$SECONDS_PER_ROW RATE=$RATE CHANGES=$CHANGES)."
  echo
} > "$out"

for jdk in "${JDKS[@]}"; do
  java="$jdk/bin/java"
  version=$("$java" -version 2>&1 | head -1)
  say "HttpBench on $version"
  echo "#### HTTP request/response ($version)" >> "$out"
  echo >> "$out"
  flock "$LOCK" timeout 600 "$java" -cp "$BENCH_JAR" dev.beacon.bench.HttpBench "$WARMUP" "$SECONDS_PER_ROW" 2>/dev/null \
    | grep -E '^(\||HttpBench)' >> "$out" || echo "(HttpBench failed on $version)" >> "$out"
  echo >> "$out"
  say "FanoutBench on $version"
  echo "#### Change -> subscribers at $RATE changes/s ($version)" >> "$out"
  echo >> "$out"
  flock "$LOCK" timeout 600 "$java" -cp "$BENCH_JAR" dev.beacon.bench.FanoutBench "$RATE" "$CHANGES" 100 1000 2>/dev/null \
    | grep -E '^(\||FanoutBench)' >> "$out" || echo "(FanoutBench failed on $version)" >> "$out"
  echo >> "$out"
done

doc=docs/benchmarks.md
begin='<!-- run-benchmarks:begin -->'
end='<!-- run-benchmarks:end -->'
if ! grep -qF "$begin" "$doc"; then
  printf '\n## Latest run of run-benchmarks.sh\n\n%s\n%s\n' "$begin" "$end" >> "$doc"
fi
awk -v begin="$begin" -v end="$end" -v file="$out" '
  $0 == begin { print; while ((getline line < file) > 0) print line; skip = 1; next }
  $0 == end { skip = 0 }
  !skip { print }' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
cat "$out"
rm -f "$out"
say "written to $doc"
