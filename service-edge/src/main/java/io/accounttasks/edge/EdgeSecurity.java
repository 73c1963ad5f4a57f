package io.accounttasks.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Every service checks its callers itself, so a request that goes around the gateway cannot claim an identity:
 * {@code /v1/**} and {@code /internal/**} need a valid JWT (the same key material as the gateway's),
 * {@code /admin/**} the admin secret. Health, info and metrics stay open for probes and scrapers.
 */
@AutoConfiguration
@EnableWebSecurity
@Import({EdgeSettings.class, EdgeWeb.class, EdgeProblemHandler.class})
public class EdgeSecurity {

    static final String ADMIN_SECRET_HEADER = "x-admin-secret";
    static final String ORG_HEADER = "x-org-id";

    @Bean
    @ConditionalOnMissingBean
    public JwtDecoder jwtDecoder(EdgeSettings settings) {
        return TokenRules.decoder(settings.jwtSecret(), settings.jwkSetUri());
    }

    /**
     * Spring Security's own observations, a span around each of its filters, cost a tenth of a request's CPU
     * (docs/BENCHMARKS.md, step 21); the request's observation (its timer, its trace id in the logs) stays.
     */
    @Bean
    @ConditionalOnMissingBean
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security takes the firewall of every request from this bean (EdgeFirewall says why). */
    @Bean
    @ConditionalOnMissingBean
    public HttpFirewall httpFirewall() {
        return EdgeFirewall.strict();
    }

    /**
     * The chain's paths matched as path patterns, not by asking Spring MVC's handler mappings which handler a
     * request goes to (what {@code requestMatchers(String)} does otherwise), once more per request.
     */
    @Bean
    @ConditionalOnMissingBean
    public PathPatternRequestMatcherBuilderFactoryBean pathPatternRequestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    @Bean
    @ConditionalOnMissingBean
    public SecurityFilterChain edgeSecurityFilterChain(HttpSecurity http, EdgeSettings settings, ObjectMapper json)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/v1/**", "/internal/**").authenticated()
                        .requestMatchers("/actuator/**").denyAll()
                        // Everything else reaches Spring MVC, which answers 404 as problem+json.
                        .anyRequest().permitAll())
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((request, response, e) -> unauthorized(response, json,
                                "a valid Bearer token is required"))
                        .accessDeniedHandler((request, response, e) -> forbidden(response, json)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> unauthorized(response, json,
                                request.getRequestURI().startsWith("/admin/")
                                        ? "a valid " + ADMIN_SECRET_HEADER + " header is required"
                                        : "a valid Bearer token is required"))
                        .accessDeniedHandler((request, response, e) -> {
                            // A user's token on an admin path is not the admin credential: say what is missing.
                            if (request.getRequestURI().startsWith("/admin/")) {
                                unauthorized(response, json, "a valid " + ADMIN_SECRET_HEADER + " header is required");
                            } else {
                                forbidden(response, json);
                            }
                        }))
                .addFilterBefore(new AdminSecretFilter(settings.adminSecret()), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new CallerInLogs(), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new OrganizationHeaderFilter(json), CallerInLogs.class);
        return http.build();
    }

    private static void unauthorized(HttpServletResponse response, ObjectMapper json, String detail)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        Problems.write(response, json, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", detail));
    }

    private static void forbidden(HttpServletResponse response, ObjectMapper json) throws IOException {
        Problems.write(response, json, Problems.of(HttpStatus.FORBIDDEN, "forbidden",
                "these credentials may not do this"));
    }

    /** Grants the admin role to a request on {@code /admin/**} that carries the admin secret. */
    static final class AdminSecretFilter extends OncePerRequestFilter {

        private final byte[] secret;

        AdminSecretFilter(String secret) {
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !request.getRequestURI().startsWith("/admin/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String given = request.getHeader(ADMIN_SECRET_HEADER);
            // Constant time, so the secret cannot be guessed byte by byte from response times.
            if (given != null && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
                        .authenticated("admin", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * Once the token is verified, the log lines of the request name its organization and user ({@link RequestLog});
     * the token itself is never logged.
     */
    static final class CallerInLogs extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
                RequestLog.identify(token.getToken().getClaimAsString(TokenRules.ORG_CLAIM),
                        token.getToken().getSubject());
            }
            chain.doFilter(request, response);
        }
    }

    /** A token of one organization used with another organization's {@code x-org-id}: 403, as API.md says. */
    static final class OrganizationHeaderFilter extends OncePerRequestFilter {

        private final ObjectMapper json;

        OrganizationHeaderFilter(ObjectMapper json) {
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String orgHeader = request.getHeader(ORG_HEADER);
            if (orgHeader != null
                    && SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                    && !orgHeader.equals(token.getToken().getClaimAsString(TokenRules.ORG_CLAIM))) {
                forbidden(response, json);
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
