package io.accounttasks.gateway.identity;

import io.accounttasks.coreapi.Ids;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.edge.TokenRules;
import io.accounttasks.gateway.routing.BackendFailure;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The three credentials of a {@code /v1/**} call must all be there and agree (API.md, "Identity and tenancy"):
 * a valid token, an API key that belongs to the token's user ({@code sub}) in the token's organization
 * ({@code org}), and an {@code x-org-id}. Anything missing or wrong is a 401. Whether {@code x-org-id} names the
 * token's organization is a question of authorization (403), asked in {@link GatewaySecurity}.
 * <p>
 * The messages say which credential failed, never its value.
 */
@Component
class TenantAuthenticationProvider implements AuthenticationProvider {

    private final JwtDecoder jwtDecoder;
    private final ApiKeyDirectory apiKeys;

    TenantAuthenticationProvider(JwtDecoder jwtDecoder, ApiKeyDirectory apiKeys) {
        this.jwtDecoder = jwtDecoder;
        this.apiKeys = apiKeys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        TenantCredentials credentials = (TenantCredentials) authentication;
        if (credentials.bearerToken() == null) {
            throw new BadCredentialsException("an Authorization: Bearer token is required");
        }
        if (isBlank(credentials.apiKey())) {
            throw new BadCredentialsException("an x-api-key header is required");
        }
        if (isBlank(credentials.organizationHeader())) {
            throw new BadCredentialsException("an x-org-id header is required");
        }
        if (!Ids.isWellFormed(OrganizationId.PREFIX, credentials.organizationHeader())) {
            throw new BadCredentialsException("x-org-id must be an organization id (ORG_...)");
        }
        Jwt jwt;
        try {
            jwt = jwtDecoder.decode(credentials.bearerToken());
        } catch (JwtException e) {
            throw new BadCredentialsException("the bearer token is invalid or expired");
        }
        String userId = jwt.getSubject();
        String organizationId = jwt.getClaimAsString(TokenRules.ORG_CLAIM);

        Optional<ApiKeyDirectory.KeyOwner> owner;
        try {
            owner = apiKeys.ownerOf(credentials.apiKey(), "Bearer " + credentials.bearerToken());
        } catch (BackendFailure e) {
            throw new BackendUnavailable(e);
        }
        if (owner.isEmpty() || !owner.get().userId().equals(userId)
                || !owner.get().organizationId().equals(organizationId)) {
            throw new BadCredentialsException("the API key does not belong to the token's user");
        }
        return new Tenant(userId, organizationId);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return TenantCredentials.class.isAssignableFrom(authentication);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The credentials could not be checked because the query side did not answer: not the caller's fault. */
    static final class BackendUnavailable extends AuthenticationServiceException {

        private final transient BackendFailure failure;

        BackendUnavailable(BackendFailure failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }

        BackendFailure failure() {
            return failure;
        }
    }
}
