package org.jdvc.cli.commands;

import org.jdvc.api.FetchCommand;
import org.jdvc.api.Jdvc;
import org.jdvc.api.TransferFailedException;
import org.jdvc.cli.BaseCommand;
import org.jdvc.cli.ProgressLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "fetch", description = "Download files or directories from remote storage to the cache.")
public final class FetchCmd extends BaseCommand {
    @Mixin
    TransferOptions transfer = new TransferOptions();

    @Override
    protected int execute() {
        Jdvc jdvc = Jdvc.open(ctx.cwd(), ctx.env());
        try {
            FetchCommand.FetchResult r = transfer.applyTo(jdvc.fetch())
                    .progress(ProgressLine.forConsole(console(), "Fetching")).call();
            TransferReport.warnMissing(console(), r.missing(), "");
            console().println(TransferReport.summary(new int[] {r.fetched()}, new String[] {"fetched"}));
        } catch (TransferFailedException e) {
            TransferReport.warnFailures(console(), e);
            throw e;
        }
        return 0;
    }
}
