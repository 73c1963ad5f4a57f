package io.accounttasks.gateway.routing;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

import java.net.http.HttpClient;

/**
 * How the gateway reaches the services: round-robin over the configured instances of each side, through one JDK
 * HTTP client with bounded waits. Spring Cloud Gateway's proxy and our own calls to the query side (API keys,
 * read-your-writes) share that client.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = ConfiguredInstances.class)
class LoadBalancing {

    @Bean
    ClientHttpRequestFactory backendRequestFactory(Backends backends) {
        HttpClient client = HttpClient.newBuilder()
                // HTTP/1.1: the services speak it, and it spares every request an h2c upgrade attempt.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(backends.connectTimeout())
                // A gateway passes redirects on to its client; it never follows them itself.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(backends.readTimeout());
        return factory;
    }
}
