package org.jdvc.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * An exclusive, non-blocking {@code flock(2)} lock on a file, the kind DVC (through zc.lockfile) takes on
 * {@code .dvc/tmp/lock}, so jdvc and DVC processes exclude each other.
 *
 * <p>{@link #tryLock(Path)} opens (creating if needed, mode 0644 before umask) the file with libc {@code open} and
 * tries {@code flock(fd, LOCK_EX | LOCK_NB)} once; the lock lives until {@link #close()} closes the descriptor, or the
 * process dies (the kernel then releases it, so a crashed holder never leaves a stale lock). The file is never deleted.
 * Like every flock lock it belongs to the open file description: a second {@code tryLock} of the same file in the same
 * process fails too.
 *
 * <p>NOTE: {@link java.nio.channels.FileChannel#lock()} cannot be used: on Linux it takes fcntl (POSIX record) locks,
 * which do not conflict with flock locks, so DVC and jdvc would both "hold" the lock. The JDK does not expose a
 * channel's descriptor, hence the file is opened through libc here (java.lang.foreign).
 *
 * <p>Supported on Linux and macOS. Thread-safety: an instance is not meant to be shared; {@link #close()} is
 * idempotent and safe to call from any thread.
 */
public final class FileLock implements AutoCloseable {
    private static final Native NATIVE = new Native();

    private final Path path;
    private int fd;

    private FileLock(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Tries once to take the lock.
     *
     * @return the held lock, or empty if another open file description holds it
     * @throws IOException if the file cannot be opened or flock fails for another reason than contention
     */
    public static Optional<FileLock> tryLock(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        int fd = NATIVE.open(absolute);
        boolean locked = false;
        try {
            locked = NATIVE.tryFlock(fd, absolute);
        } finally {
            if (!locked) {
                NATIVE.close(fd);
            }
        }
        return locked ? Optional.of(new FileLock(absolute, fd)) : Optional.empty();
    }

    /** The absolute path of the locked file. */
    public Path path() {
        return path;
    }

    /** Releases the lock by closing the descriptor. Idempotent. */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            NATIVE.close(fd);
            fd = -1;
        }
    }

    /** The libc calls, bound once per JVM. */
    private static final class Native {
        private static final int LOCK_EX = 2;
        private static final int LOCK_NB = 4;

        private final boolean mac = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac");
        // NOTE: open(2) flag values are not portable: Linux (x86_64 and aarch64 share them) vs. BSD/macOS.
        private final int openFlags = mac
                ? 0x0002 | 0x0200 | 0x01000000 // O_RDWR | O_CREAT | O_CLOEXEC
                : 0x0002 | 0x0040 | 0x80000; // O_RDWR | O_CREAT | O_CLOEXEC
        private final int ewouldblock = mac ? 35 : 11;
        private final int eintr = 4;

        private final MethodHandle open;
        private final MethodHandle flock;
        private final MethodHandle close;
        private final StructLayout stateLayout = Linker.Option.captureStateLayout();
        private final VarHandle errno = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        Native() {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option captureErrno = Linker.Option.captureCallState("errno");
            // NOTE: open is variadic (the mode argument); firstVariadicArg makes the call ABI-correct on aarch64/macOS.
            open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT),
                    Linker.Option.firstVariadicArg(2), captureErrno);
            flock = linker.downcallHandle(libc.find("flock").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                    captureErrno);
            close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        }

        int open(Path file) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(stateLayout);
                MemorySegment cPath = arena.allocateFrom(file.toString());
                while (true) {
                    int fd = (int) open.invokeExact(state, cPath, openFlags, 0644);
                    if (fd >= 0) {
                        return fd;
                    }
                    int err = (int) errno.get(state, 0L);
                    if (err != eintr) {
                        throw new IOException("Cannot open lock file '" + file + "': " + describe(err));
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        boolean tryFlock(int fd, Path file) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(stateLayout);
                while (true) {
                    int rc = (int) flock.invokeExact(state, fd, LOCK_EX | LOCK_NB);
                    if (rc == 0) {
                        return true;
                    }
                    int err = (int) errno.get(state, 0L);
                    if (err == ewouldblock) {
                        return false;
                    }
                    if (err != eintr) {
                        throw new IOException("Cannot lock '" + file + "': " + describe(err));
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        void close(int fd) {
            try {
                int ignored = (int) close.invokeExact(fd);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        private String describe(int err) {
            return NativeFileOps.strerror(err) + " (errno " + err + ")";
        }
    }
}
