package io.accounttasks.coreapi;

import com.github.f4b6a3.ulid.UlidCreator;

import java.util.regex.Pattern;

/**
 * The form of every id in the contract: an optional prefix and a ULID.
 * <p>
 * Crockford's base 32 reads {@code I} and {@code L} as 1 and {@code O} as 0, so those letters are well-formed;
 * only {@code U} is outside the alphabet. The first character is at most 7 because a ULID is 128 bits.
 */
public final class Ids {

    private static final Pattern ULID = Pattern.compile("[0-7OIL][0-9A-TV-Z]{25}");

    private Ids() {
    }

    /** A new monotonic ULID: later ids sort after earlier ones, even within one millisecond. */
    public static String newUlid() {
        return UlidCreator.getMonotonicUlid().toString();
    }

    public static boolean isWellFormed(String prefix, String value) {
        return value != null
                && value.length() == prefix.length() + 26
                && value.startsWith(prefix)
                && ULID.matcher(value.substring(prefix.length())).matches();
    }

    /** Returns the value if it is well-formed, else throws {@link MalformedIdException}. */
    public static String require(String prefix, String value, String what) {
        if (!isWellFormed(prefix, value)) {
            throw new MalformedIdException(what, value, prefix);
        }
        return value;
    }
}
