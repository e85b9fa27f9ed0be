package org.jdvc.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What the state database keys a file's hash on: if a file's inode, modification time (nanoseconds) and size are
 * unchanged, its content is assumed unchanged and it is not hashed again (DVC's rule).
 */
public record FileStamp(long inode, long mtimeNanos, long size) {
    /**
     * Stamps {@code file}, following symlinks (the hashed content is the target's). One {@code stat} call.
     *
     * @throws IOException if the file cannot be stat'ed (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static FileStamp of(Path file) throws IOException {
        return of(Files.readAttributes(file, BasicFileAttributes.class));
    }

    /**
     * Stamps from attributes already read (e.g. by a directory walk), avoiding a second {@code stat}. The attributes
     * must describe the file whose content is hashed, i.e. be read following symlinks. On platforms whose file key is
     * not a Unix {@code (dev=..,ino=..)} key, the inode is 0 and only mtime and size are compared.
     */
    public static FileStamp of(BasicFileAttributes attrs) {
        // NOTE: measured on Linux/JDK 25 over 70k files (warm): BasicFileAttributes + parsing fileKey() 1.8 us/file,
        // readAttributes("unix:ino,size,lastModifiedTime") 2.0 us (cold first pass 4.5 vs 5.8 us). Both are one
        // stat(2); the map-based view only adds boxing, and the basic view lets the walk's attributes be reused.
        return new FileStamp(inode(attrs.fileKey()), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), attrs.size());
    }

    static long inode(Object fileKey) {
        if (fileKey == null) {
            return 0;
        }
        String k = fileKey.toString(); // UnixFileKey: "(dev=fe00,ino=13402142)"
        int i = k.indexOf("ino=");
        if (i < 0) {
            return 0;
        }
        int start = i + 4;
        int end = start;
        while (end < k.length() && Character.isDigit(k.charAt(end))) {
            end++;
        }
        return end == start ? 0 : Long.parseLong(k, start, end, 10);
    }
}
