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
 * Fault injection at the write steps of every writing command (faultfs: ENOSPC, EIO, EACCES, short writes, failing
 * renames and links): each faulted run either completes exactly or fails with one error that says why, leaves nothing
 * recorded as done that is not and loses nothing, and the re-run completes byte-exact. ./test.sh tries a spread of
 * steps (each kind of call, first to last); {@code -Djdvc.campaign.faults=all} (scripts/fault-campaign.sh) tries every
 * step with every fault its call can meet.
 */
@EnabledOnOs(OS.LINUX)
class FaultInjectionTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(Campaign.Scenario.class)
    void aFaultAtAnyWriteStepIsAClearErrorAndTheReRunCompletes(Campaign.Scenario scenario) throws Exception {
        Campaign.assumeFaultFs(scenario);
        Campaign campaign = new Campaign(work);
        Campaign.Prepared p = campaign.prepare(scenario);
        boolean all = "all".equals(System.getProperty("jdvc.campaign.faults"));
        List<Campaign.Trial> trials = new ArrayList<>();
        List<FaultFs.Step> steps = all ? p.steps() : Campaign.spread(p.steps(), 10);
        for (int i = 0; i < steps.size(); i++) {
            FaultFs.Step step = steps.get(i);
            List<FaultFs.Fault> faults = all ? step.faults() : List.of(step.faults().get(i % step.faults().size()));
            for (FaultFs.Fault fault : faults) {
                trials.add(campaign.trial(p, step.number(), fault));
            }
        }
        List<String> violations = Campaign.report("faults", trials);
        assertThat(violations).as(scenario + ": " + trials.size() + " trials over " + p.steps().size() + " steps")
                .isEmpty();
    }
}
