#!/usr/bin/env bash
# Start-up cost of a DVC-compatible tool: `TOOL --version` and `TOOL status` in a tiny repo (the tiny workload,
# added), each a whole process; for jdvc with and without the Java AOT cache (the launcher's JDVC_AOT=1 / 0).
#
#   bench/startup.sh [TOOL] [OUTFILE]     defaults: jdvc (the launcher at the repository root unless jdvc is on
#                                         PATH), bench/results/startup.tsv
#
# Steps: `version` and `status_tiny`. Tool column: TOOL's base name + version, with "-noAOT" for JDVC_AOT=0
# (variants: STARTUP_AOT="1 0" for jdvc, ignored for other tools). Wall time: hyperfine's median (RUNS runs,
# default 10, after WARMUP=2 untimed ones, no intermediate shell) when hyperfine is installed, else the median of
# the GNU time samples; peak RSS: always the median of REPS (default 5) GNU time samples. Results are written
# like run.sh's (OUTFILE, .samples.tsv, .meta.tsv, .md; settings: lib.sh).
set -euo pipefail
REPS=${REPS:-5}
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

[ $# -le 2 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
TOOL=${1:-jdvc}
OUTFILE=${2:-$BENCH_HOME/results/startup.tsv}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
HYPERFINE=${HYPERFINE:-$(command -v hyperfine || true)}
read -r -a TOOLCMD <<< "$TOOL"
[ ${#TOOLCMD[@]} -gt 0 ] || die "empty TOOL"
if [ "${TOOLCMD[0]}" = jdvc ] && ! command -v jdvc > /dev/null; then TOOLCMD[0]=$(dirname "$BENCH_HOME")/jdvc; fi
command -v "${TOOLCMD[0]}" > /dev/null || die "TOOL not found: ${TOOLCMD[0]}"
TOOLCMD[0]=$(command -v "${TOOLCMD[0]}")
# NOTE: the first call may build jdvc and train its AOT cache: it must not be timed.
version=$(JDVC_AOT_SYNC=1 "${TOOLCMD[@]}" --version 2>/dev/null | head -n 1 || true)
base=$(basename "${TOOLCMD[${#TOOLCMD[@]}-1]}"); base=${base%.jar}; base=${base%.sh}; base=${base%.py}
v=$(grep -oE '[0-9]+\.[0-9]+[^[:space:]]*' <<< "$version" | head -n 1 || true)
label=${TOOL_LABEL:-$base${v:+-$v}}
case $base in jdvc*) variants=${STARTUP_AOT:-1 0} ;; *) variants=default ;; esac

# one_variant AOT: both steps for one variant, as one run (its own scratch folder and tiny repo)
one_variant() {
  local aot=$1 lbl=$label envs=()
  if [ "$aot" != default ]; then envs=(JDVC_AOT="$aot"); [ "$aot" = 1 ] || lbl=$label-noAOT; fi
  bench_open "$lbl" tiny "$OUTFILE"
  meta tool "$TOOL"
  meta version "$version"
  if [ "$aot" != default ]; then
    # The launcher keeps its AOT cache beside the jar; say whether there was one to use (JDVC_AOT=1 without a
    # cache file measures the same thing as JDVC_AOT=0).
    local cache; cache=$(dirname "${TOOLCMD[0]}")/cli/target/jdvc.aot # the local commands' cache
    meta aot "JDVC_AOT=$aot; AOT cache $cache: $( [ -s "$cache" ] && echo "present, $(stat -c %s "$cache") bytes" || echo missing)"
  fi
  local repo=$SCRATCH/repo cmd=(env "${envs[@]}" "${TOOLCMD[@]}")
  mkdir -p "$repo"; git -C "$repo" init -q -b main
  # The tiny repo: init, add, git commit (untimed). A tool that cannot do that yet still gets its --version timed;
  # its status then shows as FAIL.
  if (cd "$repo" && "${cmd[@]}" init && cp -r "$WDIR/data" data && "${cmd[@]}" add data &&
      git add -A && git commit -q -m tiny) >> "$LOG" 2>&1 < /dev/null; then
    meta repo "tiny repo: init, add data, git commit"
  else
    meta repo "tiny repo could not be set up with this tool (see $LOG); status_tiny is then expected to FAIL"
  fi
  JDVC_AOT_SYNC=1 "${cmd[@]}" --version > /dev/null 2>&1 < /dev/null || true   # warm (AOT training, page cache)
  local step args
  for step in version status_tiny; do
    case $step in version) args=(--version) ;; status_tiny) args=(status) ;; esac
    body() { timed "$step" "$1" "$repo" "${cmd[@]}" "${args[@]}"; }
    ROUND_MAX=0
    for k in $(seq 1 "$REPS"); do body "$k"; done
    if [ -n "$HYPERFINE" ] && [ "$(awk -F'\t' -v r="$RUN_ID" -v s="$step" '$1 == r && $4 == s && $8 != 0' "$SAMPLES")" = "" ]; then
      local csv=$SCRATCH/hyperfine-$step.csv
      (cd "$repo" && "$HYPERFINE" -N -w "$WARMUP" -r "$RUNS" --export-csv "$csv" -n "$step" \
         "$(printf '%q ' "${cmd[@]}" "${args[@]}")") >> "$LOG" 2>&1 < /dev/null || die "hyperfine failed (see $LOG)"
      local wall mean sd rss
      read -r mean sd wall < <(awk -F, 'NR == 2 { printf "%.4f %.4f %.4f\n", $2, $3, $4 }' "$csv")
      rss=$(awk -F'\t' -v r="$RUN_ID" -v s="$step" '$1 == r && $4 == s { print $7 }' "$SAMPLES" | median |
            awk '{ printf "%.0f\n", $1 }')
      printf '%s\t%s\t%s\t%s\t%s\n' "$LABEL" "$W" "$step" "$wall" "$rss" >> "$OUT"
      meta "wall_$step" "$("$HYPERFINE" --version): median $wall s, mean $mean ± $sd s over $RUNS runs (warmup $WARMUP); rss from $REPS GNU time samples"
      say "$step: hyperfine median $wall s (mean $mean ± $sd)"
    else
      emit "$step"
    fi
  done
}

for a in $variants; do ( one_variant "$a" ); done
