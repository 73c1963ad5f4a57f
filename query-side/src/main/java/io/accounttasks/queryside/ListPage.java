package io.accounttasks.queryside;

import java.util.List;

/** The shape of every list answer: {@code {"data", "page", "limit", "total"}}. */
public record ListPage<T>(List<T> data, int page, int limit, long total) {

    public static <T> ListPage<T> of(List<T> data, Paging paging, long total) {
        return new ListPage<>(data, paging.page(), paging.limit(), total);
    }
}
