package org.jdvc.cache;

import java.nio.file.Path;
import java.util.Objects;

/** One file for {@link Linker#linkAll}: put {@code cacheObject} at {@code workspaceFile}. */
public record LinkRequest(Path cacheObject, Path workspaceFile, boolean isExec) {
    public LinkRequest {
        Objects.requireNonNull(cacheObject, "cacheObject");
        Objects.requireNonNull(workspaceFile, "workspaceFile");
    }
}
