package org.jdvc.cli;

/** The version jdvc reports, and the DVC version whose formats and behaviour it follows. */
final class Version {
    static final String VERSION = "0.1.0";
    static final String DVC_COMPATIBLE = "3.64.0";

    private Version() {
    }
}
