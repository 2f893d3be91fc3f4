package io.voiceload.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RunningInfrastructure#proxyTo}: a named Toxiproxy proxy in front of any loopback server. */
class ProxyToTest {

    private static final String NAME = "proxy_to_test";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static RunningInfrastructure infra;
    private static HttpServer upstream;

    @BeforeAll
    static void start() throws IOException {
        infra = RunningInfrastructure.shared();
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
    }

    @AfterEach
    void removeProxy() {
        infra.resetFaults();
        infra.removeProxy(NAME);
    }

    @AfterAll
    static void stop() {
        upstream.stop(0);
    }

    @Test
    void carriesTrafficTakesFaultsAndIsResetWithTheOthers() throws Exception {
        HostPort proxied =
                infra.proxyTo(NAME, "127.0.0.1:" + upstream.getAddress().getPort());

        assertThat(proxied.port()).isNotEqualTo(upstream.getAddress().getPort());
        assertThat(get(proxied)).isEqualTo("pong");
        assertThat(infra.proxy(NAME).getUpstream())
                .endsWith(":" + upstream.getAddress().getPort());

        infra.proxy(NAME).disable();
        assertThatThrownBy(() -> get(proxied)).isInstanceOf(IOException.class);
        infra.proxy(NAME).toxics().latency("slow", ToxicDirection.DOWNSTREAM, 500);

        assertThat(infra.resetFaults()).isTrue();
        assertThat(infra.proxy(NAME).isEnabled()).isTrue();
        assertThat(infra.proxy(NAME).toxics().getAll()).isEmpty();
        assertThat(get(proxied)).isEqualTo("pong");
    }

    @Test
    void replacesAProxyOfTheSameNameAndRemovesIt() throws Exception {
        String target = "127.0.0.1:" + upstream.getAddress().getPort();
        infra.proxyTo(NAME, target);
        HostPort again = infra.proxyTo(NAME, target);
        assertThat(get(again)).isEqualTo("pong");
        assertThat(infra.toxiproxyClient().getProxies())
                .filteredOn(p -> p.getName().equals(NAME))
                .hasSize(1);

        infra.removeProxy(NAME);
        assertThatThrownBy(() -> infra.proxy(NAME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NAME);
        assertThatThrownBy(() -> get(again)).isInstanceOf(IOException.class);
        infra.removeProxy(NAME); // gone already: nothing happens
    }

    @Test
    void itsAddressCanBeAskedForByName() {
        HostPort proxied =
                infra.proxyTo(NAME, "127.0.0.1:" + upstream.getAddress().getPort());
        assertThat(infra.reachable(NAME)).isEqualTo(proxied);
        assertThat(infra.reachable("postgres"))
                .isEqualTo(infra.info().postgres().proxied());
        assertThat(infra.reachable("redis")).isEqualTo(infra.info().redis().proxied());
        assertThatThrownBy(() -> infra.reachable("no-such-proxy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no proxy \"no-such-proxy\"");
    }

    @Test
    void refusesBadNamesAndAddresses() {
        assertThatThrownBy(() -> infra.proxyTo("postgres", "127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taken");
        assertThatThrownBy(() -> infra.proxyTo("redis", "127.0.0.1:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> infra.proxyTo("a name", "127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A-Z a-z 0-9");
        assertThatThrownBy(() -> infra.proxyTo(NAME, "no-port")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> infra.proxy("never_made"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never_made");
    }

    private static String get(HostPort proxied) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://" + proxied + "/"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
