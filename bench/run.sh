#!/usr/bin/env bash
# From the shared reference harness (shared/bench/, which measured DVC 3.64 here); workloads and steps unchanged.
# Times one DVC-compatible tool on one workload, each step as a whole process (wall seconds, peak RSS).
#
#   bench/run.sh TOOL WORKLOAD [OUTFILE]
#
#   TOOL      the command to invoke, e.g. `dvc`, `/path/to/jdvc` or "java -jar /path/to/jdvc.jar" (split on spaces);
#             plain `jdvc` means the launcher at the repository root when no jdvc is on PATH
#   WORKLOAD  big | many | songs | tiny (see workloads.sh; generated into $BENCH_DATA on first use; tiny: smoke test)
#   OUTFILE   TSV of medians (tool, workload, step, wall_s, rss_kb), appended to (default:
#             bench/results/<tool's base name>-<workload>.tsv). Beside it: OUTFILE's base name
#             + .samples.tsv (every sample), .meta.tsv (versions, machine, notes), .md (summary of all runs in
#             OUTFILE, side by side), .logs/ (every command and its output).
#
# The story, in a fresh git repo under a scratch folder (settings: see lib.sh; TOOL_LABEL names the tool column,
# default: TOOL's base name + its --version):
#   init                 `init` in a fresh git repo
#   add_cold             `add data` in a fresh repo (no cache, no state); the data was just copied in
#   status_noop_first    `status` right after add (one sample) ...
#   status_noop          ... and `status` again: the no-op status
#   status_1change       `status` after appending a line to the largest file
#   commit_1change       `commit -f` right after that status
#   readd_1change        `add data` after appending another line (no status before it)
#   push_local           `push` to a local-folder remote (`remote add -d`), a fresh remote folder per sample
#   status_cloud         `status -c` after the push
#   checkout_copy        `checkout` after deleting data/ (cache.type unset: copy)
#   cp_r@checkout_copy   its paired floor (FLOORS=1): `cp -r` of the workload's data/ into the repo's data/, timed in
#                        the same round right after the same kind of reset (a 70,000-file tree just deleted)
#   pull_local_clone     `pull` in a fresh `git clone` (empty cache) from the local remote
#   cp_r@pull_local_clone its paired floor: `cp -r` of the remote folder into the clone (as its cache) + `cp -r` of
#                        data/: the same number of file creations as the pull, in a fresh clone
#   gc_workspace         `gc -w -f`; before each sample one more change is committed (`commit -f`), so there is garbage
#   checkout_hardlink    `checkout` after deleting data/, with `cache.type hardlink`
#   push_s3              `push` to s3://$S3_BUCKET/<run>/<sample> on the S3 server (`remote add -d`, `endpointurl`)
#   pull_s3_clone        `pull` from S3 in a fresh `git clone` (empty cache)
# Each step: median of REPS samples, each after an untimed reset (fresh repo, fresh remote folder, data deleted...);
# a step slower than SLOW_S in its first sample is run once. Checkouts and pulls are verified file by file (VERIFY).
# A paired floor and its tool step alternate which goes first (odd rounds: the floor), each after its own deletion;
# a round in which either took longer than SLOW_S is the last.
# SETTLE=1 (lib.sh): before each step that creates many files, sync and wait until 65 s after the last bulk deletion
# (ext4 without a journal skips recently freed inodes when allocating: creation right after an rm -rf is 5-15x
# slower); SETTLE=defer: move deleted trees aside until the end instead. FLOORS=0 leaves the paired floors out.
# If push_s3 fails, it is retried once with AWS_REQUEST_CHECKSUM_CALCULATION=when_required (noted in .meta.tsv).
set -euo pipefail
FLOORS=${FLOORS:-1}
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

[ $# -eq 2 ] || [ $# -eq 3 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
TOOL=$1; WORKLOAD=$2
read -r -a TOOLCMD <<< "$TOOL"
[ ${#TOOLCMD[@]} -gt 0 ] || die "empty TOOL"
if [ "${TOOLCMD[0]}" = jdvc ] && ! command -v jdvc > /dev/null; then TOOLCMD[0]=$(dirname "$BENCH_HOME")/jdvc; fi
OUTFILE=${3:-$BENCH_HOME/results/$(basename "${TOOLCMD[0]}")-$WORKLOAD.tsv}
command -v "${TOOLCMD[0]}" > /dev/null || die "TOOL not found: ${TOOLCMD[0]}"
# NOTE: the jdvc launcher trains its AOT caches (one for local commands, one for transfers) in the background on the
# first run after a build: train both now, in the foreground, so no timed step competes with a training run.
JDVC_AOT_SYNC=1 "${TOOLCMD[@]}" push --help > /dev/null 2>&1 < /dev/null || true
version=$(JDVC_AOT_SYNC=1 "${TOOLCMD[@]}" --version 2>/dev/null | head -n 1 || true)
if [ -n "${TOOL_LABEL:-}" ]; then label=$TOOL_LABEL; else
  label=$(basename "${TOOLCMD[${#TOOLCMD[@]}-1]}"); label=${label%.jar}; label=${label%.sh}; label=${label%.py}
  v=$(grep -oE '[0-9]+\.[0-9]+[^[:space:]]*' <<< "$version" | head -n 1 || true)
  [ -z "$v" ] || label=$label-$v
fi
bench_open "$label" "$WORKLOAD" "$OUTFILE"
meta tool "$TOOL"
meta version "$version"

SRC=$WDIR/data
# The file the "one change" steps append to: the largest one (first by name among equals).
MOD_FILE=$(cd "$WDIR" && find data -type f -printf '%s\t%p\n' | LC_ALL=C sort -t $'\t' -k1,1nr -k2,2 |
           awk -F'\t' 'NR == 1 { print $2 }')   # awk reads to the end: no SIGPIPE under pipefail
meta changed_file "$MOD_FILE"
change() { printf 'bench change %s\n' "$1" >> "$REPO/$MOD_FILE"; }
T() { untimed "$1" "${TOOLCMD[@]}" "${@:2}"; }   # T DIR ARGS...: untimed tool call

# ---- init
reset_init() { rm -rf "$SCRATCH/init"; mkdir -p "$SCRATCH/init"; git -C "$SCRATCH/init" init -q -b main; }
body_init() { timed init "$1" "$SCRATCH/init" "${TOOLCMD[@]}" init; }
repeat init reset_init body_init
rm -rf "$SCRATCH/init"

# ---- add (cold)
REPO=
reset_add() {
  local old=$REPO
  REPO=$SCRATCH/repo-$1
  mkdir -p "$REPO"; git -C "$REPO" init -q -b main
  T "$REPO" init
  cp -r "$SRC" "$REPO/data"
  [ -z "$old" ] || bulk_rm "$old"   # after the copy, so that the (untimed) copy does not follow the deletion
  settle_create
}
body_add() { timed add_cold "$1" "$REPO" "${TOOLCMD[@]}" add data; }
repeat add_cold reset_add body_add

# ---- status
timed status_noop_first 1 "$REPO" "${TOOLCMD[@]}" status; emit status_noop_first
body_status() { timed status_noop "$1" "$REPO" "${TOOLCMD[@]}" status; }
repeat status_noop noop body_status

reset_change() { change "$1"; settle; }
body_status_commit() {
  timed status_1change "$1" "$REPO" "${TOOLCMD[@]}" status
  timed commit_1change "$1" "$REPO" "${TOOLCMD[@]}" commit -f
}
repeat "status_1change commit_1change" reset_change body_status_commit

reset_readd() { change "re-add $1"; settle; }
body_readd() { timed readd_1change "$1" "$REPO" "${TOOLCMD[@]}" add data; }
repeat readd_1change reset_readd body_readd

# ---- local remote: push, status -c
T "$REPO" remote add -d local "$SCRATCH/remote-local-1"
reset_push() {
  if [ "$1" -gt 1 ]; then
    bulk_rm "$SCRATCH/remote-local-$(($1 - 1))"
    T "$REPO" remote modify local url "$SCRATCH/remote-local-$1"
  fi
  settle_create
}
LOCAL_REMOTE=
body_push() {
  LOCAL_REMOTE=$SCRATCH/remote-local-$1
  timed push_local "$1" "$REPO" "${TOOLCMD[@]}" push
  echo "-- remote-local-$1 holds $(find "$SCRATCH/remote-local-$1" -type f 2>/dev/null | wc -l) files" >> "$LOG"
}
repeat push_local reset_push body_push

body_status_cloud() { timed status_cloud "$1" "$REPO" "${TOOLCMD[@]}" status -c; }
repeat status_cloud noop body_status_cloud

# ---- checkout (copy)
manifest "$REPO" > "$SCRATCH/expected.md5"
reset_checkout() { bulk_rm "$REPO/data"; settle_create; }
# paired K FLOOR UNDO_FLOOR TOOL UNDO_TOOL: one round of a tool step and its floor, each right after a deletion;
# odd rounds the floor first, even rounds the tool first (so neither always follows the other's deletion).
paired() {
  if [ "$FLOORS" != 1 ]; then "$4" "$1"
  elif [ $(($1 % 2)) = 1 ]; then "$2" "$1"; "$3"; "$4" "$1"
  else "$4" "$1"; "$5"; "$2" "$1"; fi
}
tool_checkout_copy() {
  timed checkout_copy "$1" "$REPO" "${TOOLCMD[@]}" checkout
  verify checkout_copy "$1" "$REPO" "$SCRATCH/expected.md5"
}
floor_checkout_copy() { timed cp_r@checkout_copy "$1" "$REPO" cp -r "$SRC" data; }
body_checkout_copy() { paired "$1" floor_checkout_copy reset_checkout tool_checkout_copy reset_checkout; }
repeat "checkout_copy cp_r@checkout_copy" reset_checkout body_checkout_copy

# ---- pull into a fresh clone from the local remote
git -C "$REPO" add -A; git -C "$REPO" commit -q -m "bench: data and local remote"
CLONE=
reset_clone() {
  [ -z "$CLONE" ] || bulk_rm "$CLONE"
  CLONE=$SCRATCH/clone-$1
  git clone -q "$REPO" "$CLONE"
  settle_create
}
tool_pull_local() {
  timed pull_local_clone "$1" "$CLONE" "${TOOLCMD[@]}" pull
  verify pull_local_clone "$1" "$CLONE" "$SCRATCH/expected.md5"
}
# the floor: the remote's objects into the clone (where a cache would be) and the data into its workspace
floor_pull_local() {
  timed cp_r@pull_local_clone "$1" "$CLONE" sh -c 'cp -r "$1" .bench-floor-cache && cp -r "$2" data' sh \
    "$LOCAL_REMOTE" "$SRC"
}
undo_floor_pull() { bulk_rm "$CLONE/.bench-floor-cache" "$CLONE/data"; settle_create; }
undo_tool_pull() { bulk_rm "$CLONE/.dvc/cache" "$CLONE/data"; settle_create; }
body_pull_local() { paired "$1" floor_pull_local undo_floor_pull tool_pull_local undo_tool_pull; }
repeat "pull_local_clone cp_r@pull_local_clone" reset_clone body_pull_local
bulk_rm "$CLONE"; CLONE=

# ---- gc -w -f (each sample has at least one committed change to collect)
reset_gc() { change "gc $1"; T "$REPO" commit -f; settle; }
body_gc() {
  echo "-- cache holds $(find "$REPO/.dvc/cache" -type f | wc -l) files" >> "$LOG"
  timed gc_workspace "$1" "$REPO" "${TOOLCMD[@]}" gc -w -f
  echo "-- cache holds $(find "$REPO/.dvc/cache" -type f | wc -l) files" >> "$LOG"
}
repeat gc_workspace reset_gc body_gc

# ---- checkout (hardlink); after the last change: a hardlinked workspace file must never be appended to
manifest "$REPO" > "$SCRATCH/expected.md5"
T "$REPO" config cache.type hardlink
body_checkout_hardlink() {
  timed checkout_hardlink "$1" "$REPO" "${TOOLCMD[@]}" checkout
  verify checkout_hardlink "$1" "$REPO" "$SCRATCH/expected.md5"
  echo "-- link count of $MOD_FILE: $(stat -c %h "$REPO/$MOD_FILE" 2>/dev/null || echo missing)" >> "$LOG"
}
repeat checkout_hardlink reset_checkout body_checkout_hardlink
meta hardlink_check "link count of $MOD_FILE after checkout_hardlink: $(stat -c %h "$REPO/$MOD_FILE" 2>/dev/null || echo missing)"
T "$REPO" config --unset cache.type   # the clones below must not inherit it

# ---- S3: push, then pull into a fresh clone
if [ "$S3" = 1 ]; then
  s3_open
  S3ENV=()
  T "$REPO" remote add -d s3r "s3://$S3_BUCKET/$RUN_ID/1"
  T "$REPO" remote modify s3r endpointurl "$S3_ENDPOINT"
  S3_PREFIX=
  reset_push_s3() { S3_PREFIX=$RUN_ID/$1; T "$REPO" remote modify s3r url "s3://$S3_BUCKET/$S3_PREFIX"; settle_create; }
  body_push_s3() {
    timed push_s3 "$1" "$REPO" env "${S3ENV[@]}" "${TOOLCMD[@]}" push
    if [ "$LAST_RC" != 0 ] && [ "$1" = 1 ] && [ ${#S3ENV[@]} = 0 ]; then
      meta s3_note "push_s3 failed with the default environment (rc $LAST_RC, see log); retried and measured with AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required"
      forget push_s3
      S3ENV=(AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required)
      reset_push_s3 1-retry
      ROUND_FAIL=0; ROUND_MAX=0
      timed push_s3 "$1" "$REPO" env "${S3ENV[@]}" "${TOOLCMD[@]}" push
    fi
    [ "$1" != 1 ] || echo "-- s3 prefix $S3_PREFIX holds $(s3_count "$S3_PREFIX") objects" >> "$LOG"
  }
  repeat push_s3 reset_push_s3 body_push_s3

  git -C "$REPO" add -A; git -C "$REPO" commit -q -m "bench: s3 remote"
  body_pull_s3() {
    timed pull_s3_clone "$1" "$CLONE" env "${S3ENV[@]}" "${TOOLCMD[@]}" pull
    verify pull_s3_clone "$1" "$CLONE" "$SCRATCH/expected.md5"
  }
  repeat pull_s3_clone reset_clone body_pull_s3
fi
say "done; medians appended to $OUT"
