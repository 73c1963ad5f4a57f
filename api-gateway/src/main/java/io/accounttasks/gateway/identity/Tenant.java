package io.accounttasks.gateway.identity;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A caller whose token, API key and organization header agree: the user {@code userId} of the organization
 * {@code organizationId}. Only the ids are kept, never the token or the key.
 */
public final class Tenant extends AbstractAuthenticationToken {

    private final String userId;
    private final String organizationId;

    Tenant(String userId, String organizationId) {
        super(AuthorityUtils.createAuthorityList("ROLE_TENANT"));
        this.userId = userId;
        this.organizationId = organizationId;
        setAuthenticated(true);
    }

    public String userId() {
        return userId;
    }

    public String organizationId() {
        return organizationId;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return userId;
    }

    @Override
    public String toString() {
        return "Tenant[user=" + userId + ", organization=" + organizationId + "]";
    }
}
