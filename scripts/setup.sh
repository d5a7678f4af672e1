# Sourced by run.sh and test.sh: finds or installs what Beacon needs, saying what and why.
# Sets JAVA_HOME (newest JDK >= 17 found) and puts it first on PATH.

say() { printf 'beacon: %s\n' "$*" >&2; }
die() { printf 'beacon: ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi
APT_UPDATED=""

apt_install() {
  # apt_install "<why>" pkg...
  local why="$1"; shift
  command -v apt-get >/dev/null 2>&1 || die "$* missing and apt-get is not available: install $* yourself ($why)"
  if [ "$(id -u)" != "0" ] && [ -z "$SUDO" ]; then
    die "$* missing ($why); run as root or install sudo, or install $* yourself"
  fi
  say "installing $* with apt-get: $why"
  if [ -z "$APT_UPDATED" ]; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed ($why)"
}

# The major version of the JDK at $1 (a JAVA_HOME), or 0.
jdk_major() {
  local home="$1" v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || { echo 0; return; }
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  echo "${v:-0}"
}

# The newest JDK >= 17 found, or with BEACON_JDK=N the JDK of major version N (e.g. BEACON_JDK=17 to check
# that everything still works on the oldest Java Beacon supports).
find_jdk() {
  local best="" best_v=0 cand v
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$cand" ] && [ -d "$cand" ] || continue
    v=$(jdk_major "$cand")
    if [ -n "${BEACON_JDK:-}" ]; then
      if [ "$v" = "$BEACON_JDK" ]; then echo "$cand"; return; fi
      continue
    fi
    if [ "$v" -ge 17 ] && [ "$v" -gt "$best_v" ]; then best="$cand"; best_v=$v; fi
  done
  [ -n "$best" ] && echo "$best"
}

ensure_jdk() {
  local home
  home=$(find_jdk || true)
  if [ -z "$home" ] && [ -n "${BEACON_JDK:-}" ]; then
    [ "$BEACON_JDK" -ge 17 ] 2>/dev/null || die "BEACON_JDK=$BEACON_JDK: Beacon needs Java 17 or newer"
    apt_install "BEACON_JDK=$BEACON_JDK asks for a JDK $BEACON_JDK" "openjdk-$BEACON_JDK-jdk-headless"
    home=$(find_jdk || true)
    [ -n "$home" ] || die "no JDK $BEACON_JDK found even after installing openjdk-$BEACON_JDK-jdk-headless"
  elif [ -z "$home" ]; then
    apt_install "Beacon needs a JDK 17 or newer to build and run" openjdk-17-jdk-headless
    home=$(find_jdk || true)
    [ -n "$home" ] || die "no JDK 17+ found even after installing openjdk-17-jdk-headless"
  fi
  export JAVA_HOME="$home"
  export PATH="$JAVA_HOME/bin:$PATH"
  say "using the JDK at $JAVA_HOME (Java $(jdk_major "$JAVA_HOME"))"
}

ensure_maven() {
  command -v mvn >/dev/null 2>&1 || apt_install "Beacon is built with Maven" maven
}

ensure_etcd() {
  if [ -n "${BEACON_ETCD_BIN:-}" ]; then
    [ -x "$BEACON_ETCD_BIN" ] || die "BEACON_ETCD_BIN=$BEACON_ETCD_BIN is not executable"
    return
  fi
  command -v etcd >/dev/null 2>&1 || apt_install "Beacon starts a local etcd when no --etcd is given (and its tests run a real etcd)" etcd-server
}

ensure_etcdctl() {
  command -v etcdctl >/dev/null 2>&1 || apt_install "the tests check interoperability with etcdctl" etcd-client
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install "the browser tests drive the web pages in Debian's Chromium" chromium
}
