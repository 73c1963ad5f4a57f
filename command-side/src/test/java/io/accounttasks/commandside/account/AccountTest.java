package io.accounttasks.commandside.account;

import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.account.AccountMessages.CreateAccount;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountTest {

    private final OrganizationId organizationId = OrganizationId.newId();
    private final AccountId accountId = AccountId.newId();
    private final UserId actor = UserId.newId();
    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    @Test
    void anAccountIsCreatedWithOrWithoutADomain() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(accountId, organizationId, actor, "Globex", "globex.com"))
                .expectEvents(new AccountCreated(accountId, organizationId, actor, "Globex", "globex.com"));
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(accountId, organizationId, actor, "Globex", null))
                .expectEvents(new AccountCreated(accountId, organizationId, actor, "Globex", null));
    }

    @Test
    void aMissingNameAndABadDomainAreBothNamed() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(accountId, organizationId, actor, null, "not a domain"))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage("name: is required and must not be blank; "
                        + "primaryDomain: must be a domain name such as acme.com")
                .expectNoEvents();
    }
}
