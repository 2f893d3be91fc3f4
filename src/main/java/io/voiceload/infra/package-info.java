/**
 * The tests' Postgres, Redis and Toxiproxy: started once per JVM, shared, and always reached through
 * Toxiproxy proxies so that any test can inject a fault.
 *
 * <p>Each dependency has a provider chain, tried in order: an <b>external</b> server whose address is
 * configured ({@code infrastructure.*.url} in {@code load_test_config.json}, {@code -Dloadtest.*.url}),
 * <b>Testcontainers</b> when a Docker engine answers ({@code infrastructure.docker}: auto, never,
 * required), else <b>embedded</b> servers (Postgres from Maven-shipped binaries, Redis from a
 * {@code redis-server} on the PATH or the one bundled with embedded-redis, Toxiproxy from
 * {@link io.voiceload.toxiproxy.ToxiproxyServer}). The choice is logged and recorded in
 * {@link io.voiceload.infra.Infrastructure}.
 *
 * <pre>{@code
 * RunningInfrastructure infra = RunningInfrastructure.shared();   // started on first use
 * String jdbcUrl = infra.info().postgres().jdbcUrl();             // through the "postgres" proxy
 * infra.proxy(Dependency.REDIS).toxics().latency("slow", ToxicDirection.DOWNSTREAM, 200);
 * }</pre>
 *
 * <p>Public: {@link io.voiceload.infra.RunningInfrastructure}, the values it describes itself with
 * ({@link io.voiceload.infra.Infrastructure} and its endpoints) and
 * {@link io.voiceload.infra.InfrastructureException}. Everything else is package-private.
 */
package io.voiceload.infra;
