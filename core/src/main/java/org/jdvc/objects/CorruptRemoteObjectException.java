package org.jdvc.objects;

import java.io.IOException;
import org.jdvc.hash.HashInfo;

/** A remote object's bytes do not hash to its name; it was not stored. Not transient: never retried. */
public final class CorruptRemoteObjectException extends IOException {
    private final transient HashInfo oid;

    public CorruptRemoteObjectException(String remoteName, HashInfo oid, String actual) {
        super("object " + oid.value() + " in remote '" + remoteName + "' is corrupt: its bytes hash to " + actual);
        this.oid = oid;
    }

    public HashInfo oid() {
        return oid;
    }
}
