package org.jdvc.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces files so that a reader sees either the old or the new content, never a mix or a truncated file.
 *
 * <p>Each call writes a temp file {@code .<22 url-safe base64 chars>.tmp} next to the target (same directory, hence
 * same file system), forces it to disk, and renames it over the target with {@code ATOMIC_MOVE}. When the target
 * exists, its POSIX permissions are carried over to the new file; otherwise the new file gets the process default
 * (0666 minus the umask, typically 0644).
 *
 * <p>Failures: any {@link IOException} propagates after the temp file has been removed; the target is then unchanged.
 * The directory itself is not fsynced, so after a power loss the rename may be lost (DVC gives no stronger guarantee).
 *
 * <p>Thread-safety: stateless and safe for concurrent use; concurrent writers of the same target each win in some
 * order (last rename wins), none produces a mixed file.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Atomically replaces (or creates) {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path temp = newTempPath(target);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            publish(temp, target);
        } catch (IOException e) {
            TempName.discard(temp, e);
            throw IoErrors.naming(e, target);
        } catch (RuntimeException | Error e) {
            TempName.discard(temp, e);
            throw e;
        }
    }

    /** Atomically replaces (or creates) {@code target} with {@code text} encoded as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Atomically replaces (or creates) {@code target} with a copy of {@code source}'s content (symlinks followed). The
     * permissions follow the rules of this class (the target's, else the default), not the source's.
     */
    public static void copy(Path source, Path target) throws IOException {
        Path temp = newTempPath(target);
        try {
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                // NOTE: transferTo lets the JDK use copy_file_range/sendfile; it may copy less than asked, hence
                // the loop, and the size is re-read each round in case the source grows while copying.
                long position = 0;
                while (position < in.size()) {
                    long copied = in.transferTo(position, in.size() - position, out);
                    if (copied <= 0) {
                        break;
                    }
                    position += copied;
                }
                out.force(true);
            }
            publish(temp, target);
        } catch (IOException e) {
            TempName.discard(temp, e);
            throw IoErrors.naming(e, target);
        } catch (RuntimeException | Error e) {
            TempName.discard(temp, e);
            throw e;
        }
    }

    private static Path newTempPath(Path target) {
        return target.toAbsolutePath().resolveSibling(TempName.next());
    }

    private static void publish(Path temp, Path target) throws IOException {
        copyPermissions(target, temp);
        // NOTE: no fallback to a plain move when ATOMIC_MOVE is refused: that would break the contract.
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView fromView = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (fromView == null) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = fromView.readAttributes().permissions();
        } catch (NoSuchFileException e) {
            return; // a new file: keep the umask-derived default of the temp file
        }
        Files.getFileAttributeView(to, PosixFileAttributeView.class).setPermissions(permissions);
    }

}
