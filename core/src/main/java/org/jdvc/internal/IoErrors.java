package org.jdvc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;

/**
 * I/O failures as one line a user can act on: the file (and the other file of a rename or link) and the operating
 * system's reason in its own words ({@code No space left on device}, {@code Permission denied}...), never a Java
 * exception's name. Java leaves the reason out of several exceptions ({@code AccessDeniedException} carries only the
 * path); they get the words the OS would print.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** {@code 'file' [-> 'other']: reason}, or the message of an exception that names no file. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String where = "'" + f.getFile() + "'" + (f.getOtherFile() != null ? " -> '" + f.getOtherFile() + "'" : "");
            return where + ": " + reason(e);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? reasonOf(e) : m.lines().findFirst().orElse(m);
    }

    /** The first I/O failure in {@code t}'s causes (an {@link UncheckedIOException}'s included), or null. */
    public static IOException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException io) {
                return io;
            }
            if (c instanceof UncheckedIOException u) {
                return u.getCause();
            }
        }
        return null;
    }

    /**
     * {@code e} naming {@code file} when it names no file itself (a channel's {@code write} or {@code force} throws a
     * bare {@code IOException("Input/output error")}), so that the message can say which file failed.
     */
    public static IOException naming(IOException e, Path file) {
        return naming(e, file, null);
    }

    /** Like {@link #naming(IOException, Path)}, for a copy or a link from {@code file} to {@code other}. */
    public static IOException naming(IOException e, Path file, Path other) {
        if (e instanceof FileSystemException) {
            return e;
        }
        FileSystemException named = new FileSystemException(file.toString(), other == null ? null : other.toString(),
                e.getMessage() == null ? reasonOf(e) : e.getMessage());
        named.initCause(e);
        return named;
    }

    /** The reason alone, for a message that names the file already: {@code Permission denied}. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getReason() != null && !f.getReason().isBlank() ? f.getReason() : reasonOf(f);
        }
        return describe(e);
    }

    private static String reasonOf(IOException e) {
        return switch (e) {
            case AccessDeniedException x -> "Permission denied";
            case NoSuchFileException x -> "No such file or directory";
            case FileAlreadyExistsException x -> "File exists";
            case DirectoryNotEmptyException x -> "Directory not empty";
            case NotDirectoryException x -> "Not a directory";
            case NotLinkException x -> "Not a symbolic link";
            case FileSystemLoopException x -> "Too many levels of symbolic links";
            case AtomicMoveNotSupportedException x -> "the file system cannot rename atomically";
            default -> e.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase();
        };
    }
}
