package org.jdvc.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the INI dialect of Python's ConfigObj 5 (what DVC reads its config files with) into an ordered tree:
 * sections are {@code LinkedHashMap<String, Object>}, values are {@code String} or {@code List<String>} (an unquoted
 * comma makes a list). Within each section scalars come before subsections, as ConfigObj orders them.
 *
 * <p>Like ConfigObj it keeps parsing after an error and reports the first one, or "Parsing failed with several
 * errors" when there were more. Not supported: ConfigObj's {@code %(name)s} interpolation (DVC never writes it).
 *
 * <p>NOTE: hand-written on purpose: ini4j is unmaintained and reads neither ConfigObj's quoting, lists and triple
 * quotes nor its error messages.
 */
final class ConfigObjReader {
    private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;
    // The grammar is ConfigObj's: lazy groups and alternation order decide what a line means, so they must stay as is.
    private static final Pattern SECTION = Pattern.compile(
            "^(\\s*)((?:\\[\\s*)+)(\"\\s*\\S.*?\\s*\"|'\\s*\\S.*?\\s*'|[^'\"\\s].*?)((?:\\s*\\])+)\\s*(#.*)?$", FLAGS);
    private static final Pattern KEYWORD = Pattern.compile("^(\\s*)(\".*?\"|'.*?'|[^'\"=].*?)\\s*=\\s*(.*)$", FLAGS);
    private static final Pattern VALUE = Pattern.compile(
            "^(?:(?:((?:(?:\".*?\"|'.*?'|[^'\",#][^,#]*?)\\s*,\\s*)*)(\".*?\"|'.*?'|[^'\",#\\s][^,]*?|(?<!,))?)|(,))"
                    + "\\s*(#.*)?$", FLAGS);
    private static final Pattern LIST_ITEM = Pattern.compile("(\".*?\"|'.*?'|[^'\",#]?.*?)\\s*,\\s*", FLAGS);
    private static final Map<String, Pattern[]> TRIPLE = Map.of(
            "'''", new Pattern[] {Pattern.compile("^'''(.*?)'''\\s*(#.*)?$", FLAGS),
                Pattern.compile("^(.*?)'''\\s*(#.*)?$", FLAGS)},
            "\"\"\"", new Pattern[] {Pattern.compile("^\"\"\"(.*?)\"\"\"\\s*(#.*)?$", FLAGS),
                Pattern.compile("^(.*?)\"\"\"\\s*(#.*)?$", FLAGS)});

    private ConfigObjReader() {}

    /** A ConfigObj syntax error: the message ends with {@code at line N.}. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private static final class ValueError extends Exception {
        ValueError() {
            super(null, null, false, false);
        }
    }

    private static final class Section {
        final Section parent;
        final int depth;
        final LinkedHashMap<String, Object> scalars = new LinkedHashMap<>();
        final LinkedHashMap<String, Section> sections = new LinkedHashMap<>();

        Section(Section parent, int depth) {
            this.parent = parent == null ? this : parent;
            this.depth = depth;
        }

        boolean contains(String key) {
            return scalars.containsKey(key) || sections.containsKey(key);
        }

        LinkedHashMap<String, Object> toMap() {
            var out = new LinkedHashMap<String, Object>(scalars);
            sections.forEach((name, section) -> out.put(name, section.toMap()));
            return out;
        }
    }

    /** Parses {@code text}; the result has ConfigObj's key order and is not lower-cased. */
    static LinkedHashMap<String, Object> parse(String text) throws SyntaxError {
        List<String> lines = splitLines(text);
        List<String> errors = new ArrayList<>();
        Section root = new Section(null, 0);
        Section current = root;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                int depth = count(m.group(2), '[');
                if (depth != count(m.group(4), ']')) {
                    errors.add(at("Cannot compute the section depth", i));
                    continue;
                }
                Section parent;
                if (depth < current.depth) {
                    Section match = current;
                    while (depth < match.depth && match != match.parent) {
                        match = match.parent;
                    }
                    if (match.depth != depth) {
                        errors.add(at("Cannot compute nesting level", i));
                        continue;
                    }
                    parent = match.parent;
                } else if (depth == current.depth) {
                    parent = current.parent;
                } else if (depth == current.depth + 1) {
                    parent = current;
                } else {
                    errors.add(at("Section too nested", i));
                    continue;
                }
                String name = unquote(m.group(3));
                if (parent.contains(name)) {
                    errors.add(at("Duplicate section name", i));
                    continue;
                }
                current = new Section(parent, depth);
                parent.sections.put(name, current);
                continue;
            }
            m = KEYWORD.matcher(line);
            if (!m.matches()) {
                errors.add(at("Invalid line (" + PythonText.repr(line) + ") (matched as neither section nor keyword)",
                        i));
                continue;
            }
            String rawValue = m.group(3);
            Object value;
            String head = rawValue.length() >= 3 ? rawValue.substring(0, 3) : "";
            if (TRIPLE.containsKey(head)) {
                int start = i;
                try {
                    var result = multiline(head, rawValue, lines, i);
                    value = result.value;
                    i = result.lastLine;
                } catch (ValueError e) {
                    errors.add(at("Parse error in multiline value", start));
                    continue;
                }
            } else {
                try {
                    value = value(rawValue);
                } catch (ValueError e) {
                    errors.add(at("Parse error in value", i));
                    continue;
                }
            }
            String key = unquoteKey(m.group(2));
            if (current.contains(key)) {
                errors.add(at("Duplicate keyword name", i));
                continue;
            }
            current.scalars.put(key, value);
        }
        if (errors.size() == 1) {
            throw new SyntaxError(errors.getFirst());
        }
        if (errors.size() > 1) {
            String first = errors.getFirst();
            // NOTE: ConfigObj puts a newline before "First error"; messages here stay on one line.
            throw new SyntaxError("Parsing failed with several errors. First error "
                    + first.substring(first.lastIndexOf("at line ")));
        }
        return root.toMap();
    }

    private static String at(String text, int index) {
        return text + " at line " + (index + 1) + ".";
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(ch -> ch == c).count();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == value.charAt(value.length() - 1)
                && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String unquoteKey(String key) {
        return unquote(key);
    }

    private static String unquoteItem(String value) throws ValueError {
        if (value.isEmpty()) {
            throw new ValueError();
        }
        return unquote(value);
    }

    private static Object value(String raw) throws ValueError {
        Matcher m = VALUE.matcher(raw);
        if (!m.matches()) {
            throw new ValueError();
        }
        String listPart = m.group(1);
        String single = m.group(2);
        if ("".equals(listPart) && single == null) {
            throw new ValueError();
        }
        if (m.group(3) != null) {
            return List.of();
        }
        if (single != null) {
            if (listPart != null && !listPart.isEmpty() && single.isEmpty()) {
                single = null; // a trailing comma, not an empty last item
            } else {
                single = unquoteItem(single.isEmpty() ? "\"\"" : single);
            }
        }
        if (listPart == null || listPart.isEmpty()) {
            return single;
        }
        List<String> items = new ArrayList<>();
        Matcher item = LIST_ITEM.matcher(listPart);
        while (item.find()) {
            items.add(unquoteItem(item.group(1)));
        }
        if (single != null) {
            items.add(single);
        }
        return List.copyOf(items);
    }

    private record Multiline(String value, int lastLine) {}

    private static Multiline multiline(String quote, String raw, List<String> lines, int index) throws ValueError {
        Pattern[] patterns = TRIPLE.get(quote);
        Matcher single = patterns[0].matcher(raw);
        if (single.matches()) {
            return new Multiline(single.group(1), index);
        }
        StringBuilder value = new StringBuilder(raw.substring(3));
        if (value.indexOf(quote) >= 0) {
            throw new ValueError();
        }
        String line = null;
        while (index < lines.size() - 1) {
            index++;
            value.append('\n');
            line = lines.get(index);
            if (!line.contains(quote)) {
                value.append(line);
            } else {
                Matcher end = patterns[1].matcher(line);
                if (!end.matches()) {
                    throw new ValueError();
                }
                return new Multiline(value + end.group(1), index);
            }
        }
        throw new ValueError();
    }

    // NOTE: Python's str.splitlines() boundaries, which is how ConfigObj splits a file read in text mode.
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean boundary = switch (c) {
                case '\n', '\r', '\u000b', '\u000c', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029' -> true;
                default -> false;
            };
            if (boundary) {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < n) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
