# Sourced by ./seawall, ./run-tests and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 25+, then the newest 25+ JDK under /usr/lib/jvm (Debian's standard
# JVM folder), then `java` on the PATH.

seawall_java_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

seawall_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(seawall_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -L "$candidate" ] && continue
    major=$(seawall_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate; best_major=$major
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(seawall_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then best=$candidate; fi
  fi
  [ -n "$best" ] && echo "$best"
}

JAVA_HOME=$(seawall_find_jdk) || true
if [ -z "$JAVA_HOME" ]; then
  cat >&2 <<'MSG'
seawall: no JDK 25 or newer found.
  Looked at $JAVA_HOME, every JDK under /usr/lib/jvm and `javac` on the PATH.
  Install one, for example Eclipse Temurin 25 on Debian/Ubuntu:
    apt-get install -y wget apt-transport-https gpg
    wget -qO - https://packages.adoptium.net/artifactory/api/gpg/key/public | gpg --dearmor > /etc/apt/trusted.gpg.d/adoptium.gpg
    echo "deb https://packages.adoptium.net/artifactory/deb $(. /etc/os-release; echo $VERSION_CODENAME) main" > /etc/apt/sources.list.d/adoptium.list
    apt-get update && apt-get install -y temurin-25-jdk
  or unpack a JDK 25 from https://adoptium.net/ and set JAVA_HOME to it.
MSG
  return 3 2>/dev/null || exit 3
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
