package io.accounttasks.commandside;

import io.accounttasks.readmodel.TaskProjection;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The write side: commands checked by event-sourced aggregates, events appended to PostgreSQL. */
@SpringBootApplication
@Import(TaskProjection.class)
@EnableScheduling // the cleanup of expired idempotency keys
public class CommandSideApplication {

    public static void main(String[] args) {
        // Axon's update checker would call a vendor host at start; axon.update-check.disabled in application.yml
        // turns it off for Spring, this covers the framework's own (system property) lookup as well.
        System.setProperty("axoniq.update-checker.disabled",
                System.getProperty("axoniq.update-checker.disabled", "true"));
        // We run without AxonIQ Console; its start-up banner would only be noise in the logs.
        System.setProperty("disable-axoniq-console-message",
                System.getProperty("disable-axoniq-console-message", "true"));
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
