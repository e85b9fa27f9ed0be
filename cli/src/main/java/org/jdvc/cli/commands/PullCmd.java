package org.jdvc.cli.commands;

import org.jdvc.api.Jdvc;
import org.jdvc.api.PullCommand;
import org.jdvc.api.TransferFailedException;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.ProgressLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "pull", description = "Download tracked files or directories from remote storage.")
public final class PullCmd extends BaseCommand {
    @Mixin
    TransferOptions transfer = new TransferOptions();

    @Option(names = {"-f", "--force"}, description = "Do not prompt when removing working directory files.")
    boolean force;

    @Option(names = "--allow-missing", description = "Ignore errors if some of the files or directories are "
            + "missing from cache.")
    boolean allowMissing;

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        try {
            render(transfer.applyTo(jdvc.pull()).force(force)
                    .allowMissing(allowMissing).progress(ProgressLine.forConsole(console(), "Fetching")).call());
        } catch (PullCommand.PullFailedException e) {
            render(e.result());
            throw e;
        } catch (TransferFailedException e) {
            TransferReport.warnFailures(console(), e);
            throw e;
        }
        return 0;
    }

    private void render(PullCommand.PullResult r) {
        CheckoutCmd.render(console(), r.checkout());
        TransferReport.warnMissing(console(), r.missing(), "");
        var c = r.checkout();
        console().println(TransferReport.summary(
                new int[] {r.fetched(), c.filesModified(), c.filesAdded(), c.filesDeleted()},
                new String[] {"fetched", "modified", "added", "deleted"}));
    }
}
