/**
 * A Toxiproxy 2.12 server inside the JVM: {@link io.voiceload.toxiproxy.ToxiproxyServer}. It speaks
 * Toxiproxy's HTTP API, so the official {@code eu.rekawek.toxiproxy:toxiproxy-java} client, and code written against
 * it, works unchanged, and it applies the same toxics to real TCP connections.
 *
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
 *     ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
 *     Proxy db = client.createProxy("postgres", "127.0.0.1:0", "127.0.0.1:5432");
 *     db.toxics().latency("slow-db", ToxicDirection.DOWNSTREAM, 50).setJitter(10);
 *     // point the application at db.getListen(); client.reset() between tests
 * }
 * }</pre>
 *
 * <p>Only {@code ToxiproxyServer} is public; everything else in this package is internal.
 *
 * <h2>Why it is written by hand</h2>
 *
 * There is no Java Toxiproxy server, the real (Go) binary cannot be installed on our machines (no package, no Go
 * toolchain recent enough, no Docker), and NetCrusher, the one Java fault proxy, has been unmaintained since 2016
 * and has neither Toxiproxy's API nor its toxics. The behaviour below was implemented from Toxiproxy's documented
 * and tested behaviour, not from its code; answers the documentation leaves open were compared with upstream's source
 * (for example {@code POST /populate} that creates no proxy answers 201 {@code {"proxies":null}}, as upstream's
 * {@code api.go} does).
 *
 * <h2>The API</h2>
 *
 * Every endpoint of 2.12 ({@code /proxies}, {@code /populate}, {@code /reset}, {@code /version}, the proxy and toxic
 * resources, POST and PATCH updates) with upstream's status codes, JSON field order and number forms, fixed error
 * messages, Go-style bind and address errors ({@code listen tcp 127.0.0.1:3310: bind: address already in use}),
 * error bodies as {@code text/plain; charset=utf-8} with a trailing newline, {@code X-Toxiproxy-Request-Id},
 * 403 for {@code Mozilla/} user agents, and listen addresses reported as bound ({@code localhost:0} becomes
 * {@code 127.0.0.1:40123}). Known differences:
 *
 * <ul>
 *   <li>The JDK HTTP server writes header names in its own case ({@code X-toxiproxy-request-id},
 *       {@code Content-type}); header names are case-insensitive in HTTP.
 *   <li>JSON decoder messages after {@code bad request body: } follow Go's wording for the usual cases (empty or
 *       truncated body, a value of the wrong type); for other syntax errors they are close, not identical.
 *   <li>{@code /metrics} answers 404 unless the server runs with {@code -proxy-metrics}
 *       ({@link ToxiproxyServer#start(String, int, boolean)}); then it serves upstream's proxy byte counters,
 *       {@code toxiproxy_proxy_received_bytes_total} and {@code toxiproxy_proxy_sent_bytes_total} with the labels
 *       {@code direction}, {@code listener}, {@code proxy}, {@code upstream}, in the Prometheus text format.
 *       {@code -runtime-metrics} (Go's runtime and process collectors) is accepted and ignored. gorilla/mux's redirects for unclean paths ({@code //proxies}) are
 *       not reproduced (404).
 *   <li>{@code /populate} answers a proxy it kept unchanged with that proxy as it is (toxics included).
 *   <li>Toxicity is drawn when a toxic's stage starts on a link: when the connection opens, when the toxic is
 *       added, and when it is updated. Upstream also redraws when neighbouring toxics are added or removed.
 *   <li>Removing a {@code timeout} toxic closes the connections where it was active (its toxicity draw succeeded);
 *       upstream closes all of them.
 * </ul>
 *
 * <h2>The data path</h2>
 *
 * Per accepted client the proxy dials upstream (on failure the client is closed at once: it sees EOF, not a
 * refusal) and joins the two sockets with two links, upstream (client to server) and downstream. Each link reads
 * chunks (one {@code read()} each, stamped with its arrival time) and runs them through its toxics, each on its own
 * virtual thread; toxics can be added, updated and removed on live connections without losing or reordering bytes.
 * While a direction has no toxic its link copies directly from socket to socket, which keeps an idle proxy cheap
 * (see {@code io.voiceload.bench.ToxiproxyBenchmark}). A disabled proxy closes its listener (new clients get
 * ECONNREFUSED) and every connection; re-enabling binds the same address again. Toxics:
 *
 * <ul>
 *   <li>{@code latency}: {@code latency ± jitter} ms, counted from each chunk's arrival, so pipelined data is not
 *       throttled; stacked latency toxics add up.
 *   <li>{@code bandwidth}: {@code rate} KB/s, 1 KB = 1000 bytes, large chunks sent in 100 ms slices; rate 0 stalls
 *       without dropping (removing the toxic delivers what was held).
 *   <li>{@code slow_close}: the close is held back {@code delay} ms.
 *   <li>{@code timeout}: drops data; closes {@code timeout} ms after it started on the link, or never if 0 (a
 *       blackhole); removing it closes the connection.
 *   <li>{@code reset_peer}: drops the first chunk, waits {@code timeout} ms and closes: with an RST (ECONNRESET,
 *       {@code SO_LINGER 0}) if the toxic existed when the connection was accepted, else with a FIN.
 *   <li>{@code slicer}: pieces of {@code average_size ± size_variation} bytes, {@code delay} µs apart.
 *   <li>{@code limit_data}: at most {@code bytes} per connection and direction, then close.
 *   <li>{@code noop}: accepted by the API (the Java client cannot list it, as with the real server).
 * </ul>
 *
 * <h2>Decisions on the open questions</h2>
 *
 * <ul>
 *   <li><b>End of stream is a full close</b>, as upstream: when one direction ends, the destination socket is
 *       closed, not half-closed, so a client that calls {@code shutdownOutput()} and then reads sees the connection
 *       close rather than the rest of the response. Kept because code tested against Toxiproxy expects it.
 *   <li><b>Slicer settings on which upstream breaks are rejected</b> with 400 {@code bad request body: …}:
 *       {@code average_size} of 0 or less (upstream recurses forever) and {@code size_variation} negative or not
 *       below {@code average_size} (upstream panics or makes empty pieces).
 * </ul>
 *
 * <h2>Packet loss: what is emulated, and how</h2>
 *
 * Toxiproxy works on TCP streams and has no packet-loss toxic, and the Java client's {@code getAll()} fails on any
 * toxic type it does not know, so there is no new type. Instead the standard {@code latency} toxic takes two more
 * attributes:
 *
 * <ul>
 *   <li>{@code loss_probability} (0 to 1, default 0): each transmission of a chunk is lost with this probability;
 *   <li>{@code retransmit_timeout} (ms, default 200): the first retransmission timeout.
 * </ul>
 *
 * A lost chunk is sent again after the timeout, and again after twice the timeout if that is lost too, and so on
 * (TCP's exponential back-off, capped at 120 s): a chunk lost {@code k} times arrives
 * {@code retransmit_timeout × (2^k − 1)} ms late. As TCP delivers in order, it holds back every chunk behind it
 * (head-of-line blocking). <b>So loss shows as retransmission delay and stalls, never as missing or reordered
 * bytes</b>, which is what an application on TCP actually observes. A probability of 1 stalls the direction until
 * the toxic changes. The two attributes appear in the toxic's JSON only while {@code loss_probability > 0}, so
 * standard usage stays byte-identical to Toxiproxy; the Java client lists such toxics as ordinary
 * {@code Latency} (it ignores the extra keys) but cannot set them, so set them over HTTP:
 *
 * <pre class="language-http">{@code
 * POST /proxies/postgres/toxics
 * {"type":"latency","stream":"downstream","attributes":{"latency":5,"loss_probability":0.02,"retransmit_timeout":200}}
 * }</pre>
 *
 * <p>What this does not do: drop IP packets. Real loss (the kernel's retransmission timers, congestion control,
 * SYN loss making {@code connect()} time out) needs drops below TCP; on these machines that means nftables
 * {@code numgen random} rules inside a network namespace, as root ({@code tc netem} is not available in this
 * kernel; docs/faults.md, "Real packet loss", says what was measured).
 *
 * <h2>Randomness</h2>
 *
 * Toxicity draws, jitter, losses and slice sizes come from one seeded source ({@code -seed} on the command line);
 * each toxic on each link gets its own generator split from it, so a given sequence of API calls and connections
 * makes the same draws.
 */
package io.voiceload.toxiproxy;
