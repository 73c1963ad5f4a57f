package io.accounttasks.commandside;

/**
 * The client's {@code If-Match} names a version the aggregate is not at: 412, and nothing is written. Carries the
 * current version, so the answer can name it (detail and {@code ETag}) and the client can read again and decide.
 */
public class PreconditionFailedException extends RuntimeException {

    private final long currentVersion;

    public PreconditionFailedException(String detail, long currentVersion) {
        super(detail);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
