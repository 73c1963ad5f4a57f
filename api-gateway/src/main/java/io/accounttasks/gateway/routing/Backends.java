package io.accounttasks.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where the two sides run, each as a list of instances the gateway balances over ({@code TASKS_COMMAND_URLS},
 * {@code TASKS_QUERY_URLS}, comma-separated), and how long it waits for them. The timeouts are what turn a dead or
 * stuck service into a quick 503/504 instead of a hanging client. The read timeout bounds a whole answer; an event
 * stream is bounded only by the silence between two of its reads (the query side sends a keep-alive every 5 s).
 */
@ConfigurationProperties("tasks.backends")
public record Backends(
        @DefaultValue("http://localhost:8081") List<URI> commandUrls,
        @DefaultValue("http://localhost:8082") List<URI> queryUrls,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("30s") Duration streamIdleTimeout) {

    /** The names of the two sides (Instances). */
    public static final String COMMAND_SIDE = "command-side";
    public static final String QUERY_SIDE = "query-side";

    public Backends {
        commandUrls = requireInstances(commandUrls, "TASKS_COMMAND_URLS");
        queryUrls = requireInstances(queryUrls, "TASKS_QUERY_URLS");
    }

    List<URI> instancesOf(String serviceId) {
        return switch (serviceId) {
            case COMMAND_SIDE -> commandUrls;
            case QUERY_SIDE -> queryUrls;
            default -> throw new IllegalArgumentException("no backend named " + serviceId);
        };
    }

    private static List<URI> requireInstances(List<URI> urls, String variable) {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException(variable + " must name at least one instance");
        }
        for (URI url : urls) {
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException(variable + " has an entry that is not an http(s) URL: " + url);
            }
        }
        return List.copyOf(urls);
    }
}
