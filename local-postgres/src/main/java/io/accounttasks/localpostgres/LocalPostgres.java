package io.accounttasks.localpostgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A PostgreSQL server from zonky's embedded binaries, for {@code ./run-local}: no installed server, no Docker.
 * <p>
 * Its data directory is kept between runs (so the demo organization and its events survive a restart), and it
 * stops when this process gets SIGTERM or Ctrl-C. Arguments: the data directory and the port.
 */
public final class LocalPostgres {

    private LocalPostgres() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dataDirectory = Path.of(args.length > 0 ? args[0] : ".run-local/pgdata").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 5433;
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "local-postgres-stop"));
        // run-local waits for this line before it starts the services.
        System.out.println("READY " + postgres.getJdbcUrl("postgres", "postgres"));
        System.out.flush();
        stopped.await();
    }
}
