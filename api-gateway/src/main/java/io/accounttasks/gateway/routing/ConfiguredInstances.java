package io.accounttasks.gateway.routing;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The instances of one side, as configured: there is no registry to ask, the list in the environment is the truth.
 * <p>
 * Deliberately not a {@code @Configuration}: Spring Cloud LoadBalancer registers it in the child context it keeps
 * per service (see {@link LoadBalancing}), where {@code loadbalancer.client.name} says which side this is.
 */
class ConfiguredInstances {

    @Bean
    ServiceInstanceListSupplier configuredInstanceList(Environment environment, Backends backends) {
        String serviceId = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
        List<URI> urls = backends.instancesOf(serviceId);
        ServiceInstance[] instances = IntStream.range(0, urls.size())
                .mapToObj(i -> instance(serviceId, i, urls.get(i)))
                .toArray(ServiceInstance[]::new);
        return ServiceInstanceListSuppliers.from(serviceId, instances);
    }

    private static ServiceInstance instance(String serviceId, int index, URI url) {
        boolean secure = "https".equals(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : secure ? 443 : 80;
        return new DefaultServiceInstance(serviceId + "-" + index, serviceId, url.getHost(), port, secure);
    }
}
