#!/usr/bin/env bash
# jukebox speed (issue 7): training on ~1 M ranking rows, and single-song inference over loopback under wrk.
#
#   bench/jukebox.sh                  # generate a full year (~1.0 M rows), train, serve, load for 20 s
#
# Settings (environment, with defaults):
#   SONGS=14245 DAYS=274              generated tables (274 days x 73 playlists x 50 = 1,000,100 ranking rows)
#   EPOCHS=30 TRAIN_THREADS=2         jukebox train options
#   DURATION=20s CONNECTIONS=4 WRK_THREADS=1   wrk settings (one wrk thread leaves the other core to the server)
#   PORT=18090 BENCH_TMP=/var/tmp     server port; scratch folder $BENCH_TMP/jukebox-bench.XXXXXX (deleted at the end)
#   OUT=bench/results/jukebox.tsv     one row appended per run
#   MODEL=                            serve this model.onnx instead: no generate/train (rows and train_s are "-")
#   SERVE_JAVA_OPTS=                  extra JVM options for the server
#
# Needs wrk (bench/install-peers.sh) and GNU time. The numbers depend on the machine's load: the load average before
# the run is recorded beside them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-java.sh"
SONGS=${SONGS:-14245} DAYS=${DAYS:-274} EPOCHS=${EPOCHS:-30} TRAIN_THREADS=${TRAIN_THREADS:-2}
DURATION=${DURATION:-20s} CONNECTIONS=${CONNECTIONS:-4} WRK_THREADS=${WRK_THREADS:-1} PORT=${PORT:-18090}
BENCH_TMP=${BENCH_TMP:-/var/tmp} OUT=${OUT:-$root/bench/results/jukebox.tsv}
command -v wrk > /dev/null || { echo "jukebox bench: wrk not found (bench/install-peers.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "jukebox bench: GNU time not found (apt-get install time)" >&2; exit 1; }

if [ ! -d "$root/jukebox/target/lib" ] || [ -n "$(find "$root"/*/src/main "$root"/*/pom.xml -newer "$root/jukebox/target/lib" -print -quit)" ]; then
  echo "jukebox bench: building" >&2
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -q -B --no-transfer-progress -DskipTests -pl jukebox -am package >&2)
  touch "$root/jukebox/target/lib"
fi
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
      -cp "$root/jukebox/target/classes:$root/jukebox/target/lib/*" org.jdvc.jukebox.cli.JukeboxCommand)

tmp=$(mktemp -d "$BENCH_TMP/jukebox-bench.XXXXXX")
server=
cleanup() { [ -n "$server" ] && kill "$server" 2> /dev/null; wait 2> /dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
load=$(cut -d' ' -f1 /proc/loadavg)
cores=$(nproc)

model=${MODEL:-}
rows=- train_s=-
if [ -z "$model" ]; then
  echo "jukebox bench: generating $SONGS songs x $DAYS days" >&2
  "${java[@]}" generate --out "$tmp" --songs "$SONGS" --days "$DAYS" | tee "$tmp/generate.txt" >&2
  rows=$(sed -n 's/^[0-9]* songs, \([0-9]*\) ranking rows.*/\1/p' "$tmp/generate.txt")

  echo "jukebox bench: training ($EPOCHS epochs, $TRAIN_THREADS threads)" >&2
  /usr/bin/time -f %e -o "$tmp/train.time" "${java[@]}" train --properties "$tmp/song_properties.parquet" \
    --rankings "$tmp/song_rankings.parquet" --out "$tmp/model" --epochs "$EPOCHS" --threads "$TRAIN_THREADS" >&2
  train_s=$(tail -1 "$tmp/train.time")
  model=$tmp/model/model.onnx
fi

# shellcheck disable=SC2086 # SERVE_JAVA_OPTS is a list of options
"${java[0]}" ${SERVE_JAVA_OPTS:-} "${java[@]:1}" serve --model "$model" --port "$PORT" > "$tmp/serve.log" 2>&1 &
server=$!
url=http://127.0.0.1:$PORT
for _ in $(seq 1 100); do
  curl -sf "$url/v2/health/ready" > /dev/null && break
  kill -0 "$server" 2> /dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
  sleep 0.2
done
# NOTE: a short warm-up so the server's JIT has compiled the request path before the measured run
wrk -t1 -c"$CONNECTIONS" -d5s -s "$root/bench/jukebox-infer.lua" "$url/v2/models/jukebox/infer" > /dev/null
echo "jukebox bench: wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION" >&2
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$root/bench/jukebox-infer.lua" \
  "$url/v2/models/jukebox/infer" | tee "$tmp/wrk.txt" >&2

bad=$(awk '$1 == "non200" { print $2 }' "$tmp/wrk.txt")
[ "${bad:-0}" = 0 ] || { echo "jukebox bench: $bad answers were not 200" >&2; exit 1; }
rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$tmp/wrk.txt")
# wrk prints latencies as 312.00us, 1.20ms or 2.00s: in milliseconds
ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) \
  { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.3f", v }' "$tmp/wrk.txt"; }
p50=$(ms 50%) p99=$(ms 99%)

mkdir -p "$(dirname "$OUT")"
[ -s "$OUT" ] || printf 'date\tcores\tload_before\trows\ttrain_s\tepochs\tconnections\twrk_threads\tduration\trequests_s\tp50_ms\tp99_ms\n' > "$OUT"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$cores" "$load" "$rows" \
  "$train_s" "$EPOCHS" "$CONNECTIONS" "$WRK_THREADS" "$DURATION" "$rps" "$p50" "$p99" | tee -a "$OUT"
