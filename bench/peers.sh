#!/usr/bin/env bash
# The peers that run on this machine, timed like run.sh on the same workload: git-lfs and git-annex
# (median of REPS samples, each a whole process under GNU time; results appended to OUTFILE, side by side with
# the DVC-compatible tools in OUTFILE's .md). A peer that is not installed is skipped with a note.
#
#   bench/peers.sh WORKLOAD [OUTFILE]       default OUTFILE: bench/results/peers-<workload>.tsv
#   PEERS="git-lfs git-annex" (default: both)
#   PEER_TIMEOUT=1800   seconds after which a step is killed (recorded as FAIL, rc 124; noted in .meta.tsv)
#   Like run.sh: REPS samples, one when a sample took over SLOW_S; SETTLE (lib.sh) applies to add_cold.
#
# Steps (names as in run.sh, so the rows line up; what each peer runs):
#   init               git-lfs: `git lfs install --local`        git-annex: `git annex init`     (in a fresh git repo)
#   add_cold           git-lfs: `git add data && git commit`     git-annex: `git annex add data && git commit`
#                      (add + commit: both must commit to record what DVC's .dvc file records; for git-lfs
#                      `git lfs track 'data/**'` is done untimed before it; the data was just copied in)
#   status_noop_first  `git status` right after the commit (one sample) ...
#   status_noop        ... and again: the no-op status (git-annex: `git annex status` is gone; `git status`)
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

[ $# -eq 1 ] || [ $# -eq 2 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
WORKLOAD=$1
OUTFILE=${2:-$BENCH_HOME/results/peers-$WORKLOAD.tsv}

peer_version() {
  case $1 in
    git-lfs) git lfs version 2>/dev/null | head -n 1 | grep -oE '[0-9]+\.[0-9]+[^[:space:]]*' | head -n 1 ;;
    git-annex) git annex version --raw 2>/dev/null | head -n 1 ;;
  esac
}

# one_peer PEER: the story for one peer (a subshell per peer: bench_open's EXIT trap cleans up its scratch)
one_peer() {
  local peer=$1 v
  v=$(peer_version "$peer")
  bench_open "$peer${v:+-$v}" "$WORKLOAD" "$OUTFILE"
  # NOTE: git-annex leaves read-only folders behind; make them writable before bench_close deletes the scratch.
  trap 'rc=$?; chmod -R u+w "$SCRATCH" 2>/dev/null; (exit $rc); bench_close' EXIT
  meta peer_timeout_s "${PEER_TIMEOUT:-1800}"
  meta version "$peer $v; $(git --version)"
  SRC=$WDIR/data
  case $peer in
    git-lfs) INIT=(git lfs install --local); ADD=(sh -c 'git add data && git commit -q -m data') ;;
    git-annex) INIT=(git annex init -q bench); ADD=(sh -c 'git annex add -q data && git commit -q -m data') ;;
  esac
  TO=(timeout --kill-after=10 "${PEER_TIMEOUT:-1800}")

  reset_init() { rm -rf "$SCRATCH/init"; mkdir -p "$SCRATCH/init"; git -C "$SCRATCH/init" init -q -b main; }
  body_init() { timed init "$1" "$SCRATCH/init" "${TO[@]}" "${INIT[@]}"; }
  repeat init reset_init body_init
  rm -rf "$SCRATCH/init"

  REPO=
  reset_add() {
    local old=$REPO
    REPO=$SCRATCH/repo-$1
    mkdir -p "$REPO"; git -C "$REPO" init -q -b main
    untimed "$REPO" "${INIT[@]}"
    if [ "$peer" = git-lfs ]; then
      untimed "$REPO" git lfs track 'data/**'
      untimed "$REPO" sh -c 'git add .gitattributes && git commit -q -m "lfs: track data"'
    fi
    cp -r "$SRC" "$REPO/data"
    # after the copy (which then does not follow the deletion); bulk_rm makes git-annex's read-only objects writable
    [ -z "$old" ] || bulk_rm "$old"
    settle_create
  }
  body_add() {
    timed add_cold "$1" "$REPO" "${TO[@]}" "${ADD[@]}"
    [ "$LAST_RC" != 124 ] && [ "$LAST_RC" != 137 ] || meta timeout "add_cold #$1 killed after ${PEER_TIMEOUT:-1800} s"
  }
  repeat add_cold reset_add body_add

  timed status_noop_first 1 "$REPO" "${TO[@]}" git status; emit status_noop_first
  body_status() { timed status_noop "$1" "$REPO" "${TO[@]}" git status; }
  repeat status_noop noop body_status
  say "done; medians appended to $OUT"
}

for peer in ${PEERS:-git-lfs git-annex}; do
  case $peer in git-lfs|git-annex) ;; *) die "unknown peer '$peer' (git-lfs, git-annex)" ;; esac
  if ! command -v "$peer" > /dev/null; then
    echo "peers: $peer is not installed; skipped (bench/install-peers.sh installs it)" >&2
    continue
  fi
  ( one_peer "$peer" )
done
