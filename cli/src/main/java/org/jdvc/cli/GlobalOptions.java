package org.jdvc.cli;

/** Options accepted before the command name ({@code jdvc -q --cd dir status}). */
final class GlobalOptions {
    boolean quiet;
    boolean verbose;
    String cd;
}
