package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official toxiproxy-java client, unchanged, against our server (cf. its ToxiproxyClientTest and ToxicsTest). */
class JavaClientTest {
    @RegisterExtension
    static final Fixture fx = Fixture.create();

    @Test
    void versionIsTheRawBodyTrimmed() throws IOException {
        assertThat(fx.client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
    }

    @Test
    void createsReadsAndListsProxies() throws IOException {
        Proxy created = fx.client.createProxy("cache", "localhost:0", fx.echo().address());
        assertThat(created.getName()).isEqualTo("cache");
        assertThat(created.getListen()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        assertThat(created.getUpstream()).isEqualTo(fx.echo().address());
        assertThat(created.isEnabled()).isTrue();
        assertThat(fx.client.getProxy("cache").getListen()).isEqualTo(created.getListen());
        assertThat(fx.client.getProxies()).extracting(Proxy::getName).containsExactly("cache");
        assertThat(fx.client.getProxyOrNull("nothing")).isNull();
    }

    @Test
    void errorsBecomeIoExceptionsWithStatusAndMessage() throws IOException {
        fx.client.createProxy("twice", "127.0.0.1:0", fx.echo().address());
        assertThatThrownBy(() ->
                        fx.client.createProxy("twice", "127.0.0.1:0", fx.echo().address()))
                .isInstanceOf(IOException.class)
                .hasMessage("[409] proxy already exists");
        assertThatThrownBy(() -> fx.client.getProxy("ghost"))
                .isInstanceOf(IOException.class)
                .hasMessage("[404] proxy not found");
        Proxy p = fx.client.getProxy("twice");
        p.toxics().latency("l", ToxicDirection.DOWNSTREAM, 1);
        assertThatThrownBy(() -> p.toxics().latency("l", ToxicDirection.UPSTREAM, 1))
                .hasMessage("[409] toxic already exists");
        assertThatThrownBy(() -> p.toxics().get("ghost")).hasMessage("[404] toxic not found");
    }

    @Test
    void everyToxicTheClientKnowsRoundTrips() throws IOException {
        Proxy p = fx.client.createProxy("all", "127.0.0.1:0", fx.echo().address());
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100).setJitter(20);
        p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1000);
        p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 30);
        p.toxics().timeout("to", ToxicDirection.UPSTREAM, 40);
        p.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 50);
        p.toxics().limitData("ld", ToxicDirection.UPSTREAM, 60);
        p.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 70, 80).setSizeVariation(5);

        assertThat(p.toxics().getAll())
                .extracting(t -> t.getName())
                .containsExactly("bw", "to", "ld", "lat", "sc", "rp", "sl");
        Latency lat = p.toxics().get("lat", Latency.class);
        assertThat(lat.getLatency()).isEqualTo(100);
        assertThat(lat.getJitter()).isEqualTo(20);
        assertThat(lat.getStream()).isEqualTo(ToxicDirection.DOWNSTREAM);
        assertThat(lat.getToxicity()).isEqualTo(1.0f);
        assertThat(p.toxics().get("bw", Bandwidth.class).getRate()).isEqualTo(1000);
        assertThat(p.toxics().get("bw").getStream()).isEqualTo(ToxicDirection.UPSTREAM);
        assertThat(p.toxics().get("sc", SlowClose.class).getDelay()).isEqualTo(30);
        assertThat(p.toxics().get("to", Timeout.class).getTimeout()).isEqualTo(40);
        assertThat(p.toxics().get("rp", ResetPeer.class).getTimeout()).isEqualTo(50);
        assertThat(p.toxics().get("ld", LimitData.class).getBytes()).isEqualTo(60);
        Slicer sl = p.toxics().get("sl", Slicer.class);
        assertThat(sl.getAverageSize()).isEqualTo(70);
        assertThat(sl.getSizeVariation()).isEqualTo(5);
        assertThat(sl.getDelay()).isEqualTo(80);
    }

    @Test
    void settersUpdateTheServer() throws IOException {
        Proxy p = fx.client.createProxy("set", "127.0.0.1:0", fx.echo().address());
        Latency lat = p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        lat.setLatency(250);
        lat.setToxicity(0.25f);
        Latency again = p.toxics().get("lat", Latency.class);
        assertThat(again.getLatency()).isEqualTo(250);
        assertThat(again.getJitter()).isZero();
        assertThat(again.getToxicity()).isEqualTo(0.25f);
        lat.remove();
        assertThat(p.toxics().getAll()).isEmpty();
    }

    @Test
    void disableEnableAndAddressChanges() throws IOException {
        Proxy p = fx.client.createProxy("moves", "127.0.0.1:0", fx.echo().address());
        p.disable();
        assertThat(p.isEnabled()).isFalse();
        p.enable();
        assertThat(p.isEnabled()).isTrue();
        String before = p.getListen();
        p.setListen("127.0.0.1:0");
        assertThat(p.getListen()).isNotEqualTo(before).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        try (Socket s = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(s, "x".getBytes());
        }
        p.setUpstream("127.0.0.1:1");
        assertThat(fx.client.getProxy("moves").getUpstream()).isEqualTo("127.0.0.1:1");
    }

    @Test
    void resetRemovesToxicsAndReenablesEveryProxy() throws IOException {
        // A fresh client: reset() reloads every proxy a client ever handed out, and earlier tests deleted theirs.
        ToxiproxyClient client = new ToxiproxyClient(fx.server.host(), fx.server.port());
        Proxy p = client.createProxy("reset", "127.0.0.1:0", fx.echo().address());
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 0);
        p.disable();
        client.reset();
        assertThat(p.isEnabled()).isTrue();
        assertThat(p.toxics().getAll()).isEmpty();
        try (Socket s = Sockets.connect(p.getListen())) {
            assertThat(Sockets.roundTrip(s, "fast".getBytes())).isLessThan(50);
        }
    }

    @Test
    void deleteRemovesTheProxy() throws IOException {
        Proxy p = fx.client.createProxy("bye", "127.0.0.1:0", fx.echo().address());
        p.delete();
        assertThat(fx.client.getProxyOrNull("bye")).isNull();
    }
}
