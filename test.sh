#!/usr/bin/env bash
# The whole test suite: unit, compatibility (fixtures made by the real DVC) and integration tests (real processes,
# real git). Exit code != 0 when anything fails. Benchmarks are not part of it (see bench/README.md).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$root/scripts/find-java.sh"
# NOTE: Maven 3.8 on Java 25 warns about sun.misc.Unsafe on every run; the flag keeps the output readable.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Djansi.passthrough=false -Dstyle.color=never"
cd "$root"
# NOTE: `install` (not `test`) so the launcher's jar and lib/ exist for the tests that run ./jdvc as a process.
exec mvn -B -ntp -Djdvc.require.sshd=true -Djdvc.require.faultfs=true ${MVN_ARGS:-} install "$@"
