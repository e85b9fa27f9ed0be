package org.jdvc.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * At most {@code limit} bytes of another stream (a part of an object or of a file); closing closes that stream.
 */
// NOTE: hand-written: the JDK has no bounded stream, and commons-io's BoundedInputStream is not worth a dependency.
public final class BoundedInputStream extends FilterInputStream {
    private long left;

    public BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.left = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, left));
        left -= Math.max(0, skipped);
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), left);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
