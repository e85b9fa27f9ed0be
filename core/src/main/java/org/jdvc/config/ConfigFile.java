package org.jdvc.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.jdvc.internal.AtomicFiles;

/**
 * One config file in DVC's ConfigObj syntax, as an ordered tree. Immutable and thread-safe.
 *
 * <p>Entries map a name to a section ({@code SequencedMap<String, Object>}), a {@code String}, a {@code List<String>}
 * (unquoted comma-separated value) or a {@code Boolean} (written {@code True}/{@code False}, as Python writes
 * {@code dvc init --no-scm}'s {@code no_scm = True}). On load every key and section name is lower-cased (DVC does,
 * so {@code [Core]} is {@code core}); when two names then collide, the later value wins at the earlier position.
 *
 * <p>{@link #format()} produces the exact bytes DVC writes (see {@link ConfigObjWriter}); comments are not kept,
 * which is also what DVC does on every edit. This class knows nothing about DVC's schema or named sections.
 */
public final class ConfigFile {
    private static final ConfigFile EMPTY = new ConfigFile(new LinkedHashMap<>());

    private final SequencedMap<String, Object> entries;

    private ConfigFile(LinkedHashMap<String, Object> entries) {
        this.entries = freeze(entries);
    }

    /** A file without entries (what a missing or 0-byte config file reads as). */
    public static ConfigFile empty() {
        return EMPTY;
    }

    /** A file holding a copy of {@code entries} (value types as described on the class), in their order. */
    public static ConfigFile of(Map<String, ?> entries) {
        return new ConfigFile(copy(entries));
    }

    /**
     * Parses ConfigObj text.
     *
     * @param origin how to name the file in an error message
     * @throws ConfigException with ConfigObj's message, e.g. {@code config file error: <origin>: Invalid line
     *     ('[core') (matched as neither section nor keyword) at line 1.}
     */
    public static ConfigFile parse(String text, String origin) {
        try {
            return new ConfigFile(lowerKeys(ConfigObjReader.parse(text)));
        } catch (ConfigObjReader.SyntaxError e) {
            throw new ConfigException(e.getMessage(), origin);
        }
    }

    /**
     * Reads and parses {@code file} as UTF-8. A missing file reads as {@link #empty()}.
     *
     * @throws ConfigException for a syntax error or bytes that are not UTF-8
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public static ConfigFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (bytes.length == 0) {
            return EMPTY;
        }
        return parse(decode(bytes, file.toString()), file.toString());
    }

    /** The entries, in file order (scalars before sections, as ConfigObj keeps them); unmodifiable. */
    public SequencedMap<String, Object> entries() {
        return entries;
    }

    /** The exact text DVC would write for these entries. */
    public String format() {
        return ConfigObjWriter.format(entries);
    }

    /**
     * Writes {@link #format()} to {@code file} atomically, creating parent directories.
     *
     * @throws UncheckedIOException when writing fails; the old file is then unchanged
     */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, format().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigFile other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return format();
    }

    private static String decode(byte[] bytes, String origin) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int position = in.position();
            String reason = (bytes[position] & 0xc0) == 0x80 || (bytes[position] & 0xff) >= 0xf8
                    ? "invalid start byte"
                    : position + result.length() >= bytes.length ? "unexpected end of data" : "invalid continuation byte";
            throw new ConfigException(String.format("'utf-8' codec can't decode byte 0x%02x in position %d: %s",
                    bytes[position] & 0xff, position, reason), origin);
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<String, Object> lowerKeys(Map<String, Object> map) {
        var out = new LinkedHashMap<String, Object>();
        map.forEach((key, value) -> out.put(key.toLowerCase(java.util.Locale.ROOT),
                value instanceof Map<?, ?> m ? lowerKeys((Map<String, Object>) m) : value));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<String, Object> copy(Map<String, ?> map) {
        var out = new LinkedHashMap<String, Object>();
        map.forEach((key, value) -> {
            Object copied = switch (value) {
                case Map<?, ?> m -> copy((Map<String, ?>) m);
                case List<?> l -> List.copyOf(l.stream().map(PythonText::str).toList());
                case String s -> s;
                case Boolean b -> b;
                case null -> throw new IllegalArgumentException("null value for " + key);
                default -> PythonText.str(value);
            };
            out.put(key, copied);
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static SequencedMap<String, Object> freeze(LinkedHashMap<String, Object> map) {
        map.replaceAll((key, value) -> value instanceof LinkedHashMap<?, ?> m
                ? freeze((LinkedHashMap<String, Object>) m)
                : value);
        return Collections.unmodifiableSequencedMap(map);
    }
}
