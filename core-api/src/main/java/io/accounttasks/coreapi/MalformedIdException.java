package io.accounttasks.coreapi;

/** An id that is not a prefix followed by a ULID. Answered as 400 (path) or 422 (body). */
public class MalformedIdException extends IllegalArgumentException {

    private final String what;

    public MalformedIdException(String what, String value, String prefix) {
        // The message names no field: the same id type stands in fields of many names (assigneeId, creatorId).
        super("must be " + (prefix.isEmpty() ? "a ULID" : prefix + " followed by a ULID")
                + " (26 Crockford base-32 characters), got " + quote(value));
        this.what = what;
    }

    /** Which id it was, in the contract's words ({@code accountId}, {@code assigneeId}, ...). */
    public String what() {
        return what;
    }

    private static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "'" + shown + "'";
    }
}
