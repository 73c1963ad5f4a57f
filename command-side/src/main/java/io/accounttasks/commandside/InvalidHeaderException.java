package io.accounttasks.commandside;

/** A request header this service reads ({@code If-Match}, {@code Idempotency-Key}) is not well-formed: 400. */
public class InvalidHeaderException extends RuntimeException {

    private final String header;

    public InvalidHeaderException(String header, String message) {
        super(message);
        this.header = header;
    }

    public String header() {
        return header;
    }
}
