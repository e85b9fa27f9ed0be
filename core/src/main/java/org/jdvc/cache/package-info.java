/**
 * The local cache (DVC's object database on disk, spec §2) and materialising its objects in the workspace.
 *
 * <p>{@link org.jdvc.cache.LocalCache} stores verified, read-only objects and applies DVC's verification rule;
 * {@link org.jdvc.cache.Linker} links them into the workspace with the configured {@link org.jdvc.cache.LinkType}
 * chain. Hashing inside this package (package-private {@code ObjectDigest}, md5 and legacy md5-dos2unix) exists only
 * to verify bytes while they are copied; whole-file hashing for the rest of jdvc lives in {@code org.jdvc.hash}.
 * Reflink, hard link and symlink go through {@code java.lang.foreign} on Linux (needs
 * {@code --enable-native-access=ALL-UNNAMED}; without it they degrade to NIO and reflink is reported unsupported).
 */
package org.jdvc.cache;
