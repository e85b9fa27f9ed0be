package org.jdvc.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdvc.JdvcException;
import org.jdvc.config.ConfigFile;
import org.jdvc.hash.TreeManifest;
import org.jdvc.model.DvcFile;
import org.jdvc.model.RepositoryText;

/**
 * Coverage-guided fuzzing of every parser of files a repository supplies (Jazzer). The property: whatever the bytes,
 * a parser returns a value or throws a {@link JdvcException} (whose message the command line prints as one line);
 * any other exception, a {@link StackOverflowError} included, is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} (as in {@code ./test.sh}) each method replays its committed inputs
 * ({@code src/test/resources/org/jdvc/pipeline/ParsersFuzzTestInputs/<method>/}: valid files and every crash found so
 * far); {@code scripts/fuzz.sh} fuzzes each for a time budget and keeps what it finds.
 */
class ParsersFuzzTest {
    private static final Path ROOT = scratch();

    private static Path scratch() {
        try {
            Path root = Files.createTempDirectory("jdvc-fuzz");
            Files.writeString(root.resolve("params.yaml"), "lr: 0.1\nlayers: [1, 2]\n");
            root.toFile().deleteOnExit();
            root.resolve("params.yaml").toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code parse}; a {@link JdvcException} is the documented failure, anything else escapes. */
    private static void expectMessageOrValue(Runnable parse) {
        try {
            parse.run();
        } catch (JdvcException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("an error without a message", e);
            }
        }
    }

    private static String text(byte[] data, String name) {
        return RepositoryText.decode(data, name);
    }

    @FuzzTest(maxDuration = "10s")
    void dvcFile(byte[] data) {
        expectMessageOrValue(() -> DvcFile.parse(text(data, "f.dvc"), "f.dvc"));
    }

    @FuzzTest(maxDuration = "10s")
    void pipelineFile(byte[] data) {
        expectMessageOrValue(() -> PipelineFile.parse(text(data, "dvc.yaml"), ROOT.resolve("dvc.yaml"), ROOT));
    }

    @FuzzTest(maxDuration = "10s")
    void lockFile(byte[] data) {
        expectMessageOrValue(() -> LockFile.parse(text(data, "dvc.lock"), ROOT.resolve("dvc.lock"), "dvc.lock"));
    }

    @FuzzTest(maxDuration = "10s")
    void directoryManifest(byte[] data) {
        expectMessageOrValue(() -> TreeManifest.parse(data, "x.dir"));
    }

    @FuzzTest(maxDuration = "10s")
    void config(byte[] data) {
        expectMessageOrValue(() -> ConfigFile.parse(text(data, "config"), "config"));
    }

    @FuzzTest(maxDuration = "10s")
    void paramsYaml(byte[] data) {
        expectMessageOrValue(() -> ParamsFile.parse(text(data, "params.yaml"), "params.yaml"));
    }

    @FuzzTest(maxDuration = "10s")
    void paramsJson(byte[] data) {
        expectMessageOrValue(() -> ParamsFile.parse(text(data, "params.json"), "params.json"));
    }

    @FuzzTest(maxDuration = "10s")
    void paramsToml(byte[] data) {
        expectMessageOrValue(() -> ParamsFile.parse(text(data, "params.toml"), "params.toml"));
    }

    @FuzzTest(maxDuration = "10s")
    void paramsPython(byte[] data) {
        expectMessageOrValue(() -> ParamsFile.parse(text(data, "params.py"), "params.py"));
    }
}
