#!/usr/bin/env bash
# From the shared reference harness (shared/bench/, which measured DVC 3.64 here); workloads and steps unchanged.
# Every workload for one tool, then (ANCHORS=1) the anchors, into one results TSV; one after the other, never
# in parallel (they would disturb each other's timings).
#
#   bench/all.sh TOOL OUTFILE [WORKLOAD...]        default workloads: big songs many; ANCHORS=0 skips the anchors;
#                                                  PEERS=1 also runs bench/peers.sh (git-lfs, git-annex)
#
# Example: bench/all.sh /path/to/jdvc bench/results/jdvc.tsv ; bench/all.sh "java -jar jdvc.jar" out.tsv big
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
TOOL=$1; OUTFILE=$2; shift 2
[ $# -gt 0 ] || set -- big songs many
for w in "$@"; do
  "$HERE/run.sh" "$TOOL" "$w" "$OUTFILE"
  if [ "${ANCHORS:-1}" = 1 ]; then "$HERE/anchors.sh" "$w" "$OUTFILE"; fi
  if [ "${PEERS:-0}" = 1 ]; then "$HERE/peers.sh" "$w" "$OUTFILE"; fi
done
echo "summary: ${OUTFILE%.tsv}.md" >&2
