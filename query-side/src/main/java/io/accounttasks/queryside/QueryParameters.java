package io.accounttasks.queryside;

/** How the query side reads a number from a query parameter, so every bad one answers 400 naming it. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The parameter's whole number in [min, max], or {@code absent} when it was not given. */
    public static long wholeNumber(String name, String raw, long absent, long min, long max) {
        if (raw == null) {
            return absent;
        }
        String range = max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                ? "a whole number from " + min
                : "a whole number from " + min + " to " + max;
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidQueryParameter(name, "must be " + range + ", got '" + InvalidQueryParameter.shown(raw)
                    + "'");
        }
        if (value < min || value > max) {
            throw new InvalidQueryParameter(name, "must be " + range + ", got " + value);
        }
        return value;
    }
}
