package org.jdvc.pipeline;

import java.io.OutputStream;

/**
 * Where {@link Reproducer} reports, as it goes: DVC's progress lines ({@code Running stage 'train':}, {@code > cmd},
 * {@code Updating lock file 'dvc.lock'}), warnings, and the raw output of stage commands. Called from one thread at a
 * time; with parallel jobs each stage's block arrives whole, after the stage finished.
 */
public interface ReproListener {
    /** A line of normal output. */
    void info(String line);

    /** A warning (DVC prints {@code WARNING: <message>} on stderr). */
    void warn(String message);

    /** An error that does not stop the run ({@code --keep-going}); DVC prints {@code ERROR: <message>}. */
    void error(String message);

    /** Where stage commands' standard output goes. */
    OutputStream stdout();

    /** Where stage commands' standard error goes. */
    OutputStream stderr();
}
