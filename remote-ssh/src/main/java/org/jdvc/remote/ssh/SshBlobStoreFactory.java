package org.jdvc.remote.ssh;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.jdvc.remote.BlobStore;
import org.jdvc.remote.BlobStoreFactory;

/**
 * {@code ssh://[user@]host[:port]/path} remotes over SFTP. Cheap: no MINA class is loaded and nothing connects until
 * the store's first request.
 *
 * <p>The OpenSSH client files ({@code config}, {@code known_hosts}, default {@code id_*} keys) are read from
 * {@code ~/.ssh}, or from the folder named by the system property {@value #SSH_DIR_PROPERTY} (for tests and sandboxes;
 * a DVC config cannot carry it because DVC rejects unknown options).
 */
public final class SshBlobStoreFactory implements BlobStoreFactory {

    /** System property naming the folder used instead of {@code ~/.ssh}. */
    public static final String SSH_DIR_PROPERTY = "jdvc.ssh.dir";

    @Override
    public Set<String> schemes() {
        return Set.of("ssh");
    }

    @Override
    public BlobStore open(String remoteName, String url, Map<String, String> options) {
        String dir = System.getProperty(SSH_DIR_PROPERTY);
        Path sshDir = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".ssh");
        return new SshBlobStore(remoteName, url, options, sshDir);
    }
}
