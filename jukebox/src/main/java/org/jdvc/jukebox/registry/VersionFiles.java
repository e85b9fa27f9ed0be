package org.jdvc.jukebox.registry;

import org.jdvc.JdvcException;
import org.jdvc.api.DataVersion;
import org.jdvc.hash.FileHasher;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.project.Project;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.train.MinMaxScaler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A registered version's files, read from its tag through jdvc (the cache, else the remote) without touching the
 * workspace, each checked against the md5 the registry recorded before anything uses it: a corrupt or substituted
 * object is an error naming the version and the file, never a model that scores nonsense. Not thread-safe; close it.
 */
public final class VersionFiles implements AutoCloseable {
    private final ModelVersion version;
    private final DataVersion data;

    public VersionFiles(Project project, ModelVersion version) {
        this.version = version;
        try {
            this.data = project.api().dataAt(version.tag());
        } catch (JdvcException e) {
            throw new JukeboxException(version.tag() + ": " + e.getMessage(), e);
        }
    }

    public ModelVersion version() {
        return version;
    }

    /** The bytes of {@code path} (a model file or a table the version records), verified. */
    public byte[] read(String path) {
        String expected = version.modelMd5().containsKey(path) ? version.modelMd5().get(path)
                : version.dataMd5().get(path);
        if (expected == null) {
            throw new JukeboxException(version.tag() + " records no md5 for " + path);
        }
        byte[] bytes;
        try {
            bytes = data.readAllBytes(path);
        } catch (JdvcException | UncheckedIOException e) {
            throw new JukeboxException(version.tag() + ": cannot read " + path + ": " + e.getMessage(), e);
        }
        String actual = FileHasher.md5(bytes);
        if (!actual.equals(expected)) {
            throw new JukeboxException(version.tag() + ": " + path + " is corrupt: its bytes hash to " + actual
                    + ", the registry recorded " + expected);
        }
        return bytes;
    }

    /**
     * The bytes of any file the version's revision tracks (a pipeline output such as the held-out split), verified
     * by jdvc against the hash its {@code dvc.lock} or {@code .dvc} file records.
     */
    public byte[] readTracked(String path) {
        try {
            return data.readAllBytes(path);
        } catch (JdvcException | UncheckedIOException e) {
            throw new JukeboxException(version.tag() + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The version's ONNX model, loaded from verified bytes. */
    public OnnxModel model() {
        String path = Layout.MODEL_DIR + "/" + Stages.MODEL;
        return new OnnxModel(read(path), version.tag() + ":" + path);
    }

    /** The version's scaler (the training split's min and max). */
    public MinMaxScaler scaler() {
        String path = Layout.MODEL_DIR + "/" + Stages.SCALER;
        try {
            return MinMaxScaler.read(read(path), version.tag() + ":" + path);
        } catch (IOException e) {
            throw new JukeboxException(e.getMessage(), e);
        }
    }

    /** The version's country labels, in output order. */
    public List<String> labels() {
        String path = Layout.MODEL_DIR + "/" + Stages.LABELS;
        if (!(Json.read(new String(read(path), StandardCharsets.UTF_8)) instanceof List<?> l)
                || !l.stream().allMatch(o -> o instanceof String)) {
            throw new JukeboxException(version.tag() + ":" + path + " is not a JSON list of country codes");
        }
        return l.stream().map(String::valueOf).toList();
    }

    /** The songs of the {@code song_properties} table the version was trained on. */
    public List<Song> songs() {
        byte[] bytes = read(Layout.PROPERTIES);
        try {
            // NOTE: the Parquet reader takes a file; the verified bytes go to a private temporary one
            Path tmp = Files.createTempFile("jukebox-" + version.version() + "-", ".parquet");
            try {
                Files.write(tmp, bytes);
                return SongTables.readSongs(tmp).songs();
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new JukeboxException(version.tag() + ":" + Layout.PROPERTIES + " is not a readable table ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        data.close();
    }
}
