package org.jdvc.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdvc.JdvcException;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Cli;
import org.jdvc.hash.FileHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jdvc demo}: the story jdvc exists for, in a fresh scratch git repository: track a data file and a
 * directory, commit, change the data, commit again, then go back to the first commit and get its exact bytes back.
 * Every step runs the real commands (jdvc in-process, git as a process) and the end is checked by md5.
 */
@Command(name = "demo", description = "Run the jdvc story end to end in a scratch git repository.")
public final class DemoCmd extends BaseCommand {
    @Option(names = "--dir", paramLabel = "<path>", description = "Where to create the scratch repository "
            + "(default: a new temporary directory).")
    Path dir;

    @Option(names = "--keep", description = "Keep the scratch repository afterwards.")
    boolean keep;

    private Path repo;

    @Override
    protected int execute() throws Exception {
        repo = dir != null ? Files.createDirectories(dir.toAbsolutePath()) : Files.createTempDirectory("jdvc-demo");
        say("jdvc demo in " + repo);
        git("init", "-q", "-b", "main");
        jdvc("init", "-q");
        git("commit", "-q", "-m", "Initialize DVC");

        say("\n== day 1: a data file and a directory of data");
        Files.writeString(repo.resolve("songs.csv"), songs(1), StandardCharsets.UTF_8);
        Path charts = Files.createDirectories(repo.resolve("charts"));
        for (String country : List.of("de", "fr", "jp", "us")) {
            Files.writeString(charts.resolve(country + ".csv"), chart(country, 1), StandardCharsets.UTF_8);
        }
        jdvc("add", "songs.csv", "charts");
        show("songs.csv.dvc");
        git("add", "-A");
        git("commit", "-q", "-m", "Data, day 1");
        String v1Songs = FileHasher.md5(repo.resolve("songs.csv"));
        String v1Chart = FileHasher.md5(charts.resolve("de.csv"));
        say("md5 songs.csv      = " + v1Songs);
        say("md5 charts/de.csv  = " + v1Chart);

        say("\n== day 2: new chart data arrives, the old version is overwritten in place");
        Files.writeString(repo.resolve("songs.csv"), songs(2), StandardCharsets.UTF_8);
        Files.writeString(charts.resolve("de.csv"), chart("de", 2), StandardCharsets.UTF_8);
        Files.writeString(charts.resolve("br.csv"), chart("br", 2), StandardCharsets.UTF_8);
        jdvc("status");
        jdvc("add", "songs.csv", "charts");
        git("add", "-A");
        git("commit", "-q", "-m", "Data, day 2");
        say("md5 songs.csv      = " + FileHasher.md5(repo.resolve("songs.csv")) + "  (day 2)");

        say("\n== back to day 1: git checkout HEAD~1 && jdvc checkout");
        git("checkout", "-q", "HEAD~1");
        jdvc("checkout");
        String back = FileHasher.md5(repo.resolve("songs.csv"));
        String backChart = FileHasher.md5(charts.resolve("de.csv"));
        boolean ok = back.equals(v1Songs) && backChart.equals(v1Chart) && !Files.exists(charts.resolve("br.csv"));
        say("md5 songs.csv      = " + back + (back.equals(v1Songs) ? "  == day 1" : "  != day 1 (WRONG)"));
        say("md5 charts/de.csv  = " + backChart + (backChart.equals(v1Chart) ? "  == day 1" : "  != day 1 (WRONG)"));
        jdvc("status");
        git("checkout", "-q", "main");
        jdvc("checkout");
        if (!ok) {
            throw new JdvcException("demo failed: the day 1 data did not come back byte for byte");
        }
        say("\nThe first version's bytes are back: every version is kept, pinned by a small .dvc file in git.");
        if (!keep && dir == null) {
            org.jdvc.repo.WorkspaceCheckout.deleteAny(repo);
        } else {
            say("(kept " + repo + ")");
        }
        return 0;
    }

    private static String songs(int day) {
        StringBuilder sb = new StringBuilder("spotify_id,name,artists,danceability,energy,tempo\n");
        java.util.Random r = new java.util.Random(day);
        for (int i = 0; i < 200 * day; i++) {
            sb.append(String.format("id%05d,Song %d,Artist %d,%.3f,%.3f,%.1f%n", i, i, i % 37, r.nextDouble(),
                    r.nextDouble(), 60 + 120 * r.nextDouble()));
        }
        return sb.toString();
    }

    private static String chart(String country, int day) {
        StringBuilder sb = new StringBuilder("rank,spotify_id,country,day\n");
        java.util.Random r = new java.util.Random(country.hashCode() * 31L + day);
        for (int rank = 1; rank <= 50; rank++) {
            sb.append(rank).append(",id").append(String.format("%05d", r.nextInt(200))).append(',').append(country)
                    .append(',').append(day).append('\n');
        }
        return sb.toString();
    }

    private void say(String line) {
        console().println(line);
    }

    private void show(String file) throws IOException {
        say("$ cat " + file);
        for (String line : Files.readAllLines(repo.resolve(file))) {
            say("  " + line);
        }
    }

    private void jdvc(String... args) {
        say("$ jdvc " + String.join(" ", args));
        List<String> full = new ArrayList<>(List.of("--cd", repo.toString()));
        full.addAll(List.of(args));
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(buf, true, StandardCharsets.UTF_8);
        int code = new Cli(Path.of("").toAbsolutePath(), ctx.env(), ps, ps).run(full.toArray(String[]::new));
        for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                say("  " + line);
            }
        }
        if (code != 0) {
            throw new JdvcException("demo failed: jdvc " + String.join(" ", args) + " exited with " + code);
        }
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=jdvc demo", "-c",
                "user.email=demo@jdvc.invalid", "-c", "commit.gpgsign=false", "-c", "advice.detachedHead=false"));
        cmd.addAll(List.of(args));
        say("$ git " + String.join(" ", args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new JdvcException("demo failed: git " + String.join(" ", args) + ": " + out.strip());
        }
    }
}
