package org.jdvc.hash;

/**
 * What the state database keys a file's hash on: if a file's inode, modification time (nanoseconds) and size are
 * unchanged, its content is assumed unchanged and it is not hashed again (DVC's rule).
 */
public record FileStamp(long inode, long mtimeNanos, long size) {
}
