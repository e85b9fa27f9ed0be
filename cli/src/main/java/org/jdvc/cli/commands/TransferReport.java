package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.List;
import org.jdvc.api.TransferFailedException;
import org.jdvc.cli.Console;
import org.jdvc.hash.HashInfo;

/** DVC's wording around transfers: the missing-files warning and the "N files pushed, ..." summary. */
final class TransferReport {
    private TransferReport() {
    }

    /** The WARNING DVC prints when objects are neither in the cache nor on the remote. */
    static void warnMissing(Console console, List<HashInfo> missing, String linePrefix) {
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("Some of the cache files do not exist neither locally nor on remote. "
                + "Missing cache files:");
        for (HashInfo oid : missing) {
            sb.append('\n').append(linePrefix).append("md5: ").append(oid.value());
        }
        console.warn(sb.toString());
    }

    /** The missing objects and each per-object failure, before the one-line error is reported. */
    static void warnFailures(Console console, TransferFailedException e) {
        warnMissing(console, e.missing(), "");
        e.failures().forEach(f -> console.warn(f.message()));
    }

    /** {@code "3 files fetched, 1 file modified and 1 file added"}, or {@code Everything is up to date.} */
    static String summary(int[] counts, String[] verbs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                parts.add(counts[i] + (counts[i] == 1 ? " file " : " files ") + verbs[i]);
            }
        }
        if (parts.isEmpty()) {
            return "Everything is up to date.";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
