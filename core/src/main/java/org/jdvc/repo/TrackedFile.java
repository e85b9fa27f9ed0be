package org.jdvc.repo;

import java.nio.file.Path;
import org.jdvc.model.DvcFile;

/**
 * A {@code .dvc} file of the workspace: where it is, its text as read (kept so a rewrite can preserve comments) and
 * its parsed content.
 */
public record TrackedFile(Path path, String text, DvcFile content) {
    /** The directory its output paths are relative to. */
    public Path baseDir() {
        Path dir = path.getParent();
        String wdir = content.wdir();
        return wdir == null || wdir.equals(".") ? dir : dir.resolve(wdir).normalize();
    }
}
