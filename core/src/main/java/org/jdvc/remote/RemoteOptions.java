package org.jdvc.remote;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reading remote options as DVC's config writes them: booleans as {@code true/false} (also {@code yes/no},
 * {@code on/off}, {@code 1/0}), durations as a number of seconds. Shared by every {@link BlobStore} implementation so
 * a value means the same for every remote type.
 */
public final class RemoteOptions {
    private RemoteOptions() {
    }

    public static boolean isTrue(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            default -> false;
        };
    }

    public static boolean isFalse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "false", "no", "off", "0" -> true;
            default -> false;
        };
    }

    /**
     * The option {@code option} as a duration in (possibly fractional) seconds, {@code dflt} when unset; a value that
     * is not a number is reported through {@code invalid} (which names the remote).
     */
    public static Duration seconds(Map<String, String> options, String option, double dflt,
                                   Function<String, ? extends RuntimeException> invalid) {
        String v = options.get(option);
        try {
            return Duration.ofMillis((long) (1000 * (v == null ? dflt : Double.parseDouble(v.strip()))));
        } catch (NumberFormatException e) {
            throw invalid.apply(option + " must be a number of seconds, not '" + v + "'");
        }
    }
}
