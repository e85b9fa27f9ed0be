#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of repository files and of the inference request (Jazzer's JUnit
# integration): each target is fuzzed for 10 s per round (the @FuzzTest's maxDuration), ROUNDS rounds (default 1).
# A round continues from the corpus the previous ones grew (.cifuzz-corpus/, not committed). A finding fails the
# run and Jazzer writes its input under src/test/resources/**/<Test>Inputs/<target>/: commit it, and ./test.sh replays
# it from then on (without JAZZER_FUZZ the fuzz tests replay their committed inputs only).
#
#   scripts/fuzz.sh          # one round: about 3 minutes (CI runs this)
#   scripts/fuzz.sh 30       # a longer campaign
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-java.sh"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Djansi.passthrough=false -Dstyle.color=never"
rounds=${1:-1}
targets=(core:org.jdvc.pipeline.ParsersFuzzTest#dvcFile core:org.jdvc.pipeline.ParsersFuzzTest#pipelineFile
  core:org.jdvc.pipeline.ParsersFuzzTest#lockFile core:org.jdvc.pipeline.ParsersFuzzTest#directoryManifest
  core:org.jdvc.pipeline.ParsersFuzzTest#config core:org.jdvc.pipeline.ParsersFuzzTest#paramsYaml
  core:org.jdvc.pipeline.ParsersFuzzTest#paramsJson core:org.jdvc.pipeline.ParsersFuzzTest#paramsToml
  core:org.jdvc.pipeline.ParsersFuzzTest#paramsPython jukebox:org.jdvc.jukebox.serve.InferenceRequestFuzzTest#parse)
cd "$root"
# NOTE: the modules and their test classes once, then each target on its own (Jazzer fuzzes one test per JVM)
mvn -q -B -ntp -DskipTests install -pl core,jukebox -am
failed=0
for ((r = 1; r <= rounds; r++)); do
  for t in "${targets[@]}"; do
    module=${t%%:*} test=${t#*:}
    echo "fuzz: round $r/$rounds: $test" >&2
    if ! JAZZER_FUZZ=1 mvn -q -B -ntp -o -pl "$module" surefire:test -Dtest="$test" \
         -Dsurefire.failIfNoSpecifiedTests=false > "$module/target/fuzz-${test##*#}.log" 2>&1; then
      echo "fuzz: FINDING in $test (see $module/target/fuzz-${test##*#}.log and the new input under" \
        "$module/src/test/resources)" >&2
      failed=1
    fi
  done
done
exit $failed
