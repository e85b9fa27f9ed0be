# Sourced by ./jdvc, ./test.sh and .ci/run: sets JAVA_HOME to a JDK >= 25
# (JAVA_HOME if it qualifies, then `java` on PATH, then /usr/lib/jvm/*).
# NOTE: reads the JDK's `release` file instead of starting a JVM: the launcher runs this on every command.
java_major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n1)
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
                      | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  echo "$v"
}
jdk_ok() {
  local home=$1
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  local v; v=$(java_major "$home")
  [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null
}
find_java() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then return 0; fi
  local j
  if j=$(command -v java 2>/dev/null); then
    local home; home=$(dirname "$(dirname "$(readlink -f "$j")")")
    if jdk_ok "$home"; then JAVA_HOME=$home; return 0; fi
  fi
  for home in /usr/lib/jvm/*; do
    if jdk_ok "$home"; then JAVA_HOME=$home; return 0; fi
  done
  echo "jdvc: no JDK >= 25 found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
  return 1
}
find_java || exit 1
export JAVA_HOME
