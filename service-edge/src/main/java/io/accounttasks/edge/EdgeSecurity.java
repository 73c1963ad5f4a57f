package io.accounttasks.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accounttasks.coreapi.Ids;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
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
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.filter.OncePerRequestFilter;

import javax.crypto.spec.SecretKeySpec;
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
        NimbusJwtDecoder decoder;
        if (!settings.jwkSetUri().isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
        } else {
            byte[] secret = settings.jwtSecret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new IllegalStateException("TASKS_JWT_SECRET must be at least 32 bytes for HS256");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefault(), EdgeSecurity::requireIdentityClaims));
        return decoder;
    }

    /** A token must say who ({@code sub}) and for which organization ({@code org}), in the contract's id forms. */
    static OAuth2TokenValidatorResult requireIdentityClaims(Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return failure("the token has no exp claim");
        }
        if (!Ids.isWellFormed(UserId.PREFIX, jwt.getSubject())) {
            return failure("the token's sub must be a user id (USR_...)");
        }
        if (!Ids.isWellFormed(OrganizationId.PREFIX, jwt.getClaimAsString("org"))) {
            return failure("the token's org must be an organization id (ORG_...)");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", why, null));
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
                .addFilterAfter(new OrganizationHeaderFilter(json), BearerTokenAuthenticationFilter.class);
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
                    && !orgHeader.equals(token.getToken().getClaimAsString("org"))) {
                forbidden(response, json);
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
