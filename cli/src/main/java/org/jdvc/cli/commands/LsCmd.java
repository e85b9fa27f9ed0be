package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdvc.api.Jdvc;
import org.jdvc.api.ListCommand;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ls URL [path]}: names, {@code --size}/{@code --show-hash} columns, {@code -T} tree, or {@code --json}. */
@Command(name = "ls", aliases = "list", description = "List repository contents, including files and directories "
        + "tracked by DVC and by Git.")
public final class LsCmd extends BaseCommand {
    @Parameters(index = "0", paramLabel = "url", description = "Location of DVC repository to list")
    String url;

    @Parameters(index = "1", arity = "0..1", paramLabel = "path", description = "Path to directory within the "
            + "repository to list outputs for")
    String path;

    @Option(names = {"-R", "--recursive"}, description = "Recursively list files.")
    boolean recursive;

    @Option(names = {"-T", "--tree"}, description = "Recurse and print a tree.")
    boolean tree;

    @Option(names = "--dvc-only", description = "Show only DVC outputs.")
    boolean dvcOnly;

    @Option(names = "--json", description = "Show output in JSON format.")
    boolean json;

    @Option(names = "--rev", paramLabel = "<commit>", description = "Git revision (e.g. SHA, branch, tag)")
    String rev;

    @Option(names = "--size", description = "Show sizes.")
    boolean size;

    @Option(names = "--show-hash", description = "Display hash value for each item.")
    boolean showHash;

    @Override
    protected int execute() {
        List<ListCommand.Entry> entries = Jdvc.ls(ctx.cwd(), ctx.env()).url(url).path(path).rev(rev)
                .recursive(recursive || tree).dvcOnly(dvcOnly).call();
        if (json) {
            List<Object> doc = new ArrayList<>();
            for (ListCommand.Entry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("isout", e.isout());
                m.put("isdir", e.isdir());
                m.put("isexec", e.isexec());
                m.put("size", e.size());
                m.put("md5", e.md5());
                m.put("path", e.path());
                doc.add(m);
            }
            console().result(Json.write(doc));
        } else if (tree) {
            printTree(entries);
        } else {
            printColumns(entries);
        }
        return 0;
    }

    private void printColumns(List<ListCommand.Entry> entries) {
        int sizeWidth = 0;
        int hashWidth = 0;
        for (ListCommand.Entry e : entries) {
            sizeWidth = Math.max(sizeWidth, humanSize(e.size()).length());
            hashWidth = Math.max(hashWidth, hash(e).length());
        }
        for (ListCommand.Entry e : entries) {
            StringBuilder line = new StringBuilder();
            if (size) {
                line.append(" ".repeat(sizeWidth - humanSize(e.size()).length())).append(humanSize(e.size()))
                        .append("  ");
            }
            if (showHash) {
                line.append(hash(e)).append(" ".repeat(hashWidth - hash(e).length())).append("  ");
            }
            console().result(line.append(e.path()).toString());
        }
    }

    private static String hash(ListCommand.Entry e) {
        return e.md5() == null ? "-" : e.md5();
    }

    /**
     * DVC's size column: bytes as a plain number below 1000, else three significant digits with a binary-step
     * suffix ({@code 4096 -> 4.00k}), the same steps as tqdm's {@code format_sizeof(n, divisor=1024)}.
     */
    public static String humanSize(Long bytes) {
        if (bytes == null) {
            return "-";
        }
        double n = bytes;
        if (Math.abs(n) < 999.5) {
            return Long.toString(bytes);
        }
        for (String unit : new String[] {"k", "M", "G", "T", "P", "E", "Z"}) {
            n /= 1024;
            if (Math.abs(n) < 999.5) {
                if (Math.abs(n) < 99.95) {
                    return String.format(java.util.Locale.ROOT, Math.abs(n) < 9.995 ? "%.2f" : "%.1f", n) + unit;
                }
                return String.format(java.util.Locale.ROOT, "%3.0f", n) + unit;
            }
        }
        return String.format(java.util.Locale.ROOT, "%3.1fY", n / 1024);
    }

    /** {@code tree}'s drawing: folders derived from the file paths, children in plain string order. */
    private void printTree(List<ListCommand.Entry> entries) {
        TreeMap<String, Object> root = new TreeMap<>();
        for (ListCommand.Entry e : entries) {
            TreeMap<String, Object> dir = root;
            String[] parts = e.path().split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                TreeMap<String, Object> sub = (TreeMap<String, Object>) dir.computeIfAbsent(parts[i],
                        k -> new TreeMap<String, Object>());
                dir = sub;
            }
            dir.putIfAbsent(parts[parts.length - 1], e.isdir() ? new TreeMap<String, Object>() : e);
        }
        console().result(path == null || path.isEmpty() ? "." : path);
        draw(root, "");
    }

    private void draw(TreeMap<String, Object> dir, String indent) {
        int i = 0;
        for (Map.Entry<String, Object> e : dir.entrySet()) {
            boolean last = ++i == dir.size();
            console().result(indent + (last ? "└── " : "├── ") + e.getKey());
            if (e.getValue() instanceof TreeMap<?, ?> sub) {
                @SuppressWarnings("unchecked")
                TreeMap<String, Object> children = (TreeMap<String, Object>) sub;
                draw(children, indent + (last ? "    " : "│   "));
            }
        }
    }
}
