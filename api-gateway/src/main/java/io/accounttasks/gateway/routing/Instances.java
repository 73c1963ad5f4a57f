package io.accounttasks.gateway.routing;

import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each side's instances, taken in turn (round robin). The lists are the configuration's ({@code TASKS_COMMAND_URLS},
 * {@code TASKS_QUERY_URLS}): there is no registry to ask and nothing to probe, and an instance that is down fails
 * its call, which BackendFailures answers 502/503/504 like any other. Spring Cloud LoadBalancer made the same choice
 * per request through a child context's beans and a Reactor pipeline (docs/BENCHMARKS.md, step 43).
 */
@Component
public class Instances {

    private final Map<String, List<String>> bases;
    private final Map<String, AtomicInteger> turns;

    Instances(Backends backends) {
        this.bases = Map.of(Backends.COMMAND_SIDE, bases(backends.commandUrls()),
                Backends.QUERY_SIDE, bases(backends.queryUrls()));
        this.turns = Map.of(Backends.COMMAND_SIDE, new AtomicInteger(), Backends.QUERY_SIDE, new AtomicInteger());
    }

    /**
     * The side's next instance with this path and query (encoded as they came), e.g. {@code /v1/accounts?limit=5}.
     */
    public URI next(String side, String pathAndQuery) {
        List<String> instances = bases.get(side);
        return URI.create(instances.get(Math.floorMod(turns.get(side).getAndIncrement(), instances.size()))
                + pathAndQuery);
    }

    /** The proxy's target: the side's next instance, the request's path and query unchanged. */
    HandlerFilterFunction<ServerResponse, ServerResponse> inTurn(String side) {
        return (request, next) -> {
            URI uri = request.uri();
            MvcUtils.setRequestUrl(request, next(side,
                    uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
            return next.handle(request);
        };
    }

    /** Scheme, host and port: a path in the configured URL is not a prefix of the requests'. */
    private static List<String> bases(List<URI> urls) {
        return urls.stream().map(url -> url.getScheme() + "://" + url.getHost()
                + (url.getPort() == -1 ? "" : ":" + url.getPort())).toList();
    }
}
