package org.jdvc.hash;

import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * An incremental MD5 for bytes that arrive in pieces (downloads verified while they are written): the system's
 * OpenSSL when {@link NativeMd5} can use it, Java's {@link MessageDigest} otherwise.
 *
 * <p>NOTE: chosen for speed, like NativeMd5: under the launcher's C1-only JIT, Java's MD5 has no intrinsic and hashed
 * a 1 GiB download at ~470 MB/s, half of a pull's CPU; OpenSSL reads the Java array in place at ~890 MB/s.
 *
 * <p>Not thread-safe, but the thread feeding it may change between calls (ranged downloads hash their parts in
 * order from whichever thread finished the next part). {@link #digest} ends it; a digest abandoned before that
 * keeps its 256-byte native context out of the pool for the rest of the process.
 */
public final class Md5Digest {
    private final MessageDigest fallback;
    private MemorySegment nativeContext;
    private boolean spent;

    public Md5Digest() {
        if (NativeMd5.AVAILABLE) {
            nativeContext = NativeMd5.start();
            fallback = null;
        } else {
            fallback = FileHasher.newMd5();
        }
    }

    public void update(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (spent) {
            throw new IllegalStateException("digest already taken");
        }
        if (fallback != null) {
            fallback.update(bytes, offset, length);
        } else {
            NativeMd5.update(nativeContext, bytes, offset, length);
        }
    }

    /** The 16-byte digest; the instance is spent afterwards. */
    public byte[] digest() {
        if (spent) {
            throw new IllegalStateException("digest already taken");
        }
        spent = true;
        if (fallback != null) {
            return fallback.digest();
        }
        MemorySegment ctx = nativeContext;
        nativeContext = null;
        return NativeMd5.finish(ctx);
    }
}
