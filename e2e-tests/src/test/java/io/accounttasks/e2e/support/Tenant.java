package io.accounttasks.e2e.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** One user of one organization, with everything a {@code /v1/**} call needs. */
public record Tenant(String orgId, String userId, String name, String email, String apiKey, String token) {

    /** {@code Authorization}, {@code x-api-key} and {@code x-org-id}, in a map a test may change. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("x-api-key", apiKey);
        headers.put("x-org-id", orgId);
        return headers;
    }

    public java.net.http.HttpRequest.Builder addTo(java.net.http.HttpRequest.Builder request) {
        headers().forEach(request::header);
        return request;
    }

    public Tenant withToken(String otherToken) {
        return new Tenant(orgId, userId, name, email, apiKey, otherToken);
    }

    public Tenant withApiKey(String otherKey) {
        return new Tenant(orgId, userId, name, email, otherKey, token);
    }

    public Tenant withOrgId(String otherOrgId) {
        return new Tenant(otherOrgId, userId, name, email, apiKey, token);
    }
}
