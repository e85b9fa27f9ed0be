package org.jdvc.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * DVC's config schema (dvc/config_schema.py, DVC 3.x) and a validator that reports errors with the same text as the
 * voluptuous library DVC uses, e.g. {@code extra keys not allowed @ data['core']['nosuch']} or
 * {@code expected true or false for dictionary value @ data['core']['autostage']}. Validation returns a new tree
 * with typed values ({@code Boolean}, {@code Long}, {@code Double}, {@code List<String>} for cache types) and the
 * schema's defaults filled in; only the first error is reported, in data order, as DVC does.
 */
final class ConfigSchema {
    private ConfigSchema() {}

    /** Validates a merged config tree; unknown {@code feature} keys are dropped and reported in {@code warnings}. */
    static LinkedHashMap<String, Object> validate(Map<String, Object> data, List<String> warnings) {
        try {
            @SuppressWarnings("unchecked")
            var out = (LinkedHashMap<String, Object>) ROOT.apply(data, List.of(), warnings);
            return out;
        } catch (Invalid e) {
            throw new ConfigException(e.problems.getFirst().render());
        }
    }

    // ---- voluptuous-like machinery -------------------------------------------------------------------------------

    /** A path component voluptuous prints without quotes, e.g. {@code <config_source>}. */
    private record Virtual(String name) {}

    private static final class Problem {
        final String message;
        final List<Object> path;
        String errorType;

        Problem(String message, List<Object> path) {
            this.message = message;
            this.path = path;
        }

        String render() {
            String where = path.isEmpty() ? "" : path.stream()
                    .map(p -> p instanceof Virtual v ? "<" + v.name() + ">" : PythonText.repr(p))
                    .collect(Collectors.joining("][", " @ data[", "]"));
            return message + (errorType == null ? "" : " for " + errorType) + where;
        }
    }

    private static final class Invalid extends Exception {
        final List<Problem> problems;

        Invalid(List<Problem> problems) {
            super(null, null, false, false);
            this.problems = problems;
        }

        Invalid(String message, List<Object> path) {
            this(List.of(new Problem(message, path)));
        }
    }

    @FunctionalInterface
    private interface Rule {
        Object apply(Object value, List<Object> path, List<String> warnings) throws Invalid;
    }

    @FunctionalInterface
    private interface Scalar extends Rule {
        Object check(Object value, List<Object> path) throws Invalid;

        @Override
        default Object apply(Object value, List<Object> path, List<String> warnings) throws Invalid {
            return check(value, path);
        }
    }

    private static List<Object> append(List<Object> path, Object key) {
        var out = new ArrayList<>(path);
        out.add(key);
        return List.copyOf(out);
    }

    private static boolean isStr(Object v) {
        return v instanceof String || v instanceof ConfigTree.RelPath || v instanceof ConfigTree.ExpPath;
    }

    private static final Scalar STR = (v, p) -> {
        if (!isStr(v)) {
            throw new Invalid("expected str", p);
        }
        return v;
    };
    private static final Scalar OBJECT = (v, p) -> v;
    private static final Scalar PY_BOOL = (v, p) -> {
        if (!(v instanceof Boolean)) {
            throw new Invalid("expected bool", p);
        }
        return v;
    };
    private static final Scalar PY_INT = (v, p) -> {
        if (!(v instanceof Long || v instanceof Boolean)) {
            throw new Invalid("expected int", p);
        }
        return v;
    };
    private static final Scalar LOWER = (v, p) -> PythonText.str(v).toLowerCase(Locale.ROOT);
    private static final Scalar BOOL = (v, p) -> {
        String s = PythonText.str(v).toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw new Invalid("expected true or false", p);
        }
        return s.equals("true");
    };
    private static final Pattern INT = Pattern.compile("[+-]?\\d+(?:_\\d+)*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:(?:\\d+(?:_\\d+)*)?\\.?\\d*(?:_\\d+)*(?:[eE][+-]?\\d+)?|inf|infinity|nan)",
            Pattern.CASE_INSENSITIVE);
    private static final Scalar COERCE_INT = (v, p) -> {
        switch (v) {
            case Long l -> {
                return l;
            }
            case Boolean b -> {
                return b ? 1L : 0L;
            }
            case Double d -> {
                return (long) d.doubleValue();
            }
            default -> {
                String s = isStr(v) ? PythonText.str(v).strip() : null;
                if (s != null && INT.matcher(s).matches()) {
                    try {
                        return Long.parseLong(s.replace("_", ""));
                    } catch (NumberFormatException e) {
                        // too large for jdvc; reported as not an int
                    }
                }
                throw new Invalid("expected int", p);
            }
        }
    };
    private static final Scalar COERCE_FLOAT = (v, p) -> {
        if (v instanceof Long l) {
            return l.doubleValue();
        }
        String s = isStr(v) ? PythonText.str(v).strip() : null;
        if (s != null && !s.isEmpty() && FLOAT.matcher(s).matches() && s.chars().anyMatch(Character::isLetterOrDigit)) {
            String lower = s.toLowerCase(Locale.ROOT).replace("_", "");
            if (lower.endsWith("inf") || lower.endsWith("infinity")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (lower.endsWith("nan")) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(lower);
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw new Invalid("expected float", p);
    };

    private static Scalar range(Double min, Double max) {
        return (v, p) -> {
            double d = ((Number) v).doubleValue();
            if (min != null && !(d >= min)) {
                throw new Invalid("value must be at least " + number(min), p);
            }
            if (max != null && !(d <= max)) {
                throw new Invalid("value must be at most " + number(max), p);
            }
            return v;
        };
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** voluptuous All: each rule's output feeds the next; {@code msg}, when given, replaces any error. */
    private static Scalar all(String msg, Scalar... rules) {
        return (v, p) -> {
            Object value = v;
            try {
                for (Scalar rule : rules) {
                    value = rule.check(value, p);
                }
                return value;
            } catch (Invalid e) {
                if (msg == null) {
                    throw e;
                }
                throw new Invalid(msg, p);
            }
        };
    }

    /** voluptuous Any: the first rule that accepts the value wins. */
    private static Scalar any(String msg, Scalar... rules) {
        return (v, p) -> {
            Invalid first = null;
            for (Scalar rule : rules) {
                try {
                    return rule.check(v, p);
                } catch (Invalid e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (msg != null) {
                throw new Invalid(msg, p);
            }
            throw first;
        };
    }

    private static Scalar choices(String... choices) {
        Set<String> allowed = Set.of(choices);
        Scalar literal = (v, p) -> {
            if (!allowed.contains(v)) {
                throw new Invalid("not a valid value", p);
            }
            return v;
        };
        return all(null, LOWER, any("expected one of " + String.join(", ", choices), literal));
    }

    private static final Set<String> LINK_TYPES = Set.of("reflink", "hardlink", "symlink", "copy");
    private static final Scalar CACHE_TYPES = (v, p) -> {
        List<String> types;
        if (v instanceof List<?> list) {
            types = list.stream().map(PythonText::str).toList();
        } else if (isStr(v)) {
            types = Arrays.stream(PythonText.str(v).split(",", -1)).map(String::strip).toList();
        } else {
            throw new Invalid("Unsupported cache type(s): " + PythonText.str(v), p);
        }
        List<String> unsupported = types.stream().filter(t -> !LINK_TYPES.contains(t)).distinct().toList();
        if (!unsupported.isEmpty()) {
            throw new Invalid("Unsupported cache type(s): " + String.join(", ", unsupported), p);
        }
        return types;
    };

    private enum Extra { PREVENT, REMOVE }

    /** A dict schema: known keys (with optional defaults), optionally any key, and what happens to the rest. */
    private static final class Mapping implements Rule {
        final LinkedHashMap<String, Rule> keys = new LinkedHashMap<>();
        final LinkedHashMap<String, Object> defaults = new LinkedHashMap<>();
        final List<List<String>> exclusive = new ArrayList<>();
        String exclusiveLabel;
        Rule anyKey;
        Extra extra = Extra.PREVENT;
        String warnPrefix;

        Mapping key(String name, Rule rule) {
            keys.put(name, rule);
            return this;
        }

        Mapping optional(String name, Object defaultValue, Rule rule) {
            keys.put(name, rule);
            defaults.put(name, defaultValue);
            return this;
        }

        Mapping with(Mapping other) {
            keys.putAll(other.keys);
            defaults.putAll(other.defaults);
            return this;
        }

        Mapping copy() {
            return new Mapping().with(this);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object apply(Object value, List<Object> path, List<String> warnings) throws Invalid {
            if (!(value instanceof Map<?, ?> raw)) {
                throw new Invalid("expected a dictionary", path);
            }
            var data = (Map<String, Object>) raw;
            for (List<String> group : exclusive) {
                if (group.stream().filter(data::containsKey).count() > 1) {
                    throw new Invalid("two or more values in the same group of exclusion '" + exclusiveLabel + "'",
                            append(path, new Virtual(exclusiveLabel)));
                }
            }
            var items = new LinkedHashMap<String, Object>(data);
            defaults.forEach(items::putIfAbsent);
            var out = new LinkedHashMap<String, Object>();
            List<Problem> errors = new ArrayList<>();
            var removed = new TreeSet<String>();
            for (var entry : items.entrySet()) {
                List<Object> keyPath = append(path, entry.getKey());
                Rule rule = keys.getOrDefault(entry.getKey(), anyKey);
                if (rule == null) {
                    if (extra == Extra.PREVENT) {
                        errors.add(new Problem("extra keys not allowed", keyPath));
                    } else {
                        removed.add(entry.getKey());
                    }
                    continue;
                }
                try {
                    out.put(entry.getKey(), rule.apply(entry.getValue(), keyPath, warnings));
                } catch (Invalid e) {
                    for (Problem problem : e.problems) {
                        if (problem.path.size() <= keyPath.size()) {
                            problem.errorType = "dictionary value";
                        }
                        errors.add(problem);
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw new Invalid(errors);
            }
            if (!removed.isEmpty() && warnPrefix != null) {
                String names = removed.stream().map(k -> "'" + warnPrefix + "." + k + "'")
                        .collect(Collectors.joining(", "));
                warnings.add(names + " config option" + (removed.size() == 1 ? " is" : "s are") + " unsupported");
            }
            return out;
        }
    }

    /** Picks the remote schema by the URL's scheme, like DVC's ByUrl. */
    private static Rule byUrl(Map<String, Mapping> schemas) {
        return (value, path, warnings) -> {
            if (!(value instanceof Map<?, ?> map) || !map.containsKey("url")) {
                throw new Invalid("expected 'url'", path);
            }
            String url = PythonText.str(map.get("url"));
            String[] schemeAndNetloc = splitUrl(url);
            if (schemeAndNetloc[1].isEmpty()) {
                return schemas.get("").apply(value, path, warnings);
            }
            Mapping schema = schemas.get(schemeAndNetloc[0]);
            if (schema == null) {
                throw new Invalid("Unsupported URL type " + schemeAndNetloc[0] + "://", path);
            }
            return schema.apply(value, path, warnings);
        };
    }

    /** Python urllib.parse.urlsplit's scheme and netloc. */
    static String[] splitUrl(String url) {
        String scheme = "";
        String rest = url;
        int colon = url.indexOf(':');
        if (colon > 0 && url.charAt(0) < 128 && Character.isLetter(url.charAt(0))
                && url.substring(0, colon).chars().allMatch(c -> c < 128
                        && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))) {
            scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
            rest = url.substring(colon + 1);
        }
        String netloc = "";
        if (rest.startsWith("//")) {
            int end = rest.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = rest.indexOf(c, 2);
                if (i >= 0) {
                    end = Math.min(end, i);
                }
            }
            netloc = rest.substring(2, end);
        }
        return new String[] {scheme, netloc};
    }

    // ---- the schema ----------------------------------------------------------------------------------------------

    private static final Scalar POSITIVE_INT = all(null, COERCE_INT, range(1.0, null));
    private static final Scalar TIMEOUT = all(null, COERCE_FLOAT, range(0.0, null));
    private static final Scalar BOOL_OR_STR = any(null, BOOL, STR);

    private static Mapping map() {
        return new Mapping();
    }

    private static final Mapping REMOTE_COMMON = map()
            .key("url", STR).key("checksum_jobs", POSITIVE_INT).key("jobs", POSITIVE_INT)
            .key("worktree", BOOL).key("no_traverse", BOOL).key("version_aware", BOOL);
    private static final Mapping LOCAL_COMMON = map()
            .key("type", CACHE_TYPES).optional("protected", false, BOOL)
            .key("shared", all(null, LOWER, choices("group"))).optional("slow_link_warning", true, BOOL)
            .optional("verify", false, BOOL);
    private static final Mapping HTTP_COMMON = map()
            .key("auth", choices("basic", "digest", "custom")).key("custom_auth_header", STR).key("user", STR)
            .key("password", STR).key("ask_password", BOOL).key("ssl_verify", BOOL_OR_STR).key("method", STR)
            .key("connect_timeout", TIMEOUT).key("read_timeout", TIMEOUT).optional("verify", false, BOOL);
    private static final Mapping WEBDAV_COMMON = map()
            .key("user", STR).key("password", STR).key("ask_password", BOOL).key("token", STR)
            .key("custom_auth_header", STR).key("cert_path", STR).key("key_path", STR).key("timeout", COERCE_INT)
            .key("ssl_verify", BOOL_OR_STR).optional("verify", false, BOOL);

    private static Map<String, Mapping> remoteSchemas() {
        var schemas = new LinkedHashMap<String, Mapping>();
        schemas.put("", LOCAL_COMMON.copy().with(REMOTE_COMMON));
        schemas.put("s3", map().key("region", STR).key("profile", STR).key("credentialpath", STR)
                .key("configpath", STR).key("endpointurl", STR).key("access_key_id", STR)
                .key("secret_access_key", STR).key("session_token", STR).optional("listobjects", false, BOOL)
                .optional("use_ssl", true, BOOL).optional("allow_anonymous_login", false, BOOL)
                .key("ssl_verify", BOOL_OR_STR).key("sse", STR).key("sse_kms_key_id", STR)
                .key("sse_customer_algorithm", STR).key("sse_customer_key", STR).key("acl", STR)
                .key("grant_read", STR).key("grant_read_acp", STR).key("grant_write_acp", STR)
                .key("grant_full_control", STR).key("cache_regions", PY_BOOL).key("read_timeout", COERCE_INT)
                .key("connect_timeout", COERCE_INT).optional("verify", false, BOOL).with(REMOTE_COMMON));
        schemas.put("gs", map().key("projectname", STR).key("credentialpath", STR).key("endpointurl", STR)
                .optional("verify", false, BOOL).optional("allow_anonymous_login", false, BOOL)
                .with(REMOTE_COMMON));
        schemas.put("ssh", map().key("type", CACHE_TYPES).key("port", COERCE_INT).key("user", STR)
                .key("password", STR).key("ask_password", BOOL).key("passphrase", STR).key("ask_passphrase", BOOL)
                .key("keyfile", STR).key("timeout", COERCE_INT).key("gss_auth", BOOL).key("allow_agent", BOOL)
                .key("max_sessions", COERCE_INT).optional("verify", false, BOOL).with(REMOTE_COMMON));
        schemas.put("hdfs", map().key("user", STR).key("kerb_ticket", STR).key("replication", PY_INT)
                .with(REMOTE_COMMON));
        schemas.put("webhdfs", map().key("kerberos", BOOL).key("kerberos_principal", STR).key("proxy_to", STR)
                .key("ssl_verify", BOOL_OR_STR).key("token", STR).key("use_https", BOOL).key("user", STR)
                .key("password", STR).key("data_proxy_target", STR).optional("verify", false, BOOL)
                .with(REMOTE_COMMON));
        schemas.put("azure", map().key("connection_string", STR).key("sas_token", STR).key("account_name", STR)
                .key("account_key", STR).key("tenant_id", STR).key("client_id", STR).key("client_secret", STR)
                .key("allow_anonymous_login", BOOL).key("exclude_environment_credential", BOOL)
                .key("exclude_visual_studio_code_credential", BOOL).key("exclude_shared_token_cache_credential", BOOL)
                .key("exclude_managed_identity_credential", BOOL).optional("verify", false, BOOL)
                .key("timeout", COERCE_INT).key("read_timeout", COERCE_INT).key("connection_timeout", COERCE_INT)
                .with(REMOTE_COMMON));
        schemas.put("oss", map().key("oss_key_id", STR).key("oss_key_secret", STR).key("oss_endpoint", STR)
                .optional("verify", true, BOOL).with(REMOTE_COMMON));
        schemas.put("gdrive", map().key("profile", STR).key("gdrive_use_service_account", BOOL)
                .key("gdrive_client_id", STR).key("gdrive_client_secret", STR)
                .key("gdrive_user_credentials_file", STR).key("gdrive_service_account_user_email", STR)
                .key("gdrive_service_account_json_file_path", STR).optional("gdrive_trash_only", false, BOOL)
                .optional("gdrive_acknowledge_abuse", false, BOOL).optional("verify", true, BOOL)
                .with(REMOTE_COMMON));
        schemas.put("http", HTTP_COMMON.copy().with(REMOTE_COMMON));
        schemas.put("https", HTTP_COMMON.copy().with(REMOTE_COMMON));
        schemas.put("webdav", WEBDAV_COMMON.copy().with(REMOTE_COMMON));
        schemas.put("webdavs", WEBDAV_COMMON.copy().with(REMOTE_COMMON));
        Mapping anything = map();
        anything.anyKey = OBJECT; // remote://other/path takes any option of the remote it points to
        schemas.put("remote", anything);
        return schemas;
    }

    private static Mapping named(Rule each) {
        Mapping m = map();
        m.anyKey = each;
        return m;
    }

    private static final Mapping ROOT = buildRoot();

    private static Mapping buildRoot() {
        Mapping cache = map().key("local", STR).key("s3", STR).key("gs", STR).key("hdfs", STR).key("webhdfs", STR)
                .key("ssh", STR).key("azure", STR).key("dir", STR).with(LOCAL_COMMON);
        Mapping feature = map().optional("machine", false, BOOL);
        feature.extra = Extra.REMOVE;
        feature.warnPrefix = "feature";
        Mapping hydra = map().optional("enabled", false, BOOL).key("config_dir", STR).key("config_module", STR)
                .key("config_name", STR).key("plugins_path", STR);
        hydra.exclusive.add(List.of("config_dir", "config_module"));
        hydra.exclusiveLabel = "config_source";
        return map()
                .key("core", map().key("remote", LOWER).key("checksum_jobs", POSITIVE_INT)
                        .optional("interactive", false, BOOL).optional("analytics", true, BOOL)
                        .optional("hardlink_lock", false, BOOL).optional("no_scm", false, BOOL)
                        .optional("autostage", false, BOOL).key("experiments", BOOL)
                        .optional("check_update", true, BOOL).key("site_cache_dir", STR).key("machine", LOWER))
                .key("cache", cache)
                .key("remote", named(byUrl(remoteSchemas())))
                .key("state", map().key("dir", STR).key("row_limit", POSITIVE_INT)
                        .key("row_cleanup_quota", all(null, COERCE_INT, range(0.0, 100.0))))
                .key("index", map().key("dir", STR))
                .key("machine", named(map().key("cloud", choices("aws", "azure"))
                        .key("region", choices("us-west", "us-east", "eu-west", "eu-north")).key("image", STR)
                        .key("spot", BOOL).key("spot_price", COERCE_FLOAT).key("instance_hdd_size", COERCE_INT)
                        .key("instance_type", LOWER).key("instance_gpu", LOWER).key("ssh_private", STR)
                        .key("startup_script", STR).key("setup_script", STR)))
                .key("feature", feature)
                .key("plots", map().key("html_template", STR).optional("auto_open", false, BOOL).key("out_dir", STR))
                .key("exp", map().key("code", STR).key("data", STR).key("models", STR).key("metrics", STR)
                        .key("params", STR).key("plots", STR).key("live", STR).key("auto_push", BOOL)
                        .key("git_remote", STR))
                .key("parsing", map().key("bool", choices("store_true", "boolean_optional"))
                        .key("list", choices("nargs", "append")))
                .key("hydra", hydra)
                .key("studio", map().key("token", STR).key("url", STR).key("repo_url", STR)
                        .optional("offline", false, BOOL))
                .key("db", named(map().key("url", STR).key("username", STR).key("password", STR)));
    }
}
