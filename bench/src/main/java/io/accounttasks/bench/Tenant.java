package io.accounttasks.bench;

/** An organization the benchmark made for itself, and its owner's credentials: what every /v1 request carries. */
record Tenant(String organizationId, String userId, String apiKey, String token) {
}
