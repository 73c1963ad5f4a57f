package io.accounttasks.queryside.projection;

import io.accounttasks.queryside.Projections;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query side is not ready while a tracking projection replays: until the replay has applied every event that
 * was there when it began, the summaries are partial (docs/adr/0008), so it cannot serve what a reader asks for.
 * A rebuild of {@code tasks} does not count: its live tables answer whole until the fresh ones replace them
 * (docs/adr/0017). The health component {@code replays} is OUT_OF_SERVICE then, and it is a member of the
 * readiness group only (application.yml). Liveness is untouched (a restart would only start the replay over),
 * and so is {@code /actuator/health}: it says the process runs and reaches its database, which is what
 * {@code ./run-local}, the drills and the tests wait for, and a start during a long replay must not count as a
 * failed start.
 * <p>
 * Replays are seen in the shared token store, so every instance is not ready while any replays. The gateway's
 * targets are a fixed list and it keeps sending reads, which carry {@code X-Projection-Rebuilding}; a load
 * balancer that follows readiness sends none to any instance until the replay ends.
 */
@Configuration(proxyBeanMethods = false)
class ReplayHealth {

    /** The component's name, as the readiness group includes it. */
    static final String NAME = "replays";

    @Bean(NAME + "HealthIndicator")
    AbstractHealthIndicator replaysHealthIndicator(ProjectionStatuses statuses,
                                                   EventProcessingConfiguration processing) {
        return new AbstractHealthIndicator("could not read whether a projection replays") {
            @Override
            protected void doHealthCheck(Health.Builder health) {
                // A tasks rebuild fills fresh tables while the live ones keep answering: its reads stay complete.
                List<String> replaying = Projections.ALL.stream()
                        .filter(name -> !Projections.TASKS.equals(name))
                        .filter(name -> processing.eventProcessor(name).isPresent())
                        .filter(statuses::isReplaying)
                        .toList();
                (replaying.isEmpty() ? health.up() : health.outOfService()).withDetail("replaying", replaying);
            }
        };
    }

    /** Keeps {@value #NAME} out of {@code /actuator/health} itself; the groups stay as configured. */
    @Bean
    static HealthEndpointGroupsPostProcessor replaysOnlyInReadiness() {
        return groups -> {
            Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
            groups.getNames().forEach(name -> named.put(name, groups.get(name)));
            return HealthEndpointGroups.of(new WithoutReplays(groups.getPrimary()), named);
        };
    }

    private record WithoutReplays(HealthEndpointGroup primary) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return !NAME.equals(name) && primary.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return primary.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return primary.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return primary.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return primary.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return primary.getAdditionalPath();
        }
    }
}
