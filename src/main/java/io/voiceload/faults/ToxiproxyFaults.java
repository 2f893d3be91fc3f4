package io.voiceload.faults;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.ToxicList;
import io.voiceload.infra.HostPort;
import io.voiceload.infra.RunningInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies faults through a Toxiproxy's API and reads its proxy byte counters. Toxics are added with the official
 * client; two calls are plain HTTP because the client has none for them: the packet-loss toxic (the client cannot
 * set {@code loss_probability}) and {@code GET /metrics}. Removal is a plain {@code DELETE} too, so a toxic someone
 * else removed meanwhile (a {@code /reset}) is no error.
 */
final class ToxiproxyFaults {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String RUN_ID = Long.toString(ProcessHandle.current().pid(), 36);
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String url;
    private final ToxiproxyClient client;
    /** The address this JVM dials for a proxy: where real packet loss is matched. */
    private final Function<String, HostPort> reachable;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ToxiproxyFaults(RunningInfrastructure infrastructure) {
        this(infrastructure.info().toxiproxy().url(), infrastructure.toxiproxyClient(), infrastructure::reachable);
    }

    /** A Toxiproxy on this machine, whose proxies are dialled at their listen address. */
    ToxiproxyFaults(String url, ToxiproxyClient client) {
        this(url, client, name -> {
            try {
                return HostPort.parse(client.getProxy(name).getListen());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read proxy \"" + name + "\" from " + url, e);
            }
        });
    }

    private ToxiproxyFaults(String url, ToxiproxyClient client, Function<String, HostPort> reachable) {
        this.url = url;
        this.client = client;
        this.reachable = reachable;
    }

    String url() {
        return url;
    }

    Set<String> proxyNames() {
        try {
            Set<String> names = new TreeSet<>();
            for (Proxy p : client.getProxies()) {
                names.add(p.getName());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the proxies of the Toxiproxy at " + url, e);
        }
    }

    /** A fault in place: the toxics it added (by unique name) and whether it disabled the proxy. */
    final class Applied {
        final FaultSpec spec;
        private final List<String> toxics;
        private final boolean disabled;
        /** The kernel's packet drops of a real packet loss; null for the proxy's faults. */
        private final NftPacketLoss kernel;
        /** The service's control a service-down ERRORS took down; null otherwise. */
        private final ServiceControl control;

        private boolean healed;

        private Applied(FaultSpec spec, List<String> toxics, boolean disabled, NftPacketLoss kernel) {
            this(spec, toxics, disabled, kernel, null);
        }

        private Applied(
                FaultSpec spec, List<String> toxics, boolean disabled, NftPacketLoss kernel, ServiceControl control) {
            this.spec = spec;
            this.toxics = toxics;
            this.disabled = disabled;
            this.kernel = kernel;
            this.control = control;
        }

        /** Removes exactly the toxics it added and re-enables a proxy it disabled. Idempotent. */
        synchronized void heal() {
            if (healed) {
                return;
            }
            healed = true;
            HealOnExit.forget(this);
            List<String> problems = new ArrayList<>();
            for (String toxic : toxics) {
                try {
                    send("DELETE", "/proxies/" + spec.proxy() + "/toxics/" + toxic, null, 204, 404);
                } catch (RuntimeException e) {
                    problems.add(e.getMessage());
                }
            }
            if (kernel != null) {
                try {
                    kernel.close();
                } catch (RuntimeException e) {
                    problems.add("remove the kernel's packet drops: " + e.getMessage());
                }
            }
            if (control != null) {
                try {
                    control.up();
                } catch (RuntimeException e) {
                    problems.add("bring service \"" + spec.proxy() + "\" up: " + e.getMessage());
                }
            }
            if (disabled) {
                try {
                    client.getProxy(spec.proxy()).enable();
                } catch (IOException | RuntimeException e) {
                    problems.add("re-enable \"" + spec.proxy() + "\": " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException(
                        "healing " + spec.origin() + " on " + url + " failed: " + String.join("; ", problems));
            }
        }

        boolean healed() {
            return healed;
        }
    }

    /** Puts {@code spec} in place now; registered for healing on JVM exit until healed. */
    Applied apply(FaultSpec spec) {
        if (spec.kind() == FaultKind.REAL_PACKET_LOSS) {
            return applyInKernel(spec);
        }
        if (spec.kind().byServiceControl()) {
            return applyByControl(spec);
        }
        List<String> added = new ArrayList<>();
        boolean disabled = false;
        try {
            Proxy proxy = client.getProxy(spec.proxy());
            if (spec.kind().blocksTraffic()) { // a CUT, a service down REFUSED: the same operation
                if (proxy.isEnabled()) {
                    proxy.disable();
                    disabled = true;
                }
            } else {
                for (ToxicDirection d : directions(spec.direction())) {
                    String name = "voiceload_" + spec.kind().label().replace('-', '_') + "_" + RUN_ID + "_"
                            + SEQUENCE.incrementAndGet() + "_" + d.name().toLowerCase(Locale.ROOT);
                    addToxic(proxy.toxics(), spec, d, name);
                    added.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            Applied partial = new Applied(spec, added, disabled, null);
            try {
                partial.heal();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException(
                    "cannot apply " + spec.origin() + " through " + url + ": " + e.getMessage(), e);
        }
        Applied applied = new Applied(spec, List.copyOf(added), disabled, null);
        HealOnExit.remember(applied);
        return applied;
    }

    /** A service down ERRORS: its registered control answers errors until healed. */
    private Applied applyByControl(FaultSpec spec) {
        ServiceControl control = ServiceControls.find(spec.proxy())
                .orElseThrow(() -> new IllegalStateException("cannot apply " + spec.origin() + ": service \""
                        + spec.proxy() + "\" has no control registered any more"));
        try {
            control.down(ServiceDown.Mode.ERRORS);
        } catch (RuntimeException e) {
            try {
                control.up();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot apply " + spec.origin() + ": " + e.getMessage(), e);
        }
        Applied applied = new Applied(spec, List.of(), false, null, control);
        HealOnExit.remember(applied);
        return applied;
    }

    /**
     * What a fault's traffic proof counts, cumulative: the requests the service's control received for a fault
     * played by it, otherwise the bytes its proxy received ({@link #receivedBytes}).
     */
    long traffic(FaultSpec spec) {
        if (spec.kind().byServiceControl()) {
            return ServiceControls.find(spec.proxy())
                    .orElseThrow(() -> new IllegalStateException(
                            "service \"" + spec.proxy() + "\" has no control registered any more"))
                    .requestsReceived();
        }
        return receivedBytes(spec.proxy(), spec.direction());
    }

    /**
     * Real packet loss: the kernel drops packets of the connections to the port this JVM dials for the proxy,
     * which must be on this machine's loopback (a container's published port is; {@link NftPacketLoss} follows
     * its DNAT).
     */
    private Applied applyInKernel(FaultSpec spec) {
        HostPort address = reachable.apply(spec.proxy());
        if (!address.isLoopback()) {
            throw new IllegalStateException("cannot apply " + spec.origin() + ": real packet loss acts on this"
                    + " machine's loopback, and proxy \"" + spec.proxy() + "\" is reached at " + address);
        }
        NftPacketLoss kernel;
        try {
            kernel = NftPacketLoss.start(
                    address.port(),
                    spec.amount(),
                    NftPacketLoss.Direction.valueOf(spec.direction().name()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot apply " + spec.origin() + ": " + e.getMessage(), e);
        }
        Applied applied = new Applied(spec, List.of(), false, kernel);
        HealOnExit.remember(applied);
        return applied;
    }

    private void addToxic(ToxicList toxics, FaultSpec spec, ToxicDirection d, String name) throws IOException {
        long amount = (long) spec.amount();
        switch (spec.kind()) {
            case LATENCY -> toxics.latency(name, d, amount).setJitter(spec.jitter());
            case BANDWIDTH -> toxics.bandwidth(name, d, amount);
            case RESET_PEER -> toxics.resetPeer(name, d, amount);
            case TIMEOUT -> toxics.timeout(name, d, amount);
            case PARTITION_BLACKHOLE, SERVICE_DOWN_HUNG -> toxics.timeout(name, d, 0);
            case PACKET_LOSS -> {
                String created = send(
                        "POST",
                        "/proxies/" + spec.proxy() + "/toxics",
                        "{\"name\":\"" + name + "\",\"type\":\"latency\",\"stream\":\""
                                + d.name().toLowerCase(Locale.ROOT) + "\",\"attributes\":{\"latency\":0,"
                                + "\"loss_probability\":" + spec.amount() + ",\"retransmit_timeout\":"
                                + spec.jitter() + "}}",
                        200);
                if (!created.contains("\"loss_probability\"")) {
                    // Upstream Toxiproxy ignores the attribute: the toxic would be a latency of 0, no loss at all.
                    send("DELETE", "/proxies/" + spec.proxy() + "/toxics/" + name, null, 204, 404);
                    throw new IllegalStateException("this Toxiproxy does not emulate packet loss (it dropped"
                            + " loss_probability from the toxic); packet loss needs the project's Toxiproxy server,"
                            + " embedded or in its container image");
                }
            }
            case PARTITION_CUT, SERVICE_DOWN_REFUSED ->
                throw new IllegalArgumentException("a cut disables the proxy; it adds no toxic");
            case SERVICE_DOWN_ERRORS ->
                throw new IllegalArgumentException("a service down ERRORS is its control's; it adds no toxic");
            case REAL_PACKET_LOSS ->
                throw new IllegalArgumentException("real packet loss is the kernel's; it adds no toxic");
        }
    }

    private static List<ToxicDirection> directions(Direction d) {
        return switch (d) {
            case UPSTREAM -> List.of(ToxicDirection.UPSTREAM);
            case DOWNSTREAM -> List.of(ToxicDirection.DOWNSTREAM);
            case BOTH -> List.of(ToxicDirection.UPSTREAM, ToxicDirection.DOWNSTREAM);
        };
    }

    /**
     * The bytes the proxy received in {@code direction} (both summed for {@link Direction#BOTH}), from
     * {@code toxiproxy_proxy_received_bytes_total}: what reached the proxy, whether or not a toxic let it through.
     *
     * @throws IllegalStateException when the Toxiproxy serves no metrics, saying how to enable them
     */
    long receivedBytes(String proxy, Direction direction) {
        String body = metrics();
        Map<String, Long> byDirection = new HashMap<>();
        for (String line : body.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find() || !m.group(1).equals("toxiproxy_proxy_received_bytes_total")) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            if (proxy.equals(labels.get("proxy"))) {
                byDirection.merge(
                        labels.getOrDefault("direction", ""), (long) Double.parseDouble(m.group(3)), Long::sum);
            }
        }
        return switch (direction) {
            case UPSTREAM -> byDirection.getOrDefault("upstream", 0L);
            case DOWNSTREAM -> byDirection.getOrDefault("downstream", 0L);
            case BOTH ->
                byDirection.values().stream().mapToLong(Long::longValue).sum();
        };
    }

    /** Fails, saying how to enable them, when the Toxiproxy serves no proxy metrics. */
    void checkMetrics() {
        metrics();
    }

    private String metrics() {
        HttpResponse<String> r = request("GET", "/metrics", null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the Toxiproxy at " + url + " serves no proxy metrics (GET /metrics"
                    + " answered " + r.statusCode() + "); faults read them to prove that traffic crossed the faulted"
                    + " proxy. Start toxiproxy-server with -proxy-metrics (the project's embedded server and"
                    + " container image do)");
        }
        return r.body();
    }

    /** Sends a call and returns the body of an expected answer. */
    private String send(String method, String path, String body, int... expected) {
        HttpResponse<String> r = request(method, path, body);
        for (int status : expected) {
            if (r.statusCode() == status) {
                return r.body();
            }
        }
        throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": "
                + r.body().strip());
    }

    private HttpResponse<String> request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the Toxiproxy at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the Toxiproxy at " + url, e);
        }
    }
}
