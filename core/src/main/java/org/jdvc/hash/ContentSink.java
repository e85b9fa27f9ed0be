package org.jdvc.hash;

import java.io.IOException;

/**
 * Receives the bytes of a small file that a hasher read whole into memory, together with the hash it computed from
 * exactly those bytes, so the caller can store them (e.g. as a cache object) without opening the file again.
 *
 * <p>Called from hashing threads, concurrently; {@code content} is a per-thread buffer that is reused after the call
 * returns, so an implementation must not keep it. An exception fails the whole hashing call.
 */
@FunctionalInterface
public interface ContentSink {
    void accept(HashInfo hash, byte[] content, int length) throws IOException;
}
