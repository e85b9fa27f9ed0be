package org.jdvc.remote;

import java.util.Map;
import java.util.Set;

/**
 * Makes {@link BlobStore}s for some URL schemes; found with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/org.jdvc.remote.BlobStoreFactory}, so a remote type is added by putting its jar on the
 * class path. Implementations must be cheap to instantiate and {@link #open} must not connect or build heavy clients:
 * every command that reads the config may load the factories, only commands that transfer should pay for a client.
 */
public interface BlobStoreFactory {

    /** Lower-case URL schemes this factory serves, e.g. {@code s3}. */
    Set<String> schemes();

    /**
     * Returns a store for {@code url} configured by the remote's {@code options} (DVC config keys, e.g.
     * {@code endpointurl}); {@code remoteName} is only for messages.
     *
     * @throws RemoteException when the URL or an option is invalid
     */
    BlobStore open(String remoteName, String url, Map<String, String> options);
}
