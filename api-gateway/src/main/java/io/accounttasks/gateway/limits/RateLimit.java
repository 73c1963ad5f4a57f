package io.accounttasks.gateway.limits;

import io.accounttasks.gateway.identity.Tenant;
import io.accounttasks.gateway.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * A budget of requests per API key on {@code /v1/**} ({@link RateLimitProperties}), with the Thena-style headers on
 * every answer that passed the door: {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset} (seconds until the window ends). Past the budget: 429 problem+json with
 * {@code Retry-After}, and nothing is forwarded.
 * <p>
 * The filter runs after Spring Security's, so only a caller whose token, key and organization agree is counted: a
 * request with bad credentials (401) or for another organization (403) never reaches it and spends nothing, so a
 * stranger cannot use up someone else's budget by sending their key with a bad token. {@code /admin/**} (operators)
 * and the actuator are not limited. The counts live in this instance's memory: behind a load balancer each gateway
 * instance gives every key its own budget.
 */
@Configuration(proxyBeanMethods = false)
class RateLimit {

    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";

    @Bean
    FilterRegistrationBean<BudgetFilter> rateLimitFilter(RateLimitProperties properties, SecurityProperties security,
                                                         ObjectProvider<Clock> clock) {
        RequestBudgets budgets = properties.enabled()
                ? new RequestBudgets(properties, clock.getIfAvailable(Clock::systemUTC)) : null;
        FilterRegistrationBean<BudgetFilter> registration =
                new FilterRegistrationBean<>(new BudgetFilter(budgets, properties));
        // Inside Spring Security's filter (which wraps the rest of the chain), once it has let the request through:
        // the caller is known, and the security context still holds it.
        registration.setOrder(security.getFilter().getOrder() + 10);
        registration.addUrlPatterns("/v1/*");
        return registration;
    }

    static final class BudgetFilter extends OncePerRequestFilter {

        private final RequestBudgets budgets;
        private final RateLimitProperties properties;

        BudgetFilter(RequestBudgets budgets, RateLimitProperties properties) {
            this.budgets = budgets;
            this.properties = properties;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return budgets == null || !path.startsWith("/v1/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String apiKey = request.getHeader("x-api-key");
            if (!(SecurityContextHolder.getContext().getAuthentication() instanceof Tenant) || apiKey == null) {
                // Not a caller Spring Security let through (it answered already, or this is not a tenant's call).
                chain.doFilter(request, response);
                return;
            }
            RequestBudgets.Verdict verdict = budgets.spend(sha256Hex(apiKey));
            // Set before the route writes anything, so they ride on every answer: the service's, the gateway's own
            // errors (415, 502...), and the 429 below.
            response.setHeader(LIMIT, Integer.toString(verdict.limit()));
            response.setHeader(REMAINING, Integer.toString(verdict.remaining()));
            response.setHeader(RESET, Long.toString(verdict.resetSeconds()));
            if (!verdict.allowed()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.resetSeconds()));
                Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                        "this API key has made its " + verdict.limit() + " requests per " + describe(properties)
                                + "; try again in " + verdict.resetSeconds() + " s");
                return;
            }
            chain.doFilter(request, response);
        }

        private static String describe(RateLimitProperties properties) {
            long seconds = properties.window().toSeconds();
            return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
        }
    }

    /** The same digest the key directory stores keys under: the key itself is never kept. */
    static String sha256Hex(String value) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
