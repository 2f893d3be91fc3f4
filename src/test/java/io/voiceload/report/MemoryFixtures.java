package io.voiceload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A per-test JSON's {@code memory} section as the JFR capture and the leak verdict write it: a platform in a child
 * JVM measured over JMX for two minutes, young GCs every 1.5 s, a mixed GC every 20 s, a full GC closing each of
 * eight 15-second cycles (two of them warm-up), a heap floor rising 1.2 MiB per 1,000 iterations against a limit of
 * 0.5 MiB: a leak. Tests remove the parts they do without.
 */
public final class MemoryFixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();
    public static final double MIB = 1024 * 1024;

    private MemoryFixtures() {}

    /** A whole section. */
    public static ObjectNode memory() {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("target", "platform in a child JVM (pid 4242, -Xmx512m -XX:+UseG1GC)");
        m.put("capture", "remote over JMX");
        m.put("jfr", "LeakDetectionIT-sustainedMix.jfr");
        m.put("collector", "G1");
        m.put("explicitGc", "full");
        m.putArray("jvmArguments").add("-Xmx512m").add("-XX:+UseG1GC");

        ObjectNode s = m.putObject("summary");
        s.put("heapAfterGcPeakBytes", (long) (212.4 * MIB));
        s.put("heapAfterGcLastBytes", (long) (205.1 * MIB));
        s.put("heapCommittedMaxBytes", 512L * 1024 * 1024);
        s.put("gcCount", 93);
        s.put("youngGcCount", 79);
        s.put("mixedGcCount", 6);
        s.put("fullGcCount", 8);
        s.put("gcPauseTotalMs", 612.5);
        s.put("gcPauseP99Ms", 48.2);
        s.put("gcPauseMaxMs", 61.0);
        s.put("gcCpuShare", 0.031);
        s.put("gcCpuShareSource", "pauses");
        s.put("allocatedBytes", (long) (9_800 * MIB));
        s.put("allocatedBytesSource", "thread allocation counters");
        s.put("allocationRateBytesPerSecond", 81.7 * MIB);
        s.put("allocationPerIterationBytes", 412_000.0);
        s.put("metaspaceUsedBytes", (long) (61 * MIB));
        s.put("directBufferBytes", (long) (4 * MIB));
        s.put("mappedBufferBytes", 0);
        s.put("liveThreadsMax", 57);
        s.put("openFileDescriptorsMax", 212);
        s.put("rssMaxBytes", (long) (688 * MIB));

        m.putArray("gcByCollector")
                .add(collector("G1New", 85, 402.0, 9.1, 12.0))
                .add(collector("G1Full", 8, 210.5, 61.0, 61.0));
        ArrayNode causes = m.putArray("gcByCause");
        causes.addObject().put("cause", "G1 Evacuation Pause").put("count", 85).put("totalMs", 402.0);
        causes.addObject().put("cause", "System.gc()").put("count", 8).put("totalMs", 210.5);

        ArrayNode gcs = m.putArray("gcs");
        int id = 1;
        for (double t = 1.5; t < 120; t += 1.5) {
            double floor = 80 + t * 1.0;
            String kind = Math.round(t * 2) % 40 == 0 ? "mixed" : "young";
            gcs.add(gc(
                    t,
                    id++,
                    kind.equals("mixed") ? "G1Old" : "G1New",
                    kind,
                    "G1 Evacuation Pause",
                    kind.equals("mixed") ? 14 : 4 + (t % 7),
                    (floor + 90) * MIB,
                    (floor + 20) * MIB));
        }
        for (int c = 1; c <= 8; c++) {
            gcs.add(gc(
                    c * 15.0 - 0.2,
                    id++,
                    "G1Full",
                    "full",
                    "System.gc()",
                    26 + c,
                    (80 + c * 15 + 60) * MIB,
                    (80 + c * 15) * MIB));
        }

        ArrayNode series = m.putArray("series");
        for (int t = 1; t <= 120; t++) {
            ObjectNode p = series.addObject();
            p.put("t", (double) t);
            p.put("heapUsedBytes", (long) ((100 + t + 70 * ((t % 3) / 2.0)) * MIB));
            p.put("allocationBytesPerSecond", (80 + 10 * Math.sin(t / 5.0)) * MIB);
            p.put("gcPauseMs", t % 3 == 0 ? 6.0 : 0.0);
            p.put("metaspaceUsedBytes", (long) (61 * MIB));
            p.put("directBufferBytes", (long) (4 * MIB));
            p.put("liveThreads", 50 + t % 7);
            p.put("openFileDescriptors", 200 + t % 12);
            p.put("rssBytes", (long) ((600 + t * 0.5) * MIB));
            p.put("cpuJvm", 0.4);
        }

        ArrayNode sites = m.putArray("allocationSites");
        sites.add(
                site("byte[]", 5_100 * MIB, 0.52, "io.voiceload.platform.audio.AudioFrames.copy(AudioFrames.java:88)"));
        sites.add(site(
                "java.lang.String",
                1_900 * MIB,
                0.19,
                "com.fasterxml.jackson.core.JsonParser.getText(JsonParser.java:1)"));
        sites.add(site(
                "io.voiceload.platform.calls.CallEvent",
                700 * MIB,
                0.07,
                "io.voiceload.platform.calls.Calls.emit(Calls.java:140)"));

        ArrayNode suspects = m.putArray("suspects");
        suspects.addObject()
                .put("class", "io.voiceload.platform.calls.CallEvent")
                .put("samples", 41)
                .put("oldestAgeSeconds", 104.2)
                .set("stack", stack("io.voiceload.platform.calls.CallHistory.add(CallHistory.java:31)"));
        suspects.addObject()
                .put("class", "java.util.HashMap$Node")
                .put("samples", 12)
                .put("oldestAgeSeconds", 98.0)
                .set("stack", stack("java.util.HashMap.putVal(HashMap.java:641)"));

        m.putArray("marks").addObject().put("name", "warm-up end").put("t", 30.0);

        ObjectNode leak = m.putObject("leak");
        leak.put("warmupCycles", 2);
        leak.put("verdict", "leak");
        leak.put("reason", "heap after full GC rose +1.2 MiB per 1,000 iterations, above the limit of 0.5 MiB");
        ArrayNode cycles = leak.putArray("cycles");
        for (int c = 1; c <= 8; c++) {
            cycles.addObject()
                    .put("cycle", c)
                    .put("iterations", c * 12_000L)
                    .put("t", c * 15.0)
                    .put("heapAfterGcBytes", (long) ((80 + c * 14.4 + (c % 2 == 0 ? 3 : -3)) * MIB))
                    .put("metaspaceBytes", (long) (61 * MIB))
                    .put("directBufferBytes", (long) (4 * MIB))
                    .put("liveThreads", 52)
                    .put("openFileDescriptors", 205)
                    .put("warmup", c <= 2);
        }
        ArrayNode fits = leak.putArray("fits");
        fits.add(fit(
                "heap",
                "bytes",
                1.2 * MIB,
                0.95 * MIB,
                1.45 * MIB,
                80 * MIB,
                0.5 * MIB,
                3 * MIB,
                "leak",
                "rises +1.2 MiB per 1,000 iterations (95 %: +0.95 … +1.45 MiB), above the limit +0.5 MiB"));
        fits.add(fit("threads", "threads", 0.01, -0.2, 0.22, 52, 1, 0.5, "flat", "no trend"));
        return m;
    }

    /** A per-test JSON (as report.json holds it) with {@code memory}. */
    public static ObjectNode test(String id, String unit, ObjectNode memory) {
        ObjectNode t = MAPPER.createObjectNode();
        t.put("id", id);
        t.put("test", "io.voiceload.memory." + id);
        t.put("unit", unit);
        t.put("file", "tests/io.voiceload.memory." + id + ".json");
        t.put("verdict", "passed");
        t.putObject("iterations").put("count", 96_000).put("failures", 0).put("rps", 800.0);
        t.set("memory", memory);
        return t;
    }

    /** A report.json document of these tests. */
    public static ObjectNode report(ObjectNode... tests) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("runId", "20261207-174000");
        r.put("verdict", "passed");
        ArrayNode a = r.putArray("tests");
        for (ObjectNode t : tests) {
            a.add(t);
        }
        r.set("recommendations", Recommendations.of(List.of(tests)));
        return r;
    }

    private static ObjectNode collector(String name, int count, double total, double p99, double max) {
        return MAPPER.createObjectNode()
                .put("name", name)
                .put("count", count)
                .put("totalMs", total)
                .put("p99Ms", p99)
                .put("maxMs", max);
    }

    private static ObjectNode gc(
            double t, int id, String name, String kind, String cause, double pause, double before, double after) {
        return MAPPER.createObjectNode()
                .put("t", t)
                .put("gcId", id)
                .put("name", name)
                .put("kind", kind)
                .put("cause", cause)
                .put("pauseMs", pause)
                .put("heapBeforeBytes", (long) before)
                .put("heapAfterBytes", (long) after);
    }

    private static ObjectNode site(String cls, double bytes, double share, String top) {
        ObjectNode s = MAPPER.createObjectNode()
                .put("class", cls)
                .put("bytes", (long) bytes)
                .put("share", share);
        s.set("stack", stack(top));
        return s;
    }

    private static ArrayNode stack(String top) {
        return MAPPER.createArrayNode()
                .add(top)
                .add("io.voiceload.platform.api.Handler.handle(Handler.java:52)")
                .add("io.javalin.http.JavalinServlet.service(JavalinServlet.kt:120)")
                .add("org.eclipse.jetty.server.Server.handle(Server.java:516)")
                .add("java.lang.VirtualThread.run(VirtualThread.java:329)");
    }

    private static ObjectNode fit(
            String resource,
            String unit,
            double slope,
            double lower,
            double upper,
            double intercept,
            double limit,
            double noise,
            String verdict,
            String message) {
        return MAPPER.createObjectNode()
                .put("resource", resource)
                .put("axis", "per 1,000 iterations")
                .put("unit", unit)
                .put("slope", slope)
                .put("lower", lower)
                .put("upper", upper)
                .put("intercept", intercept)
                .put("limit", limit)
                .put("noise", noise)
                .put("first", 3)
                .put("last", 8)
                .put("verdict", verdict)
                .put("message", message);
    }
}
