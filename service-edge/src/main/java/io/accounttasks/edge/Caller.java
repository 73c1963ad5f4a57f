package io.accounttasks.edge;

import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;

/**
 * Who is calling, as their verified JWT says: the user ({@code sub}) acting for their organization
 * ({@code org}). Controllers take it as a method parameter; nothing downstream reads identity from headers.
 */
public record Caller(UserId userId, OrganizationId organizationId) {
}
