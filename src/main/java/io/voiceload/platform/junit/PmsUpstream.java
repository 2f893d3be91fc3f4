package io.voiceload.platform.junit;

import io.voiceload.faults.ServiceControl;
import io.voiceload.faults.ServiceControls;
import io.voiceload.faults.ServiceDown;
import io.voiceload.infra.HostPort;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.platform.pms.simulator.PmsData;
import io.voiceload.platform.pms.simulator.PmsSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A primary and a secondary PMS simulator over one seeded {@link PmsData} (the secondary is a perfect
 * replica because it shares the primary's memory), each behind a Toxiproxy proxy. On the shared
 * infrastructure ({@link RunningInfrastructure#shared()}, where the fault annotations act) each is also
 * registered in {@link ServiceControls} under its proxy's name, so that
 * {@code @ServiceDown(service = "pms", mode = ERRORS)} makes it answer 503 (REFUSED and HUNG act on the proxy);
 * the names are unique there as the proxies are.
 *
 * @param primaryUrl the primary as the platform dials it: through proxy {@value EmbeddedPlatform#PMS_PROXY}
 * @param secondaryUrl the secondary, through proxy {@value EmbeddedPlatform#PMS_SECONDARY_PROXY}
 * @param controls the simulators' registrations in {@link ServiceControls} (none off the shared
 *     infrastructure), removed by {@link #close}
 */
public record PmsUpstream(
        PmsSimulator primary,
        PmsSimulator secondary,
        URI primaryUrl,
        URI secondaryUrl,
        String primaryProxy,
        String secondaryProxy,
        RunningInfrastructure infrastructure,
        List<ServiceControls.Registration> controls)
        implements AutoCloseable {

    /** The upstreams of this JVM that are running, by the name of their primary's proxy. */
    private static final Map<String, PmsUpstream> RUNNING = new ConcurrentHashMap<>();

    /**
     * The running upstream of this JVM whose primary sits behind proxy {@code primaryProxy} ({@code pms}: the suite's
     * platform's; {@code pms_3}: a platform started beside it), for a test that drives the simulators of a platform it
     * reaches by URL; empty when none runs.
     */
    public static Optional<PmsUpstream> behind(String primaryProxy) {
        return Optional.ofNullable(RUNNING.get(primaryProxy));
    }

    /**
     * Seeds the data, starts both simulators on free loopback ports and puts the proxies of these names
     * in front.
     *
     * @throws IllegalStateException when a proxy of one of these names exists already (another platform's:
     *     use {@link EmbeddedPlatform#startAnother}; or one an earlier run left on an external Toxiproxy)
     */
    public static PmsUpstream start(RunningInfrastructure infrastructure, String primaryProxy, String secondaryProxy) {
        for (String name : List.of(primaryProxy, secondaryProxy)) {
            if (infrastructure.hasProxy(name)) {
                throw new IllegalStateException("Toxiproxy proxy \"" + name + "\" exists on "
                        + infrastructure.info().toxiproxy().url()
                        + ": another platform of this JVM, or left over from an earlier run; start further"
                        + " platforms with EmbeddedPlatform.startAnother, or delete the leftover proxy");
            }
        }
        PmsData data = PmsData.seeded();
        PmsSimulator primary = PmsSimulator.start("primary", data, 0, Duration.ZERO);
        PmsSimulator secondary = null;
        try {
            secondary = PmsSimulator.start("secondary", data, 0, Duration.ZERO);
            HostPort primaryAddress = infrastructure.proxyTo(primaryProxy, "127.0.0.1:" + primary.port());
            HostPort secondaryAddress = infrastructure.proxyTo(secondaryProxy, "127.0.0.1:" + secondary.port());
            List<ServiceControls.Registration> controls = new ArrayList<>();
            if (RunningInfrastructure.sharedIfStarted().orElse(null) == infrastructure) {
                try {
                    controls.add(ServiceControls.register(primaryProxy, control(primary)));
                    controls.add(ServiceControls.register(secondaryProxy, control(secondary)));
                } catch (RuntimeException e) {
                    controls.forEach(ServiceControls.Registration::close);
                    throw e;
                }
            }
            PmsUpstream started = new PmsUpstream(
                    primary,
                    secondary,
                    URI.create("http://" + primaryAddress),
                    URI.create("http://" + secondaryAddress),
                    primaryProxy,
                    secondaryProxy,
                    infrastructure,
                    List.copyOf(controls));
            RUNNING.put(primaryProxy, started);
            return started;
        } catch (RuntimeException e) {
            PmsSimulator startedSecondary = secondary; // null when it did not start: try-with-resources skips it
            try (primary;
                    startedSecondary) {
                infrastructure.removeProxy(secondaryProxy);
                infrastructure.removeProxy(primaryProxy);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A simulator's switch for {@code @ServiceDown(mode = ERRORS)}: 503 with Retry-After while down. */
    static ServiceControl control(PmsSimulator simulator) {
        return new ServiceControl() {
            @Override
            public void down(ServiceDown.Mode mode) {
                if (mode != ServiceDown.Mode.ERRORS) {
                    throw new UnsupportedOperationException(
                            "the PMS simulator plays ERRORS only; " + mode + " acts on its Toxiproxy proxy");
                }
                simulator.down();
            }

            @Override
            public void up() {
                simulator.up();
            }

            @Override
            public long requestsReceived() {
                return simulator.requestsReceived();
            }
        };
    }

    /** Unregisters the controls, removes the proxies, then stops the simulators. */
    @Override
    public void close() {
        RUNNING.remove(primaryProxy, this);
        controls.forEach(ServiceControls.Registration::close);
        try {
            infrastructure.removeProxy(secondaryProxy);
            infrastructure.removeProxy(primaryProxy);
        } finally {
            try (primary;
                    secondary) {
                // secondary stops first, then primary
            }
        }
    }
}
