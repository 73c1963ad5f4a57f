package io.accounttasks.coreapi.organization;

/**
 * A message that belongs to one organization. Every event is: the query side sequences its projection by
 * organization (so a task's row never arrives before its account's), and the event feed filters by it.
 */
public interface OrganizationScoped {

    OrganizationId organizationId();
}
