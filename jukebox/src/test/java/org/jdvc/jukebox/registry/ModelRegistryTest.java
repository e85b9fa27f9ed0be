package org.jdvc.jukebox.registry;

import org.jdvc.hash.FileHasher;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.cli.JukeboxCommand;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.pipeline.StageCommand;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.project.Project;
import org.jdvc.repo.WorkspaceCheckout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry on a small project with two versions trained by {@code jdvc repro} (each stage a real {@code jukebox}
 * process), with real git and jdvc's real command line: the lineage it records, the registrations it refuses, the
 * evaluation gate of stages, recovery and comparison. Unlike the demo, the tables are tracked with {@code jdvc add}.
 * v2 is trained badly on purpose (one epoch at a learning rate of 1e-7), so that the gate has a worse model to refuse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelRegistryTest {
    Project project;
    ModelVersion v1;
    ModelVersion v2;
    String dataCommit1;
    Path remote;
    final List<String> log = new ArrayList<>();

    @BeforeAll
    void twoVersions(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("project"));
        project = new Project(dir, StageCommand.environment(System.getenv(), root), log::add);
        project.git("init", "-q");
        project.jdvc("init", "-q");
        remote = Files.createDirectories(root.resolve("store"));
        project.jdvc("remote", "add", "-d", "store", remote.toString());
        Files.writeString(dir.resolve(Layout.DVC_YAML), Layout.dvcYaml());
        writeParams(dir, Params.defaults().withEpochs(3));
        dataCommit1 = version(dir, 300, "first data");
        project.jdvc("repro");
        v1 = new ModelRegistry(project).register("three epochs");

        writeParams(dir, Params.defaults().withEpochs(1).withLearningRate(1e-7));
        version(dir, 360, "second data, a bad learning rate");
        project.jdvc("repro");
        v2 = new ModelRegistry(project).register();
    }

    private static void writeParams(Path dir, Params p) throws Exception {
        // NOTE: the gate's minimum is lowered: 300 songs and three epochs need not beat the majority baseline
        Files.writeString(dir.resolve(Layout.PARAMS), p.yaml() + "gate:\n  min_accuracy: 0.0\n");
    }

    /** Writes tables of {@code songs} songs, tracks and commits them with params.yaml; returns the commit. */
    private String version(Path dir, int songs, String message) throws Exception {
        SyntheticSongs gen = new SyntheticSongs(SyntheticSongs.Options.defaults(3).withSongs(songs).withDays(8));
        List<Song> s = gen.songs();
        List<Ranking> r = gen.rankings(s, 1);
        SongTables.writeSongs(dir.resolve(Layout.PROPERTIES), s);
        SongTables.writeRankings(dir.resolve(Layout.RANKINGS), r);
        project.jdvc("add", Layout.PROPERTIES, Layout.RANKINGS);
        project.git("add", "-A");
        project.git("commit", "-q", "-m", message);
        return project.commitOf("HEAD");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(ModelVersion v, String name) {
        return (Map<String, Object>) v.json().get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> json, String name) {
        return (Map<String, Object>) json.get(name);
    }

    private String jukebox(String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        full.add("--project");
        full.add(project.dir().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = JukeboxCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), full.toArray(String[]::new));
        assertThat(code).as("jukebox %s: %s", String.join(" ", args), err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionsRecordTheirLineage() throws Exception {
        assertThat(v1.version()).isEqualTo("v1");
        assertThat(v2.version()).isEqualTo("v2");
        assertThat(v1.gitRevision()).isEqualTo(dataCommit1);
        String dvcAtV1 = project.gitQuiet("show", v1.gitRevision() + ":" + Layout.PROPERTIES + ".dvc");
        assertThat(dvcAtV1).contains("md5: " + v1.dataMd5().get(Layout.PROPERTIES));
        assertThat(v2.dataMd5().get(Layout.PROPERTIES)).isNotEqualTo(v1.dataMd5().get(Layout.PROPERTIES));
        assertThat(v1.params()).containsEntry("train.epochs", 3).containsEntry("train.loss", "categorical");
        assertThat(v1.metrics()).containsKeys("accuracy", "top5_accuracy", "baseline_accuracy", "linear_accuracy");
        assertThat(v1.json()).containsKey("remote");
        assertThat(v1.description()).isEqualTo("three epochs");
        assertThat(v1.author()).matches(".+ <.+>");
        assertThat(v1.json().get("format")).isEqualTo(Map.of("type", "onnx", "opset", 13, "ir_version", 7,
                "producer", "jukebox"));
        assertThat(section(v1, "training")).containsEntry("seed", 42)
                .hasEntrySatisfying("command", c -> assertThat((String) c).startsWith("jukebox train "));
        assertThat(section(v1, "software")).containsKeys("jukebox", "jdvc", "java");
        // the tag sits on the commit that registers the version; its dvc.lock records exactly the model recorded
        String lockAtV1 = project.gitQuiet("show", v1.tag() + ":dvc.lock");
        assertThat(lockAtV1).contains("cmd: jukebox train --prepared data/prepared");
        try (VersionFiles files = new VersionFiles(project, v1)) {
            for (Map.Entry<String, String> e : v1.modelMd5().entrySet()) {
                assertThat(FileHasher.md5(files.read(e.getKey()))).isEqualTo(e.getValue());
            }
        }
        // registry.json at HEAD holds both records, equal to the tags'
        Object registry = Json.read(project.gitQuiet("show", "HEAD:" + Layout.REGISTRY));
        assertThat(((Map<?, ?>) registry).get("versions")).isEqualTo(List.of(v1.json(), v2.json()));
    }

    @Test
    void listAndShow() {
        String list = jukebox("models");
        assertThat(list).contains("model@v1", "model@v2", v1.gitRevision().substring(0, 8),
                v1.dataMd5().get(Layout.PROPERTIES));
        String show = jukebox("models", "v1");
        assertThat(Json.readObject(show)).isEqualTo(v1.json());
        assertThat(new ModelRegistry(project).show("v9")).isEmpty();
        assertThat(new ModelRegistry(project).show("2")).contains(v2);
        assertThatThrownBy(() -> new ModelRegistry(project).require("v9")).isInstanceOf(JukeboxException.class)
                .hasMessageContaining("registered: v1, v2");
    }

    /** Each refusal: one line saying what does not match, no tag, no commit, the workspace as it was. */
    private void refused(String mentions, Executable change, Executable undo) throws Throwable {
        String head = project.commitOf("HEAD");
        String tags = project.gitQuiet("tag", "-l");
        change.execute();
        try {
            assertThatThrownBy(() -> new ModelRegistry(project).register()).isInstanceOf(JukeboxException.class)
                    .hasMessageContaining(mentions).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        } finally {
            undo.execute();
        }
        assertThat(project.commitOf("HEAD")).isEqualTo(head);
        assertThat(project.gitQuiet("tag", "-l")).isEqualTo(tags);
    }

    @Test
    void registerRefusesWhatItCannotVouchFor() throws Throwable {
        Path dir = project.dir();
        Path model = dir.resolve(Layout.MODEL_DIR).resolve(Stages.MODEL);
        Path params = dir.resolve(Layout.PARAMS);
        Path table = dir.resolve(Layout.PROPERTIES);
        String paramsText = Files.readString(params);
        byte[] tableBytes = Files.readAllBytes(table);
        // an overwritten model: what dvc.lock records is not what is in the workspace
        refused("does not match dvc.lock", () -> {
            Files.delete(model);
            Files.writeString(model, "not a model");
        }, () -> project.jdvc("checkout", "-f"));
        // uncommitted params: the recorded revision would not be the one trained on
        refused("uncommitted changes to " + Layout.PARAMS, () -> Files.writeString(params, paramsText
                + "# edited\n"), () -> Files.writeString(params, paramsText));
        // dirty data: a table changed since it was tracked
        refused(Layout.PROPERTIES, () -> {
            Files.delete(table);
            Files.write(table, java.util.Arrays.copyOf(tableBytes, tableBytes.length - 1));
        }, () -> project.jdvc("checkout", "-f"));
        // a model already registered: nothing changed since v2
        refused("already registered as v2", () -> { }, () -> { });
        assertThat(FileHasher.md5(model)).isEqualTo(v2.modelMd5().get(Layout.MODEL_DIR + "/" + Stages.MODEL));
    }

    @Test
    void theGateKeepsAWorseModelOutOfProdUnlessForced() throws Exception {
        assertThat(v2.accuracy()).as("v2 is trained to be worse").isLessThan(v1.accuracy());
        Promotion promotion = new Promotion(project);
        String tag1 = promotion.promote("v1", "prod", false, null).tag();
        assertThat(tag1).matches("model#prod#\\d+");
        assertThat(project.commitOf(tag1)).isEqualTo(project.commitOf(v1.tag()));
        String tags = project.gitQuiet("tag", "-l");
        assertThatThrownBy(() -> promotion.promote("v2", "prod", false, null)).isInstanceOf(JukeboxException.class)
                .hasMessageContaining("refuses v2 for prod").hasMessageContaining("held-out songs").hasMessageContaining("below v1");
        assertThat(project.gitQuiet("tag", "-l")).isEqualTo(tags);
        assertThat(promotion.stages().get("prod").version()).isEqualTo("v1");
        // an ungated stage takes any version
        promotion.promote("v2", "staging", false, null);
        String forced = promotion.promote("v2", "prod", true, "accepted for the test").tag();
        assertThat(promotion.stages().get("prod").version()).isEqualTo("v2");
        Map<String, Object> record = Json.readObject(project.gitQuiet("for-each-ref", "--format=%(contents)",
                "refs/tags/" + forced));
        assertThat(record).containsEntry("forced", true).containsEntry("version", "v2")
                .containsEntry("message", "accepted for the test");
        assertThat(section(record, "gate")).containsEntry("passed", false).containsEntry("current", "v1");
        assertThat(jukebox("models")).containsPattern("model@v2\\s+prod,staging|model@v2\\s+staging,prod");
        // back to v1 for the other tests (and to show that history is kept: a new assignment, not a moved tag)
        promotion.promote("v1", "prod", true, null);
        assertThat(promotion.assignments()).extracting(Promotion.Assignment::version).containsSubsequence("v1", "v2",
                "v1");
    }

    /** The command line's refusal: one line on stderr, exit 1, no stack trace. */
    @Test
    void registerRefusesOnTheCommandLineInOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = JukeboxCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "register", "--project", project.dir().toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("jukebox: this model is already registered as v2")
                .hasLineCount(1);
    }

    /**
     * {@code jukebox monitor --json} on request logs for v1: songs like its training data show no drift; new songs
     * leaning towards the generator's trend drift on the trend's features.
     */
    @Test
    void monitorComparesARequestLogWithTheVersionsTrainingData(@TempDir Path logs) throws Exception {
        SyntheticSongs day1 = new SyntheticSongs(SyntheticSongs.Options.defaults(3).withSongs(300).withDays(8));
        List<Song> alike = new SyntheticSongs(SyntheticSongs.Options.defaults(77).withSongs(300).withDays(1)).songs();
        List<Song> trending = day1.grow(300, 2, 1.2).songs().subList(300, 600);
        Path calm = logs.resolve("calm.jsonl"), drifting = logs.resolve("drifting.jsonl");
        writeLog(calm, alike);
        writeLog(drifting, trending);
        Map<String, Object> none = Json.readObject(jukebox("monitor", "--log", calm.toString(), "--version", "v1",
                "--json"));
        assertThat(none).containsEntry("version", "v1").containsEntry("requests", 300).containsEntry("drifted", false);
        Map<String, Object> some = Json.readObject(jukebox("monitor", "--log", drifting.toString(), "--version", "v1",
                "--json"));
        assertThat(some).containsEntry("drifted", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> features = (List<Map<String, Object>>) some.get("features");
        assertThat(features.stream().filter(f -> Boolean.TRUE.equals(f.get("drifted"))).map(f -> f.get("feature")))
                .isNotEmpty().allMatch(List.of("duration_ms", "danceability", "loudness", "acousticness")::contains);
        // entries of other versions are not v1's requests
        assertThat(Json.readObject(jukebox("monitor", "--log", drifting.toString(), "--version", "v2", "--json")))
                .containsEntry("requests", 0).containsEntry("drifted", false);
    }

    private static void writeLog(Path file, List<Song> songs) throws Exception {
        try (org.jdvc.jukebox.serve.RequestLog log = org.jdvc.jukebox.serve.RequestLog.open(file)) {
            for (Song s : songs) {
                log.offer(new org.jdvc.jukebox.serve.RequestLog.Entry(java.time.Instant.now(), "jukebox", "1", null,
                        s.spotifyId(), s.features(), null, List.of()));
            }
        }
    }

    /** compare and serve load a version's model only after checking its bytes against the record. */
    @Test
    void aCorruptModelObjectIsNamedNotLoaded() throws Exception {
        String md5 = v1.modelMd5().get(Layout.MODEL_DIR + "/" + Stages.MODEL);
        Path cached = project.dir().resolve(".dvc/cache/files/md5").resolve(md5.substring(0, 2)).resolve(md5.substring(2));
        Path stored = remote.resolve("files/md5").resolve(md5.substring(0, 2)).resolve(md5.substring(2));
        byte[] good = Files.readAllBytes(stored);
        Path aside = Files.createTempFile("model", ".onnx");
        Files.write(aside, good);
        try {
            WorkspaceCheckout.deleteAny(cached);
            stored.toFile().setWritable(true);
            byte[] bad = good.clone();
            bad[bad.length / 2] ^= 0x55;
            Files.write(stored, bad);
            assertThatThrownBy(() -> new Comparison(project).compare("v1", "v2")).isInstanceOf(JukeboxException.class)
                    .hasMessageContaining("model@v1").hasMessageContaining("corrupt");
            assertThatThrownBy(() -> ServedVersions.load(project, List.of("v1"), false))
                    .isInstanceOf(JukeboxException.class).hasMessageContaining("corrupt");
        } finally {
            Files.write(stored, good);
            Files.deleteIfExists(aside);
        }
    }

    @Test
    void recoverBringsBackV1FromTheRemoteThenCompare() throws Exception {
        Path dir = project.dir();
        // lose the data, the model and the cache: everything must come from the remote
        Files.delete(dir.resolve(Layout.PROPERTIES));
        Path model = dir.resolve(Layout.MODEL_DIR).resolve(Stages.MODEL);
        Files.delete(model);
        Files.writeString(model, "overwritten");
        WorkspaceCheckout.deleteAny(dir.resolve(".dvc/cache"));
        try {
            String out = jukebox("recover", "v1");
            assertThat(out).doesNotContain("MISMATCH");
            assertThat(FileHasher.md5(dir.resolve(Layout.PROPERTIES))).isEqualTo(v1.dataMd5().get(Layout.PROPERTIES));
            assertThat(FileHasher.md5(model)).isEqualTo(v1.modelMd5().get(Layout.MODEL_DIR + "/" + Stages.MODEL));
            assertThat(FileHasher.md5(dir.resolve(Layout.RANKINGS))).isEqualTo(v1.dataMd5().get(Layout.RANKINGS));

            Comparison.Result c = new Comparison(project).compare("v1", "v2");
            Comparison.TableChange props = c.tables().getFirst();
            assertThat(props.diff().oldRows()).isEqualTo(300);
            assertThat(props.diff().newRows()).isEqualTo(360);
            assertThat(props.diff().added()).hasSize(60);
            assertThat(c.songs()).isEqualTo(360);
            assertThat(c.countries()).hasSize(72);
            assertThat(c.disagreements()).hasSize(Comparison.TOP_SONGS);
            assertThat(c.disagreements().getFirst().distance())
                    .isGreaterThanOrEqualTo(c.disagreements().getLast().distance()).isPositive();
            String printed = jukebox("compare", "v1", "v2");
            assertThat(printed).contains("model@v1", "model@v2", "+60 added", "disagree on most");
        } finally {
            // NOTE: back to HEAD's files, so the order of the tests does not matter
            project.git("checkout", "HEAD", "--", ".");
            project.jdvc("pull", "-f");
        }
    }
}
