/**
 * The load engine: plans, whose {@link io.voiceload.load.Workload} (closed or open model) names its own
 * driver, the stepped capacity search, virtual users on virtual threads, HdrHistogram metrics, SLO
 * evaluation, live progress and {@link io.voiceload.load.LoadResult}.
 *
 * <p>Plain Java with no JUnit inside: {@link io.voiceload.load.LoadRunner#run} is the programmatic
 * entry point that the JUnit layer ({@code io.voiceload.junit}) uses.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.newHttpClient();
 * HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/health")).build();
 * LoadPlan plan = LoadPlan.closed(50).requests(100).rampUp(Duration.ofSeconds(5)).build();
 * LoadResult result = LoadRunner.run(
 *         plan, user -> user.time("GET /health", () -> client.send(health, HttpResponse.BodyHandlers.discarding())));
 * }</pre>
 */
package io.voiceload.load;
