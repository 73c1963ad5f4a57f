package io.accounttasks.gateway.identity;

import io.accounttasks.edge.RequestLog;
import io.accounttasks.gateway.problem.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import io.accounttasks.edge.EdgeFirewall;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Who may pass the door. {@code /v1/**}: a token, an API key and an {@code x-org-id} that agree (401 otherwise),
 * acting for the organization of the token (403 otherwise). {@code /admin/**}: the admin secret (401 otherwise).
 * Health, info and metrics are open for probes and scrapers, the contract's OpenAPI document and Swagger UI for
 * anyone who wants to read it (contract/PublicContract); any other path passes on to Spring MVC, which answers 404. Stateless: no session, no CSRF token (there are no cookies to forge a request with).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class GatewaySecurity {

    static final String API_KEY_HEADER = "x-api-key";
    static final String ORG_HEADER = "x-org-id";

    /** No span per security filter: the request's own observation is enough (as on the services, EdgeSecurity). */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** The chain's paths matched as path patterns, not through Spring MVC's handler mappings (as EdgeSecurity). */
    @Bean
    PathPatternRequestMatcherBuilderFactoryBean pathPatternRequestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /** The services' firewall, without regular expressions per header read (EdgeFirewall). */
    @Bean
    HttpFirewall httpFirewall() {
        return EdgeFirewall.strict();
    }

    @Bean
    SecurityFilterChain gatewayFilterChain(HttpSecurity http, TenantAuthenticationProvider tenants,
                                           IdentityProperties properties) throws Exception {
        AuthenticationFilter tenantFilter = new AuthenticationFilter(new ProviderManager(tenants), credentials());
        tenantFilter.setRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/v1/**"));
        // Authenticated: go on to the route (the default handler would redirect, as after a form login), with the
        // tenant named in the request's log lines from here on.
        tenantFilter.setSuccessHandler((request, response, authentication) -> {
            if (authentication instanceof Tenant tenant) {
                RequestLog.identify(tenant.organizationId(), tenant.userId());
            }
        });
        tenantFilter.setFailureHandler((request, response, e) -> {
            if (e instanceof TenantAuthenticationProvider.BackendUnavailable unavailable) {
                HttpStatus status = unavailable.failure().status();
                Problems.write(response, status, Problems.slug(status), unavailable.getMessage());
            } else {
                unauthorized(response, e.getMessage(), "Bearer");
            }
        });

        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers("/v1/**").access(actingForOwnOrganization())
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().permitAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            if (isAdminPath(request)) {
                                unauthorized(response, "a valid " + AdminSecretFilter.HEADER + " header is required",
                                        "AdminSecret realm=\"admin\"");
                            } else {
                                unauthorized(response, "a Bearer token, an x-api-key and an x-org-id are required",
                                        "Bearer");
                            }
                        })
                        .accessDeniedHandler((request, response, e) -> Problems.write(response,
                                HttpStatus.FORBIDDEN, "forbidden",
                                "these credentials may not act for the organization in " + ORG_HEADER)))
                .addFilterBefore(new AdminSecretFilter(properties.adminSecret()), AnonymousAuthenticationFilter.class)
                .addFilterBefore(tenantFilter, AnonymousAuthenticationFilter.class);
        return http.build();
    }

    static boolean isAdminPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/admin") || path.startsWith("/admin/");
    }

    /** Valid credentials of one organization used on another's id: 403, as API.md says. */
    private static AuthorizationManager<RequestAuthorizationContext> actingForOwnOrganization() {
        return (Supplier<Authentication> authentication, RequestAuthorizationContext context) ->
                new AuthorizationDecision(authentication.get() instanceof Tenant tenant
                        && tenant.organizationId().equals(context.getRequest().getHeader(ORG_HEADER)));
    }

    private static AuthenticationConverter credentials() {
        return request -> new TenantCredentials(bearerToken(request), request.getHeader(API_KEY_HEADER),
                request.getHeader(ORG_HEADER));
    }

    private static String bearerToken(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static void unauthorized(HttpServletResponse response, String detail, String challenge)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }
}
