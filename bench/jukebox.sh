#!/usr/bin/env bash
# jukebox speed (issues 7, 14): training on ~1 M ranking rows, then single-song inference: a direct ONNX Runtime
# call (the model's floor), GET /v2/health/live at 1 connection (the HTTP floor: the JDK server, loopback and wrk
# without a model or JSON), and the v2 server's infer over loopback under wrk at 1 and at 4 connections, in one run.
#
#   bench/jukebox.sh                  # generate a full year (~1.0 M rows), train, measure, append one row to OUT
#
# Settings (environment, with defaults):
#   SONGS=14245 DAYS=274              generated tables (274 days x 73 playlists x 50 = 1,000,100 ranking rows)
#   EPOCHS=30 TRAIN_THREADS=2         jukebox train options
#   DURATION=20s WRK_THREADS=1        wrk settings (one wrk thread leaves the other core to the server)
#   RAW_SECONDS=10                    how long the direct ONNX Runtime loop runs
#   PORT=18090 BENCH_TMP=/var/tmp     server port; scratch folder $BENCH_TMP/jukebox-bench.XXXXXX (deleted at the end)
#   OUT=bench/results/jukebox-serve.tsv one row appended per run
#   MODEL=                            serve this model.onnx instead: no generate/train (rows and train_s are "-")
#   SERVE_JAVA_OPTS=                  extra JVM options for the server
#
# Needs wrk (bench/install-peers.sh) and GNU time. The numbers depend on the machine's load: the load average before
# the run is recorded beside them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-java.sh"
SONGS=${SONGS:-14245} DAYS=${DAYS:-274} EPOCHS=${EPOCHS:-30} TRAIN_THREADS=${TRAIN_THREADS:-2}
DURATION=${DURATION:-20s} WRK_THREADS=${WRK_THREADS:-1} PORT=${PORT:-18090} RAW_SECONDS=${RAW_SECONDS:-10}
BENCH_TMP=${BENCH_TMP:-/var/tmp} OUT=${OUT:-$root/bench/results/jukebox-serve.tsv}
command -v wrk > /dev/null || { echo "jukebox bench: wrk not found (bench/install-peers.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "jukebox bench: GNU time not found (apt-get install time)" >&2; exit 1; }

jukebox=("$root/bin/jukebox")
"${jukebox[@]}" --version > /dev/null # NOTE: builds the module when its sources are newer than its jar
export JUKEBOX_SKIP_BUILD=1

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
  "${jukebox[@]}" generate --out "$tmp" --songs "$SONGS" --days "$DAYS" | tee "$tmp/generate.txt" >&2
  rows=$(sed -n 's/^[0-9]* songs, \([0-9]*\) ranking rows.*/\1/p' "$tmp/generate.txt")
  echo "jukebox bench: training ($EPOCHS epochs, $TRAIN_THREADS threads)" >&2
  /usr/bin/time -f %e -o "$tmp/train.time" "${jukebox[@]}" train --properties "$tmp/song_properties.parquet" \
    --rankings "$tmp/song_rankings.parquet" --out "$tmp/model" --epochs "$EPOCHS" --threads "$TRAIN_THREADS" >&2
  train_s=$(tail -1 "$tmp/train.time")
  model=$tmp/model/model.onnx
fi

echo "jukebox bench: direct ONNX Runtime calls for ${RAW_SECONDS}s" >&2
read -r raw_p50 raw_p99 raw_calls < <(CLASSPATH="$root/jukebox/target/jdvc-jukebox.jar:$root/jukebox/target/lib/*" \
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "$root/bench/JukeboxRawInfer.java" "$model" "$RAW_SECONDS")

# shellcheck disable=SC2086 # SERVE_JAVA_OPTS is a list of options
JUKEBOX_JAVA_OPTS="${SERVE_JAVA_OPTS:-}" "${jukebox[@]}" serve --model "$model" --port "$PORT" --no-request-log \
  > "$tmp/serve.log" 2>&1 &
server=$!
url=http://127.0.0.1:$PORT
for _ in $(seq 1 100); do
  curl -sf "$url/v2/health/ready" > /dev/null && break
  kill -0 "$server" 2> /dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
  sleep 0.2
done
# NOTE: a warm-up so the server's JIT has compiled the request path before the measured runs
wrk -t1 -c4 -d5s -s "$root/bench/jukebox-infer.lua" "$url/v2/models/jukebox/infer" > /dev/null

# wrk prints latencies as 312.00us, 1.20ms or 2.00s: in milliseconds
ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) \
  { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.3f", v }' "$2"; }
measure() { # connections -> "rps p50_ms p99_ms"
  local f="$tmp/wrk-$1.txt"
  echo "jukebox bench: wrk -t$WRK_THREADS -c$1 -d$DURATION" >&2
  wrk -t"$WRK_THREADS" -c"$1" -d"$DURATION" --latency -s "$root/bench/jukebox-infer.lua" \
    "$url/v2/models/jukebox/infer" | tee "$f" >&2
  local bad; bad=$(awk '$1 == "non200" { print $2 }' "$f")
  [ "${bad:-0}" = 0 ] || { echo "jukebox bench: $bad answers were not 200" >&2; exit 1; }
  echo "$(awk '$1 == "Requests/sec:" { print $2 }' "$f") $(ms 50% "$f") $(ms 99% "$f")"
}
echo "jukebox bench: wrk GET /v2/health/live -c1 (the HTTP floor)" >&2
wrk -t1 -c1 -d"$DURATION" --latency "$url/v2/health/live" | tee "$tmp/wrk-floor.txt" >&2
floor_p50=$(ms 50% "$tmp/wrk-floor.txt")
read -r c1_rps c1_p50 c1_p99 < <(measure 1)
read -r c4_rps c4_p50 c4_p99 < <(measure 4)

mkdir -p "$(dirname "$OUT")"
[ -s "$OUT" ] || printf 'date\tcores\tload_before\trows\ttrain_s\tepochs\traw_p50_us\traw_p99_us\traw_calls_s\thttp_floor_p50_ms\tc1_requests_s\tc1_p50_ms\tc1_p99_ms\tc4_requests_s\tc4_p50_ms\tc4_p99_ms\tduration\n' > "$OUT"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$cores" \
  "$load" "$rows" "$train_s" "$EPOCHS" "$raw_p50" "$raw_p99" "$raw_calls" "$floor_p50" "$c1_rps" "$c1_p50" "$c1_p99" "$c4_rps" "$c4_p50" \
  "$c4_p99" "$DURATION" | tee -a "$OUT"
