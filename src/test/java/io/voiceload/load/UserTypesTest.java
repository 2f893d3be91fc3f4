package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.config.ThinkTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User types: largest-remainder counts, the split of ids, and the think time each user gets. */
class UserTypesTest {
    private static final ThinkTime GUEST_PAUSE = ThinkTime.uniform(Duration.ofSeconds(1), Duration.ofSeconds(3));
    private static final UserTypes<String> HOTEL = UserTypes.of(List.of(
            new UserTypes.Type<>("guest", "G", 70, GUEST_PAUSE),
            new UserTypes.Type<>("front_desk", "F", 20, ThinkTime.constant(Duration.ofMillis(200))),
            new UserTypes.Type<>("manager", "M", 10, ThinkTime.NONE)));

    @ParameterizedTest(name = "{0} users → {1} guests, {2} front desk, {3} managers")
    @CsvSource({
        "1, 1, 0, 0",
        "2, 2, 0, 0",
        "3, 2, 1, 0",
        "5, 4, 1, 0",
        "10, 7, 2, 1",
        "20, 14, 4, 2",
        "33, 23, 7, 3",
        "200, 140, 40, 20"
    })
    void countsFollowTheWeightsByLargestRemainder(int users, int guests, int frontDesk, int managers) {
        assertThat(HOTEL.allocate(users))
                .containsExactly(
                        Map.entry("front_desk", frontDesk), Map.entry("guest", guests), Map.entry("manager", managers));
        Map<String, Integer> assigned = new TreeMap<>();
        for (int id = 0; id < users; id++) {
            assigned.merge(HOTEL.typeOf(id, users).name(), 1, Integer::sum);
        }
        assertThat(assigned).isEqualTo(withoutZeros(HOTEL.allocate(users)));
    }

    @Test
    void typesInterleaveOverTheIdsSoEveryTypeStartsEarlyInARampUp() {
        List<String> order = new ArrayList<>();
        for (int id = 0; id < 10; id++) {
            order.add(HOTEL.typeOf(id, 10).value());
        }
        assertThat(order).containsExactly("G", "F", "G", "G", "G", "M", "G", "F", "G", "G");
    }

    @Test
    void tiesInTheRemainderGoToTheLargerWeightThenTheFirstName() {
        UserTypes<String> even = UserTypes.of(List.of(
                new UserTypes.Type<>("b", "B", 1, ThinkTime.NONE),
                new UserTypes.Type<>("a", "A", 1, ThinkTime.NONE),
                new UserTypes.Type<>("c", "C", 2, ThinkTime.NONE)));
        assertThat(even.allocate(1)).containsExactly(Map.entry("a", 0), Map.entry("b", 0), Map.entry("c", 1));
        assertThat(even.allocate(3)).containsExactly(Map.entry("a", 1), Map.entry("b", 1), Map.entry("c", 1));
    }

    @Test
    void assignGivesTheUserItsTypesThinkTimeForTheRestOfTheRun() {
        Map<Integer, String> types = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Integer, ThinkTime> pauses = new java.util.concurrent.ConcurrentHashMap<>();
        LoadRunner.run(
                LoadPlan.closed(10).requests(1).build(),
                user -> {
                    assertThat(user.population()).isEqualTo(10);
                    assertThat(user.thinkTime()).isEmpty();
                    types.put(user.id(), HOTEL.assign(user).name());
                    pauses.put(user.id(), user.thinkTime().orElseThrow());
                },
                RunOptions.defaults().withProgressOut(null));
        for (int id = 0; id < 10; id++) {
            assertThat(types.get(id)).isEqualTo(HOTEL.typeOf(id, 10).name());
            assertThat(pauses.get(id)).isEqualTo(HOTEL.typeOf(id, 10).thinkTime());
        }
        assertThat(pauses.get(0)).isEqualTo(GUEST_PAUSE);
    }

    @Test
    void usersOffTheAllocationAreNamed() {
        assertThat(HOTEL.deviations(Map.of("guest", 7, "front_desk", 2, "manager", 1), 10))
                .isEmpty();
        assertThat(HOTEL.deviations(Map.of("guest", 4, "front_desk", 1), 5)).isEmpty();
        assertThat(HOTEL.deviations(Map.of("guest", 8, "front_desk", 2, "owner", 1), 10))
                .containsExactly(
                        "owner: 1 users, but it is no user type",
                        "guest: 8 users, allocated 7 of 10",
                        "manager: 0 users, allocated 1 of 10");
    }

    @Test
    void inTheOpenModelThePopulationIsTheMaxConcurrency() {
        Map<Integer, Integer> population = new java.util.concurrent.ConcurrentHashMap<>();
        LoadRunner.run(
                LoadPlan.open(RateSchedule.constant(20, Duration.ofMillis(300)))
                        .maxConcurrency(4)
                        .requests(3)
                        .build(),
                user -> population.put(user.id(), user.population()),
                RunOptions.defaults().withProgressOut(null));
        assertThat(population).isNotEmpty();
        assertThat(population.values()).containsOnly(4);
        assertThat(population.keySet()).allMatch(id -> id >= 0 && id < 4);
    }

    @Test
    void badDefinitionsAreRefused() {
        assertThatThrownBy(() -> UserTypes.of(List.of(new UserTypes.Type<>("a", "A", 0, ThinkTime.NONE))))
                .hasMessage("user types [a]: every weight is 0; give at least one a weight > 0");
        assertThatThrownBy(() -> UserTypes.of(List.of(
                        new UserTypes.Type<>("a", "A", 1, ThinkTime.NONE),
                        new UserTypes.Type<>("a", "B", 1, ThinkTime.NONE))))
                .hasMessage("user type a is defined twice");
        assertThatThrownBy(() -> new UserTypes.Type<>("a", "A", -2, ThinkTime.NONE))
                .hasMessage("weight of user type a = -2.0: must be a finite number >= 0");
        assertThatThrownBy(() -> HOTEL.typeOf(10, 10)).hasMessage("user id 10 is outside 0..9");
        assertThatThrownBy(() -> HOTEL.allocate(0)).hasMessage("population = 0: must be at least 1");
    }

    private static Map<String, Integer> withoutZeros(Map<String, Integer> counts) {
        Map<String, Integer> result = new TreeMap<>(counts);
        result.values().removeIf(c -> c == 0);
        return result;
    }
}
