package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code -proxy-metrics}: upstream's byte counters at {@code GET /metrics}, per proxy link and direction. */
class ProxyMetricsTest {

    @Test
    void countsTheBytesOfEachDirectionUnderUpstreamsNamesAndLabels() throws Exception {
        try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0, true);
                TestServer echo = TestServer.echo()) {
            ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
            Proxy proxy = client.createProxy("echo", "127.0.0.1:0", echo.address());
            try (Socket s = Sockets.connect(proxy.getListen())) {
                s.getOutputStream().write(new byte[1000]);
                assertThat(s.getInputStream().readNBytes(1000)).hasSize(1000);
            }
            RawApi api = new RawApi(server.baseUrl());
            HttpResponse<String> r = api.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(RawApi.contentType(r)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            String labels = "{direction=\"upstream\",listener=\"" + proxy.getListen() + "\",proxy=\"echo\",upstream=\""
                    + echo.address() + "\"}";
            assertThat(r.body())
                    .contains("# TYPE toxiproxy_proxy_received_bytes_total counter\n")
                    .contains("# TYPE toxiproxy_proxy_sent_bytes_total counter\n")
                    .contains("toxiproxy_proxy_received_bytes_total" + labels + " 1000\n")
                    .contains("toxiproxy_proxy_sent_bytes_total" + labels + " 1000\n");
            assertThat(value(r.body(), "received", "downstream", "echo")).isEqualTo(1000);
            assertThat(value(r.body(), "sent", "downstream", "echo")).isEqualTo(1000);
        }
    }

    /** A toxic that swallows data: received, not sent. The traffic proof of a fault reads the received bytes. */
    @Test
    void bytesATimeoutToxicSwallowsAreReceivedButNotSent() throws Exception {
        try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0, true);
                TestServer echo = TestServer.echo()) {
            ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
            Proxy proxy = client.createProxy("hole", "127.0.0.1:0", echo.address());
            proxy.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0);
            RawApi api = new RawApi(server.baseUrl());
            try (Socket s = Sockets.connect(proxy.getListen())) {
                s.getOutputStream().write(new byte[300]);
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (value(api.get("/metrics").body(), "received", "upstream", "hole") < 300
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            String body = api.get("/metrics").body();
            assertThat(value(body, "received", "upstream", "hole")).isEqualTo(300);
            assertThat(value(body, "sent", "upstream", "hole")).isZero();
            assertThat(value(body, "received", "downstream", "hole")).isZero();
        }
    }

    @Test
    void withoutTheFlagMetricsIsAnUnknownPath() throws Exception {
        try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
            HttpResponse<String> r = new RawApi(server.baseUrl()).get("/metrics");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("404 page not found\n");
        }
    }

    @Test
    void labelValuesAreEscapedAsTheTextFormatRequires() {
        assertThat(ProxyMetrics.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    private static long value(String exposition, String counter, String direction, String proxy) {
        Matcher m = Pattern.compile("toxiproxy_proxy_" + counter + "_bytes_total\\{direction=\"" + direction
                        + "\",listener=\"[^\"]*\",proxy=\"" + proxy + "\",upstream=\"[^\"]*\"} (\\d+)")
                .matcher(exposition);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
