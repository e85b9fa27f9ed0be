package org.jdvc.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdvc.JdvcException;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedFile;
import org.jdvc.repo.TrackedFiles;

/**
 * Every stage of a workspace: the stages of each {@code dvc.yaml} (found everywhere below the root, skipping
 * {@code .git}, {@code .dvc}, dvcignored paths and nested repositories) followed by the {@code .dvc} data sources.
 * Files are read once, when the project is collected.
 */
public final class Project {
    private final Repository repo;
    private final List<PipelineFile> pipelineFiles;
    private final List<TrackedFile> dataFiles;

    private Project(Repository repo, List<PipelineFile> pipelineFiles, List<TrackedFile> dataFiles) {
        this.repo = repo;
        this.pipelineFiles = pipelineFiles;
        this.dataFiles = dataFiles;
    }

    public static Project collect(Repository repo) {
        return new Project(repo, pipelineFiles(repo), TrackedFiles.collect(repo));
    }

    /**
     * Only the {@code dvc.yaml} files, parsed, in path order. Directories that are outputs (of a stage found higher
     * up, or of a {@code .dvc} file beside them) are not searched: they hold data, not pipelines, and may be huge.
     */
    public static List<PipelineFile> pipelineFiles(Repository repo) {
        List<PipelineFile> found = new ArrayList<>();
        try {
            findPipelineFiles(repo, repo.root(), "", found, new java.util.HashSet<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort((a, b) -> a.path().compareTo(b.path()));
        return found;
    }

    private static void findPipelineFiles(Repository repo, Path dir, String rel, List<PipelineFile> found,
            java.util.Set<Path> outputs) throws IOException {
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String childRel = rel.isEmpty() ? name : rel + "/" + name;
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (!name.equals(".git") && !name.equals(Repository.DVC_DIR) && !name.equals(".hg")
                            && !repo.ignore().isIgnored(childRel, true)
                            && !Files.isDirectory(p.resolve(Repository.DVC_DIR))) {
                        subdirs.add(p);
                    }
                } else if (name.equals(PipelineFile.NAME) && !repo.ignore().isIgnored(childRel, false)) {
                    PipelineFile f = PipelineFile.load(p, repo.root());
                    found.add(f);
                    f.stages().forEach(s -> outputs.addAll(s.outPaths()));
                } else if (name.endsWith(".dvc") && Files.isRegularFile(p)
                        && !repo.ignore().isIgnored(childRel, false)) {
                    try {
                        TrackedFile t = TrackedFiles.read(p, repo.root());
                        for (var o : t.content().outs()) {
                            outputs.add(t.baseDir().resolve(o.path()).normalize());
                        }
                    } catch (RuntimeException e) {
                        // NOTE: a broken .dvc file is reported by the commands that read .dvc files, not here.
                    }
                }
            }
        }
        subdirs.sort(null);
        for (Path sub : subdirs) {
            if (outputs.contains(sub)) {
                continue;
            }
            String name = sub.getFileName().toString();
            findPipelineFiles(repo, sub, rel.isEmpty() ? name : rel + "/" + name, found, outputs);
        }
    }

    public Repository repository() {
        return repo;
    }

    public List<PipelineFile> pipelineFiles() {
        return pipelineFiles;
    }

    public List<TrackedFile> dataFiles() {
        return dataFiles;
    }

    /** The pipeline stages, file by file, in file order. */
    public List<PipelineStage> stages() {
        List<PipelineStage> all = new ArrayList<>();
        for (PipelineFile f : pipelineFiles) {
            all.addAll(f.stages());
        }
        return all;
    }

    /** Pipeline stages first, then data sources: the order DVC reports them in. */
    public List<StageNode> nodes() {
        List<StageNode> all = new ArrayList<>(stages());
        for (TrackedFile f : dataFiles) {
            all.add(new DataSource(f));
        }
        return all;
    }

    public Optional<PipelineFile> pipelineFile(Path abs) {
        return pipelineFiles.stream().filter(f -> f.path().equals(abs)).findFirst();
    }

    /**
     * The nodes a user target names, seen from {@code cwd}: a stage name ({@code train}, looked up in
     * {@code ./dvc.yaml}), {@code path/dvc.yaml:name}, a {@code dvc.yaml} (all its stages), a {@code .dvc} file, or an
     * output path.
     *
     * @throws JdvcException in DVC's words when nothing matches
     */
    public List<StageNode> resolve(String target, Path cwd) {
        String fileText = null;
        String name = target;
        int colon = target.lastIndexOf(':');
        if (colon > 0) {
            fileText = target.substring(0, colon);
            name = target.substring(colon + 1);
        }
        if (fileText != null || !target.contains("/") && !target.endsWith(".dvc")) {
            Path file = cwd.resolve(fileText == null ? PipelineFile.NAME : fileText).normalize();
            Optional<PipelineFile> pf = pipelineFile(file);
            if (pf.isPresent()) {
                Optional<PipelineStage> stage = pf.get().stage(name);
                if (stage.isPresent()) {
                    return List.of(stage.get());
                }
                List<StageNode> group = new ArrayList<>();
                for (PipelineStage s : pf.get().stages()) {
                    if (s.name().startsWith(name + "@")) {
                        group.add(s);
                    }
                }
                if (!group.isEmpty()) {
                    return group;
                }
            }
            if (fileText != null || !java.nio.file.Files.exists(cwd.resolve(target))) {
                throw new StageNotFoundException(name, cwd.relativize(file).toString());
            }
        }
        Path abs = cwd.resolve(target).normalize();
        Optional<PipelineFile> pf = pipelineFile(abs);
        if (pf.isPresent()) {
            return new ArrayList<>(pf.get().stages());
        }
        for (TrackedFile f : dataFiles) {
            if (f.path().equals(abs)) {
                return List.of(new DataSource(f));
            }
        }
        for (StageNode n : nodes()) {
            if (n.outPaths().contains(abs)) {
                return List.of(n);
            }
        }
        throw new JdvcException("'" + target + "' does not exist as an output or a stage name in 'dvc.yaml'",
                JdvcException.REFUSED);
    }

    /** A stage name that names nothing: {@code Stage 'x' not found inside 'dvc.yaml' file}. */
    public static final class StageNotFoundException extends JdvcException {
        public StageNotFoundException(String name, String file) {
            super("Stage '" + name + "' not found inside '" + file + "' file", REFUSED);
        }
    }
}
