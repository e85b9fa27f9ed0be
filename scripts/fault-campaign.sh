#!/usr/bin/env bash
# The fault campaign at full size (./test.sh runs a bounded share of it):
#  - fault injection: every write step of add, commit, checkout (copy and hardlink), push, fetch, pull, gc and repro
#    with every fault its call can meet (ENOSPC, EIO, EACCES, short writes, failing renames and links), through
#    testing's faultfs;
#  - kill -9 at KILLS random write steps of each of those commands (default 56: 504 trials), seeded by SEED.
# Every trial: one error that says why (or an exact success), nothing recorded as done that is not, nothing lost,
# and a re-run that completes byte-exact. Trials go to target/campaign/{faults,kills}.tsv; failed trials' folders to
# target/campaign/failed/. Prints the figures docs/reliability.md quotes.
#
#   scripts/fault-campaign.sh              # about 25 minutes on 2 cores
#   scripts/fault-campaign.sh 200 42       # more kills, another seed
#   SCENARIOS=REPRO,GC scripts/fault-campaign.sh   # some commands only (Campaign.Scenario's names)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-java.sh"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Djansi.passthrough=false -Dstyle.color=never"
kills=${1:-56}
seed=${2:-$(date +%s)}
cd "$root"
report="$root/cli/target/campaign"
rm -rf "$report"
mvn -q -B -ntp -DskipTests install -pl cli -am
status=0
mvn -q -B -ntp -o -pl cli surefire:test -Dtest='FaultInjectionTest,KillNineTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Djdvc.require.faultfs=true -Djdvc.campaign.faults=all -Djdvc.campaign.kills="$kills" -Djdvc.campaign.seed="$seed" \
  -Djdvc.campaign.report="$report" -Djdvc.campaign.scenarios="${SCENARIOS:-}" > "$report.log" 2>&1 || status=$?
echo "fault campaign (seed $seed): $report.log"
for kind in faults kills; do
  [ -f "$report/$kind.tsv" ] || continue
  awk -F'\t' -v kind="$kind" '
    { n[$1]++; total++; if ($5 != 0) stopped[$1]++; if ($6 > 0) { bad[$1]++; badall++ }; temps[$1] += $7 }
    END {
      printf "%s: %d trials, %d with a violation\n", kind, total, badall
      printf "  %-18s %7s %9s %10s %12s\n", "command", "trials", "stopped", "violations", "temps left"
      for (c in n) printf "  %-18s %7d %9d %10d %12d\n", c, n[c], stopped[c], bad[c], temps[c]
    }' "$report/$kind.tsv"
done
exit $status
