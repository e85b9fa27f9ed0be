package org.jdvc.jukebox.registry;

import org.jdvc.hash.FileHasher;
import org.jdvc.jukebox.cli.JukeboxCommand;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.project.Project;
import org.jdvc.repo.WorkspaceCheckout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
 * The registry, recovery and comparison on a small project with two versions, real git and jdvc's real command
 * line. Unlike the demo, the tables are tracked with {@code jdvc add} (no import), and the commands are called
 * through {@code jukebox}'s command line where they have one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelRegistryTest {
    Project project;
    ModelVersion v1;
    ModelVersion v2;
    String dataCommit1;
    final List<String> log = new ArrayList<>();

    @BeforeAll
    void twoVersions(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("project"));
        project = new Project(dir, Map.of(), log::add);
        project.git("init", "-q");
        project.jdvc("init", "-q");
        project.jdvc("remote", "add", "-d", "store", Files.createDirectories(root.resolve("store")).toString());
        Params.defaults().withEpochs(3).write(dir.resolve(Layout.PARAMS));
        Files.writeString(dir.resolve(".gitignore"), "/" + Layout.PREPARED + "\n");

        dataCommit1 = version(dir, 300, "first data");
        v1 = new ModelRegistry(project).register();
        version(dir, 360, "second data");
        v2 = new ModelRegistry(project).register();
    }

    /** Writes tables of {@code songs} songs, tracks and commits them, runs the three stages; returns the commit. */
    private String version(Path dir, int songs, String message) throws Exception {
        SyntheticSongs gen = new SyntheticSongs(SyntheticSongs.Options.defaults(3).withSongs(songs).withDays(8));
        List<Song> s = gen.songs();
        List<Ranking> r = gen.rankings(s, 1);
        SongTables.writeSongs(dir.resolve(Layout.PROPERTIES), s);
        SongTables.writeRankings(dir.resolve(Layout.RANKINGS), r);
        project.jdvc("add", Layout.PROPERTIES, Layout.RANKINGS);
        project.git("add", "-A");
        project.git("commit", "-q", "-m", message);
        Params p = Params.read(dir.resolve(Layout.PARAMS));
        Stages.prepare(dir.resolve(Layout.PROPERTIES), dir.resolve(Layout.RANKINGS), p, dir.resolve(Layout.PREPARED));
        Stages.train(dir.resolve(Layout.PREPARED), p, dir.resolve(Layout.MODEL_DIR), 1);
        Stages.evaluate(dir.resolve(Layout.PREPARED), dir.resolve(Layout.MODEL_DIR), dir.resolve(Layout.METRICS),
                dir.resolve(Layout.PLOTS));
        return project.commitOf("HEAD");
    }

    private String jukebox(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            List<String> full = new ArrayList<>(List.of(args));
            full.add("--project");
            full.add(project.dir().toString());
            int code = new CommandLine(new JukeboxCommand()).execute(full.toArray(String[]::new));
            assertThat(code).as("jukebox %s: %s", String.join(" ", args), buf).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionsRecordTheirLineage() throws Exception {
        assertThat(v1.version()).isEqualTo("v1");
        assertThat(v2.version()).isEqualTo("v2");
        assertThat(v1.gitRevision()).isEqualTo(dataCommit1);
        String dvcAtV1 = project.gitQuiet("show", v1.gitRevision() + ":" + Layout.PROPERTIES + ".dvc");
        assertThat(dvcAtV1).contains("md5: " + v1.dataMd5().get(Layout.PROPERTIES));
        assertThat(v2.dataMd5().get(Layout.PROPERTIES)).isNotEqualTo(v1.dataMd5().get(Layout.PROPERTIES));
        assertThat(v1.params()).containsEntry("train.epochs", 3);
        assertThat(v1.metrics()).containsKeys("accuracy", "top5_accuracy");
        assertThat(v1.json()).containsKey("remote");
        // the tag sits on the commit that registers the version, which tracks the model it describes
        String modelDvc = project.gitQuiet("show", v1.tag() + ":" + Layout.MODEL_DIR + ".dvc");
        assertThat(modelDvc).contains("path: " + Layout.MODEL_DIR);
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
    }

    @Test
    void registerRefusesUncommittedInputs() throws Exception {
        Path params = project.dir().resolve(Layout.PARAMS);
        String before = Files.readString(params);
        Files.writeString(params, before + "# edited\n");
        try {
            assertThatThrownBy(() -> new ModelRegistry(project).register()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Layout.PARAMS);
        } finally {
            Files.writeString(params, before);
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
    }
}
