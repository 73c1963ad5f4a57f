package io.accounttasks.coreapi;

import com.github.f4b6a3.ulid.UlidCreator;

/**
 * The form of every id in the contract: an optional prefix and a ULID.
 * <p>
 * Crockford's base 32 reads {@code I} and {@code L} as 1 and {@code O} as 0, so those letters are well-formed;
 * only {@code U} is outside the alphabet. The first character is at most 7 because a ULID is 128 bits.
 */
public final class Ids {

    private Ids() {
    }

    /** A new monotonic ULID: later ids sort after earlier ones, even within one millisecond. */
    public static String newUlid() {
        return UlidCreator.getMonotonicUlid().toString();
    }

    /**
     * Checked character by character, not by a regular expression: every id of every event read goes through
     * here, and the expression was a fifth of the task rebuild's CPU (docs/BENCHMARKS.md, step 33).
     */
    public static boolean isWellFormed(String prefix, String value) {
        if (value == null || value.length() != prefix.length() + 26 || !value.startsWith(prefix)) {
            return false;
        }
        char first = value.charAt(prefix.length());
        if (!(first >= '0' && first <= '7' || first == 'O' || first == 'I' || first == 'L')) {
            return false;
        }
        for (int i = prefix.length() + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && c != 'U')) {
                return false;
            }
        }
        return true;
    }

    /** Returns the value if it is well-formed, else throws {@link MalformedIdException}. */
    public static String require(String prefix, String value, String what) {
        if (!isWellFormed(prefix, value)) {
            throw new MalformedIdException(what, value, prefix);
        }
        return value;
    }
}
