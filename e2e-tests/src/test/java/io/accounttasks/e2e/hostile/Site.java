package io.accounttasks.e2e.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Jwts;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import io.accounttasks.localpostgres.TestPostgres;
import net.jqwik.api.Assume;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The world the hostile requests are thrown at: a few organizations (each its own API key, so a per-key rate limit
 * is spread), each with a second user, an account, a task that PATCHes aim at and a "victim" task that random paths
 * may delete. It sends {@link HostileRequest}s through the gateway and checks the answers and the store.
 * <p>
 * The store invariant is the event store itself, read in the embedded database (the test JVM owns it): a refused
 * write must leave {@code max(globalindex)} of {@code domainevententry} where it was. That is immediate (no
 * projection or feed sequencer to wait for), covers every organization at once (a write with broken credentials must
 * not land in another one either), and is checked again before the next try, in case something lands late.
 */
public final class Site {

    public static final int TENANTS = 3;

    public final List<Org> orgs = new ArrayList<>();
    public final AtomicInteger tooManyRequests = new AtomicInteger();
    public final AtomicInteger skipped = new AtomicInteger();
    public final AtomicInteger accepted = new AtomicInteger();
    public final AtomicInteger refused = new AtomicInteger();
    private String lastRequest = "(none yet)";
    private String lastAccepted = "(none yet)";
    private long storeHead;
    private Connection database;

    /** One organization and what the requests aim at. */
    public static final class Org {
        public final Tenant owner;
        public final Tenant second;
        public final String accountId;
        public String taskId;
        public String victimTaskId;
        /** A comment of the owner's on the PATCH target, which comment edits aim at. */
        public String commentId;

        Org(Tenant owner, Tenant second, String accountId) {
            this.owner = owner;
            this.second = second;
            this.accountId = accountId;
        }
    }

    public static Site create() {
        Site site = new Site();
        for (int i = 0; i < TENANTS; i++) {
            Tenant owner = Fixtures.bootstrapOrganization("hostile-" + i);
            Tenant second = Fixtures.addUser(owner, "hostile-second-" + i);
            String account = Fixtures.createAccount(owner, Fixtures.unique("Hostile Corp " + i)).path("id").asText();
            Org org = new Org(owner, second, account);
            org.taskId = Fixtures.createTask(owner, account, Map.of("description", "the PATCH target")).path("id").asText();
            org.victimTaskId = Fixtures.createTask(owner, account, Map.of()).path("id").asText();
            org.commentId = Fixtures.api().post(owner, Fixtures.taskPath(account, org.taskId) + "/comments",
                    Map.of("text", "the PATCH target of comment edits")).json().path("id").asText();
            site.orgs.add(org);
        }
        site.storeHead = site.storeHead();
        return site;
    }

    // --- placeholders ---------------------------------------------------------------------------------------------

    /** Fills a request's placeholders for the tenant that sends it; the longest names first. */
    public String resolve(String text, int tenant) {
        if (text == null || text.indexOf('$') < 0) {
            return text;
        }
        Org me = orgs.get(tenant);
        Org other = orgs.get((tenant + 1) % orgs.size());
        Map<String, java.util.function.Supplier<String>> values = new LinkedHashMap<>();
        values.put("$UNIQUE_EMAIL", () -> Fixtures.emailFor(Fixtures.unique("hostile")));
        values.put("$UNIQUE", () -> Fixtures.unique("hostile"));
        values.put("$TOKEN", () -> me.owner.token());
        values.put("$KEY", () -> me.owner.apiKey());
        values.put("$ORG", () -> me.owner.orgId());
        values.put("$USER", () -> me.owner.userId());
        values.put("$ACCOUNT", () -> me.accountId);
        values.put("$TASK", () -> me.taskId);
        values.put("$VICTIM", () -> me.victimTaskId);
        values.put("$COMMENT", () -> me.commentId);
        values.put("$U2TOKEN", () -> me.second.token());
        values.put("$U2KEY", () -> me.second.apiKey());
        values.put("$U2ID", () -> me.second.userId());
        values.put("$OTHER_TOKEN", () -> other.owner.token());
        values.put("$OTHER_KEY", () -> other.owner.apiKey());
        values.put("$OTHER_ORG", () -> other.owner.orgId());
        values.put("$OTHER_USER", () -> other.owner.userId());
        values.put("$OTHER_ACCOUNT", () -> other.accountId);
        values.put("$OTHER_TASK", () -> other.taskId);
        values.put("$JWT_EXPIRED", () -> Jwts.sign(Jwts.claims(me.owner.userId(), me.owner.orgId(),
                Instant.now().minusSeconds(60)), RunningSystem.JWT_SECRET));
        values.put("$JWT_NO_EXP", () -> Jwts.sign(Jwts.claims(me.owner.userId(), me.owner.orgId(), null),
                RunningSystem.JWT_SECRET));
        values.put("$JWT_WRONG_SECRET", () -> Jwts.sign(Jwts.claims(me.owner.userId(), me.owner.orgId(),
                Instant.now().plusSeconds(600)), "another-secret-of-at-least-32-bytes-0123456789"));
        values.put("$JWT_NO_SUB", () -> Jwts.sign(Jwts.claims(null, me.owner.orgId(),
                Instant.now().plusSeconds(600)), RunningSystem.JWT_SECRET));
        values.put("$JWT_NO_ORG", () -> Jwts.sign(Jwts.claims(me.owner.userId(), null,
                Instant.now().plusSeconds(600)), RunningSystem.JWT_SECRET));
        values.put("$JWT_OTHER_ORG", () -> Jwts.sign(Jwts.claims(me.owner.userId(), other.owner.orgId(),
                Instant.now().plusSeconds(600)), RunningSystem.JWT_SECRET));
        values.put("$JWT_ALG_NONE", () -> algNone(me.owner));
        List<String> names = new ArrayList<>(values.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String name : names) {
            if (out.contains(name)) {
                out = out.replace(name, values.get(name).get());
            }
        }
        return out;
    }

    private static String algNone(Tenant tenant) {
        java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = url.encodeToString(Api.toJson(Jwts.claims(tenant.userId(), tenant.orgId(),
                Instant.now().plusSeconds(600))).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    // --- sending --------------------------------------------------------------------------------------------------

    private final HttpClient raw = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * Sends it through the gateway. What java.net.http refuses to send (a header value with a CR, an illegal URI)
     * skips the try. A 5xx or an internal header fails with the whole request in the message.
     */
    public Api.Response send(HostileRequest request) {
        lastRequest = request.toString();
        String path = resolve(request.path(), request.tenant());
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (value != null) {
                headers.put(name, resolve(value, request.tenant()));
            }
        });
        try {
            if (request.bytes() != null) {
                return sendBytes(request, path, headers, request.bytes());
            }
            if (path.startsWith("//")) {
                // Api resolves the path against the gateway's URI, which would read "//x" as a host named x.
                return sendBytes(request, path, headers, request.body() == null ? null
                        : HostileRequest.utf8(resolve(request.body(), request.tenant())));
            }
            Api.Call call = Fixtures.api().call(request.method(), path).headers(headers);
            if (request.body() != null) {
                call.raw(resolve(request.body(), request.tenant()), null);
            }
            return call.send();
        } catch (IllegalArgumentException refusedByClient) {
            skipped.incrementAndGet();
            Assume.that(false);
            throw refusedByClient;
        } catch (AssertionError failure) {
            throw new AssertionError("the gateway failed a hostile request:\n  " + request + "\n  -> "
                    + failure.getMessage(), failure);
        }
    }

    /** Bytes that are not UTF-8 text cannot go through {@link Api}; the same checks, by hand. */
    private Api.Response sendBytes(HostileRequest request, String path, Map<String, String> headers, byte[] body) {
        URI uri = URI.create(RunningSystem.get().gateway().toString() + path);
        boolean chunked = "chunked".equals(headers.remove("Transfer-Encoding"));
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(request.method(), publisher);
        headers.putIfAbsent("Accept", "application/json, application/problem+json");
        headers.forEach(builder::header);
        HttpResponse<String> answer;
        try {
            answer = raw.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Api.Response response = new Api.Response(request.method(), path, answer.statusCode(), answer.headers(),
                answer.body());
        if (response.status() >= 500) {
            throw new AssertionError("server error: " + response);
        }
        for (String internal : Api.INTERNAL_HEADERS) {
            if (response.header(internal).isPresent()) {
                throw new AssertionError("internal header " + internal + " reached the client: " + response);
            }
        }
        Fixtures.api().contract().check(request.method(), path, headers,
                request.bytes() == null && body != null ? new String(body, StandardCharsets.UTF_8) : null,
                request.bytes() == null, response);
        return response;
    }

    // --- the answer -----------------------------------------------------------------------------------------------

    /** Never a 5xx (checked while sending); every 4xx a problem+json whose status is the answer's. */
    public void expectWellFormed(HostileRequest request, Api.Response response) {
        int status = response.status();
        if (status == 429) {
            tooManyRequests.incrementAndGet();
        }
        if (status < 400) {
            return;
        }
        String why = null;
        JsonNode problem = null;
        if (!response.contentType().startsWith("application/problem+json")) {
            why = "a " + status + " that is not application/problem+json";
        } else {
            try {
                problem = Api.JSON.readTree(response.body());
            } catch (IOException e) {
                why = "a problem+json body that is not JSON";
            }
            if (problem != null && !problem.isObject()) {
                why = "a problem+json body that is not an object";
            } else if (problem != null && problem.path("status").asInt(-1) != status) {
                why = "a problem whose status is not the answer's " + status;
            } else if (problem != null && !(problem.path("type").isTextual() && problem.path("title").isTextual())) {
                why = "a problem without type and title";
            }
        }
        if (why != null) {
            throw new AssertionError(why + ":\n  " + request + "\n  -> " + response);
        }
    }

    // --- the store ------------------------------------------------------------------------------------------------

    /** Takes the store as it is now as the baseline (before each property: a failed one may have left a write). */
    public void rebase() {
        storeHead = storeHead();
    }

    /**
     * Before a try: the event store has not grown since the last check (something that came late, after its
     * answer, would be here).
     */
    public void expectQuiet() {
        long now = storeHead();
        if (now != storeHead) {
            throw new AssertionError("the event store grew with no accepted write: " + eventsAfter(storeHead)
                    + "\n  the request before was:\n  " + lastRequest);
        }
    }

    /**
     * After the answer. A refused write (any non-2xx) must have appended nothing to the event store (checked in the
     * database itself: immediate, and every organization at once). An accepted write moves the baseline on; it
     * must be a plain 2xx, not the gateway's 202 "stored, but the read side did not show it within 5 s", which
     * would mean a projection is stuck or far behind.
     */
    public void expectStoreConsistentWith(HostileRequest request, Api.Response response) {
        if (!request.isWrite()) {
            return;
        }
        long now = storeHead();
        if (response.status() < 200 || response.status() >= 300) {
            refused.incrementAndGet();
            if (now != storeHead) {
                throw new AssertionError("a refused write changed the store: " + eventsAfter(storeHead) + "\n  "
                        + request + "\n  -> " + response);
            }
            return;
        }
        accepted.incrementAndGet();
        storeHead = now;
        if (response.status() == 202 && response.header("X-Projection-Pending").isPresent()) {
            throw new AssertionError("an accepted write was not visible on the read side within the gateway's bound"
                    + " (202, X-Projection-Pending): a projection is stuck or far behind. The write:\n  " + request
                    + "\n  -> " + response + "\n  the accepted write before it:\n  " + lastAccepted);
        }
        lastAccepted = request + "\n  -> " + response;
        // A random path or a header test may have deleted the victim; they need one to aim at.
        if (request.method().equals("DELETE")) {
            for (Org each : orgs) {
                Api.Response victim = Fixtures.api().get(each.owner,
                        Fixtures.taskPath(each.accountId, each.victimTaskId));
                if (victim.status() == 404) {
                    each.victimTaskId = Fixtures.createTask(each.owner, each.accountId, Map.of()).path("id").asText();
                }
            }
            storeHead = storeHead();
        }
    }

    /**
     * The newest event a request wrote. TaskBecameOverdue is left out: the passing of time records it, a second or
     * so after a write gave a task a deadline that had already passed, with no request to account for it.
     */
    private long storeHead() {
        try (Statement statement = database().createStatement();
             ResultSet row = statement.executeQuery("select coalesce(max(globalindex), 0) from domainevententry"
                     + " where payloadtype <> 'io.accounttasks.coreapi.task.TaskEvents$TaskBecameOverdue'")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError("could not read the event store", e);
        }
    }

    private String eventsAfter(long head) {
        List<String> shown = new ArrayList<>();
        try (PreparedStatement statement = database().prepareStatement("select type, aggregateidentifier, "
                + "sequencenumber, payloadtype, convert_from(payload, 'UTF8') from domainevententry "
                + "where globalindex > ? order by globalindex limit 5")) {
            statement.setLong(1, head);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    shown.add(row.getString(4) + " of " + row.getString(1) + " " + row.getString(2) + " #"
                            + row.getLong(3) + " " + HostileRequest.truncate(row.getString(5), 300));
                }
            }
        } catch (SQLException e) {
            return "(could not read the new events: " + e + ")";
        }
        return "new event(s): " + String.join("; ", shown);
    }

    private Connection database() throws SQLException {
        if (database == null || database.isClosed()) {
            database = TestPostgres.ownerConnection();
            database.setAutoCommit(true);
        }
        return database;
    }

    /** Closes the owner's connection: later tests check that only the services' own users are connected. */
    public void close() {
        try {
            if (database != null) {
                database.close();
            }
        } catch (SQLException e) {
            // closing anyway
        } finally {
            database = null;
        }
    }

    public String counts() {
        return "accepted writes " + accepted + ", refused writes " + refused + ", 429s " + tooManyRequests
                + ", tries skipped (the HTTP client refused the request) " + skipped;
    }
}
