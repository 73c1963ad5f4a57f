package io.accounttasks.commandside;

import io.accounttasks.commandside.organization.Directory;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command side's part of event handling. How events are stored (Axon's JDBC engine from Axon's Spring Boot
 * auto-configuration, Jackson JSON in {@code bytea}, V1's tables) is the database module's {@code EventStorage}.
 */
@Configuration(proxyBeanMethods = false)
class EventHandlingConfiguration {

    /**
     * A failure in the subscribing lookup handlers (a second user with one e-mail, a waiting task that cannot be
     * unblocked) must fail the command that published the event; Axon's default for event handlers is to log and
     * carry on.
     */
    @Bean
    ConfigurerModule directoryFailuresFailTheCommand() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(Directory.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
