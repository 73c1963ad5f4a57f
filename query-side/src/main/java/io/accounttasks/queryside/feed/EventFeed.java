package io.accounttasks.queryside.feed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskEvents;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the feed: the positions {@link FeedSequencer} gave, joined to the events themselves, upcast and
 * deserialized exactly as Axon reads them for the aggregates and the projections, then written out in the
 * public shape of {@link FeedEvent}.
 */
@Component
public class EventFeed {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** The metadata key of the trace context, and its W3C form: version, trace id, parent span id, flags. */
    static final String TRACEPARENT = "traceparent";
    private static final Pattern TRACEPARENT_FORMAT =
            Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private static final String SELECT = """
            select f.position, e.type, e.aggregateidentifier, e.sequencenumber, e.eventidentifier, e.timestamp,
                   e.payloadtype, e.payloadrevision, e.payload, e.metadata
            from event_feed f join domainevententry e on e.globalindex = f.globalindex
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final Serializer serializer;
    private final org.axonframework.config.Configuration axon;
    private final RevisionResolver revisions;
    private final ObjectMapper json;

    EventFeed(NamedParameterJdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer,
              org.axonframework.config.Configuration axon, RevisionResolver revisions, ObjectMapper json) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.axon = axon;
        this.revisions = revisions;
        // The hash of a user's API key is what the gateway looks keys up by: it stays inside the house.
        this.json = json.copy().addMixIn(UserCreated.class, WithoutKeyHash.class);
    }

    @JsonIgnoreProperties("apiKeyHash")
    private interface WithoutKeyHash {
    }

    /** One organization's events after a position, oldest first. */
    public FeedPage read(OrganizationId organizationId, long after, int limit) {
        return page(SELECT + " where f.organization_id = :org and f.position > :after order by f.position limit :limit",
                new MapSqlParameterSource("org", organizationId.value()), after, limit);
    }

    /** Every organization's events after a position, oldest first: what Kafka publishes. */
    public FeedPage readAll(long after, int limit) {
        return page(SELECT + " where f.position > :after order by f.position limit :limit",
                new MapSqlParameterSource(), after, limit);
    }

    /** The feed's newest position (0 while it is empty). */
    public long head() {
        Long head = jdbc.getJdbcOperations().queryForObject("select max(position) from event_feed", Long.class);
        return head == null ? 0 : head;
    }

    private FeedPage page(String sql, MapSqlParameterSource params, long after, int limit) {
        List<TrackedDomainEventData<byte[]>> rows = jdbc.query(sql,
                params.addValue("after", after).addValue("limit", limit),
                (row, n) -> new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(row.getLong("position")),
                        new GenericDomainEventEntry<>(row.getString("type"), row.getString("aggregateidentifier"),
                                row.getLong("sequencenumber"), row.getString("eventidentifier"),
                                row.getString("timestamp"), row.getString("payloadtype"),
                                row.getString("payloadrevision"), row.getBytes("payload"),
                                row.getBytes("metadata"))));
        List<FeedEvent> events = EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), serializer,
                        axon.upcasterChain())
                .map(this::toFeedEvent)
                .toList();
        return new FeedPage(events, events.isEmpty() ? after : events.get(events.size() - 1).position());
    }

    private FeedEvent toFeedEvent(TrackedEventMessage<?> message) {
        DomainEventMessage<?> event = (DomainEventMessage<?>) message;
        Object payload = event.getPayload();
        String revision = revisions.revisionOf(event.getPayloadType());
        return new FeedEvent(((GlobalSequenceTrackingToken) message.trackingToken()).getGlobalIndex(),
                event.getIdentifier(), event.getPayloadType().getSimpleName(),
                revision == null ? 1 : Integer.parseInt(revision), event.getAggregateIdentifier(),
                event.getSequenceNumber(), event.getTimestamp().atOffset(ZoneOffset.UTC),
                actorOf(payload), accountOf(payload), traceIdOf(event.getMetaData().get(TRACEPARENT)),
                json.valueToTree(payload));
    }

    /**
     * The trace id in the {@code traceparent} the command side put in the event's metadata (docs/adr/0014); null
     * when there is none or it is not one, since an event older than traces, or one no request wrote, has none.
     */
    static String traceIdOf(Object traceparent) {
        if (traceparent instanceof String text) {
            Matcher w3c = TRACEPARENT_FORMAT.matcher(text);
            if (w3c.matches() && !w3c.group(1).equals("0".repeat(32))) {
                return w3c.group(1);
            }
        }
        return null;
    }

    /**
     * Who did it: every task event and an account's creation name their actor (TaskBecameOverdue names none: the
     * passing of time did it); a user names who created it.
     */
    private static String actorOf(Object payload) {
        UserId actor = payload instanceof TaskEvents task ? task.actorId()
                : payload instanceof AccountCreated account ? account.actorId()
                : payload instanceof UserCreated user ? user.createdBy()
                : null;
        return actor == null ? null : actor.value();
    }

    private static String accountOf(Object payload) {
        return payload instanceof TaskEvents task ? task.accountId().value()
                : payload instanceof AccountCreated account ? account.accountId().value()
                : null;
    }
}
