package org.jdvc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "jdvc", description = "Data Version Control for the JVM, compatible with DVC 3.",
        usageHelpAutoWidth = true, synopsisSubcommandLabel = "command")
final class RootCommand {
    private final GlobalOptions global;

    RootCommand(GlobalOptions global) {
        this.global = global;
    }

    @Option(names = {"-q", "--quiet"}, description = "Be quiet.")
    void quiet(boolean value) {
        global.quiet = value;
    }

    @Option(names = {"-v", "--verbose"}, description = "Be verbose.")
    void verbose(boolean value) {
        global.verbose = value;
    }

    @Option(names = "--cd", paramLabel = "<path>", description = "Change to directory before executing.")
    void cd(String dir) {
        global.cd = dir;
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Show program's version.")
    boolean version;
}
