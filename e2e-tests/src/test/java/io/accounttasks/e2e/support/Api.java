package io.accounttasks.e2e.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client of the public API, through the gateway only. Every answer is checked for what may never happen,
 * whatever the test: a 5xx, one of the services' internal headers reaching the client, or an exchange the served
 * OpenAPI document does not describe ({@link Contract}).
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** The internal protocol between gateway and services (ARCHITECTURE.md); a client must never see these. */
    public static final List<String> INTERNAL_HEADERS =
            List.of("X-Aggregate-Version", "X-Read-Path", "X-Answer-From", "X-Min-Version");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final URI base;
    private volatile Contract contract;

    Api(URI base) {
        this.base = base;
    }

    /** The served document, read once, on the first exchange (the gateway is up by then). */
    public Contract contract() {
        Contract read = contract;
        if (read == null) {
            synchronized (this) {
                if (contract == null) {
                    contract = Contract.of(served("/v3/api-docs"));
                }
                read = contract;
            }
        }
        return read;
    }

    /** A document the gateway serves without credentials, read without the contract check (it is the contract). */
    private String served(String path) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (answer.statusCode() != 200) {
                throw new AssertionError(path + " answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new AssertionError(path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public Call call(String method, String path) {
        return new Call(method, path);
    }

    public Response get(Tenant as, String path) {
        return call("GET", path).as(as).send();
    }

    public Response post(Tenant as, String path, Object body) {
        return call("POST", path).as(as).json(body).send();
    }

    public Response patch(Tenant as, String path, Object body) {
        return call("PATCH", path).as(as).json(body).send();
    }

    public Response delete(Tenant as, String path) {
        return call("DELETE", path).as(as).send();
    }

    public static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One request being put together. */
    public final class Call {

        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** The three identity headers of this tenant. */
        public Call as(Tenant tenant) {
            headers.putAll(tenant.headers());
            return this;
        }

        public Call headers(Map<String, String> more) {
            headers.putAll(more);
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A body serialized as JSON, with {@code Content-Type: application/json}. */
        public Call json(Object value) {
            return raw(value instanceof String text ? text : toJson(value), "application/json");
        }

        /** A body sent byte for byte; a null content type sends none. */
        public Call raw(String text, String contentType) {
            this.body = text;
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return this;
        }

        public Response send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.putIfAbsent("Accept", "application/json, application/problem+json");
            headers.forEach(request::header);
            HttpResponse<String> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            Response response = new Response(method, path, answer.statusCode(), answer.headers(), answer.body());
            if (response.status() >= 500) {
                throw new AssertionError("server error: " + response);
            }
            for (String internal : INTERNAL_HEADERS) {
                if (response.header(internal).isPresent()) {
                    throw new AssertionError("internal header " + internal + " reached the client: " + response);
                }
            }
            contract().check(method, path, headers, body, true, response);
            return response;
        }
    }

    /** What came back. */
    public record Response(String method, String path, int status, HttpHeaders headers, String body) {

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + contentType() + " "
                    + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }
}
