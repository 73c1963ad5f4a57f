package io.accounttasks.queryside;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The read side: projects the event store into read tables and answers every GET. */
@SpringBootApplication
@EnableScheduling
public class QuerySideApplication {

    public static void main(String[] args) {
        // axon.update-check.disabled in application.yml turns the update checker off for Spring; this covers the
        // framework's own (system property) lookup too, so nothing calls a vendor host at start.
        System.setProperty("axoniq.update-checker.disabled",
                System.getProperty("axoniq.update-checker.disabled", "true"));
        // We run without AxonIQ Console; its start-up banner would only be noise in the logs.
        System.setProperty("disable-axoniq-console-message",
                System.getProperty("disable-axoniq-console-message", "true"));
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
