package org.jdvc.remote.s3;

import java.util.Map;
import java.util.Set;

import org.jdvc.remote.BlobStore;
import org.jdvc.remote.BlobStoreFactory;

/** {@code s3://bucket/prefix} remotes. Cheap: the SDK client is built at the store's first request. */
public final class S3BlobStoreFactory implements BlobStoreFactory {

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public BlobStore open(String remoteName, String url, Map<String, String> options) {
        return new S3BlobStore(remoteName, url, options);
    }
}
