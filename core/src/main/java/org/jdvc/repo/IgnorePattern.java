package org.jdvc.repo;

import java.util.regex.Pattern;

/**
 * One compiled line of a {@code .dvcignore} file (gitignore "gitwildmatch" syntax). Immutable and thread-safe.
 *
 * <p>Matching follows git's rules: {@code *} and {@code ?} and {@code [...]} never match {@code /}; {@code **} matches
 * across directories only as a whole path component ({@code ** /x}, {@code x/**}, {@code x/ ** /y}), elsewhere it is
 * a plain {@code *}; a pattern with no slash except a trailing one is matched against the base name at any depth,
 * any other pattern against the path relative to the directory of its {@code .dvcignore} (a leading {@code /} only
 * anchors). A malformed pattern (unterminated {@code [}, unknown {@code [:class:]}, a lone trailing backslash) never
 * matches, as in git.
 */
final class IgnorePattern {
    private enum Kind { LITERAL, SUFFIX, PREFIX, REGEX, NEVER }

    final boolean negated;
    final boolean directoryOnly;
    /** Matched against the base name only (the pattern had no inner slash). */
    final boolean baseNameOnly;
    private final Kind kind;
    private final String text;
    private final Pattern regex;
    final String source;

    private IgnorePattern(String source, boolean negated, boolean directoryOnly, boolean baseNameOnly, Kind kind,
                          String text, Pattern regex) {
        this.source = source;
        this.negated = negated;
        this.directoryOnly = directoryOnly;
        this.baseNameOnly = baseNameOnly;
        this.kind = kind;
        this.text = text;
        this.regex = regex;
    }

    /**
     * Compiles one line, or returns {@code null} for blank lines and comments.
     *
     * <p>NOTE: leading whitespace is dropped like DVC does (it strips lines; git would keep it), trailing whitespace is
     * dropped unless escaped with a backslash, as in both git and DVC's intent.
     */
    static IgnorePattern parse(String line) {
        String body = stripTrailingUnescapedWhitespace(line.stripLeading());
        if (body.isEmpty() || body.charAt(0) == '#') {
            return null;
        }
        String source = body;
        boolean negated = false;
        if (body.charAt(0) == '!') {
            negated = true;
            body = body.substring(1);
        }
        boolean directoryOnly = false;
        if (body.endsWith("/") && !body.endsWith("\\/")) {
            directoryOnly = true;
            body = body.substring(0, body.length() - 1);
        }
        boolean baseNameOnly = body.indexOf('/') < 0;
        if (!baseNameOnly && body.charAt(0) == '/') {
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return null;
        }
        return compile(source, negated, directoryOnly, baseNameOnly, body);
    }

    /** Whether {@code subject} (a base name or a relative path, see {@link #baseNameOnly}) matches. */
    boolean matches(String subject) {
        return switch (kind) {
            case LITERAL -> subject.equals(text);
            case SUFFIX -> subject.endsWith(text) && subject.indexOf('/') < 0;
            case PREFIX -> subject.startsWith(text) && subject.indexOf('/', text.length()) < 0;
            case REGEX -> regex.matcher(subject).matches();
            case NEVER -> false;
        };
    }

    @Override
    public String toString() {
        return source;
    }

    private static IgnorePattern compile(String source, boolean negated, boolean directoryOnly, boolean baseNameOnly,
                                         String body) {
        // NOTE: the common shapes (name, *.ext, prefix*) skip java.util.regex: they are what most .dvcignore files
        // contain, and the walk asks once per file and directory.
        int firstMeta = firstMeta(body, 0);
        if (firstMeta < 0) {
            return new IgnorePattern(source, negated, directoryOnly, baseNameOnly, Kind.LITERAL, body, null);
        }
        if (firstMeta == 0 && body.length() > 1 && body.charAt(0) == '*' && body.charAt(1) != '*'
                && firstMeta(body, 1) < 0 && body.indexOf('/') < 0) {
            return new IgnorePattern(source, negated, directoryOnly, baseNameOnly, Kind.SUFFIX, body.substring(1),
                    null);
        }
        if (firstMeta == body.length() - 1 && body.charAt(firstMeta) == '*'
                && (firstMeta == 0 || body.charAt(firstMeta - 1) != '*')) {
            return new IgnorePattern(source, negated, directoryOnly, baseNameOnly, Kind.PREFIX,
                    body.substring(0, firstMeta), null);
        }
        String regex = toRegex(body);
        if (regex == null) {
            return new IgnorePattern(source, negated, directoryOnly, baseNameOnly, Kind.NEVER, null, null);
        }
        return new IgnorePattern(source, negated, directoryOnly, baseNameOnly, Kind.REGEX, null,
                Pattern.compile(regex, Pattern.DOTALL));
    }

    /** Index of the first wildcard or backslash at or after {@code from}, or -1. */
    private static int firstMeta(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                return i;
            }
        }
        return -1;
    }

    /** Translates a wildmatch body into a Java regex for {@code matches()}, or {@code null} if malformed. */
    static String toRegex(String p) {
        StringBuilder out = new StringBuilder(p.length() * 2);
        int n = p.length();
        int i = 0;
        while (i < n) {
            char c = p.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n) {
                        return null; // a pattern ending in a lone backslash is invalid in git
                    }
                    appendLiteral(out, p.charAt(i + 1));
                    i += 2;
                }
                case '?' -> {
                    out.append("[^/]");
                    i++;
                }
                case '*' -> {
                    int start = i;
                    while (i < n && p.charAt(i) == '*') {
                        i++;
                    }
                    boolean doubled = i - start >= 2;
                    boolean atComponentStart = start == 0 || p.charAt(start - 1) == '/';
                    boolean atComponentEnd = i == n || p.charAt(i) == '/';
                    if (doubled && atComponentStart && atComponentEnd) {
                        if (i == n) {
                            out.append(".*");
                        } else {
                            // "**/" also matches no directory at all: "a/**/b" matches "a/b"
                            out.append("(?:.*/)?");
                            i++; // the slash is part of the optional group
                        }
                    } else {
                        out.append("[^/]*");
                    }
                }
                case '[' -> {
                    int end = appendClass(out, p, i);
                    if (end < 0) {
                        return null;
                    }
                    i = end;
                }
                default -> {
                    appendLiteral(out, c);
                    i++;
                }
            }
        }
        return out.toString();
    }

    /**
     * Appends the bracket expression starting at {@code p[open] == '['}; returns the index after its {@code ]}, or -1
     * if it is unterminated or malformed.
     */
    private static int appendClass(StringBuilder out, String p, int open) {
        int n = p.length();
        int i = open + 1;
        boolean negated = false;
        if (i < n && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            negated = true;
            i++;
        }
        StringBuilder members = new StringBuilder();
        boolean first = true;
        while (true) {
            if (i >= n) {
                return -1;
            }
            char c = p.charAt(i);
            if (c == ']' && !first) {
                i++;
                break;
            }
            first = false;
            if (c == '[' && i + 1 < n && p.charAt(i + 1) == ':') {
                int close = p.indexOf(":]", i + 2);
                if (close < 0) {
                    // not a class name: a literal '['
                    appendClassLiteral(members, c);
                    i++;
                    continue;
                }
                String posix = posixClass(p.substring(i + 2, close));
                if (posix == null) {
                    return -1;
                }
                members.append(posix);
                i = close + 2;
                continue;
            }
            char low = c;
            if (c == '\\') {
                if (i + 1 >= n) {
                    return -1;
                }
                low = p.charAt(++i);
            }
            i++;
            if (i + 1 < n && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
                char high = p.charAt(i + 1);
                i += 2;
                if (high == '\\') {
                    if (i >= n) {
                        return -1;
                    }
                    high = p.charAt(i++);
                }
                if (low <= high) {
                    appendClassLiteral(members, low);
                    members.append('-');
                    appendClassLiteral(members, high);
                }
                // NOTE: an inverted range matches nothing in git; java.util.regex would reject it, so it is dropped.
            } else {
                appendClassLiteral(members, low);
            }
        }
        // NOTE: with WM_PATHNAME a bracket expression never matches '/', negated or not.
        if (negated) {
            out.append("[^/").append(members).append(']');
        } else if (members.isEmpty()) {
            out.append("(?!)");
        } else {
            out.append('[').append(members).append("&&[^/]]");
        }
        return i;
    }

    private static String posixClass(String name) {
        return switch (name) {
            case "alnum" -> "\\p{Alnum}";
            case "alpha" -> "\\p{Alpha}";
            case "blank" -> "\\p{Blank}";
            case "cntrl" -> "\\p{Cntrl}";
            case "digit" -> "\\p{Digit}";
            case "graph" -> "\\p{Graph}";
            case "lower" -> "\\p{Lower}";
            case "print" -> "\\p{Print}";
            case "punct" -> "\\p{Punct}";
            case "space" -> "\\p{Space}";
            case "upper" -> "\\p{Upper}";
            case "xdigit" -> "\\p{XDigit}";
            default -> null;
        };
    }

    private static void appendLiteral(StringBuilder out, char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80) {
            out.append(c);
        } else {
            out.append('\\').append(c);
        }
    }

    private static void appendClassLiteral(StringBuilder out, char c) {
        appendLiteral(out, c);
    }

    private static String stripTrailingUnescapedWhitespace(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            if (end >= 2 && s.charAt(end - 2) == '\\') {
                break;
            }
            end--;
        }
        return s.substring(0, end);
    }
}
