package org.jdvc.remote;

import java.util.regex.Pattern;

import org.jdvc.JdvcException;

/**
 * A remote as a whole cannot be used: unreachable, access denied, bucket missing, invalid options. The message is one
 * line naming the remote and its URL, e.g. {@code failed to reach remote 'storage' (s3://bucket/path): connection
 * refused to http://127.0.0.1:9}, and never contains credentials.
 */
public class RemoteException extends JdvcException {

    // NOTE: http(s)://user:password@host URLs would otherwise leak the password into the one-line message.
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]*@");

    /**
     * @param failure what went wrong, phrased to precede "remote", e.g. {@code "failed to reach"}
     * @param detail  the cause in a few words, e.g. {@code "connection refused to http://127.0.0.1:9"}
     */
    public RemoteException(String failure, String remoteName, String url, String detail, int exitCode,
            Throwable cause) {
        super(failure + " remote '" + remoteName + "' (" + redact(url) + "): " + oneLine(detail), exitCode, cause);
    }

    public RemoteException(String failure, String remoteName, String url, String detail, Throwable cause) {
        this(failure, remoteName, url, detail, FAILED, cause);
    }

    /** {@code url} without user information ({@code user:password@}). */
    public static String redact(String url) {
        return url == null ? "" : USER_INFO.matcher(url).replaceFirst("");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
