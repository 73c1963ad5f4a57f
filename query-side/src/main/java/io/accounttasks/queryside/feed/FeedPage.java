package io.accounttasks.queryside.feed;

import java.util.List;

/**
 * A page of the feed and where to go on from: {@code next} is the last position served, or the position asked
 * after when nothing new was there, so a consumer can always ask again with {@code after=next}.
 */
public record FeedPage(List<FeedEvent> data, long next) {
}
