package io.accounttasks.queryside;

/**
 * Which page of a list was asked for: {@code page} from 1, {@code limit} 1 to 100 (20 when not given), as
 * API.md says for every list.
 */
public record Paging(int page, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** From the raw query parameters, so that a bad one answers 400 naming the parameter. */
    public static Paging of(String page, String limit) {
        return new Paging(number("page", page, 1, 1, Integer.MAX_VALUE),
                number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
    }

    public long offset() {
        return (long) (page - 1) * limit;
    }

    private static int number(String name, String raw, int absent, int min, int max) {
        return (int) QueryParameters.wholeNumber(name, raw, absent, min, max);
    }
}
