package io.accounttasks.bench;

import com.github.f4b6a3.ulid.UlidCreator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes accounts and tasks straight into the event store with COPY, in exactly the shape the command side
 * writes them: every seeded event is a copy of a real one of the same kind, written through the API earlier in
 * the same run, with its ids, names, event id, trace ids and time changed. So the projections read what they
 * would read after the same writes through the API, whatever the events' current shape and revision, at a
 * rate the API could not reach before it is tuned (which is what the benchmark is to measure, not to wait for).
 * <p>
 * The command side's own lookup tables do not learn of seeded accounts and tasks: they can be read, not written
 * to, which is all the benchmark does with them.
 */
final class EventSeeder {

    /** Events per COPY, and so per transaction. */
    static final int CHUNK = 10_000;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final DateTimeFormatter AXON_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One stored event, as the command side wrote it (payload and metadata as text: Jackson's JSON). */
    record Template(String type, String metadata, String payload, String payloadRevision, String payloadType) {

        static Template of(Connection db, String aggregateId) throws SQLException {
            try (PreparedStatement query = db.prepareStatement("""
                    select type, convert_from(metadata, 'UTF8'), convert_from(payload, 'UTF8'), payloadrevision,
                           payloadtype
                    from domainevententry where aggregateidentifier = ? and sequencenumber = 0""")) {
                query.setString(1, aggregateId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("no event of " + aggregateId + " in the event store");
                    }
                    Template template = new Template(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5));
                    // Written as bytea's escape format inside COPY's text format, where only printable ASCII
                    // other than the backslash stands for itself: the benchmark's own names keep to that.
                    if (!(template.metadata + template.payload).chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\')) {
                        throw new IllegalStateException("the event of " + aggregateId + " is not plain ASCII JSON");
                    }
                    return template;
                }
            }
        }
    }

    /**
     * The real events the seeded ones are copied from: an account's creation and a task's, and the values in them
     * that each copy replaces.
     */
    record Example(Template account, Template task, Tenant tenant, String accountId, String accountName,
                   String taskId, String taskTitle) {
    }

    private final Database database;
    private final Example example;

    EventSeeder(Database database, Example example) {
        this.database = database;
        this.example = example;
    }

    /**
     * {@code accounts} new accounts, spread over the tenants in turn, each with {@code tasksPerAccount} tasks: the
     * account's event first, so that its tasks' rows find its row.
     */
    List<Target> seed(List<Tenant> tenants, int accounts, int tasksPerAccount, String label) throws SQLException {
        long total = (long) accounts * (1 + tasksPerAccount);
        // In the past, a millisecond apart: the list sorts by creation time, and no event is from the future.
        long firstMillis = Instant.now().toEpochMilli() - total;
        long written = 0;
        List<Target> targets = new ArrayList<>();
        try (Connection db = database.connect()) {
            // One COPY (one transaction) per CHUNK events, as a busy system commits them: a million events in one
            // transaction would reach the event feed's sequencer as one pass of a million rows, which no real
            // traffic makes, and hold up everything else meanwhile. An account's events stay in one chunk.
            Copy copy = null;
            long inChunk = 0;
            for (int a = 0; a < accounts; a++) {
                if (copy == null) {
                    copy = new Copy(db.unwrap(PGConnection.class).getCopyAPI().copyIn(Copy.SQL));
                }
                Tenant tenant = tenants.get(a % tenants.size());
                String accountId = "ACC_" + UlidCreator.getMonotonicUlid();
                Map<String, String> ids = new LinkedHashMap<>();
                ids.put(example.accountId(), accountId);
                ids.put(example.tenant().organizationId(), tenant.organizationId());
                ids.put(example.tenant().userId(), tenant.userId());
                ids.put(example.accountName(), "Bench " + label + " account " + a);
                copy.row(accountId, example.account(), ids, firstMillis + written++);
                ids.remove(example.accountName());
                for (int t = 0; t < tasksPerAccount; t++) {
                    String taskId = UlidCreator.getMonotonicUlid().toString();
                    ids.put(example.taskId(), taskId);
                    ids.put(example.taskTitle(), "Bench " + label + " task " + a + "." + t);
                    copy.row(taskId, example.task(), ids, firstMillis + written++);
                }
                targets.add(new Target(tenant, accountId));
                inChunk += 1 + tasksPerAccount;
                if (inChunk >= CHUNK) {
                    copy.finish();
                    copy = null;
                    inChunk = 0;
                }
            }
            if (copy != null) {
                copy.finish();
            }
        }
        return targets;
    }

    /** COPY into the event store, its text sent a megabyte at a time. */
    private static final class Copy {

        static final String SQL = "copy domainevententry (aggregateidentifier, sequencenumber, type, "
                + "eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp) from stdin";

        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(1 << 20);

        Copy(CopyIn copy) {
            this.copy = copy;
        }

        /** One event: the template with the given values replaced (each a whole JSON string), fresh trace ids. */
        void row(String aggregateId, Template template, Map<String, String> ids, long millis) throws SQLException {
            String payload = template.payload();
            for (Map.Entry<String, String> id : ids.entrySet()) {
                payload = payload.replace('"' + id.getKey() + '"', '"' + id.getValue() + '"');
            }
            Map<String, String> traces = new HashMap<>();
            String metadata = UUID_TEXT.matcher(template.metadata())
                    .replaceAll(match -> traces.computeIfAbsent(match.group(), old -> UUID.randomUUID().toString()));
            buffer.append(aggregateId).append("\t0\t").append(template.type()).append('\t')
                    .append(UUID.randomUUID()).append('\t').append(metadata).append('\t').append(payload).append('\t')
                    .append(template.payloadRevision() == null ? "\\N" : template.payloadRevision()).append('\t')
                    .append(template.payloadType()).append('\t')
                    .append(AXON_TIME.format(Instant.ofEpochMilli(millis))).append('\n');
            if (buffer.length() > (1 << 20) - 4096) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.US_ASCII);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        void finish() throws SQLException {
            flush();
            copy.endCopy();
        }
    }
}
