package io.accounttasks.bench;

/** One account of one tenant: where a create goes, or whose tasks a list reads. */
record Target(Tenant tenant, String accountId) {
}
