#!/usr/bin/env bash
# The main ratios as a PNG (gnuplot; bench/install-peers.sh installs gnuplot-nox): for every workload/step that
# jdvc was measured on, how many times longer each other tool took (other / jdvc; log scale, 1 = as fast).
# Until jdvc has numbers, it plots the reference tools' wall seconds instead and says so in the title.
#
#   bench/plot.sh [OUT.png] [TSV...]
#
# Defaults: docs/benchmarks.png; the results TSVs bench/results/*.tsv (not .samples/.meta) and bench/reference/*.tsv.
# BASE=jdvc: label prefix of the tool the ratios are taken against (labels ending in -noAOT are not it).
# Anchors are drawn on the step they are the floor of: cp_r on checkout_copy, md5sum_* on add_cold, rclone/aws
# uploads on push_s3, downloads (and rclone_down_cp_s3) on pull_s3_clone; run.sh's paired floors (FLOOR@STEP) on
# STEP, one column per run's tool ("floor cp_r (jdvc-0.1.0 run)"). The latest row wins when a tool/workload/step
# appears more than once. FAIL/WRONG/NA cells are left out.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUTPNG=${1:-$ROOT/docs/benchmarks.png}
[ $# = 0 ] || shift
if [ $# = 0 ]; then
  set -- $(ls "$HERE"/results/*.tsv "$HERE"/reference/*.tsv 2>/dev/null | grep -vE '\.(samples|meta)\.tsv$' || true)
fi
[ $# -gt 0 ] || { echo "plot: no TSV to plot" >&2; exit 1; }
GNUPLOT=${GNUPLOT:-gnuplot}
command -v "$GNUPLOT" > /dev/null || { echo "plot: gnuplot not found (bench/install-peers.sh)" >&2; exit 1; }
BASE=${BASE:-jdvc}

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# data.tsv: a header (category, one column per tool) and one row per category; "?" where a value is missing.
mode=$(awk -F'\t' -v base="$BASE" -v data="$tmp/data.tsv" '
  BEGIN { n = split("cp_r checkout_copy md5sum_1p add_cold md5sum_P2 add_cold rclone_up_s3 push_s3 " \
                    "awscli_up_s3 push_s3 rclone_down_s3 pull_s3_clone rclone_down_cp_s3 pull_s3_clone " \
                    "awscli_down_s3 pull_s3_clone", m, " ")
          for (i = 1; i < n; i += 2) floor_of[m[i]] = m[i + 1] }
  FNR == 1 { next }
  # An anchor is the floor of a tool step: plotted as its own column ("anchors/rclone_up_s3") on that step.
  $1 ~ /^anchors/ && ($3 in floor_of) { $1 = $1 "/" $3; $3 = floor_of[$3] }
  # A paired floor (run.sh: FLOOR@STEP, timed in the same rounds as STEP): its own column on STEP.
  $3 ~ /@/ { split($3, f, "@"); $1 = "floor " f[1] " (" $1 " run)"; $3 = f[2] }
  { k = $1 SUBSEP $2 SUBSEP $3; wall[k] = $4
    if (!($1 in seen)) { seen[$1] = 1; tools[++nt] = $1 }
    r = $2 SUBSEP $3; if (!(r in seenr)) { seenr[r] = 1; rows[++nr] = r } }
  function num(v) { return v ~ /^[0-9.]+$/ && v + 0 > 0 }
  END {
    for (i = 1; i <= nt; i++) if (index(tools[i], base) == 1 && tools[i] !~ /-noAOT$/) { b = tools[i]; break }
    if (b != "") {
      for (i = 1; i <= nt; i++) if (tools[i] != b) {
        for (r = 1; r <= nr; r++) { split(rows[r], p, SUBSEP)
          if (num(wall[b, p[1], p[2]]) && num(wall[tools[i], p[1], p[2]])) { use[i] = 1; user[r] = 1 } } }
    } else {
      for (i = 1; i <= nt; i++) for (r = 1; r <= nr; r++) { split(rows[r], p, SUBSEP)
        if (num(wall[tools[i], p[1], p[2]])) { use[i] = 1; user[r] = 1 } }
    }
    h = "step"; for (i = 1; i <= nt; i++) if (i in use) h = h "\t" tools[i]
    print h > data
    for (r = 1; r <= nr; r++) if (r in user) { split(rows[r], p, SUBSEP); line = p[1] " " p[2]
      for (i = 1; i <= nt; i++) if (i in use) {
        v = wall[tools[i], p[1], p[2]]
        if (b != "") line = line "\t" ((num(v) && num(wall[b, p[1], p[2]])) ? sprintf("%.3f", v / wall[b, p[1], p[2]]) : "?")
        else line = line "\t" (num(v) ? v : "?")
      }
      print line > data }
    print (b != "" ? "ratio " b : "seconds")
  }' "$@")
ncols=$(head -n 1 "$tmp/data.tsv" | awk -F'\t' '{ print NF }')
[ "$ncols" -gt 1 ] || { echo "plot: nothing numeric to plot" >&2; exit 1; }
if [ "${mode%% *}" = ratio ]; then
  title="How many times longer other tools take than ${mode#ratio } (wall time, log scale; above 1 = jdvc is faster)"
  ylabel="other tool / ${mode#ratio }"
  extra="set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2 lc rgb 'black'"
else
  title="jdvc: pending (measured when the commands land). Shown: the other tools' wall seconds (log scale)"
  ylabel="wall seconds"
  extra=""
fi
mkdir -p "$(dirname "$OUTPNG")"
"$GNUPLOT" <<GP
set terminal pngcairo size 1400,640 font "sans,10" noenhanced
set output "$OUTPNG"
set datafile separator "\t"
set datafile missing "?"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set grid ytics
set key outside right top vertical
set xtics rotate by 35 right scale 0
set bmargin 8
set title "$title"
set ylabel "$ylabel"
$extra
plot for [i=2:$ncols] "$tmp/data.tsv" using i:xtic(1) title columnheader(i)
GP
echo "plot: $OUTPNG ($mode; $(($(wc -l < "$tmp/data.tsv") - 1)) steps, $((ncols - 1)) tools)" >&2
