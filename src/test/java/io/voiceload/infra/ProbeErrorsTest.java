package io.voiceload.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every "does not answer" from the probes names the address that did not answer. */
class ProbeErrorsTest {

    @Test
    void aRedisThatRefusesIsNamedByItsAddress() throws IOException {
        HostPort closed = new HostPort("127.0.0.1", ExternalProvidersTest.closedPort());
        assertThatThrownBy(() -> RedisProbe.version(closed, null, null, 0))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Redis at " + closed + " did not answer: connection refused");
    }

    @Test
    void aRedisThatHangsUpIsNamedByItsAddress() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    server.accept().close(); // hangs up without a reply
                } catch (IOException e) {
                    // the test is over
                }
            });
            HostPort address = new HostPort("127.0.0.1", server.getLocalPort());
            assertThatThrownBy(() -> RedisProbe.version(address, null, null, 0))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("Redis at " + address + ": ");
        }
    }

    @Test
    void aToxiproxyThatRefusesIsNamedByItsAddress() throws IOException {
        HostPort closed = new HostPort("127.0.0.1", ExternalProvidersTest.closedPort());
        assertThatThrownBy(() -> ToxiproxyProbe.version("http", closed))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Toxiproxy API at http://" + closed + " did not answer: ");
    }

    /**
     * The driver's message for a server that hangs up says only "The connection attempt failed.": the probe
     * names the address.
     */
    @Test
    void aPostgresThatHangsUpIsNamedByItsAddress() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        server.accept().close(); // hangs up without a reply (the driver may try twice: SSL, then not)
                    }
                } catch (IOException e) {
                    // the test is over
                }
            });
            HostPort address = new HostPort("127.0.0.1", server.getLocalPort());
            assertThatThrownBy(() -> PostgresProbe.version("jdbc:postgresql://" + address + "/db", "u", "p"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("Postgres at " + address + ": ");
        }
    }

    /** The driver names the address itself when the connection is refused: it is not named twice. */
    @Test
    void aPostgresThatRefusesIsNamedOnce() throws IOException {
        HostPort closed = new HostPort("127.0.0.1", ExternalProvidersTest.closedPort());
        assertThatThrownBy(() -> PostgresProbe.version("jdbc:postgresql://" + closed + "/db", "u", "p"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getMessage().split(Pattern.quote(closed.toString()), -1))
                        .as("parts of %s around %s", e.getMessage(), closed)
                        .hasSize(2));
    }

    @Test
    void theAddressIsReadFromTheJdbcUrl() {
        assertThat(PostgresProbe.address("jdbc:postgresql://db.example.com:5433/app?sslmode=require"))
                .isEqualTo("db.example.com:5433");
        assertThat(PostgresProbe.address("jdbc:postgresql://[::1]:5432")).isEqualTo("[::1]:5432");
    }
}
