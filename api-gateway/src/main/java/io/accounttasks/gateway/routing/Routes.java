package io.accounttasks.gateway.routing;

import io.accounttasks.gateway.limits.JsonBodies;
import io.accounttasks.gateway.problem.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.methods;
import static org.springframework.web.servlet.function.RequestPredicates.path;

/**
 * Reads go to the query side, writes to the command side, paths unchanged (CQRS: each side serves one kind).
 * <p>
 * A route's filters run in the order they are added, the first outermost: failures of the service become
 * 502/503/504 around everything else, and the side's next instance is picked right before the call.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";

    @Bean
    RouterFunction<ServerResponse> publicApi(EventStreamProxy eventStreams, Instances instances) {
        RequestPredicate publicPaths = path("/v1/**").or(path("/admin/**"));
        RouterFunction<ServerResponse> stream = route("event-stream")
                .route(path("/v1/events/stream").and(methods(HttpMethod.GET)), eventStreams)
                .filter(new BackendFailures(Backends.QUERY_SIDE))
                .build();
        // The projections are the query side's: their replays are posted there too, not to the command side.
        RouterFunction<ServerResponse> projections = route("projections")
                .route(path("/admin/projections").or(path("/admin/projections/**"))
                        .and(methods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST)), http())
                .filter(new BackendFailures(Backends.QUERY_SIDE))
                .filter(instances.inTurn(Backends.QUERY_SIDE))
                .after((request, response) -> RelativeLocation.forClient(response))
                .build();
        RouterFunction<ServerResponse> reads = route("reads")
                .route(publicPaths.and(methods(HttpMethod.GET, HttpMethod.HEAD)), http())
                .filter(new BackendFailures(Backends.QUERY_SIDE))
                .filter(instances.inTurn(Backends.QUERY_SIDE))
                .after((request, response) -> RelativeLocation.forClient(response))
                .build();
        RouterFunction<ServerResponse> writes = route("writes")
                .route(publicPaths.and(methods(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)),
                        http())
                .filter(new BackendFailures(Backends.COMMAND_SIDE))
                .filter(new JsonBodies())
                .filter(instances.inTurn(Backends.COMMAND_SIDE))
                // The command side answers with the rows it wrote with the events (docs/adr/0016): one hop.
                .after((request, response) -> RelativeLocation.forClient(response))
                .build();
        // OPTIONS, TRACE and the like: the API has no use for them, and no service should see them.
        RouterFunction<ServerResponse> otherMethods = route("other-methods")
                .route(publicPaths, request -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
                        .header(HttpHeaders.ALLOW, ALLOWED_METHODS)
                        .contentType(Problems.PROBLEM_JSON)
                        .body(Problems.body(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                                request.method() + " is not supported; use one of " + ALLOWED_METHODS)))
                .build();
        return stream.and(projections).and(reads).and(writes).and(otherMethods);
    }
}
