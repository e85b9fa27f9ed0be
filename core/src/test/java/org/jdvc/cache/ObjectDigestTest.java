package org.jdvc.cache;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.jdvc.hash.HashInfo;
import org.junit.jupiter.api.Test;

class ObjectDigestTest {
    static final int MIB = 1 << 20;

    static String md5(byte[] b) {
        return ObjectDigest.hexOf(HashInfo.MD5, b);
    }

    static String dos2unix(byte[] b) {
        return ObjectDigest.hexOf(HashInfo.MD5_DOS2UNIX, b);
    }

    @Test
    void goldenVectorsV10() {
        byte[] crlf = "a\r\nb\r\nc".getBytes(US_ASCII);
        assertThat(md5(crlf)).isEqualTo("17800212205a0baee12dcf34c0748370");
        assertThat(dos2unix(crlf)).isEqualTo("c32b2057b9bd62caa835386346177935");
        assertThat(dos2unix("foo".getBytes(US_ASCII))).isEqualTo("acbd18db4cc2f85cedef654fccc4a4d8");
        byte[] binary = ("\0\r\n" + "x".repeat(10)).getBytes(US_ASCII);
        assertThat(dos2unix(binary)).isEqualTo("e274af5c52e9e7baa5f32f0cba75f5dd");
        assertThat(dos2unix(new byte[0])).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void mostlyNonAsciiBlockIsBinary() {
        byte[] b = new byte[100];
        Arrays.fill(b, (byte) 0xC3);
        b[50] = '\r';
        b[51] = '\n';
        assertThat(dos2unix(b)).isEqualTo(md5(b));
    }

    @Test
    void eachMebibyteChunkIsClassifiedOnItsOwn() {
        // chunk 1 binary (NUL), chunk 2 text with a CRLF: DVC 3 converts only chunk 2
        byte[] first = new byte[MIB];
        Arrays.fill(first, (byte) 'a');
        first[0] = 0;
        first[10] = '\r';
        first[11] = '\n';
        byte[] content = concat(first, "b\r\nc".getBytes(US_ASCII));

        assertThat(dos2unix(content)).isEqualTo(md5(concat(first, "b\nc".getBytes(US_ASCII))));
    }

    @Test
    void crlfSplitAcrossChunksIsKeptAndSlicingDoesNotMatter() {
        byte[] first = new byte[MIB];
        Arrays.fill(first, (byte) 'a');
        first[MIB - 1] = '\r';
        byte[] content = concat(first, "\nx\r\ny".getBytes(US_ASCII));
        String expected = md5(concat(first, "\nx\ny".getBytes(US_ASCII)));

        assertThat(dos2unix(content)).isEqualTo(expected);
        ObjectDigest sliced = ObjectDigest.forHashName(HashInfo.MD5_DOS2UNIX);
        for (int off = 0; off < content.length; off += 777) {
            sliced.update(content, off, Math.min(777, content.length - off));
        }
        assertThat(sliced.hex()).isEqualTo(expected);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
