package io.accounttasks.commandside.user;

import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.CreateUser;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserTest {

    private final OrganizationId organizationId = OrganizationId.newId();
    private final UserId userId = UserId.newId();
    private final UserId creator = UserId.newId();
    private final String hash = ApiKey.hashOf("tk_example");
    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
    }

    @Test
    void aUserIsCreatedWithTheKeysHashOnly() {
        fixture.givenNoPriorActivity()
                .when(new CreateUser(userId, organizationId, "Jane Doe", "jane@acme.test", hash, creator))
                .expectEvents(new UserCreated(userId, organizationId, "Jane Doe", "jane@acme.test", hash, creator));
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        fixture.givenNoPriorActivity()
                .when(new CreateUser(userId, organizationId, "", "not-an-address", hash, creator))
                .expectNoEvents()
                .expectExceptionMessage("name: is required and must not be blank; email: must be an e-mail address");
        fixture.givenNoPriorActivity()
                .when(new CreateUser(userId, organizationId, "n".repeat(201),
                        "a".repeat(250) + "@x.io", hash, creator))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage("name: must be at most 200 characters; email: must be at most 254 characters");
    }

    @Test
    void aKeyIsTkAnd32RandomBytesAndItsHashIsLowercaseHexSha256() {
        ApiKey key = ApiKey.generate();

        assertThat(key.plain()).matches("tk_[A-Za-z0-9_-]{43}");
        assertThat(key.hash()).matches("[0-9a-f]{64}").isEqualTo(ApiKey.hashOf(key.plain()));
        assertThat(ApiKey.hashOf("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKey.generate().plain()).isNotEqualTo(key.plain());
        assertThat(key.toString()).doesNotContain(key.plain());
    }
}
