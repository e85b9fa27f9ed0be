package org.jdvc.jukebox.cli;

import ai.onnxruntime.OrtException;
import org.jdvc.JdvcException;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.project.Project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The one place that turns a failure into the one line {@code jukebox} prints: the user's own errors (a missing file,
 * a refused registration, an unknown version, a port in use) as they are worded where they happen; a failure of the
 * program itself as "unexpected error" (run with {@code -v} for its stack trace).
 */
final class ErrorMessages {
    private ErrorMessages() {
    }

    static String of(Throwable e) {
        return switch (e) {
            case JukeboxException j -> j.getMessage();
            case Project.ProjectException p -> p.getMessage();
            case JdvcException j -> j.getMessage();
            case NoSuchFileException n -> "no such file: " + n.getFile();
            case AccessDeniedException a -> "permission denied: " + a.getFile();
            case FileAlreadyExistsException f -> "already exists: " + f.getFile();
            case NotDirectoryException d -> "not a directory: " + d.getFile();
            case UncheckedIOException u -> of(u.getCause());
            case IOException io -> io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
            case OrtException o -> "ONNX Runtime: " + firstLine(o.getMessage());
            case IllegalArgumentException i when i.getMessage() != null -> i.getMessage();
            default -> "unexpected error: " + e.getClass().getName() + (e.getMessage() == null ? ""
                    : ": " + firstLine(e.getMessage())) + " (-v prints the stack trace)";
        };
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
