package org.jdvc.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One stage of a {@code dvc.yaml} after interpolation ({@code ${}}, {@code foreach}, {@code matrix}): what to run,
 * where, and what it reads and writes. Immutable.
 *
 * @param name the stage name ({@code train}, {@code build@us}, {@code fit@0.1-adam} for generated stages)
 * @param file absolute path of the {@code dvc.yaml} that defines it
 * @param wdir absolute working directory (the file's directory resolved with {@code wdir:})
 * @param cmd the command: a {@code String}, or a {@code List<String>} run one after another
 * @param deps dependency paths as written, relative to {@code wdir}
 * @param parametrized true when the definition used {@code ${}}, {@code foreach} or {@code matrix}: DVC refuses to
 *     rewrite such a stage in dvc.yaml
 */
public record PipelineStage(String name, Path file, Path wdir, Object cmd, List<String> deps, List<ParamSpec> params,
        List<StageOut> outs, boolean frozen, boolean alwaysChanged, String desc, Object meta, boolean parametrized)
        implements StageNode {

    public PipelineStage {
        deps = List.copyOf(deps);
        params = List.copyOf(params);
        outs = List.copyOf(outs);
    }

    /** The command lines to run, in order. */
    public List<String> commands() {
        if (cmd instanceof List<?> l) {
            List<String> lines = new ArrayList<>();
            for (Object o : l) {
                lines.add(String.valueOf(o));
            }
            return lines;
        }
        return cmd == null ? List.of() : List.of(String.valueOf(cmd));
    }

    /** How DVC names the stage to a user in {@code cwd}: the name, prefixed by the file when it is not ./dvc.yaml. */
    @Override
    public String addressing(Path cwd) {
        Path rel = cwd.relativize(file);
        return rel.toString().equals(PipelineFile.NAME) ? name : rel + ":" + name;
    }

    /** Absolute path of a dependency or output path written relative to {@code wdir}. */
    public Path resolve(String path) {
        return wdir.resolve(path).normalize();
    }

    @Override
    public List<Path> depPaths() {
        List<Path> paths = new ArrayList<>(deps.size());
        for (String d : deps) {
            paths.add(resolve(d));
        }
        return paths;
    }

    @Override
    public List<Path> outPaths() {
        List<Path> paths = new ArrayList<>(outs.size());
        for (StageOut o : outs) {
            paths.add(resolve(o.path()));
        }
        return paths;
    }

    /** The lock file next to the defining dvc.yaml. */
    public Path lockFile() {
        return file.resolveSibling(LockFile.NAME);
    }
}
