package io.accounttasks.localpostgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A PostgreSQL server from zonky's embedded binaries, for {@code ./run-local}: no installed server, no Docker.
 * <p>
 * Its data directory is kept between runs (so the demo organization and its events survive a restart), and it
 * stops when this process gets SIGTERM or Ctrl-C. Arguments: the data directory and the port.
 * <p>
 * Once it runs, it creates the services' login users ({@link DatabaseRoles}; names and passwords from
 * {@code TASKS_DB_COMMAND_USER}, {@code TASKS_DB_COMMAND_PASSWORD}, {@code TASKS_DB_QUERY_USER},
 * {@code TASKS_DB_QUERY_PASSWORD}, with local defaults).
 * <p>
 * Prints {@code READY <jdbcUrl>} on standard output once the server accepts connections; exits with status 2
 * (and a one-line reason on standard error) when it cannot be the server on that port.
 */
public final class LocalPostgres {

    private static final int REFUSED = 2;

    private LocalPostgres() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 2) {
            refuse("usage: LocalPostgres [dataDirectory] [port]");
        }
        Path dataDirectory = Path.of(args.length > 0 ? args[0] : ".run-local/pgdata").toAbsolutePath().normalize();
        int port = parsePort(args.length > 1 ? args[1] : "5433");

        Files.createDirectories(dataDirectory);
        // Zonky waits until *something* answers on the port; without these checks a server left over from an
        // earlier run (or another PostgreSQL) would answer, and we would print READY for a server we do not own.
        if (!dataDirectoryIsUnlocked(dataDirectory)) {
            refuse("another LocalPostgres is running on " + dataDirectory);
        }
        leftOverServer(dataDirectory).ifPresent(pid -> refuse("a PostgreSQL left over from an earlier run (pid "
                + pid + ") still uses " + dataDirectory + "; stop it first: kill -INT " + pid));
        if (!portIsFree(port)) {
            refuse("port " + port + " is already in use; choose another one (run-local: TASKS_LOCAL_PG_PORT)");
        }

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "local-postgres-stop"));
        // The services' login users, as an operator makes them (DatabaseRoles): before READY, so that they exist
        // when run-local starts the services. The migrations, run as the owner (postgres), grant their groups.
        List<DatabaseRoles.LoginUser> users = DatabaseRoles.usersFromEnvironment();
        try (Connection owner = postgres.getPostgresDatabase().getConnection()) {
            DatabaseRoles.provision(owner, users);
        } catch (SQLException e) {
            refuse("could not create the services' database users: " + e.getMessage()); // the hook stops it
        }
        System.out.println("login users: " + DatabaseRoles.describe(users));
        // run-local waits for this line before it starts the services. No credentials in the URL: the services
        // take them from SPRING_DATASOURCE_USERNAME / _PASSWORD (their own users; postgres for the migrations).
        System.out.println("READY jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        System.out.flush();
        // The postmaster runs detached: if it dies, this process must end too, or whoever watches it (run-local,
        // which restarts what exits) would go on believing the database is there.
        leftOverServer(dataDirectory).flatMap(ProcessHandle::of).ifPresent(server -> server.onExit().thenRun(() -> {
            if (!stopping.get()) {
                System.err.println("the PostgreSQL server (pid " + server.pid() + ") exited; stopping");
                System.exit(1);
            }
        }));
        stopped.await();
    }

    /** The postmaster named by the data directory's postmaster.pid, if that process is alive and is a postgres. */
    private static Optional<Long> leftOverServer(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            // After a reboot the pid may belong to some other program: only a live postgres counts.
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true))
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // unreadable: PostgreSQL itself decides whether the file is stale
        }
    }

    /** Zonky holds a lock on {@code epg-lock} in the data directory while its server runs: probe it. */
    private static boolean dataDirectoryIsUnlocked(Path dataDirectory) {
        Path lockFile = dataDirectory.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return true; // and do not create it: initdb wants an empty directory for a new cluster
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        refuse("not a port: " + text);
        return -1; // not reached
    }

    private static void refuse(String reason) {
        System.err.println("LocalPostgres: " + reason);
        System.exit(REFUSED);
    }
}
