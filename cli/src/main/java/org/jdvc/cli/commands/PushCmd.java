package org.jdvc.cli.commands;

import org.jdvc.api.Jdvc;
import org.jdvc.api.PushCommand;
import org.jdvc.api.TransferFailedException;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.ProgressLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "push", description = "Upload tracked files or directories to remote storage.")
public final class PushCmd extends BaseCommand {
    @Mixin
    TransferOptions transfer = new TransferOptions();

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        try {
            PushCommand.PushResult r = transfer.applyTo(jdvc.push())
                    .progress(ProgressLine.forConsole(console(), "Pushing")).call();
            TransferReport.warnMissing(console(), r.missing(), "");
            console().println(TransferReport.summary(new int[] {r.pushed()}, new String[] {"pushed"}));
        } catch (TransferFailedException e) {
            TransferReport.warnFailures(console(), e);
            throw e;
        }
        return 0;
    }
}
