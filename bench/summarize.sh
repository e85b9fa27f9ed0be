#!/usr/bin/env bash
# From the shared reference harness (shared/bench/, which measured DVC 3.64 here); workloads and steps unchanged.
# Markdown summary of a results TSV written by run.sh / anchors.sh (run.sh and anchors.sh call it themselves
# and write OUTFILE's base name + .md).
#
#   bench/summarize.sh OUTFILE.tsv > summary.md
#
# Tools side by side (median wall seconds, median peak RSS, number of samples; the latest row wins when a
# tool/workload/step was measured more than once), with the ratio first tool / other tool; then the anchors
# (tools whose label starts with "anchors"); steps named FLOOR@STEP (run.sh's paired floors) also get a table of
# step / floor; then what each run recorded about itself (.meta.tsv).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTFILE.tsv" >&2; exit 2; }
OUT=$1; BASE=${OUT%.tsv}
SAMPLES=$BASE.samples.tsv; META=$BASE.meta.tsv
[ -f "$SAMPLES" ] || SAMPLES=/dev/null
[ -f "$META" ] || META=/dev/null

echo "# Benchmark summary: $(basename "$OUT")"
echo
echo "Generated $(date -u +%Y-%m-%dT%H:%MZ) by bench/summarize.sh. Cells: median wall seconds / median peak RSS MiB"
echo "(n = samples). FAIL: a sample exited non-zero. WRONG: the data after it did not match."
awk -F'\t' -v samples="$SAMPLES" -v out="$OUT" '
  function cell(t, w, s,   k, v, r) {
    k = t SUBSEP w SUBSEP s
    if (!(k in wall)) return ""
    v = wall[k]
    if (v == "FAIL" || v == "WRONG") return "**" v "**"
    r = (rss[k] == "") ? "" : sprintf(" / %.0f", rss[k] / 1024)
    return sprintf("%s%s%s", v, r, (k in n) ? sprintf(" (n=%d)", n[k]) : "")
  }
  function ratio(a, b,   q) { if (!(a + 0 > 0 && b + 0 > 0 && a !~ /[A-Z]/ && b !~ /[A-Z]/)) return ""
    q = a / b; return sprintf(q < 0.1 ? "%.3f×" : "%.1f×", q) }
  FILENAME == samples && FNR > 1 {
    st = $4; sub(/:verify$/, "", st); k = $2 SUBSEP $3 SUBSEP st
    if (!(k in last) || $1 > last[k]) { last[k] = $1; n[k] = 0 }
    if ($1 == last[k] && $4 !~ /:verify$/) n[k]++
    next
  }
  FILENAME == out && FNR > 1 {
    k = $1 SUBSEP $2 SUBSEP $3; wall[k] = $4; rss[k] = $5
    anchor = ($1 ~ /^anchors/)
    if (!(($1) in seent)) { seent[$1] = 1; if (anchor) atools[++na] = $1; else tools[++nt] = $1 }
    rk = $2 SUBSEP $3
    if (anchor) { if (!(rk in seenar)) { seenar[rk] = 1; arows[++nar] = rk } }
    else if (!(rk in seenr)) { seenr[rk] = 1; rows[++nr] = rk }
  }
  END {
    if (nt > 0) {
      print "\n## Tools\n"
      h = "| workload | step |"; sep = "|---|---|"
      for (i = 1; i <= nt; i++) { h = h " " tools[i] " |"; sep = sep "---|" }
      for (i = 2; i <= nt; i++) { h = h " " tools[1] " / " tools[i] " |"; sep = sep "---|" }
      print h; print sep
      for (r = 1; r <= nr; r++) {
        split(rows[r], p, SUBSEP); line = "| " p[1] " | " p[2] " |"
        for (i = 1; i <= nt; i++) line = line " " cell(tools[i], p[1], p[2]) " |"
        for (i = 2; i <= nt; i++) {
          a = tools[1] SUBSEP p[1] SUBSEP p[2]; b = tools[i] SUBSEP p[1] SUBSEP p[2]
          line = line " " ((a in wall && b in wall) ? ratio(wall[a], wall[b]) : "") " |"
        }
        print line
      }
    }
    np = 0
    for (r = 1; r <= nr; r++) { split(rows[r], p, SUBSEP); if (p[2] ~ /@/) for (i = 1; i <= nt; i++) {
      fk = tools[i] SUBSEP p[1] SUBSEP p[2]; split(p[2], f, "@"); tk = tools[i] SUBSEP p[1] SUBSEP f[2]
      if (!(fk in wall) || !(tk in wall)) continue
      if (np++ == 0) {
        print "\n## Paired floors (timed in the same rounds as the step, each right after its own deletion)\n"
        print "| workload | step | tool | tool s | floor | floor s | tool / floor |"; print "|---|---|---|---|---|---|---|"
      }
      print "| " p[1] " | " f[2] " | " tools[i] " | " wall[tk] " | " f[1] " | " wall[fk] " | " ratio(wall[tk], wall[fk]) " |"
    } }
    if (na > 0) {
      print "\n## Anchors\n"
      h = "| workload | step |"; sep = "|---|---|"
      for (i = 1; i <= na; i++) { h = h " " atools[i] " |"; sep = sep "---|" }
      print h; print sep
      for (r = 1; r <= nar; r++) {
        split(arows[r], p, SUBSEP); line = "| " p[1] " | " p[2] " |"
        for (i = 1; i <= na; i++) line = line " " cell(atools[i], p[1], p[2]) " |"
        print line
      }
    }
  }' "$SAMPLES" "$OUT"
echo
echo "## Runs"
echo
awk -F'\t' 'FNR > 1 && $4 != "log" {
    if ($1 != run) { if (run != "") print ""; run = $1; printf "- %s on %s (run %s)", $2, $3, $1 }
    printf "; %s: %s", $4, $5
  } END { if (run != "") print "" }' "$META"
