# Shared by run.sh and anchors.sh (sourced, not run). Timing, medians, result files, the S3 server, checks.
# From the shared reference harness (shared/bench/, which measured DVC 3.64 here); workloads and steps unchanged.
#
# Settings (environment, with defaults):
#   BENCH_DATA=/var/tmp/bench-data   generated workloads (kept between runs; same bytes for every tool)
#   BENCH_TMP=/var/tmp               scratch runs go to $BENCH_TMP/bench-run.XXXXXX (deleted unless KEEP_SCRATCH=1)
#   REPS=3                           samples per step (median reported) ...
#   SLOW_S=60                        ... but a step that took longer than this is not repeated
#   VERIFY=1                         after checkout/pull/download, compare the md5 of every file with what it must be
#   S3=1                             0 skips every S3 step
#   BENCH_S3_ENDPOINT=               use this running S3 server (bucket $S3_BUCKET must exist or be creatable);
#                                    empty: start a private S3Proxy (bench/s3proxy.sh) for the run on $S3_PORT
#   S3_PORT=18080 S3_BUCKET=bench S3_IDENTITY=local-identity S3_CREDENTIAL=local-credential
#   BENCH_SITE_CACHE_DIR=            DVC_SITE_CACHE_DIR for the tool (default: inside the scratch folder)
#   TIME=/usr/bin/time (GNU time)    AWS=aws   RCLONE=rclone
#   SETTLE=0                         1: before every timed step that creates many files, `sync` and wait until
#                                    SETTLE_S (65) seconds after the run's last bulk deletion (see settle_create);
#                                    defer: never delete during the run (move trees aside into the scratch folder,
#                                    deleted at the end): one wait at most (after the previous run's deletion),
#                                    but the disk holds every tree of the run until its end
set -euo pipefail

BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_DATA=${BENCH_DATA:-/var/tmp/bench-data}
BENCH_TMP=${BENCH_TMP:-/var/tmp}
REPS=${REPS:-3}
SLOW_S=${SLOW_S:-60}
VERIFY=${VERIFY:-1}
S3=${S3:-1}
S3_PORT=${S3_PORT:-18080}
S3_BUCKET=${S3_BUCKET:-bench}
S3_IDENTITY=${S3_IDENTITY:-local-identity}
S3_CREDENTIAL=${S3_CREDENTIAL:-local-credential}
TIME=${TIME:-/usr/bin/time}
AWS=${AWS:-aws}
RCLONE=${RCLONE:-rclone}
SETTLE=${SETTLE:-0}
SETTLE_S=${SETTLE_S:-65}
case $SETTLE in 0|1|defer) ;; *) echo "bench: SETTLE must be 0, 1 or defer" >&2; exit 2 ;; esac
# The time of the last bulk deletion by a bench run on this machine (bench_close writes it after deleting its scratch)
LAST_RM_STAMP=$BENCH_TMP/bench-last-rm
export DVC_NO_ANALYTICS=1
export GIT_AUTHOR_NAME="Bench Bot" GIT_AUTHOR_EMAIL="bench@example.com"
export GIT_COMMITTER_NAME="Bench Bot" GIT_COMMITTER_EMAIL="bench@example.com"

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "[$LABEL $W $(date +%T)] $*" >&2; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 > b + 0) }'; }

# bench_open LABEL WORKLOAD OUTFILE: makes the workload, the scratch folder, the result files and the log.
bench_open() {
  LABEL=$1; W=$2; OUT=$3
  case $W in big|many|songs|tiny) ;; *) die "unknown workload '$W' (big, many, songs, tiny)" ;; esac
  [ -x "$TIME" ] || die "GNU time not found at $TIME (apt-get install time)"
  "$BENCH_HOME/workloads.sh" "$W" "$BENCH_DATA"
  WDIR=$(cd "$BENCH_DATA/$W" && pwd)
  FINGERPRINT=$(cat "$WDIR/FINGERPRINT")
  NFILES=$(wc -l < "$WDIR/MANIFEST.md5")
  mkdir -p "$(dirname "$OUT")"
  OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")
  BASE=${OUT%.tsv}
  SAMPLES=$BASE.samples.tsv
  META=$BASE.meta.tsv
  [ -s "$OUT" ] || printf 'tool\tworkload\tstep\twall_s\trss_kb\n' > "$OUT"
  [ -s "$SAMPLES" ] || printf 'run\ttool\tworkload\tstep\tsample\twall_s\trss_kb\trc\n' > "$SAMPLES"
  [ -s "$META" ] || printf 'run\ttool\tworkload\tkey\tvalue\n' > "$META"
  RUN_ID=$(date +%Y%m%dT%H%M%S)-$$
  mkdir -p "$BASE.logs"
  LOG=$BASE.logs/$LABEL-$W-$RUN_ID.log
  : > "$LOG"
  SCRATCH=$(mktemp -d "$BENCH_TMP/bench-run.XXXXXX")
  # DVC keeps its per-repo state (hashes, links, index) under a shared site cache dir (/var/tmp/dvc by default);
  # keep it in the scratch folder so that runs do not see each other's state and nothing is left behind.
  export DVC_SITE_CACHE_DIR=${BENCH_SITE_CACHE_DIR:-$SCRATCH/site-cache}
  S3_PRIVATE=
  # Unknown history (no stamp: another run or anything else may have just deleted a tree): assume "just now".
  LAST_RM=$(cat "$LAST_RM_STAMP" 2>/dev/null || date +%s); SETTLE_WAITED=0; TRASH_N=0
  trap bench_close EXIT
  meta date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  meta workload "$W: $NFILES files, $(awk '{print $2}' "$WDIR/MANIFEST.md5" | (cd "$WDIR" && xargs -d '\n' stat -c %s) |
                  awk '{s += $1} END {print s}') bytes, fingerprint $FINGERPRINT"
  meta machine "$(nproc) cpus ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g |
                 awk '/^Mem:/ {print $2}') GiB RAM, kernel $(uname -r), scratch on $(df -T "$SCRATCH" | awk 'NR == 2 {print $2}')"
  meta loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; 2 cpus)"
  meta settings "REPS=$REPS SLOW_S=$SLOW_S VERIFY=$VERIFY S3=$S3 SETTLE=$SETTLE${FLOORS:+ FLOORS=$FLOORS}"
  meta log "$LOG"
  say "scratch $SCRATCH, log $LOG"
}

bench_close() {
  local rc=$?
  if [ -n "${S3_PRIVATE:-}" ]; then "$BENCH_HOME/s3proxy.sh" stop "$S3_PRIVATE" || true; fi
  [ "$SETTLE" = 0 ] || meta settle_waited_s "$SETTLE_WAITED"
  meta loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "${KEEP_SCRATCH:-0}" = 1 ]; then say "scratch kept: $SCRATCH"
  else rm_rf "$SCRATCH"; date +%s > "$LAST_RM_STAMP" 2>/dev/null || true; fi
  [ -s "${OUT:-}" ] && "$BENCH_HOME/summarize.sh" "$OUT" > "$BASE.md" || true
  [ "$rc" = 0 ] || echo "bench: failed (rc $rc); log: ${LOG:-none}" >&2
}

meta() { printf '%s\t%s\t%s\t%s\t%s\n' "$RUN_ID" "$LABEL" "$W" "$1" "$2" >> "$META"; }

# timed STEP K DIR CMD...: runs CMD in DIR (stdin empty, output to the log) under GNU time; records one sample.
# Sets LAST_WALL, LAST_RSS, LAST_RC; raises ROUND_MAX / sets ROUND_FAIL for repeat().
timed() {
  local step=$1 k=$2 dir=$3; shift 3
  local tf=$SCRATCH/.time
  { printf '\n== %s #%s %s in %s:' "$step" "$k" "$(date +%T)" "$dir"; printf ' %q' "$@"; echo; } >> "$LOG"
  rm -f "$tf"
  set +e
  (cd "$dir" && exec "$TIME" -f '%e %M' -o "$tf" "$@") >> "$LOG" 2>&1 < /dev/null
  LAST_RC=$?
  set -e
  read -r LAST_WALL LAST_RSS < <(tail -n 1 "$tf" 2>/dev/null || echo "NA NA")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$RUN_ID" "$LABEL" "$W" "$step" "$k" "$LAST_WALL" "$LAST_RSS" "$LAST_RC" >> "$SAMPLES"
  echo "-- rc $LAST_RC, $LAST_WALL s, $LAST_RSS KiB" >> "$LOG"
  say "$step #$k: ${LAST_WALL} s, $(( ${LAST_RSS/NA/0} / 1024 )) MiB$( [ "$LAST_RC" = 0 ] || echo ", FAILED rc $LAST_RC")"
  if [ "$LAST_RC" != 0 ]; then ROUND_FAIL=1; fi
  if gt "$LAST_WALL" "${ROUND_MAX:-0}"; then ROUND_MAX=$LAST_WALL; fi
  return 0
}

# untimed DIR CMD...: a preparation step; its output goes to the log; failure stops the run.
untimed() {
  local dir=$1; shift
  { printf '   (untimed) in %s:' "$dir"; printf ' %q' "$@"; echo; } >> "$LOG"
  (cd "$dir" && "$@") >> "$LOG" 2>&1 < /dev/null || die "preparation failed in $dir: $* (see $LOG)"
}

# median: one number per line on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2];
                                               else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# emit STEP: writes this run's median for STEP to OUT (wall_s FAIL if a sample failed, WRONG if a check failed)
emit() {
  local step=$1 rows wall rss
  rows=$(awk -F'\t' -v r="$RUN_ID" -v s="$step" '$1 == r && ($4 == s || $4 == s ":verify")' "$SAMPLES")
  [ -n "$rows" ] || return 0
  if awk -F'\t' '$8 != 0 && $4 ~ /:verify$/ { bad = 1 } END { exit !bad }' <<< "$rows"; then wall=WRONG; rss=
  elif awk -F'\t' '$8 != 0 { bad = 1 } END { exit !bad }' <<< "$rows"; then wall=FAIL; rss=
  else
    wall=$(awk -F'\t' '$4 !~ /:verify$/ { print $6 }' <<< "$rows" | median)
    rss=$(awk -F'\t' '$4 !~ /:verify$/ { print $7 }' <<< "$rows" | median | awk '{ printf "%.0f\n", $1 }')
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$LABEL" "$W" "$step" "$wall" "$rss" >> "$OUT"
}

# repeat "STEPS" RESET BODY: rounds of `RESET k` (untimed) then `BODY k` (which calls timed), k = 1..REPS;
# stops early after a round in which a step took longer than SLOW_S or failed; then emits the STEPS' medians.
repeat() {
  local steps=$1 reset=$2 body=$3 k=1 s
  while :; do
    "$reset" "$k"
    ROUND_MAX=0; ROUND_FAIL=0
    "$body" "$k"
    if [ "$ROUND_FAIL" = 1 ] || [ "$k" -ge "$REPS" ] || gt "$ROUND_MAX" "$SLOW_S"; then break; fi
    k=$((k + 1))
  done
  for s in $steps; do emit "$s"; done
}
noop() { :; }

# forget STEP: drops this run's samples of STEP (used before a retry under other settings; the reason goes to META)
forget() {
  awk -F'\t' -v r="$RUN_ID" -v s="$1" '!($1 == r && ($4 == s || $4 == s ":verify"))' "$SAMPLES" > "$SAMPLES.tmp"
  mv "$SAMPLES.tmp" "$SAMPLES"
}

settle() { sync; }

# rm_rf PATH: rm -rf, and when that fails (git-annex keeps its objects in read-only folders), chmod -R u+w and again
rm_rf() { rm -rf "$1" 2> /dev/null || { chmod -R u+w "$1" 2> /dev/null || true; rm -rf "$1"; }; }

# bulk_rm PATH...: deletes trees between samples, and remembers when (LAST_RM) for settle_create.
# NOTE: on ext4 without a journal (this machine's root fs: no jbd2), the inode allocator (find_inode_bit) skips every
# free inode whose i_dtime is under 60 s old (360 s while its inode-table block is dirty), one buffer-cache lookup
# each (recently_deleted): right after deleting a 70,000-file tree, creating 70,000 files costs 5-15x more.
# SETTLE=defer moves the trees aside instead (same fs: a rename), so nothing is freed until the run ends.
bulk_rm() {
  local p
  for p in "$@"; do
    [ -e "$p" ] || [ -L "$p" ] || continue
    if [ "$SETTLE" = defer ]; then
      TRASH_N=$((TRASH_N + 1)); mkdir -p "$SCRATCH/trash"; mv "$p" "$SCRATCH/trash/$TRASH_N"
    else
      rm_rf "$p"; LAST_RM=$(date +%s)
    fi
  done
}

# settle_create: before a timed step that creates many files (after its reset). Always `sync`; with SETTLE=1, also
# wait until SETTLE_S seconds after the last bulk_rm (the sync first: a clean inode-table block drops the window
# from 360 s to 60 s). With SETTLE=defer, LAST_RM is only the previous run's scratch deletion: at most one wait.
# Deletions by other processes on the same fs are not seen here (the machine must be quiet).
settle_create() {
  sync
  [ "$SETTLE" != 0 ] || return 0
  local now wait
  now=$(date +%s); wait=$((LAST_RM + SETTLE_S - now))
  if [ "$wait" -gt 0 ]; then
    echo "-- settle: sleeping $wait s (last bulk deletion $((now - LAST_RM)) s ago)" >> "$LOG"
    sleep "$wait"; SETTLE_WAITED=$((SETTLE_WAITED + wait))
  fi
}

# manifest ROOT: sorted md5sum listing of ROOT/data (paths start with data/), as workloads.sh writes it
manifest() { (cd "$1" && find data -type f -print0 | LC_ALL=C sort -z | xargs -0 -r md5sum); }

# verify STEP K ROOT EXPECTED: ROOT/data must hold exactly the files and bytes listed in EXPECTED
verify() {
  [ "$VERIFY" = 1 ] || return 0
  local step=$1 k=$2 root=$3 expected=$4
  if manifest "$root" | cmp -s - "$expected"; then
    echo "-- verified $root/data against $expected" >> "$LOG"
  else
    { echo "-- WRONG DATA in $root/data (vs $expected):"; manifest "$root" | diff - "$expected" | awk 'NR <= 20' || true; } >> "$LOG"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$RUN_ID" "$LABEL" "$W" "$step:verify" "$k" NA NA 1 >> "$SAMPLES"
    say "$step #$k: WRONG DATA in $root/data (see log)"
  fi
}

# s3_open: sets S3_ENDPOINT and the AWS_* credentials; starts a private S3Proxy unless BENCH_S3_ENDPOINT is set.
s3_open() {
  export AWS_ACCESS_KEY_ID=$S3_IDENTITY AWS_SECRET_ACCESS_KEY=$S3_CREDENTIAL AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
  if [ -n "${BENCH_S3_ENDPOINT:-}" ]; then
    S3_ENDPOINT=$BENCH_S3_ENDPOINT
    "$AWS" --endpoint-url "$S3_ENDPOINT" s3api head-bucket --bucket "$S3_BUCKET" > /dev/null 2>&1 ||
      "$AWS" --endpoint-url "$S3_ENDPOINT" s3 mb "s3://$S3_BUCKET" > /dev/null
    meta s3 "external $S3_ENDPOINT, bucket $S3_BUCKET, prefix $RUN_ID (left in place)"
  else
    S3_ENDPOINT=http://127.0.0.1:$S3_PORT
    S3_PRIVATE=$SCRATCH/s3proxy
    S3_PORT=$S3_PORT S3_BUCKET=$S3_BUCKET S3_IDENTITY=$S3_IDENTITY S3_CREDENTIAL=$S3_CREDENTIAL \
      "$BENCH_HOME/s3proxy.sh" start "$S3_PRIVATE" 2>> "$LOG" || die "could not start S3Proxy (see $LOG)"
    meta s3 "private S3Proxy $(unzip -p "${S3PROXY_JAR_DIR:-/var/tmp/s3proxy}"/s3proxy-*-jar-with-dependencies.jar \
             META-INF/MANIFEST.MF 2>/dev/null | awk -F': ' '/^Implementation-Version/ {print $2}' | tr -d '\r'),\
 filesystem backend under the scratch folder, $S3_ENDPOINT"
  fi
}

# s3_count PREFIX: number of objects under s3://$S3_BUCKET/PREFIX
s3_count() { "$AWS" --endpoint-url "$S3_ENDPOINT" s3 ls --recursive "s3://$S3_BUCKET/$1/" 2>/dev/null | wc -l; }
