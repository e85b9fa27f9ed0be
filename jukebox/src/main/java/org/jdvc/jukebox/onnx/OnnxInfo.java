package org.jdvc.jukebox.onnx;

import org.jdvc.jukebox.JukeboxException;

import java.nio.charset.StandardCharsets;

/**
 * What an ONNX file says about itself at its top level ({@code ModelProto}): its IR version, producer and the opset
 * of the default domain, read from the protobuf wire format without loading a runtime. The registry records the opset
 * with each version (ONNX Runtime's Java API does not report it).
 *
 * @param opset the version of the default ({@code ""} / {@code ai.onnx}) operator set; 0 when none is declared
 */
public record OnnxInfo(long irVersion, String producer, long opset) {
    /** ModelProto's fields: ir_version = 1, producer_name = 2, opset_import = 8. */
    private static final int IR_VERSION = 1, PRODUCER = 2, OPSET_IMPORT = 8;
    /** OperatorSetIdProto's fields: domain = 1, version = 2. */
    private static final int DOMAIN = 1, VERSION = 2;

    /**
     * Reads the header of {@code bytes}.
     *
     * @throws JukeboxException naming {@code origin} when the bytes are not a protobuf message
     */
    public static OnnxInfo read(byte[] bytes, String origin) {
        long ir = 0, opset = 0;
        String producer = "";
        Reader r = new Reader(bytes, 0, bytes.length, origin);
        while (r.more()) {
            long tag = r.varint();
            int field = (int) (tag >>> 3), type = (int) (tag & 7);
            if (field == IR_VERSION && type == 0) {
                ir = r.varint();
            } else if (field == PRODUCER && type == 2) {
                producer = r.string();
            } else if (field == OPSET_IMPORT && type == 2) {
                int end = r.lengthDelimitedEnd();
                Reader set = new Reader(bytes, r.pos, end, origin);
                String domain = "";
                long version = 0;
                while (set.more()) {
                    long t = set.varint();
                    if ((t >>> 3) == DOMAIN && (t & 7) == 2) {
                        domain = set.string();
                    } else if ((t >>> 3) == VERSION && (t & 7) == 0) {
                        version = set.varint();
                    } else {
                        set.skip((int) (t & 7));
                    }
                }
                if (domain.isEmpty() || domain.equals("ai.onnx")) {
                    opset = version;
                }
                r.pos = end;
            } else {
                r.skip(type);
            }
        }
        if (ir == 0) {
            throw new JukeboxException(origin + ": not an ONNX model (no ir_version)");
        }
        return new OnnxInfo(ir, producer, opset);
    }

    /** Decodes the wire format of one message between two offsets. */
    private static final class Reader {
        private final byte[] b;
        private final int end;
        private final String origin;
        int pos;

        Reader(byte[] b, int from, int end, String origin) {
            this.b = b;
            this.pos = from;
            this.end = end;
            this.origin = origin;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw truncated();
                }
                int x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw truncated();
        }

        int lengthDelimitedEnd() {
            long n = varint();
            if (n < 0 || n > end - pos) {
                throw truncated();
            }
            return pos + (int) n;
        }

        String string() {
            int e = lengthDelimitedEnd();
            String s = new String(b, pos, e - pos, StandardCharsets.UTF_8);
            pos = e;
            return s;
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos = checked(pos + 8);
                case 2 -> pos = lengthDelimitedEnd();
                case 5 -> pos = checked(pos + 4);
                default -> throw new JukeboxException(origin + ": not an ONNX model (wire type " + wireType + ")");
            }
        }

        private int checked(int p) {
            if (p > end) {
                throw truncated();
            }
            return p;
        }

        private JukeboxException truncated() {
            return new JukeboxException(origin + ": not an ONNX model (truncated or not protobuf)");
        }
    }
}
