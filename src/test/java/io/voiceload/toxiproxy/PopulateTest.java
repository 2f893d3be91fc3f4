package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /populate} and {@code -config}: validation first, keep identical proxies, replace different ones. */
class PopulateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Fixture fx = Fixture.create();

    private static String entry(String name, String listen, String upstream) {
        return "{\"name\":\"" + name + "\",\"listen\":\"" + listen + "\",\"upstream\":\"" + upstream + "\"}";
    }

    @Test
    void createsEveryProxyAndAnswers201() throws Exception {
        HttpResponse<String> r = fx.api.post(
                "/populate",
                "[" + entry("p1", "localhost:0", fx.echo().address()) + ","
                        + "{\"name\":\"p2\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":false}]");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(RawApi.contentType(r)).isEqualTo("application/json");
        assertThat(r.body())
                .matches(
                        "\\{\"proxies\":\\[\\{\"name\":\"p1\",\"listen\":\"127\\.0\\.0\\.1:[1-9][0-9]*\",\"upstream\":\""
                                + fx.echo().address().replace(".", "\\.")
                                + "\",\"enabled\":true,\"toxics\":\\[]},\\{\"name\":\"p2\",\"listen\":\"127\\.0\\.0\\.1:0\","
                                + "\"upstream\":\"x:1\",\"enabled\":false,\"toxics\":\\[]}]}");
        assertThat(fx.client.getProxies()).hasSize(2);
    }

    @Test
    void keepsAnIdenticalProxyWithItsToxicsAndConnections() throws Exception {
        var proxy = fx.client.createProxy("keep", "localhost:0", fx.echo().address());
        proxy.toxics().latency("slow", eu.rekawek.toxiproxy.model.ToxicDirection.DOWNSTREAM, 1);
        try (Socket client = Sockets.connect(proxy.getListen())) {
            Sockets.roundTrip(client, "a".getBytes());
            // Same name, listen resolving to the bound address, same upstream: kept as it is.
            HttpResponse<String> r = fx.api.post(
                    "/populate",
                    "["
                            + entry(
                                    "keep",
                                    "localhost:" + Sockets.port(proxy.getListen()),
                                    fx.echo().address()) + "]");
            assertThat(r.statusCode()).isEqualTo(201);
            JsonNode kept = JSON.readTree(r.body()).get("proxies").get(0);
            assertThat(kept.get("listen").asText()).isEqualTo(proxy.getListen());
            assertThat(kept.get("toxics")).hasSize(1);
            assertThat(Sockets.roundTrip(client, "b".getBytes())).isLessThan(1000);
        }
        assertThat(fx.client.getProxy("keep").toxics().getAll()).hasSize(1);
    }

    @Test
    void replacesADifferentProxy() throws Exception {
        var proxy = fx.client.createProxy("swap", "127.0.0.1:0", "x:1");
        proxy.toxics().latency("slow", eu.rekawek.toxiproxy.model.ToxicDirection.DOWNSTREAM, 1);
        HttpResponse<String> r = fx.api.post(
                "/populate", "[" + entry("swap", "127.0.0.1:0", fx.echo().address()) + "]");
        assertThat(r.statusCode()).isEqualTo(201);
        var replaced = fx.client.getProxy("swap");
        assertThat(replaced.getUpstream()).isEqualTo(fx.echo().address());
        assertThat(replaced.toxics().getAll()).isEmpty();
        try (Socket client = Sockets.connect(replaced.getListen())) {
            Sockets.roundTrip(client, "ok".getBytes());
        }
    }

    @Test
    void validatesEveryEntryBeforeCreatingAny() throws Exception {
        HttpResponse<String> r =
                fx.api.post("/populate", "[" + entry("first", "127.0.0.1:0", "x:1") + ",{\"listen\":\"127.0.0.1:0\"}]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RawApi.contentType(r)).isEqualTo("application/json");
        assertThat(r.body())
                .isEqualTo("{\"error\":\"missing required field: name at proxy 2\",\"status\":400,\"proxies\":null}");
        assertThat(fx.client.getProxies()).isEmpty();

        HttpResponse<String> noUpstream =
                fx.api.post("/populate", "[" + entry("a", "127.0.0.1:0", "x:1") + ",{\"name\":\"b\"}]");
        assertThat(JSON.readTree(noUpstream.body()).get("error").asText())
                .isEqualTo("missing required field: upstream at proxy 2");
        assertThat(fx.client.getProxies()).isEmpty();
    }

    @Test
    void reportsWhatWasCreatedBeforeAFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            HttpResponse<String> r = fx.api.post(
                    "/populate",
                    "[" + entry("ok", "127.0.0.1:0", "x:1") + "," + entry("clash", "127.0.0.1:" + port, "x:1") + ","
                            + entry("never", "127.0.0.1:0", "x:1") + "]");
            assertThat(r.statusCode()).isEqualTo(500);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("error").asText())
                    .isEqualTo("listen tcp 127.0.0.1:" + port + ": bind: address already in use");
            assertThat(body.get("status").asInt()).isEqualTo(500);
            assertThat(body.get("proxies")).hasSize(1);
            assertThat(body.get("proxies").get(0).get("name").asText()).isEqualTo("ok");
            assertThat(r.body()).startsWith("{\"error\":");
        }
        assertThat(fx.client.getProxies()).extracting(p -> p.getName()).containsExactly("ok");
    }

    @Test
    void badBodiesAre400WithNullProxies() throws Exception {
        HttpResponse<String> object = fx.api.post("/populate", "{\"name\":\"x\"}");
        assertThat(object.statusCode()).isEqualTo(400);
        assertThat(object.body())
                .isEqualTo("{\"error\":\"bad request body: json: cannot unmarshal object into Go value of type"
                        + " []toxiproxy.Proxy\",\"status\":400,\"proxies\":null}");
    }

    /**
     * Byte for byte what upstream answers when populate creates or keeps no proxy. Toxiproxy 2.12's {@code api.go}
     * ({@code Populate} and {@code proxiesWithToxics}) builds the list by appending to a nil slice, so no proxy
     * leaves it nil, and {@code json.Marshal} writes a nil slice as {@code null}, not {@code []}. The body is written
     * as marshalled (no trailing newline) with {@code Content-Type: application/json}, status 201, or the error's
     * status with its fields first.
     */
    @Test
    void populatingNoProxyAnswersNullProxiesAsUpstreamDoes() throws Exception {
        for (String body : List.of("[]", "null", " [ ]\n")) {
            HttpResponse<byte[]> r = fx.api.postForBytes("/populate", body);
            assertThat(r.statusCode()).as(body).isEqualTo(201);
            assertThat(RawApi.contentType(r)).as(body).isEqualTo("application/json");
            assertThat(r.headers().firstValue("Content-Length")).as(body).hasValue("16");
            assertThat(r.body()).as(body).isEqualTo("{\"proxies\":null}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(fx.client.getProxies()).isEmpty();

        // Failing on the first entry creates none either: null again, after the error.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            HttpResponse<byte[]> r =
                    fx.api.postForBytes("/populate", "[" + entry("clash", "127.0.0.1:" + port, "x:1") + "]");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(RawApi.contentType(r)).isEqualTo("application/json");
            assertThat(r.body())
                    .isEqualTo(("{\"error\":\"listen tcp 127.0.0.1:" + port
                                    + ": bind: address already in use\",\"status\":500,\"proxies\":null}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(fx.client.getProxies()).isEmpty();
    }

    @Test
    void configFileLoadsLikePopulate(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("proxies.json");
        Files.writeString(
                config, "[" + entry("fromfile", "127.0.0.1:0", fx.echo().address()) + "]");
        assertThat(fx.server.populate(config)).isNull();
        var proxy = fx.client.getProxy("fromfile");
        try (Socket client = Sockets.connect(proxy.getListen())) {
            Sockets.roundTrip(client, "hi".getBytes());
        }
        Files.writeString(config, "[{}]");
        assertThat(fx.server.populate(config)).isEqualTo("missing required field: name at proxy 1");
    }
}
