package io.accounttasks.gateway.routing;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * How the gateway reaches the services: the configured instances of each side in turn (Instances), through one
 * pooled HTTP client with bounded waits. Spring Cloud Gateway's proxy and our own calls to the query side (API keys) share
 * that client.
 * <p>
 * Apache HttpClient's classic client works on the request's own thread. The JDK client it replaces handed every
 * exchange to its selector thread and back, and built an exception per answer to cancel its timeout: with JIT
 * warm, a sixth of the gateway's CPU per proxied request (docs/BENCHMARKS.md, step 15).
 */
@Configuration(proxyBeanMethods = false)
class BackendConnections {

    /** Connections kept per service instance: more than the servlet threads that may use them at once. */
    private static final int CONNECTIONS_PER_INSTANCE = 200;

    @Bean
    ClientHttpRequestFactory backendRequestFactory(Backends backends) {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(CONNECTIONS_PER_INSTANCE)
                .setMaxConnTotal(4 * CONNECTIONS_PER_INSTANCE)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(backends.connectTimeout()))
                        .setSocketTimeout(Timeout.of(backends.readTimeout()))
                        .build())
                .build();
        return new HttpComponentsClientHttpRequestFactory(
                HttpClients.custom()
                        .setConnectionManager(connections)
                        .setDefaultRequestConfig(RequestConfig.custom()
                                .setResponseTimeout(Timeout.of(backends.readTimeout()))
                                .build())
                        // A gateway passes redirects, cookies and failures on to its client; it never acts on them
                        // itself (a write it repeated on its own could be done twice).
                        .disableRedirectHandling()
                        .disableCookieManagement()
                        .disableAutomaticRetries()
                        .build());
    }
}
