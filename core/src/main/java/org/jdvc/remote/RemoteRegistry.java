package org.jdvc.remote;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdvc.JdvcException;

/**
 * Opens the {@link BlobStore} for a remote URL: no scheme or {@code file://} is a local folder ({@link LocalBlobStore});
 * {@code http://} and {@code https://} are served by core's HTTP store (see the Javadoc of {@code HttpBlobStore} for
 * its options; it cannot list: {@link BlobStore#canList()}); any other scheme goes to the {@link BlobStoreFactory} that
 * claims it on the class path ({@code s3} in jdvc-remote-s3, {@code ssh} in jdvc-remote-ssh).
 */
public final class RemoteRegistry {

    // NOTE: at least two letters before "://", so a Windows path like C:\data or C:/data stays a local path.
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+)://");

    private RemoteRegistry() {
    }

    /**
     * Returns a store for {@code url}. A relative local path is taken as it is (relative to the process's working
     * directory); the config layer resolves it against the config file's folder first, as DVC does.
     *
     * @param remoteName the remote's name in the config, used in messages
     * @param options    the remote's config options (all of its section except {@code url})
     * @throws RemoteException for an unknown scheme or an invalid URL or option
     */
    public static BlobStore open(String remoteName, String url, Map<String, String> options) {
        Matcher m = SCHEME.matcher(url);
        if (!m.find()) {
            return new LocalBlobStore(remoteName, Path.of(url));
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            try {
                return new LocalBlobStore(remoteName, Path.of(URI.create(url)));
            } catch (IllegalArgumentException e) {
                throw new RemoteException("invalid URL of", remoteName, url, e.getMessage(), JdvcException.CONFIG, e);
            }
        }
        if (scheme.equals("http") || scheme.equals("https")) {
            // NOTE: built in (the JDK has the client), so no service scan; the client itself is made at first request
            return new HttpBlobStore(remoteName, url, options);
        }
        BlobStoreFactory factory = Factories.BY_SCHEME.get(scheme);
        if (factory == null) {
            throw new RemoteException("unsupported URL scheme '" + scheme + "' of", remoteName, url,
                    "no jdvc remote module for it is installed", JdvcException.CONFIG, null);
        }
        return factory.open(remoteName, url, options);
    }

    // NOTE: holder class so the service scan runs once, and only when a non-local remote is opened.
    private static final class Factories {
        static final Map<String, BlobStoreFactory> BY_SCHEME = load();

        private static Map<String, BlobStoreFactory> load() {
            Map<String, BlobStoreFactory> byScheme = new HashMap<>();
            for (BlobStoreFactory f : ServiceLoader.load(BlobStoreFactory.class, RemoteRegistry.class.getClassLoader())) {
                for (String s : f.schemes()) {
                    byScheme.putIfAbsent(s.toLowerCase(Locale.ROOT), f);
                }
            }
            return Map.copyOf(byScheme);
        }
    }
}
