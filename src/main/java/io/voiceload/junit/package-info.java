/**
 * JUnit 5 integration: {@link io.voiceload.junit.LoadTest @LoadTest} runs a test method as
 * concurrent virtual users, {@link io.voiceload.junit.Slo @Slo} judges the run, and
 * {@link io.voiceload.junit.LoadAssertions#assertThat(io.voiceload.load.LoadResult)} gives
 * AssertJ-style checks on a {@link io.voiceload.load.LoadResult} in {@code @AfterEach}.
 *
 * <pre>{@code
 * @Tag("concurrent-calls")
 * class CallsIT {
 *     @LoadTest(users = 50, requests = 100, rampUp = "5s")
 *     @Slo(p95 = "300ms", errorRate = 0.01)
 *     void createCall() {
 *         http.post("/calls").json(Map.of("hotelId", "hotel-demo")).expect(201).send();   // recorded as "POST /calls"
 *     }
 * }
 * }</pre>
 */
package io.voiceload.junit;
