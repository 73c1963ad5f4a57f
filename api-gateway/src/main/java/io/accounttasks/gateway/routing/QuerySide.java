package io.accounttasks.gateway.routing;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.URI;

/**
 * The gateway's own reads from the query side (API key lookups, read-your-writes), balanced over its instances
 * like the proxied ones and bounded by the same timeouts.
 */
@Component
public class QuerySide {

    /** An answer, read whole: these are small JSON documents. */
    public record Answer(HttpStatusCode status, HttpHeaders headers, byte[] body) {
    }

    private final Instances instances;
    private final RestClient http;

    QuerySide(Instances instances, ClientHttpRequestFactory backendRequestFactory,
              ObservationRegistry observations) {
        this.instances = instances;
        // A builder of our own: Boot's shared one is customized for the gateway's proxy. Observed like that one,
        // so that these calls carry the request's trace (traceparent) too.
        this.http = RestClient.builder().requestFactory(backendRequestFactory).observationRegistry(observations)
                .build();
    }

    /**
     * {@code GET} of a path (with its query, already encoded) on one query-side instance.
     *
     * @throws BackendFailure if no instance answers
     */
    public Answer get(String pathAndQuery, HttpHeaders headers) {
        if (!pathAndQuery.startsWith("/") || pathAndQuery.startsWith("//")) {
            // Only ever a path on the query side: a service's answer must not make the gateway call elsewhere.
            throw new IllegalArgumentException("not a path: " + pathAndQuery);
        }
        URI uri = instances.next(Backends.QUERY_SIDE, pathAndQuery);
        try {
            return http.get().uri(uri)
                    .headers(h -> h.addAll(headers))
                    .exchange((request, response) -> new Answer(response.getStatusCode(),
                            HttpHeaders.readOnlyHttpHeaders(response.getHeaders()),
                            response.getBody().readAllBytes()), true);
        } catch (RuntimeException e) {
            throw BackendFailure.of(Backends.QUERY_SIDE, e);
        }
    }
}
