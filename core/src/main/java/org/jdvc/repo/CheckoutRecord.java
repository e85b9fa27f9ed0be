package org.jdvc.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.jdvc.internal.AtomicFiles;

/**
 * The outputs jdvc last placed in the workspace (repo-relative path → oid), kept in jdvc's private directory. When a
 * later checkout finds that no {@code .dvc} file declares one of them any more (e.g. after {@code git checkout} of
 * an older commit), it deletes it if it is unchanged, as DVC does with the links it created.
 */
public final class CheckoutRecord {
    private final Path file;
    private final Map<String, String> entries;

    private CheckoutRecord(Path file, Map<String, String> entries) {
        this.file = file;
        this.entries = entries;
    }

    public static CheckoutRecord load(Repository repo) {
        Path file = repo.privateDir().resolve("outputs");
        Map<String, String> entries = new TreeMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int tab = line.lastIndexOf('\t');
                    if (tab > 0) {
                        entries.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
            }
        } catch (IOException e) {
            // NOTE: a private cache: unreadable means "nothing recorded", never a failure.
            entries.clear();
        }
        return new CheckoutRecord(file, entries);
    }

    public Map<String, String> entries() {
        return entries;
    }

    public void put(String relpath, String oid) {
        entries.put(relpath, oid);
    }

    public void remove(String relpath) {
        entries.remove(relpath);
    }

    public void save() throws IOException {
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
        Files.createDirectories(file.getParent());
        AtomicFiles.writeString(file, sb.toString());
    }
}
