package org.jdvc.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jdvc.JdvcException;
import org.jdvc.internal.FileLock;
import org.jdvc.internal.IoErrors;

/**
 * The repository lock every mutating command holds: {@code .dvc/tmp/lock}, interlocking with DVC (spec §9.1).
 *
 * <p>{@link #acquire(Path)} creates {@code .dvc/tmp} if needed, tries a non-blocking exclusive flock up to 6 times
 * over about 3 seconds (DVC's policy) and writes {@code " <pid>\n"} into the file once held (zc.lockfile's content;
 * informational only, nobody parses it). On contention it throws {@link LockException} with DVC's message.
 * {@link #close()} releases the lock; the file stays. The lock is reentrant neither within a thread nor a process.
 *
 * <p>Thread-safety: acquisition is safe from any thread; an instance is closed once by its owner ({@code close} is
 * idempotent).
 */
public final class RepoLock implements AutoCloseable {
    /** DVC's message, verbatim (format_link renders the URL in angle brackets when not on a color terminal). */
    static final String DVC_MESSAGE = "Unable to acquire lock. Most likely another DVC process is running or was "
            + "terminated abruptly. Check the page <https://dvc.org/doc/user-guide/troubleshooting#lock-issue> for "
            + "other possible reasons and to learn how to resolve this.";

    private static final int ATTEMPTS = 6;
    private static final Duration DELAY = Duration.ofMillis(500);

    private final FileLock lock;

    private RepoLock(FileLock lock) {
        this.lock = lock;
    }

    /** Takes the lock of the repository whose DVC directory is {@code dvcDir}, retrying like DVC. */
    public static RepoLock acquire(Path dvcDir) {
        return acquire(dvcDir, ATTEMPTS, DELAY);
    }

    /**
     * Takes the lock with an explicit retry policy: {@code attempts} tries, sleeping {@code delay} between them.
     *
     * @throws LockException when every attempt found the lock held
     * @throws JdvcException when the lock file cannot be created or opened, or the wait is interrupted
     */
    public static RepoLock acquire(Path dvcDir, int attempts, Duration delay) {
        Path file = dvcDir.resolve("tmp").resolve("lock");
        try {
            Files.createDirectories(file.getParent());
            for (int attempt = 1; ; attempt++) {
                Optional<FileLock> held = FileLock.tryLock(file);
                if (held.isPresent()) {
                    writePid(held.get());
                    return new RepoLock(held.get());
                }
                if (attempt >= attempts) {
                    throw new LockException(DVC_MESSAGE + " (lock file: " + file + ")");
                }
                Thread.sleep(delay);
            }
        } catch (IOException e) {
            throw new JdvcException("Cannot take the repository lock '" + file + "': " + IoErrors.describe(e),
                    JdvcException.FAILED, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JdvcException("Interrupted while waiting for the repository lock '" + file + "'",
                    JdvcException.FAILED, e);
        }
    }

    private static void writePid(FileLock held) throws IOException {
        try {
            // NOTE: written through a second descriptor; flock is advisory, so this open is not blocked by our lock.
            Files.writeString(held.path(), " " + ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            held.close();
            throw e;
        }
    }

    /** The absolute path of the lock file. */
    public Path path() {
        return lock.path();
    }

    @Override
    public void close() {
        lock.close();
    }
}
