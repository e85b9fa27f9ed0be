package org.jdvc.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdvc.JdvcException;

/** How a cache object is materialised in the workspace ({@code cache.type}, spec §2.4). */
public enum LinkType {
    /** Copy-on-write clone (FICLONE); a writable, independent file that shares blocks with the object. */
    REFLINK,
    /** A hard link: the workspace file IS the read-only object. */
    HARDLINK,
    /** A symbolic link to the object's absolute path. */
    SYMLINK,
    /** A writable byte copy. */
    COPY;

    /** DVC's default for a local cache: {@code reflink,copy}. */
    public static final List<LinkType> DEFAULT = List.of(REFLINK, COPY);

    /** The config spelling ({@code reflink}, {@code hardlink}, ...). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One config word, case-insensitive and trimmed; unknown words are a configuration error. */
    public static LinkType fromConfig(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        for (LinkType t : values()) {
            if (t.configName().equals(w)) {
                return t;
            }
        }
        throw new JdvcException("cache.type: unknown link type '" + word.strip()
                + "' (expected reflink, hardlink, symlink or copy)", JdvcException.CONFIG);
    }

    /**
     * A {@code cache.type} value: comma-separated words (a ConfigObj list, possibly with spaces); duplicates are
     * dropped keeping the first; empty or absent means {@link #DEFAULT}.
     */
    public static List<LinkType> parseList(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        List<LinkType> types = new ArrayList<>();
        for (String word : value.split(",")) {
            if (word.isBlank()) {
                continue;
            }
            LinkType t = fromConfig(word);
            if (!types.contains(t)) {
                types.add(t);
            }
        }
        return types.isEmpty() ? DEFAULT : List.copyOf(types);
    }
}
