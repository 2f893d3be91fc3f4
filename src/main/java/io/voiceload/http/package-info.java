/**
 * HTTP from test bodies, recorded into the running virtual user's metrics without timing code.
 *
 * <ul>
 *   <li>{@link io.voiceload.http.Http}: the fast client for load (Vert.x core HttpClient underneath, chosen by
 *       {@code HttpClientBenchmark}, or the hand-written {@link io.voiceload.http.Transport#RAW} for plain
 *       http at about half the CPU per request), a small fluent API that blocks cheaply on virtual threads: {@code
 *       http.get("/calls/{id}", id).send()}. Responses are plain values; {@link io.voiceload.http.HttpAssertions}
 *       checks them AssertJ-style.
 *   <li>{@link io.voiceload.http.RestAssuredSupport}: REST Assured for readable functional checks at modest rates,
 *       configured sanely (pooled connections, body always consumed, bounded timeouts, warm-up) with {@link
 *       io.voiceload.http.RecordingFilter}.
 * </ul>
 *
 * <p>Both record one sample per request under {@code METHOD /path/{template}} (the template, never the concrete
 * path, so that {@code /calls/1} and {@code /calls/2} share one histogram). A request fails, and is counted under
 * the error kind {@code HTTP <status>}, when its status is 4xx or 5xx and was not declared expected; a connection
 * that cannot be made, breaks or times out fails it under the exception's kind. Outside a load run (no {@link
 * io.voiceload.load.VirtualUser#current() current virtual user}) nothing is recorded.
 */
package io.voiceload.http;
