package io.accounttasks.queryside.feed;

import io.accounttasks.edge.Caller;
import io.accounttasks.queryside.QueryParameters;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The caller organization's events, in the order they became visible: as pages, or as a live stream. */
@RestController
class FeedController {

    private final EventFeed feed;
    private final EventStream stream;

    FeedController(EventFeed feed, EventStream stream) {
        this.feed = feed;
        this.stream = stream;
    }

    @GetMapping(path = "/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    FeedPage page(Caller caller, @RequestParam(required = false) String after,
                  @RequestParam(required = false) String limit) {
        return feed.read(caller.organizationId(), position("after", after),
                (int) QueryParameters.wholeNumber("limit", limit, EventFeed.DEFAULT_LIMIT, 1, EventFeed.MAX_LIMIT));
    }

    /** Resumes after {@code Last-Event-ID} (what EventSource sends on reconnecting), else after {@code after}. */
    @GetMapping(path = "/v1/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller, @RequestParam(required = false) String after,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        long from = lastEventId != null && !lastEventId.isBlank()
                ? position("Last-Event-ID", lastEventId)
                : position("after", after);
        return stream.subscribe(caller.organizationId(), from);
    }

    private static long position(String name, String raw) {
        return QueryParameters.wholeNumber(name, raw, 0, 0, Long.MAX_VALUE);
    }
}
