package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's number, string and address forms, which the API reproduces byte for byte. */
class WireFormatTest {

    @ParameterizedTest
    @CsvSource({"1,1", "0,0", "0.2,0.2", "0.5,0.5", "0.25,0.25", "1.0E-7,1e-7", "2.5E21,2.5e+21", "100,100"})
    void float32LikeGo(float value, String expected) {
        assertThat(JsonOutput.goFloat(value, true)).isEqualTo(expected);
    }

    @Test
    void float64LikeGo() {
        assertThat(JsonOutput.goFloat(0.1, false)).isEqualTo("0.1");
        assertThat(JsonOutput.goFloat(0.3, false)).isEqualTo("0.3");
        assertThat(JsonOutput.goFloat(1e-9, false)).isEqualTo("1e-9");
    }

    @Test
    void stringsEscapeLikeGo() throws Exception {
        ToxicSpec toxic = new ToxicSpec(
                "a<b>&\"\\\n\u0001\u2028",
                ToxicKind.NOOP,
                "downstream",
                Direction.DOWNSTREAM,
                1f,
                ToxicKind.NOOP.defaults());
        assertThat(new String(JsonOutput.toxic(toxic), "UTF-8"))
                .isEqualTo("{\"attributes\":{},\"name\":\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\\u2028\","
                        + "\"type\":\"noop\",\"stream\":\"downstream\",\"toxicity\":1}");
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:80,127.0.0.1:80",
        "localhost:0,127.0.0.1:0",
        "[::1]:8080,[::1]:8080",
        ":9,:9",
        "'',:0",
        "127.0.0.1:,127.0.0.1:0",
        "[0:0:0:0:0:0:0:1]:1,[::1]:1",
        "[2001:db8:0:0:1:0:0:1]:1,[2001:db8::1:0:0:1]:1",
    })
    void addressesResolveAndPrintLikeGo(String address, String expected) throws Exception {
        assertThat(GoTcpAddress.resolve(address).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "nonsense|address nonsense: missing port in address",
                "a:b:c|address a:b:c: too many colons in address",
                "[::1|address [::1: missing ']' in address",
                "127.0.0.1:99999|address 127.0.0.1:99999: invalid port",
                "127.0.0.1:http|lookup tcp/http: unknown port",
                "no-such-host.invalid:1|lookup no-such-host.invalid: no such host",
            })
    void addressErrorsUseGosWords(String address, String message) {
        assertThatThrownBy(() -> GoTcpAddress.resolve(address))
                .isInstanceOf(GoTcpAddress.AddressException.class)
                .hasMessage(message);
    }

    @Test
    void wildcardListenersPrintAsDualStack() throws Exception {
        assertThat(GoTcpAddress.formatBound(new java.net.InetSocketAddress(8080)))
                .isEqualTo("[::]:8080");
        assertThat(GoTcpAddress.formatBound(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1)))
                .isEqualTo("127.0.0.1:1");
    }

    @Test
    void requestIdsLookLikeXids() {
        assertThat(RequestIds.next()).matches("[0-9a-v]{20}");
        assertThat(RequestIds.next()).isNotEqualTo(RequestIds.next());
    }
}
