package org.jdvc.config;

import java.util.Optional;
import org.jdvc.JdvcException;

/**
 * A configuration error, exit code 251. The message is DVC's {@code ConfigError} text: it always starts with
 * {@code "config file error: "}; the command-line layer prints it as
 * {@code ERROR: configuration error - <message>} on stderr, which is what DVC prints.
 *
 * <p>Syntax errors additionally name the file: {@code config file error: <file>: <ConfigObj message>} (DVC leaves the
 * file out and repeats the ConfigObj message instead: {@code ...at line 1.: Invalid line ... at line 1.}); the bare
 * ConfigObj message is {@link #detail()} and the file is {@link #file()}.
 */
public class ConfigException extends JdvcException {
    static final String PREFIX = "config file error: ";

    private final String detail;
    private final String file;

    /** An error with DVC's text {@code config file error: <detail>}. */
    public ConfigException(String detail) {
        this(detail, null);
    }

    /** An error found while reading {@code file}; the message names the file before the detail. */
    public ConfigException(String detail, String file) {
        super(PREFIX + (file == null ? "" : file + ": ") + detail, CONFIG);
        this.detail = detail;
        this.file = file;
    }

    /** The message without the {@code config file error: } prefix and without the file name. */
    public String detail() {
        return detail;
    }

    /** The file the error was found in, when it was found while reading one. */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }
}
