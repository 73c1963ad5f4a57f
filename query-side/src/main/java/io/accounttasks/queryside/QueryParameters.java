package io.accounttasks.queryside;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the query side reads numbers, instants and flags from query parameters, so every bad one answers 400 naming
 * it.
 */
public final class QueryParameters {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("\\d{4}-");

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
        // As the document's integer is written (JSON's grammar): no plus sign, no leading zeros.
        String text = raw.trim();
        Long value = WHOLE_NUMBER.matcher(text).matches() ? longOrNull(text) : null;
        if (value == null) {
            throw new InvalidQueryParameter(name, "must be " + range + ", got '" + InvalidQueryParameter.shown(raw)
                    + "'");
        }
        if (value < min || value > max) {
            throw new InvalidQueryParameter(name, "must be " + range + ", got " + value);
        }
        return value;
    }

    /** The number, or null when it is beyond a long. */
    private static Long longOrNull(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException beyondLong) {
            return null;
        }
    }

    /**
     * An ISO-8601 date-time with an offset, or null when the parameter was not given. A space is read as '+': a
     * client that did not URL-encode the '+' of an offset such as {@code +02:00} sends what the query string
     * decodes to a space, and that can only have meant '+' (a date-time has no space in it).
     */
    public static Instant instant(String name, String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.replace(' ', '+');
        // The document's date-time is RFC 3339's: a four-digit year, not java.time's signed extended ones.
        if (FOUR_DIGIT_YEAR.matcher(text).lookingAt()) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // answered below, as any other text that is not one
            }
        }
        throw new InvalidQueryParameter(name, "must be an ISO-8601 date-time with an offset, such as "
                + "2025-01-31T09:30:00Z or 2025-01-31T11:30:00+02:00, got '" + InvalidQueryParameter.shown(raw)
                + "'");
    }

    /** {@code true} or {@code false} (in any case), or null when the parameter was not given. */
    public static Boolean flag(String name, String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidQueryParameter(name, "must be true or false");
        };
    }
}
