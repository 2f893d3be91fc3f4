package io.voiceload.infra;

import io.voiceload.toxiproxy.ToxiproxyServer;
import java.io.IOException;

/**
 * Toxiproxy from our own in-JVM server ({@link ToxiproxyServer}, Toxiproxy 2.12's HTTP API) on
 * 127.0.0.1 with an ephemeral port, proxy metrics on ({@code GET /metrics}); its proxies listen on loopback ports
 * it picks.
 */
final class EmbeddedToxiproxy {

    private EmbeddedToxiproxy() {}

    static StartedToxiproxy start() throws IOException {
        ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0, true); // -proxy-metrics: faults prove traffic
        try {
            HostPort api = new HostPort(server.host(), server.port());
            String version = ToxiproxyProbe.localVersion(api);
            return new StartedToxiproxy(
                    ProviderKind.EMBEDDED,
                    version,
                    "in-JVM ToxiproxyServer",
                    api,
                    "http",
                    ProxyLayout.local(api),
                    server::close);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
