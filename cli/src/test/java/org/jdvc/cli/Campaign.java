package org.jdvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jdvc.testing.CrashAudit;
import org.jdvc.testing.FaultFs;

/**
 * The fault campaign's scenarios and trials. A scenario is a writing command and the repository it runs on (a
 * workspace {@code repo/} and a local remote {@code remote/} in one folder); a trial runs the command as its own JVM on
 * a fresh copy of that repository with one fault planned (a failing call, a short write, a kill -9 at a step), judges
 * what is left ({@link CrashAudit#interrupted}), runs the command again without faults and requires exactly the tree
 * a fault-free run leaves ({@link CrashAudit#completed}).
 */
final class Campaign {
    /** A writing command and how to build the repository it runs on. */
    enum Scenario {
        ADD("add", "data", "model.bin"),
        COMMIT("commit", "-f"),
        CHECKOUT_COPY("checkout", "-f"),
        CHECKOUT_HARDLINK("checkout", "-f"),
        PUSH("push"),
        FETCH("fetch"),
        PULL("pull"),
        GC("gc", "-w", "-f"),
        REPRO("repro");

        final List<String> args;

        Scenario(String... args) {
            this.args = List.of(args);
        }
    }

    static final CrashAudit.Layout LAYOUT = new CrashAudit.Layout("repo/",
            List.of("repo/.dvc/cache/files/md5/", "remote/files/md5/"));

    /** A scenario ready for trials: its template, the tree a fault-free run leaves, and the steps it takes. */
    record Prepared(Scenario scenario, Path template, CrashAudit.Tree templateTree, CrashAudit.Tree expected,
            List<FaultFs.Step> steps) {
    }

    /** One trial's outcome: what was planned, what the faulted run did, and every violation found. */
    record Trial(Scenario scenario, long step, FaultFs.Fault fault, String faultedCall, int exit, String error,
            int leftoverTemps, List<String> violations) {
        boolean interrupted() {
            return exit != 0;
        }
    }

    private final Path work;
    private final CliRunner cli;
    private int trials;

    Campaign(Path work) {
        this.work = work;
        this.cli = new CliRunner(work);
    }

    /**
     * Skips the campaign where faultfs cannot be built (no C compiler), unless {@code -Djdvc.require.faultfs=true}
     * (./test.sh), where that is a failure; and scenarios left out of {@code -Djdvc.campaign.scenarios=A,B}.
     */
    static void assumeFaultFs(Scenario s) {
        String only = System.getProperty("jdvc.campaign.scenarios", "");
        org.junit.jupiter.api.Assumptions.assumeTrue(only.isEmpty() || List.of(only.split(",")).contains(s.name()),
                () -> s + " is not in -Djdvc.campaign.scenarios=" + only);
        if (Boolean.getBoolean("jdvc.require.faultfs")) {
            assertThat(FaultFs.available()).as("faultfs: " + FaultFs.whyUnavailable()).isTrue();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(FaultFs.available(), () -> "faultfs: " + FaultFs.whyUnavailable());
    }

    Prepared prepare(Scenario s) throws Exception {
        Path template = work.resolve(s.name().toLowerCase() + "-template");
        build(s, template);
        Path expectedRun = copy(template, work.resolve(s.name().toLowerCase() + "-expected"));
        CliRunner.Result r = cli.run(expectedRun.resolve("repo"), s.args.toArray(String[]::new));
        assertThat(r.exit()).as("fault-free " + s + ": " + r).isZero();
        Path counted = copy(template, work.resolve(s.name().toLowerCase() + "-counted"));
        Path log = work.resolve(s.name().toLowerCase() + "-steps.log");
        JdvcProcess.Finished f = run(counted, FaultFs.counting(counted, log), s);
        assertThat(f.exit()).as("counted " + s + ": " + f.err()).isZero();
        List<FaultFs.Step> steps = FaultFs.steps(log);
        assertThat(steps).as("steps of " + s).isNotEmpty();
        return new Prepared(s, template, CrashAudit.snapshot(template), CrashAudit.snapshot(expectedRun), steps);
    }

    /** Runs one trial: the command with {@code fault} at {@code step}, the audit, the re-run, the audit. */
    Trial trial(Prepared p, long step, FaultFs.Fault fault) throws Exception {
        Path dir = copy(p.template(), work.resolve("trial-" + (++trials)));
        Path log = dir.resolveSibling(dir.getFileName() + ".fault");
        JdvcProcess.Finished f = run(dir, FaultFs.injecting(dir, step, fault, log), p.scenario());
        List<FaultFs.Step> hit = FaultFs.steps(log);
        String call = hit.isEmpty() ? "(not reached)"
                : hit.get(0).op() + " " + dir.relativize(Path.of(hit.get(0).path()));
        // NOTE: threads interleave differently from run to run: the call at that step may differ from the counted
        // run's, and meets the fault it can (faultfs logs which)
        FaultFs.Fault applied = hit.isEmpty() || "NONE".equals(hit.get(0).applied()) ? null
                : FaultFs.Fault.valueOf(hit.get(0).applied());
        List<String> bad = new ArrayList<>();
        CrashAudit.Tree after = CrashAudit.snapshot(dir);
        String error = f.err().strip();
        if (f.exit() == 0) {
            for (String v : CrashAudit.completed(p.expected(), after)) {
                bad.add("reported success but " + v);
            }
        } else {
            bad.addAll(CrashAudit.interrupted(LAYOUT, p.templateTree(), p.expected(), after));
            if (applied != FaultFs.Fault.KILL) {
                bad.addAll(messageProblems(error, applied));
            } else if (f.exit() != 137) {
                bad.add("killed run exited " + f.exit() + ": " + error);
            }
        }
        CliRunner.Result again = cli.run(dir.resolve("repo"), p.scenario().args.toArray(String[]::new));
        if (again.exit() != 0) {
            bad.add("re-run failed: " + again);
        }
        CrashAudit.Tree end = CrashAudit.snapshot(dir);
        for (String v : CrashAudit.completed(p.expected(), end)) {
            bad.add("after the re-run " + v);
        }
        Trial t = new Trial(p.scenario(), step, applied == null ? fault : applied, call, f.exit(), lastLine(error),
                end.temps().size(), bad);
        if (bad.isEmpty()) {
            deleteTree(dir);
        } else {
            // NOTE: kept for a look: the test's temp folder goes at its end
            Path kept = copy(dir, Files.createDirectories(reportDir().resolve("failed")).resolve(
                    p.scenario().name().toLowerCase() + "-" + step + "-" + fault));
            Files.writeString(kept.resolveSibling(kept.getFileName() + ".txt"), String.join("\n", bad)
                    + "\n--- faulted run (" + call + "): exit " + f.exit() + "\n" + f.out() + f.err()
                    + "\n--- re-run\n" + again + "\n");
        }
        return t;
    }

    /** What a failed run's stderr lacks: one ERROR line that says why, no Java exception, no stack trace. */
    static List<String> messageProblems(String stderr, FaultFs.Fault fault) {
        List<String> bad = new ArrayList<>();
        String last = lastLine(stderr);
        if (!last.startsWith("ERROR: ")) {
            bad.add("the last line of stderr is not an error: " + last);
        }
        if (stderr.contains("\tat ") || stderr.contains("unexpected error")) {
            bad.add("a Java exception reached the user: " + stderr);
        }
        String reason = fault == null ? "" : switch (fault) {
            case ENOSPC -> "No space left on device";
            case EIO -> "Input/output error";
            case EACCES -> "Permission denied";
            default -> "";
        };
        if (!stderr.contains(reason)) {
            bad.add("the error does not say '" + reason + "': " + last);
        }
        return bad;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    private JdvcProcess.Finished run(Path dir, Map<String, String> faultEnv, Scenario s) throws Exception {
        Map<String, String> env = new HashMap<>(cli.env());
        env.putAll(faultEnv);
        return JdvcProcess.run(dir.resolve("repo"), env, s.args.toArray(String[]::new));
    }

    /** Steps spread over the run (first, last, evenly between) plus each kind of call's first: at most {@code n}. */
    static List<FaultFs.Step> spread(List<FaultFs.Step> steps, int n) {
        java.util.LinkedHashMap<Long, FaultFs.Step> chosen = new java.util.LinkedHashMap<>();
        java.util.Set<String> ops = new java.util.HashSet<>();
        for (FaultFs.Step s : steps) {
            if (ops.add(s.op())) {
                chosen.put(s.number(), s);
            }
        }
        for (int i = 0; chosen.size() < Math.min(n, steps.size()) && i < n; i++) {
            FaultFs.Step s = steps.get((int) ((long) i * (steps.size() - 1) / Math.max(1, n - 1)));
            chosen.putIfAbsent(s.number(), s);
        }
        return new ArrayList<>(chosen.values());
    }

    /** {@code n} random steps (seeded), for kill -9 at random points. */
    static List<Long> randomSteps(List<FaultFs.Step> steps, int n, long seed) {
        Random r = new Random(seed);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(steps.get(r.nextInt(steps.size())).number());
        }
        return out;
    }

    /**
     * Appends the trials to {@code target/campaign/<file>.tsv} (or {@code -Djdvc.campaign.report}'s folder) for
     * scripts/fault-campaign.sh's figures, and returns every violation, each prefixed with its trial.
     */
    static List<String> report(String file, List<Trial> trials) throws IOException {
        Path dir = Files.createDirectories(reportDir());
        StringBuilder sb = new StringBuilder();
        List<String> bad = new ArrayList<>();
        for (Trial t : trials) {
            sb.append(String.join("\t", t.scenario().name(), Long.toString(t.step()), t.fault().name(),
                    t.faultedCall(), Integer.toString(t.exit()), Integer.toString(t.violations().size()),
                    Integer.toString(t.leftoverTemps()), t.error().replace('\t', ' '))).append('\n');
            for (String v : t.violations()) {
                bad.add(t.scenario() + " step " + t.step() + " " + t.fault() + " (" + t.faultedCall() + "): " + v);
            }
        }
        Files.writeString(dir.resolve(file + ".tsv"), sb, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return bad;
    }

    private static Path reportDir() {
        return Path.of(System.getProperty("jdvc.campaign.report", "target/campaign"));
    }

    // ---- the repositories

    private void build(Scenario s, Path root) throws Exception {
        Path repo = Files.createDirectories(root.resolve("repo"));
        Files.createDirectories(root.resolve("remote"));
        Git.run(repo, "init", "-q");
        ok(repo, "init", "-q");
        ok(repo, "remote", "add", "-d", "r", "../remote");
        if (s == Scenario.CHECKOUT_HARDLINK) {
            ok(repo, "config", "cache.type", "hardlink");
        }
        writeData(repo, 1);
        if (s == Scenario.REPRO) {
            Files.writeString(repo.resolve("in.txt"), "input of the stage\n");
            Files.writeString(repo.resolve("dvc.yaml"), """
                    stages:
                      copy:
                        cmd: cp in.txt out.txt && cp -r data copied
                        deps:
                        - in.txt
                        - data
                        outs:
                        - out.txt
                        - copied
                    """);
            return;
        }
        if (s == Scenario.ADD) {
            return;
        }
        ok(repo, "add", "-q", "data", "model.bin");
        Git.run(repo, "add", "-A");
        Git.run(repo, "commit", "-q", "-m", "v1");
        switch (s) {
            case COMMIT -> changeData(repo);
            case CHECKOUT_COPY, CHECKOUT_HARDLINK -> {
                Files.delete(repo.resolve("data/f3"));
                // NOTE: replaced, not written through: with hardlinks, writing in place would change the cache
                Files.delete(repo.resolve("data/f4"));
                Files.writeString(repo.resolve("data/f4"), "edited by hand");
                Files.delete(repo.resolve("model.bin"));
            }
            case FETCH, PULL -> {
                ok(repo, "push", "-q");
                deleteTree(repo.resolve(".dvc/cache"));
                if (s == Scenario.PULL) {
                    deleteTree(repo.resolve("data"));
                    Files.delete(repo.resolve("model.bin"));
                }
            }
            case GC -> {
                changeData(repo);
                ok(repo, "commit", "-f", "-q");
                Git.run(repo, "add", "-A");
                Git.run(repo, "commit", "-q", "-m", "v2");
            }
            default -> {
            }
        }
    }

    private void ok(Path repo, String... args) {
        CliRunner.Result r = cli.run(repo, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r).isZero();
    }

    /** A folder of small files (one empty, one in a subfolder, one of 300 KB) and a 2.5 MB model. */
    private static void writeData(Path repo, long seed) throws IOException {
        Random r = new Random(seed);
        Path data = repo.resolve("data");
        Files.createDirectories(data.resolve("sub"));
        for (int i = 0; i < 10; i++) {
            Files.write(data.resolve("f" + i), bytes(r, i == 0 ? 0 : 1 + r.nextInt(5000)));
        }
        Files.write(data.resolve("sub/nested"), bytes(r, 700));
        Files.write(data.resolve("large"), bytes(r, 300_000));
        Files.write(repo.resolve("model.bin"), bytes(r, 2_500_000));
    }

    private static void changeData(Path repo) throws IOException {
        Random r = new Random(2);
        Files.write(repo.resolve("data/f1"), bytes(r, 1234));
        Files.write(repo.resolve("data/added"), bytes(r, 4321));
        Files.delete(repo.resolve("data/f2"));
        Files.write(repo.resolve("model.bin"), bytes(r, 2_600_000));
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static Path copy(Path from, Path to) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("cp -a failed: " + out);
        }
        return to;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
