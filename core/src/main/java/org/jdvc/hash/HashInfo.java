package org.jdvc.hash;

import java.util.Objects;

/**
 * A content hash as DVC records it: the hash name ({@code md5} for DVC 3 entries, {@code md5-dos2unix} for legacy
 * DVC 2 entries that lack {@code hash: md5}) and the lowercase hex value, with the {@code .dir} suffix for directory
 * manifests. The value is the object id ("oid") in caches and remotes.
 */
public record HashInfo(String name, String value) {
    public static final String MD5 = "md5";
    public static final String MD5_DOS2UNIX = "md5-dos2unix";
    public static final String DIR_SUFFIX = ".dir";

    public HashInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static HashInfo md5(String value) {
        return new HashInfo(MD5, value);
    }

    public boolean isDir() {
        return value.endsWith(DIR_SUFFIX);
    }

    public boolean isLegacy() {
        return MD5_DOS2UNIX.equals(name);
    }

    /** The hex digest without the {@code .dir} suffix. */
    public String digest() {
        int dot = value.indexOf('.');
        return dot < 0 ? value : value.substring(0, dot);
    }
}
