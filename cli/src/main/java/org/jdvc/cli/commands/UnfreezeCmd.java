package org.jdvc.cli.commands;

import picocli.CommandLine.Command;

/** {@code unfreeze}: {@link FreezeCmd} undone. */
@Command(name = "unfreeze", description = "Unfreeze stages or .dvc files.")
public final class UnfreezeCmd extends FreezeCmd {
    @Override
    boolean freezing() {
        return false;
    }
}
