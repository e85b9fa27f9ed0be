package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.testing.FaultFs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 at random points of every writing command: a JVM per trial, killed (SIGKILL, by faultfs) just before a
 * randomly chosen write step; what is left must be consistent (objects verify, files are old or new, nothing lost,
 * nothing recorded as done that is not) and the re-run must complete byte-exact. ./test.sh runs 4 trials per command;
 * {@code -Djdvc.campaign.kills=N -Djdvc.campaign.seed=S} (scripts/fault-campaign.sh) runs more.
 */
@EnabledOnOs(OS.LINUX)
class KillNineTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(Campaign.Scenario.class)
    void aKillAtAnyPointLeavesAConsistentRepositoryAndTheReRunCompletes(Campaign.Scenario scenario)
            throws Exception {
        Campaign.assumeFaultFs(scenario);
        Campaign campaign = new Campaign(work);
        Campaign.Prepared p = campaign.prepare(scenario);
        int n = Integer.getInteger("jdvc.campaign.kills", 4);
        long seed = Long.getLong("jdvc.campaign.seed", 1L) * 31 + scenario.ordinal();
        List<Campaign.Trial> trials = new ArrayList<>();
        for (long step : Campaign.randomSteps(p.steps(), n, seed)) {
            trials.add(campaign.trial(p, step, FaultFs.Fault.KILL));
        }
        List<String> violations = Campaign.report("kills", trials);
        assertThat(violations).as(scenario + ": " + trials.size() + " kills over " + p.steps().size() + " steps")
                .isEmpty();
    }
}
