package org.jdvc.config;

import java.util.Map;

/**
 * One remote of the merged, validated config.
 *
 * @param name the remote's (lower-case) name
 * @param url where it lives: a URL with a scheme, or an absolute local path (relative paths in config files are
 *     resolved against the directory of the file that set them); {@code remote://base/sub} is already resolved to
 *     base's URL plus {@code /sub}
 * @param options every other option, validated and typed ({@code Boolean}, {@code Long}, {@code Double},
 *     {@code String}, {@code List<String>} for {@code type}), schema defaults included; for a {@code remote://}
 *     remote, the base remote's options overlaid with its own
 */
public record RemoteConfig(String name, String url, Map<String, Object> options) {
    public RemoteConfig {
        options = Map.copyOf(options);
    }
}
