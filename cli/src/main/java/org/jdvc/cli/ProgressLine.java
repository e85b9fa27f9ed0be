package org.jdvc.cli;

import java.util.concurrent.atomic.AtomicLong;
import org.jdvc.objects.Transfer;

/**
 * A one-line transfer progress display on stderr (files, bytes, rate, ETA), redrawn at most ten times a second and
 * erased when done. Only for terminals: {@link #forConsole} returns a silent listener when the console is piped,
 * quiet or in CI, so transcripts stay clean.
 */
public final class ProgressLine implements Transfer.Listener {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final Console console;
    private final String verb;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastDraw = new AtomicLong();
    private volatile long totalFiles;
    private volatile long totalBytes;
    private volatile long start;

    private ProgressLine(Console console, String verb) {
        this.console = console;
        this.verb = verb;
    }

    /** A progress line for {@code verb} ("Pushing", "Fetching") when the console is a terminal, else nothing. */
    public static Transfer.Listener forConsole(Console console, String verb) {
        return console.interactive() ? new ProgressLine(console, verb) : Transfer.Listener.NONE;
    }

    @Override
    public void started(long n, long size) {
        totalFiles += n;
        totalBytes = size < 0 || totalBytes < 0 ? -1 : totalBytes + size;
        if (start == 0) {
            start = System.nanoTime();
        }
    }

    @Override
    public void transferred(long size) {
        files.incrementAndGet();
        bytes.addAndGet(size);
        long now = System.nanoTime();
        long last = lastDraw.get();
        if (now - last >= REDRAW_NANOS && lastDraw.compareAndSet(last, now)) {
            draw(now);
        }
    }

    @Override
    public void finished() {
        synchronized (console) {
            console.err().print("\r\033[K");
            console.err().flush();
        }
    }

    private void draw(long now) {
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        long done = files.get();
        double rate = bytes.get() / seconds;
        StringBuilder sb = new StringBuilder("\r\033[K").append(verb).append(' ').append(done).append('/')
                .append(totalFiles).append(" files, ").append(human(bytes.get()));
        if (totalBytes > 0) {
            sb.append('/').append(human(totalBytes));
        }
        sb.append(", ").append(human((long) rate)).append("/s");
        if (done > 0 && totalFiles > done) {
            long eta = (long) (seconds / done * (totalFiles - done));
            sb.append(", ETA ").append(eta / 60).append(':').append(String.format("%02d", eta % 60));
        }
        synchronized (console) {
            console.err().print(sb);
            console.err().flush();
        }
    }

    private static String human(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGT";
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %siB", v, units.charAt(u));
    }
}
