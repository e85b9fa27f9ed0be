#!/usr/bin/env bash
# Builds the bench module and runs the JMH micro-benchmarks (never part of ./test.sh).
#
#   bench/jmh.sh [REGEX...] [-- JMH_ARGS...]
#
#   REGEX      benchmarks to run (JMH include patterns, e.g. TreeManifest or 'StateDb.getAll'); default: all
#   JMH_ARGS   passed to org.openjdk.jmh.Main after the defaults, so they win (e.g. -- -p files=70000 -f 3)
#
# Settings (environment, with defaults):
#   JMH_DEFAULTS="-f 1 -wi 3 -i 5 -w 2s -r 2s"   forks, warm-up/measurement iterations and their length
#   JMH_SKIP_BUILD=0                                1: use the jars already in bench/target
#   BENCH_TMP=/var/tmp                              where the fixtures are generated (deleted after each trial)
#   OUT=bench/results/jmh-<UTC time>.json          JMH's JSON result; a TSV beside it (same base name, .tsv)
# The whole suite with the defaults takes about 12 minutes here (2 shared cores, fixtures included).
# `-l` lists, `-h` helps:
#   bench/jmh.sh -- -l
set -euo pipefail

bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
. "$root/scripts/find-java.sh"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
export BENCH_TMP=${BENCH_TMP:-/var/tmp}

patterns=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do patterns+=("$1"); shift; done
[ "${1:-}" = -- ] && shift

if [ "${JMH_SKIP_BUILD:-0}" != 1 ]; then
  (cd "$root" && mvn -q -B --no-transfer-progress -Dstyle.color=never -DskipTests -pl bench -am package >&2)
fi

cp="$bench/target/classes"
for lib in "$bench"/target/lib/*.jar; do cp="$cp:$lib"; done

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=${OUT:-$bench/results/jmh-$stamp.json}
mkdir -p "$(dirname "$out")"
read -r -a defaults <<< "${JMH_DEFAULTS:--f 1 -wi 3 -i 5 -w 2s -r 2s}"

# NOTE: forked benchmark JVMs inherit these JVM options (JMH copies the host's input arguments).
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$cp" org.openjdk.jmh.Main \
  "${defaults[@]}" -rf json -rff "$out" "$@" "${patterns[@]}"

# TSV: benchmark, parameters, mode, score (mean), error (99.9%), min and max of the iterations, unit, samples.
# NOTE: on a shared machine the min is the better guess of the unloaded time; the mean shows the load.
tsv="${out%.json}.tsv"
{
  printf 'benchmark\tparams\tmode\tscore\terror\tmin\tmax\tunit\tsamples\n'
  jq -r '.[] | [ (.benchmark | sub("^org\\.jdvc\\.bench\\."; "")),
                 ((.params // {}) | to_entries | map("\(.key)=\(.value)") | join(",")),
                 .mode, (.primaryMetric.score * 1000 | round / 1000),
                 (if (.primaryMetric.scoreError | type) == "number" and (.primaryMetric.scoreError | isnan | not)
                  then (.primaryMetric.scoreError * 1000 | round / 1000) else "" end),
                 ([.primaryMetric.rawData[][]] | min * 1000 | round / 1000),
                 ([.primaryMetric.rawData[][]] | max * 1000 | round / 1000),
                 .primaryMetric.scoreUnit, ([.primaryMetric.rawData[][]] | length) ] | @tsv' "$out"
} > "$tsv"
echo "results: $out $tsv" >&2
column -t -s $'\t' "$tsv" >&2
