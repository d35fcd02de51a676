package org.telenovela.cluster;

/** A clustered run that cannot go on (no worker, a failed episode): one line for the user, exit code 1. */
public final class ClusterFailure extends RuntimeException {
    public ClusterFailure(String message) {
        super(message);
    }
}
