package io.accounttasks.gateway.identity;

import org.springframework.security.authentication.AbstractAuthenticationToken;

import java.util.List;

/**
 * What a {@code /v1/**} request presents, before anything is checked: the bearer token, the API key and the
 * organization it says it acts for. Any of them may be missing; the provider says which.
 * <p>
 * {@code toString} never shows the token or the key: Spring Security may log an authentication.
 */
final class TenantCredentials extends AbstractAuthenticationToken {

    private final String bearerToken;
    private final String apiKey;
    private final String organizationHeader;

    TenantCredentials(String bearerToken, String apiKey, String organizationHeader) {
        super(List.of());
        this.bearerToken = bearerToken;
        this.apiKey = apiKey;
        this.organizationHeader = organizationHeader;
        setAuthenticated(false);
    }

    String bearerToken() {
        return bearerToken;
    }

    String apiKey() {
        return apiKey;
    }

    String organizationHeader() {
        return organizationHeader;
    }

    @Override
    public Object getCredentials() {
        return bearerToken;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }

    @Override
    public String toString() {
        return "TenantCredentials[x-org-id=" + organizationHeader + "]";
    }
}
