package org.jdvc.cli.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.api.DataStatusCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data", description = "Commands related to data management.",
        subcommands = {DataCmd.Status.class, DataDiffCmd.class})
public final class DataCmd {
    @Command(name = "status", description = "Show changes between the last git commit, the dvcfiles and the "
            + "workspace.")
    public static final class Status extends BaseCommand {
        @Option(names = "--granular", description = "Show granular file-level info for DVC-tracked directories.")
        boolean granular;

        @Option(names = "--unchanged", description = "Show unmodified DVC-tracked files.")
        boolean unchanged;

        @Option(names = "--untracked-files", arity = "0..1", fallbackValue = "all",
                description = "Show untracked files.")
        String untrackedFiles;

        @Option(names = "--json", description = "Format the output into a JSON.")
        boolean json;

        @Override
        protected int execute() {
            DataStatusCommand.DataStatus s = Jdvc.open(ctx.cwd(), ctx.env()).dataStatus().granular(granular)
                    .unchanged(unchanged).untrackedFiles(untrackedFiles != null && !untrackedFiles.equals("no"))
                    .call();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                if (!s.notInCache().isEmpty()) {
                    doc.put("not_in_cache", s.notInCache());
                }
                if (!s.committed().isEmpty()) {
                    doc.put("committed", s.committed());
                }
                if (!s.uncommitted().isEmpty()) {
                    doc.put("uncommitted", s.uncommitted());
                }
                if (!s.unchanged().isEmpty()) {
                    doc.put("unchanged", s.unchanged());
                }
                if (!s.untracked().isEmpty()) {
                    doc.put("untracked", s.untracked());
                }
                console().result(Json.write(doc));
                return 0;
            }
            if (s.empty() && s.unchanged().isEmpty()) {
                console().println("No changes.");
                return 0;
            }
            section("Not in cache:", "  (use \"dvc fetch <file>...\" to download files)", s.notInCache());
            changes("DVC committed changes:", "  (git commit the corresponding dvc files to update the repo)",
                    s.committed());
            changes("DVC uncommitted changes:", "  (use \"dvc commit <file>...\" to track changes)\n"
                    + "  (use \"dvc checkout <file>...\" to discard changes)", s.uncommitted());
            section("DVC unchanged files:", null, s.unchanged());
            section("Untracked files:", "  (use \"git add <file> ...\" or \"dvc add <file>...\" to commit to git "
                    + "or to dvc)", s.untracked());
            if (s.gitDirty()) {
                console().println("(there are other changes not tracked by dvc, use \"git status\" to see)");
            }
            return 0;
        }

        private void section(String title, String hint, List<String> paths) {
            if (paths.isEmpty()) {
                return;
            }
            console().println(title);
            if (hint != null) {
                console().println(hint);
            }
            for (String p : paths) {
                console().println("        " + p);
            }
        }

        private void changes(String title, String hint, Map<String, List<String>> byKind) {
            if (byKind.isEmpty()) {
                return;
            }
            console().println(title);
            console().println(hint);
            byKind.forEach((kind, paths) -> paths.forEach(p -> console().println("        " + kind + ": " + p)));
        }
    }
}
