package io.accounttasks.queryside.feed;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/**
 * One event as the feed, the SSE stream and Kafka publish it: the envelope is the same for every type, and
 * {@code data} is the event itself in the shape of its {@code type} at {@code version} (docs/EVENTS.md).
 *
 * @param position  the event's place in the feed: dense, increasing, in the order events became visible
 * @param id        the event's own id, unique for ever (what a consumer can deduplicate on)
 * @param type      the event's name, in the past tense
 * @param version   the version of that type's shape; older shapes are served upcast to the current one
 * @param aggregateId the task, account, user or organization the event happened to
 * @param sequence  the event's number within its aggregate, from 0: the aggregate's version after it
 * @param actorId   who did it (null for an organization's creation, done by the operator, and for
 *                  TaskBecameOverdue, recorded by the passing of time)
 * @param accountId the account it concerns (null for users and organizations)
 * @param traceId   the W3C trace id of the request that wrote it (32 hex digits), as the logs of that request show
 *                  it; null for events written before traces were recorded and for those no request wrote
 *                  (docs/adr/0014). An envelope field added later, as EVENTS.md's rule for the envelope allows
 */
public record FeedEvent(long position, String id, String type, int version, String aggregateId, long sequence,
                        OffsetDateTime occurredAt, String actorId, String accountId, String traceId, JsonNode data) {
}
