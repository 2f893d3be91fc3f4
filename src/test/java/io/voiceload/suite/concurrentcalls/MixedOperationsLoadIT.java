package io.voiceload.suite.concurrentcalls;

import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.Mix;
import io.voiceload.load.RequestStats;
import io.voiceload.load.UserTypes;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.Categories;
import io.voiceload.suite.support.HotelIds;
import io.voiceload.suite.support.ServerErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * A realistic mix of the hotel's call traffic: every iteration draws one operation from
 * {@code categories.concurrent-calls.settings.operation_mix} (shipped: post_event 40, create_call 25,
 * lookup 15, audio 10, transfer 10) and the virtual users are split into the types of
 * {@code settings.user_types} (shipped: guest callers 70, front-desk agents 20, managers 10, largest
 * remainder), each pausing its own think time between iterations (outside the measured latency).
 *
 * <p>Every type draws from the same mix; what differs is who sends the requests (see {@link
 * HotelCallOperations}): each call is opened by the user under its own role (a guest is the caller);
 * staff-only requests (events, lookups, routing, recordings) go under a staff user's own session, or for a
 * guest's call under the platform's service key, as the voice service of a deployment would send them; a
 * guest's audio is what a caller hears ({@code POST /tts}), a staff user's a recording uploaded and
 * downloaded.
 *
 * <p>Afterwards: the calls of create_call are exactly the stored ones, every post_event call stores its
 * events in the order sent, every transfer is stored where the rules said, audio and lookups answered what
 * was sent, no 5xx; the operations drawn fit the configured weights ({@link Mix#deviations}) and the users
 * acting as each type are the allocated number ({@link UserTypes#deviations}).
 */
@ConcurrentCalls
class MixedOperationsLoadIT {
    /** Each operation is timed under this prefix and its name: {@code "mix post_event"}. */
    static final String OPERATION = "mix ";

    /** What one operation of the mix does for a user acting as a role. */
    @FunctionalInterface
    interface Operation {
        void run(HotelCallOperations operations, VirtualUser user, UserRole role) throws Exception;
    }

    private final Mix<Operation> mix;
    private final UserTypes<UserRole> userTypes;
    /** The operations, sending through a client of their own without default credentials. */
    @AutoClose
    private final HotelCallOperations operations;
    /** The ids of the users that acted as each type, by type name. */
    private final Map<String, Set<Integer>> usersByType = new ConcurrentHashMap<>();

    MixedOperationsLoadIT(PlatformEndpoint platform) {
        // Read and checked before any load (and before a client opens): a bad weight or name fails the test here.
        mix = Mix.fromSettings(
                Categories.CONCURRENT_CALLS,
                "operation_mix",
                Map.of(
                        "post_event", HotelCallOperations::postEvent,
                        "create_call", HotelCallOperations::createCall,
                        "lookup", HotelCallOperations::lookup,
                        "audio", HotelCallOperations::audio,
                        "transfer", HotelCallOperations::transfer));
        userTypes = UserTypes.fromSettings(
                Categories.CONCURRENT_CALLS,
                "user_types",
                Map.of("guest", UserRole.GUEST, "front_desk", UserRole.FRONT_DESK, "manager", UserRole.MANAGER));
        operations = new HotelCallOperations(platform, HotelIds.unique("cc-mix"));
    }

    @LoadTest(users = 20, duration = "15s", warmupIterations = 1, unit = "operations")
    @Slo(errorRate = 0)
    @Slo(request = "POST /calls", p99 = "1s", errorRate = 0)
    void aDayOfHotelCalls(VirtualUser user) throws Exception {
        UserTypes.Type<UserRole> type = userTypes.assign(user);
        usersByType
                .computeIfAbsent(type.name(), t -> ConcurrentHashMap.newKeySet())
                .add(user.id());
        Mix.Choice<Operation> operation = mix.pick(user.random());
        user.time(OPERATION + operation.name(), () -> operation.value().run(operations, user, type.value()));
    }

    @AfterEach
    void theMixHeldAndEveryAnswerWasRight(LoadResult result) throws Exception {
        List<String> problems = new ArrayList<>(operations.verify());
        // An operation ("mix post_event") fails with the 5xx of its request: name the request only.
        ServerErrors.in(result).stream()
                .filter(e -> !e.contains(" on " + OPERATION))
                .forEach(e -> problems.add("5xx answer: " + e));

        Map<String, Long> drawn = new TreeMap<>();
        mix.choices().forEach(c -> {
            RequestStats stats = result.requests().get(OPERATION + c.name());
            drawn.put(c.name(), stats == null ? 0 : stats.count());
        });
        System.out.println("[mix] operations of the measured phase: " + mix.tally(drawn));
        mix.deviations(drawn).forEach(d -> problems.add("operation mix off the configured weights: " + d));

        Map<String, Integer> users = new TreeMap<>();
        usersByType.forEach((name, ids) -> users.put(name, ids.size()));
        int population = result.plan().users();
        System.out.println("[mix] user types of " + population + " users: " + users + " (allocated "
                + userTypes.allocate(population) + ")");
        userTypes.deviations(users, population).forEach(d -> problems.add("user types off the allocation: " + d));

        if (!problems.isEmpty()) {
            throw new AssertionError("mixed operations went wrong:\n  " + String.join("\n  ", problems));
        }
    }
}
