# Sourced by ./jdvc, ./test.sh and .ci/run: sets JAVA_HOME to a JDK >= 25
# (JAVA_HOME if it qualifies, then `java` on PATH, then /usr/lib/jvm/*).
# NOTE: reads the JDK's `release` file with bash builtins instead of starting a JVM (or sed): the launcher runs this
# on every command, and each fork costs about a millisecond of a command that should take 0.2 s.
java_major() {
  local line v=
  if [ -r "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then v=${BASH_REMATCH[1]}; break; fi
    done <"$1/release"
  fi
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
                      | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  java_major_result=$v
}
jdk_ok() {
  local home=$1
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  java_major "$home"
  local v=$java_major_result
  [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null
}
find_java() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then return 0; fi
  local j
  if j=$(type -P java); then
    local home; home=$(readlink -f "$j"); home=${home%/bin/java}
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
