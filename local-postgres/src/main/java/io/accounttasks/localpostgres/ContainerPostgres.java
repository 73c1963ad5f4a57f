package io.accounttasks.localpostgres;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link TestPostgres}'s server from Testcontainers ({@code -Dtasks.test.postgres=testcontainers}). A class of its
 * own so that the embedded default never loads Testcontainers, and so never looks for Docker.
 * <p>
 * Any image that keeps the official postgres image's contract (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, the
 * "ready to accept connections" lines) will do, e.g. scripts/local-images' account-tasks/postgres:15-local where
 * no registry is reachable: hence {@code asCompatibleSubstituteFor}.
 */
final class ContainerPostgres {

    private ContainerPostgres() {
    }

    static TestPostgres.Server start(String image) {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(
                DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("postgres")
                .withUsername(TestPostgres.username())
                .withPassword(TestPostgres.password())
                // fsync=off as PostgreSQLContainer's own command has it: a test database need not survive a crash.
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=" + TestPostgres.MAX_CONNECTIONS);
        // Ryuk removes it even after a kill -9; where Ryuk is disabled (TESTCONTAINERS_RYUK_DISABLED, no registry
        // to pull it from), this hook stops it at an ordinary JVM exit, also one that comes while it starts.
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-stop"));
        try {
            container.start();
        } catch (RuntimeException e) {
            // The next test tries again with a new container: this one goes now, not at exit.
            container.stop();
            throw e;
        }
        return new TestPostgres.Server(container.getHost(),
                container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT));
    }
}
