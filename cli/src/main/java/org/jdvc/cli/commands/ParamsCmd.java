package org.jdvc.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.api.Jdvc;
import org.jdvc.api.ParamsDiffCommand;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.Json;
import org.jdvc.pipeline.TrackedValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "params", description = "Commands to display params.", subcommands = ParamsCmd.Diff.class)
public final class ParamsCmd {
    @Command(name = "diff", description = "Show changes in params between commits in the DVC repository, or between "
            + "a commit and the workspace.")
    public static final class Diff extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "a_rev", description = "Old Git commit to compare "
                + "(defaults to HEAD)")
        String aRev;

        @Parameters(index = "1", arity = "0..1", paramLabel = "b_rev", description = "New Git commit to compare "
                + "(defaults to the current workspace)")
        String bRev;

        @Option(names = "--all", description = "Show unchanged params as well.")
        boolean all;

        @Option(names = "--json", description = "Show output in JSON format.")
        boolean json;

        @Option(names = "--md", description = "Show tabulated output in the Markdown format (GFM).")
        boolean md;

        @Option(names = "--deps", description = "Show only params that are stage dependencies.")
        boolean deps;

        @Option(names = "--targets", arity = "1..*", paramLabel = "<paths>", description = "Specific params file(s) "
                + "to compare.")
        List<String> targets = new ArrayList<>();

        @Override
        protected int execute() {
            ParamsDiffCommand.ParamsDiff d = Jdvc.open(ctx.cwd(), ctx.env()).paramsDiff().revisions(aRev, bRev)
                    .all(all).deps(deps).targets(targets).call();
            if (json) {
                console().result(Json.write(changesJson(d.changes())));
                return 0;
            }
            if (d.changes().isEmpty()) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            d.changes().forEach((file, keys) -> keys.forEach((k, c) -> rows.add(List.of(file, k,
                    TextTable.cell(c.oldValue(), -1), TextTable.cell(c.newValue(), -1)))));
            String table = TextTable.render(List.of("Path", "Param", d.aName(), d.bName()), rows, md);
            console().result(md ? table + "\n" : table);
            return 0;
        }
    }

    /** DVC's JSON form of a diff: file → key → {old, new[, diff]}. */
    static Map<String, Object> changesJson(Map<String, Map<String, TrackedValues.Change>> changes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        changes.forEach((file, keys) -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            keys.forEach((k, c) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("old", c.oldValue());
                e.put("new", c.newValue());
                if (c.diff() != null) {
                    e.put("diff", c.diff());
                }
                fm.put(k, e);
            });
            doc.put(file, fm);
        });
        return doc;
    }
}
