package io.voiceload.faults;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import io.voiceload.toxiproxy.ToxiproxyServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shutdown hook in a JVM of its own: a fault injected and never closed is healed when that JVM is stopped
 * (SIGTERM, as a build tool stops a forked test JVM) or exits.
 */
class HealOnExitTest {

    @Test
    void aFaultLeftOnIsHealedWhenItsJvmIsTerminated() throws Exception {
        checkHealed(false);
    }

    @Test
    void aFaultLeftOnIsHealedWhenItsJvmCallsExit() throws Exception {
        checkHealed(true);
    }

    private static void checkHealed(boolean exit) throws Exception {
        try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0, true)) {
            ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
            client.createProxy("svc", "127.0.0.1:0", "127.0.0.1:9");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process child = new ProcessBuilder(
                            java.toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            InjectAndWait.class.getName(),
                            server.baseUrl(),
                            server.host(),
                            String.valueOf(server.port()),
                            String.valueOf(exit))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("on");
                assertThat(toxics(client)).as("the child's fault is on").hasSize(2);
                assertThat(client.getProxy("svc").isEnabled()).isFalse();
                if (exit) {
                    child.getOutputStream().write('\n');
                    child.getOutputStream().flush();
                } else {
                    child.destroy(); // SIGTERM
                }
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(toxics(client))
                        .as("healed by the child's shutdown hook")
                        .isEmpty();
                assertThat(client.getProxy("svc").isEnabled()).isTrue();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static List<String> toxics(ToxiproxyClient client) throws Exception {
        Proxy proxy = client.getProxy("svc");
        return proxy.toxics().getAll().stream().map(Toxic::getName).toList();
    }

    /** The child: injects a blackhole and a cut on "svc", says "on", then waits to be stopped (or exits). */
    static final class InjectAndWait {
        public static void main(String[] args) throws Exception {
            Faults faults = Faults.through(args[0], new ToxiproxyClient(args[1], Integer.parseInt(args[2])));
            faults.inject(FaultSpec.blackhole("svc"));
            faults.inject(FaultSpec.cut("svc"));
            System.out.println("on");
            System.out.flush();
            System.in.read();
            if (Boolean.parseBoolean(args[3])) {
                System.exit(3);
            }
            Thread.sleep(60_000);
        }
    }
}
