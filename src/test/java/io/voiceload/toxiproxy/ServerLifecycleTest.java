package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the server, its flags, and {@code main} as a separate process. */
class ServerLifecycleTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void startsOnAnEphemeralPortAndReportsItsAddress() {
        try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
            assertThat(server.port()).isPositive();
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        }
    }

    @Test
    void ipv6HostsAreBracketedInTheUrl() {
        try (ToxiproxyServer server = ToxiproxyServer.start("::1", 0)) {
            assertThat(server.baseUrl()).isEqualTo("http://[::1]:" + server.port());
        } catch (UncheckedIOException noIpv6) {
            // A machine without IPv6 loopback cannot bind ::1; nothing to check then.
        }
    }

    @Test
    void aTakenPortFailsToStart() {
        try (ToxiproxyServer first = ToxiproxyServer.start("127.0.0.1", 0)) {
            assertThatThrownBy(() -> ToxiproxyServer.start("127.0.0.1", first.port()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
        }
    }

    @Test
    void closeStopsTheApiAndIsIdempotent() throws IOException {
        ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0);
        int port = server.port();
        server.close();
        server.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void flagsReadLikeGosFlagPackage() {
        ServerFlags defaults = ServerFlags.parse(new String[0], QUIET);
        assertThat(defaults.host()).isEqualTo("localhost");
        assertThat(defaults.port()).isEqualTo(8474);
        assertThat(defaults.config()).isNull();
        ServerFlags given = ServerFlags.parse(
                new String[] {"-host", "0.0.0.0", "--port=9000", "-config", "p.json", "-seed=7", "-proxy-metrics"},
                QUIET);
        assertThat(given).isEqualTo(new ServerFlags("0.0.0.0", 9000, "p.json", 7, true, false));
        assertThat(ServerFlags.parse(new String[] {"-bogus"}, QUIET)).isNull();
        assertThat(ServerFlags.parse(new String[] {"-port"}, QUIET)).isNull();
        assertThat(ServerFlags.parse(new String[] {"-seed", "x"}, QUIET)).isNull();
    }

    /** The standalone server: prints its address, loads -config, serves the Java client, stops on SIGTERM. */
    @Test
    void mainRunsStandaloneAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("proxies.json");
        Files.writeString(config, "[{\"name\":\"cfg\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}]");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ToxiproxyServer.class.getName(),
                        "-host",
                        "127.0.0.1",
                        "-port",
                        "0",
                        "-config",
                        config.toString(),
                        "-seed",
                        "3"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).startsWith("Toxiproxy 2.12.0 API listening on http://127.0.0.1:");
            Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertThat(m.find()).isTrue();
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", Integer.parseInt(m.group(1)));
            assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("cfg");
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }
}
