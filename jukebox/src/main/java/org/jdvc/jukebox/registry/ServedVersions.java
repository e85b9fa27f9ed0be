package org.jdvc.jukebox.registry;

import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.project.Project;
import org.jdvc.jukebox.serve.ServedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Registered versions made ready to serve: each version's model, scaler, labels and {@code song_properties} (for
 * {@code spotify_id} lookups), read from its tag and verified against its record ({@link VersionFiles}) before the
 * server loads them. The protocol version of {@code model@vN} is {@code "N"}.
 *
 * @param defaultVersion the protocol version answering requests that name none: the {@code prod} version when it is
 *     served, else the newest served
 */
public record ServedVersions(List<ServedModel> models, String defaultVersion) implements AutoCloseable {

    /**
     * Loads {@code names} ({@code v1}, {@code 2}, {@code model@v3}); none: the {@code prod} version, else the newest.
     *
     * @param rawInputs numeric inputs are raw features (scaled with each version's scaler) rather than model-ready
     */
    public static ServedVersions load(Project project, List<String> names, boolean rawInputs) {
        ModelRegistry registry = new ModelRegistry(project);
        Map<String, ModelVersion> stages = new Promotion(project).stages();
        List<ModelVersion> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            ModelVersion prod = stages.get("prod");
            List<ModelVersion> all = registry.list();
            if (prod == null && all.isEmpty()) {
                throw new JukeboxException("nothing to serve: no model version is registered in " + project.dir()
                        + " (give --model FILE to serve a file)");
            }
            chosen.add(prod != null ? prod : all.getLast());
        } else {
            for (String n : names) {
                ModelVersion v = registry.require(n);
                if (chosen.stream().anyMatch(c -> c.version().equals(v.version()))) {
                    throw new JukeboxException(v.version() + " is named twice");
                }
                chosen.add(v);
            }
        }
        List<ServedModel> models = new ArrayList<>();
        try {
            for (ModelVersion v : chosen) {
                try (VersionFiles files = new VersionFiles(project, v)) {
                    models.add(new ServedModel(v.protocolVersion(), files.model(), files.scaler(), rawInputs,
                            files.labels(), ServedModel.byId(files.songs()), v.tag()));
                }
            }
        } catch (RuntimeException e) {
            models.forEach(ServedModel::close);
            throw e;
        }
        ModelVersion prod = stages.get("prod");
        String fallback = chosen.stream().max(java.util.Comparator.comparingInt(ModelVersion::number)).orElseThrow()
                .protocolVersion();
        String defaultVersion = prod != null && chosen.stream().anyMatch(c -> c.version().equals(prod.version()))
                ? prod.protocolVersion() : fallback;
        return new ServedVersions(List.copyOf(models), defaultVersion);
    }

    @Override
    public void close() {
        models.forEach(ServedModel::close);
    }
}
