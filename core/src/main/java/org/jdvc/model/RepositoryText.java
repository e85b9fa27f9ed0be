package org.jdvc.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file a repository supplies ({@code .dvc}, {@code dvc.yaml}, {@code dvc.lock}, params): UTF-8, strictly.
 * Bytes that are not UTF-8 are a {@link DvcFileException} naming the file and the offset, not an exception class
 * name; so is a file larger than {@link #MAX_BYTES} (a hostile repository could name a device or a huge file).
 */
public final class RepositoryText {
    /** Larger files are refused: DVC's files are small; a params file of 64 MiB is already absurd. */
    public static final long MAX_BYTES = 64L << 20;

    private RepositoryText() {
    }

    /**
     * The file's text.
     *
     * @param display the file's name as messages show it (e.g. {@code ./data.dvc})
     * @throws DvcFileException when it is not UTF-8 or too large
     * @throws UncheckedIOException when it cannot be read (missing, permission)
     */
    public static String read(Path file, String display) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new DvcFileException("'" + display + "' is invalid: " + size + " bytes, more than the "
                        + MAX_BYTES + " a DVC file may have");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return decode(bytes, display);
    }

    /** {@code bytes} as UTF-8 text, or a {@link DvcFileException} naming {@code display} and the bad byte's offset. */
    public static String decode(byte[] bytes, String display) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            CharBuffer out = decoder.decode(in);
            return out.toString();
        } catch (CharacterCodingException e) {
            // NOTE: decode() leaves the buffer at the first bad byte
            int at = in.position();
            throw new DvcFileException(String.format("'%s' is invalid: not UTF-8 text (byte 0x%02x at offset %d)",
                    display, at < bytes.length ? bytes[at] & 0xFF : 0, at));
        }
    }
}
