package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.platform.voice.VoiceOptions;
import io.voiceload.voice.FrameSource;
import io.voiceload.voice.VoiceStreamClient;
import io.voiceload.voice.VoiceStreamOptions;
import io.voiceload.voice.VoiceStreamRefusedException;
import io.voiceload.voice.VoiceStreamResult;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WebSocket voice stream, end to end with the measuring client, on loopback. */
@WithPlatform
class VoiceStreamApiTest {

    private final Api api;
    private final PlatformEndpoint platform;
    private final VoiceStreamClient voice = VoiceStreamClient.create();

    VoiceStreamApiTest(PlatformEndpoint platform) {
        this.platform = platform;
        this.api = new Api(platform);
    }

    @AfterEach
    void closeClient() {
        voice.close();
    }

    private VoiceStreamOptions.Builder options() {
        return VoiceStreamOptions.builder().headers(api.as(Role.GUEST).credentials());
    }

    @Test
    void streamsAgentAudioAtRealTimePaceAndEchoesEveryFrame() {
        String call = api.createCall(Api.newHotel());

        VoiceStreamResult r = voice.stream(
                platform.baseUrl(),
                call,
                options()
                        .source(FrameSource.tone(220, 8000))
                        .duration(Duration.ofSeconds(3))
                        .build());

        assertThat(r.completedNormally()).as(r.toString()).isTrue();
        assertThat(r.framesSent() + r.sendSlotsMissed()).isEqualTo(150);
        assertThat(r.framesSent()).as(r.toString()).isGreaterThanOrEqualTo(120);
        assertThat(r.lost()).as(r.toString()).isZero();
        assertThat(r.echoed()).isEqualTo(r.framesSent());
        assertThat(r.roundTripP50()).as(r.toString()).isLessThan(Duration.ofMillis(50));
        assertThat(r.roundTripMax()).isGreaterThan(Duration.ZERO);
        assertThat(r.jitterMillis()).isGreaterThanOrEqualTo(0);
        // A server clock, not echoes: ~50 agent frames per second of stream (loose bounds for a busy machine).
        double perSecond = r.agentFrames() / (r.duration().toNanos() / 1e9);
        assertThat(perSecond).as(r.toString()).isBetween(35.0, 55.0);
        assertThat(r.bye()).containsEntry("reason", "client_stop");
        assertThat(((Number) r.bye().get("received")).longValue()).isEqualTo(r.framesSent());
        assertThat(((Number) r.bye().get("missing")).longValue()).isEqualTo(r.sendSlotsMissed());
        double serverRate = ((Number) r.bye().get("agentFrames")).doubleValue()
                / ((Number) r.bye().get("durationMs")).doubleValue()
                * 1000;
        assertThat(serverRate).isBetween(40.0, 52.0);
        // 3 s of tone is 150 voiced frames: 10 words of 15 frames; a partial every 25 frames.
        assertThat(r.partialTranscripts()).isBetween(5L, 6L);
        assertThat(r.finalTranscript()).isNotBlank();
        assertThat(r.finalTranscript().split(" ")).hasSize((int) (r.framesSent() / 15));
    }

    @Test
    void silenceTranscribesToNothingAt8kHz() {
        String call = api.createCall(Api.newHotel());

        VoiceStreamResult r = voice.stream(
                platform.baseUrl(),
                call,
                options()
                        .sampleRate(8000)
                        .source(FrameSource.silence())
                        .frames(50)
                        .build());

        assertThat(r.completedNormally()).as(r.toString()).isTrue();
        assertThat(r.sampleRate()).isEqualTo(8000);
        assertThat(r.lost()).isZero();
        assertThat(r.finalTranscript()).isEmpty();
    }

    @Test
    void refusesAStreamOfAnUnknownCallBeforeTheUpgrade() throws IOException {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-call-id")) {
            assertThatThrownBy(
                            () -> voice.stream(platform.baseUrl(), id, options().build()))
                    .isInstanceOfSatisfying(VoiceStreamRefusedException.class, e -> assertThat(e.statusCode())
                            .isEqualTo(404))
                    .hasMessageContaining("HTTP 404");
            JsonNode error = refusedUpgrade("/calls/" + id + "/stream").assertError(404);
            assertThat(error.path("error").asText()).isEqualTo("no call with id " + id);
        }
    }

    @Test
    void refusesAStreamOfAnEndedCall() throws IOException {
        String call = api.createCall(Api.newHotel());
        assertThat(api.post("/calls/" + call + "/end", "").status()).isEqualTo(200);

        assertThatThrownBy(
                        () -> voice.stream(platform.baseUrl(), call, options().build()))
                .isInstanceOfSatisfying(VoiceStreamRefusedException.class, e -> assertThat(e.statusCode())
                        .isEqualTo(409));
        JsonNode error = refusedUpgrade("/calls/" + call + "/stream").assertError(409);
        assertThat(error.path("error").asText()).contains("has ended");
        assertThat(error.path("details").path("currentStatus").asText()).isEqualTo("ended");
    }

    @Test
    void refusesAnUnsupportedSampleRateNamingTheAllowedOnes() throws IOException {
        String call = api.createCall(Api.newHotel());
        URI uri = URI.create(VoiceStreamClient.streamUri(platform.baseUrl(), call, 16000)
                .toString()
                .replace("sampleRate=16000", "sampleRate=44100"));

        assertThatThrownBy(() -> voice.stream(uri, options().build()))
                .isInstanceOfSatisfying(VoiceStreamRefusedException.class, e -> assertThat(e.statusCode())
                        .isEqualTo(400));
        JsonNode error =
                refusedUpgrade("/calls/" + call + "/stream?sampleRate=44100").assertError(400);
        assertThat(error.path("details").path("sampleRate").asText())
                .isEqualTo("must be one of [16000, 8000] (Hz), not 44100");
    }

    @Test
    void refusesAnUpgradeWithoutValidCredentials() throws IOException {
        String call = api.createCall(Api.newHotel());
        String path = "/calls/" + call + "/stream";

        assertThat(refusedUpgrade(platform.baseUrl(), path, Map.of()).status()).isEqualTo(401);
        assertThat(refusedUpgrade(platform.baseUrl(), path, Map.of("Authorization", "Bearer not.a.token"))
                        .status())
                .isEqualTo(401);
    }

    private Api.Response refusedUpgrade(String pathAndQuery) throws IOException {
        return refusedUpgrade(
                platform.baseUrl(), pathAndQuery, api.as(Role.GUEST).credentials());
    }

    /**
     * The answer to a WebSocket upgrade request that the server refuses, read off a plain socket: the JDK's
     * WebSocket client does not expose the body of a refused handshake.
     */
    static Api.Response refusedUpgrade(URI base, String pathAndQuery, Map<String, String> credentials)
            throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n")
                    .append("Host: ")
                    .append(base.getAuthority())
                    .append("\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            credentials.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
            String body = answer.substring(head.length() + 4);
            String contentType = head.lines()
                    .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    .map(l -> l.substring(13).strip())
                    .findFirst()
                    .orElse("");
            return new Api.Response(
                    status,
                    Api.JSON.readTree(body),
                    contentType,
                    "",
                    body,
                    java.net.http.HttpHeaders.of(java.util.Map.of(), (name, value) -> true));
        }
    }

    @Test
    void aMalformedFrameGetsAnErrorEventAndClose1003() throws Exception {
        String call = api.createCall(Api.newHotel());
        try (RawVoiceStream raw = RawVoiceStream.open(platform.baseUrl(), call, api.credentials())) {
            raw.awaitEvent("ready");
            raw.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));

            assertThat(raw.awaitClose()).isEqualTo(1003);
            assertThat(raw.events())
                    .anySatisfy(e -> {
                        assertThat(e.path("type").asText()).isEqualTo("error");
                        assertThat(e.path("code").asText()).isEqualTo("malformed_frame");
                        assertThat(e.path("message").asText()).contains("656 bytes", "not 3");
                    })
                    .anySatisfy(e -> assertThat(e.path("reason").asText()).isEqualTo("error"));
        }
    }

    @Test
    void aFrameWithTheWrongMagicIsRefusedToo() throws Exception {
        String call = api.createCall(Api.newHotel());
        try (RawVoiceStream raw = RawVoiceStream.open(platform.baseUrl(), call, api.credentials())) {
            raw.awaitEvent("ready");
            raw.sendBinary(ByteBuffer.allocate(656)); // right length, zero magic

            assertThat(raw.awaitClose()).isEqualTo(1003);
            assertThat(raw.events())
                    .anySatisfy(e -> assertThat(e.path("message").asText()).contains("bad magic 0x0000"));
        }
    }

    @Test
    void aMessageOverTheSizeLimitClosesWith1009() throws Exception {
        String call = api.createCall(Api.newHotel());
        try (RawVoiceStream raw = RawVoiceStream.open(platform.baseUrl(), call, api.credentials())) {
            raw.awaitEvent("ready");
            raw.sendBinary(ByteBuffer.allocate(VoiceOptions.DEFAULT_MAX_MESSAGE_BYTES + 1));

            assertThat(raw.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void anUnknownTextMessageGetsAnErrorEventAndClose1003() throws Exception {
        String call = api.createCall(Api.newHotel());
        try (RawVoiceStream raw = RawVoiceStream.open(platform.baseUrl(), call, api.credentials())) {
            raw.awaitEvent("ready");
            raw.sendText("{\"type\": \"dance\"}");

            assertThat(raw.awaitClose()).isEqualTo(1003);
            assertThat(raw.events())
                    .anySatisfy(e -> assertThat(e.path("code").asText()).isEqualTo("unsupported_message"));
        }
    }

    @Test
    void leavesNoStreamTimerNorThreadBehind() throws Exception {
        String call = api.createCall(Api.newHotel());
        // Warm up: the server's shared clock threads start on first use and stay (they are not per stream).
        voice.stream(platform.baseUrl(), call, options().frames(5).build());
        Set<String> before = voiceThreads();

        try (VoiceStreamClient other = VoiceStreamClient.create();
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<VoiceStreamResult>> streams = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = api.createCall(Api.newHotel());
                streams.add(pool.submit(() -> other.stream(
                        platform.baseUrl(), id, options().frames(50).build())));
            }
            assertThat(activeStreams()).isPositive();
            for (Future<VoiceStreamResult> s : streams) {
                assertThat(s.get().completedNormally()).isTrue();
            }
        }

        assertThat(awaitNoActiveStreams(Duration.ofSeconds(5))).isTrue();
        Api.Response stats = api.get("/voice/streams");
        assertThat(stats.body().path("scheduledTicks").asInt()).isZero();
        assertThat(stats.body().path("opened").asLong())
                .isEqualTo(stats.body().path("ended").asLong());
        assertThat(voiceThreads()).isSubsetOf(before);
    }

    private int activeStreams() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int active = 0;
        while (System.nanoTime() < deadline && active == 0) {
            active = api.get("/voice/streams").body().path("active").asInt();
            Thread.sleep(20);
        }
        return active;
    }

    private boolean awaitNoActiveStreams(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Api.Response stats = api.get("/voice/streams");
            if (stats.body().path("active").asInt() == 0
                    && stats.body().path("scheduledTicks").asInt() == 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * Live platform threads of the voice server and client: the server's clock, the client's virtual-thread
     * callbacks and each JDK HTTP client's selector (the test's own HTTP client keeps its one).
     */
    private static Set<String> voiceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(t -> t.getName() + "#" + t.threadId())
                .filter(n -> n.startsWith("voice-") || n.contains("-SelectorManager#"))
                .collect(Collectors.toSet());
    }

    /** A bare WebSocket on the stream, to send what the measuring client never would. */
    static final class RawVoiceStream implements WebSocket.Listener, AutoCloseable {
        private final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final HttpClient http = HttpClient.newHttpClient();
        private WebSocket ws;

        static RawVoiceStream open(URI baseUrl, String callId, Map<String, String> headers) throws Exception {
            RawVoiceStream raw = new RawVoiceStream();
            WebSocket.Builder builder = raw.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
            headers.forEach(builder::header);
            raw.ws = builder.buildAsync(VoiceStreamClient.streamUri(baseUrl, callId, 16000), raw)
                    .get(10, TimeUnit.SECONDS);
            return raw;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    events.add(Api.JSON.readTree(text.toString()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void awaitEvent(String type) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (events.stream().noneMatch(e -> e.path("type").asText().equals(type))) {
                assertThat(System.nanoTime()).as("a %s event within 5 s", type).isLessThan(deadline);
                Thread.sleep(10);
            }
        }

        void sendBinary(ByteBuffer data) throws Exception {
            ws.sendBinary(data, true).get(5, TimeUnit.SECONDS);
        }

        void sendText(String data) throws Exception {
            ws.sendText(data, true).get(5, TimeUnit.SECONDS);
        }

        int awaitClose() throws Exception {
            return closed.get(5, TimeUnit.SECONDS);
        }

        List<JsonNode> events() {
            return events;
        }

        @Override
        public void close() {
            if (ws != null) {
                ws.abort();
            }
            http.close();
        }
    }
}
