package org.jdvc.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdvc.JdvcException;

/**
 * The {@code name} argument of {@code dvc config}: {@code section.option}, {@code remote.<name>.option} or
 * {@code db.<name>.option}; section and option are lower-cased, like DVC does.
 *
 * @param group {@code remote} or {@code db}, or null for a plain section
 * @param section the section (for a group: the remote's or db's name)
 * @param option the option
 */
public record ConfigName(String group, String section, String option) {
    private static final Pattern NAME = Pattern.compile("^(?:(remote|db)\\.)?([^.]*)\\.([^.]*)$");

    /**
     * Parses a name.
     *
     * @throws JdvcException exit 254 with argparse's text {@code argument name: name argument should look like
     *     remote.name.option or db.name.option or section.option} (DVC also prints the usage on stdout)
     */
    public static ConfigName parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new JdvcException("argument name: name argument should look like remote.name.option or "
                    + "db.name.option or section.option", JdvcException.BAD_ARGUMENTS);
        }
        return new ConfigName(m.group(1), m.group(2).toLowerCase(Locale.ROOT), m.group(3).toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return (group == null ? "" : group + ".") + section + "." + option;
    }
}
