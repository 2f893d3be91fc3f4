package io.voiceload.suite.pmsconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Response;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.PmsUpstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestReporter;

/**
 * Guest profiles read and written concurrently through the connector: ten front-desk agents on {@value #GUESTS} shared
 * guests, half their requests reads ({@code GET /pms/guests/{id}}, through the cache) and half writes: the agent
 * reads the profile, then sets its preferences with {@code If-Match} on the version it read. A write is accepted
 * ({@code 200}, the version it read plus one, its {@code ETag} that version) or refused as a conflict ({@code 409}
 * with the version that beat it); never accepted on top of a write it had not seen. Each accepted write is visible to
 * the writer's next read (read-your-writes through the cache); the accepted versions of a guest are distinct and
 * consecutive, from the version before the run to the last; the profile the platform answers at the end is the last
 * accepted write and equals the PMS's, field for field.
 */
@PmsConnector
class GuestProfileIT {
    /** The guests the agents share: few, so that writers collide. */
    static final int GUESTS = 4;

    /** Guests of this test alone (the cache test writes others). */
    private static final int FIRST_GUEST = 2_101;

    @AutoClose
    private final PmsApi pms;

    private final PmsUpstream upstream;
    /** Each guest's version before the run. */
    private final Map<String, Long> initialVersions = new LinkedHashMap<>();
    /** Each guest's accepted writes, as (version, preferences). */
    private final Map<String, ConcurrentLinkedQueue<Accepted>> accepted = new ConcurrentHashMap<>();

    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder staleReads = new LongAdder();

    /** A write the platform accepted: the version it answered and the preferences it set. */
    record Accepted(long version, String preferences) {}

    GuestProfileIT(PlatformEndpoint platform, PmsUpstream upstream) {
        this.pms = new PmsApi(platform);
        this.upstream = upstream;
        for (String id : guests()) {
            initialVersions.put(
                    id,
                    UpstreamData.guest(upstream.primary(), id).path("version").asLong());
            accepted.put(id, new ConcurrentLinkedQueue<>());
        }
    }

    static List<String> guests() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < GUESTS; i++) {
            ids.add(String.format(Locale.ROOT, "G-%06d", FIRST_GUEST + i));
        }
        return ids;
    }

    @LoadTest(users = 10, duration = "10s", warmupIterations = 3)
    @Slo(request = PmsApi.GUEST, p95 = "300ms", errorRate = 0)
    @Slo(request = PmsApi.UPDATE_GUEST, p95 = "500ms", errorRate = 0)
    void readAndWrite(VirtualUser user) {
        String id = guests().get(user.random().nextInt(GUESTS));
        JsonNode before = ok(pms.guest(id));
        if (user.random().nextBoolean()) {
            return;
        }
        long version = before.path("version").asLong();
        String preferences = "quiet room, agent " + user.id() + " write " + user.iteration();
        Response r = pms.updateGuest(id, Map.of("preferences", preferences), version);
        if (r.status() == 409) {
            conflicts.increment();
            long current = r.json().path("details").path("currentVersion").asLong(-1);
            if (current <= version) {
                problems.putIfAbsent(
                        "conflict " + id,
                        "a 409 on If-Match " + version + " says the current version is " + current
                                + ", not a later one: " + r.text());
            }
            return;
        }
        JsonNode written = ok(r);
        long answered = written.path("version").asLong();
        accepted.get(id).add(new Accepted(answered, preferences));
        if (answered != version + 1
                || !preferences.equals(written.path("preferences").asText())) {
            problems.putIfAbsent(
                    "lost update " + id,
                    "a write on If-Match " + version + " was accepted as version " + answered + " with preferences "
                            + written.path("preferences") + ": it overwrote a write it had not seen");
        }
        String etag = r.header("ETag");
        if (!("\"" + answered + "\"").equals(etag)) {
            problems.putIfAbsent("etag " + id, "a write accepted as version " + answered + " answered ETag " + etag);
        }
        // Read-your-writes: the next read shows this write, or a later one; never what came before it.
        Response read = pms.guest(id);
        JsonNode again = ok(read);
        long seen = again.path("version").asLong();
        if (seen < answered
                || (seen == answered
                        && !preferences.equals(again.path("preferences").asText()))) {
            staleReads.increment();
            problems.putIfAbsent(
                    "read-your-writes " + id,
                    "after the write accepted as version " + answered + " the next read answered version " + seen
                            + " (X-Cache: " + PmsApi.cache(read) + ")");
        }
    }

    private static JsonNode ok(Response r) {
        if (r.status() != 200) {
            throw new AssertionError(r.name() + " answered " + r.status() + ": " + r.text());
        }
        return r.json();
    }

    @AfterEach
    void noWriteIsLost(LoadResult result, TestReporter reporter) {
        long writes = accepted.values().stream().mapToLong(q -> q.size()).sum();
        String figures = String.format(
                Locale.ROOT,
                "%d reads, %d writes accepted, %d conflicts (409), %d stale reads after a write",
                result.request(PmsApi.GUEST).count(),
                writes,
                conflicts.sum(),
                staleReads.sum());
        System.out.println("[pms guests] " + figures);
        reporter.publishEntry("guest profiles", figures);
        assertThat(writes).as("writes accepted").isPositive();

        PmsApi.failOn(problems, "guest profile writes and reads went wrong", "the first of each kind and guest");

        for (String id : guests()) {
            List<Long> versions =
                    accepted.get(id).stream().map(Accepted::version).sorted().toList();
            long first = initialVersions.get(id) + 1;
            List<Long> expected = new ArrayList<>();
            for (long v = first; v < first + versions.size(); v++) {
                expected.add(v);
            }
            assertThat(versions)
                    .as("the accepted versions of guest " + id + " (one per accepted write, consecutive from " + first
                            + ")")
                    .isEqualTo(expected);

            JsonNode pmsProfile = UpstreamData.guest(upstream.primary(), id);
            JsonNode platformProfile = ok(pms.guest(id));
            assertThat(platformProfile)
                    .as("guest " + id + " as the platform answers it at the end, against the PMS's")
                    .isEqualTo(pmsProfile);
            accepted.get(id).stream()
                    .filter(a -> a.version() == pmsProfile.path("version").asLong())
                    .findFirst()
                    .ifPresentOrElse(
                            last -> assertThat(pmsProfile.path("preferences").asText())
                                    .as("guest " + id + "'s preferences: the last accepted write's")
                                    .isEqualTo(last.preferences()),
                            () -> assertThat(versions)
                                    .as("guest " + id + " at version " + pmsProfile.path("version")
                                            + " in the PMS: no accepted write has it")
                                    .isEmpty());
        }
    }
}
