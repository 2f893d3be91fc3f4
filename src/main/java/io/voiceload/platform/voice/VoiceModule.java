package io.voiceload.platform.voice;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.calls.Call;
import io.voiceload.platform.calls.CallRoutes;
import io.voiceload.platform.calls.CallStatus;
import io.voiceload.platform.calls.CallStore;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.Json;
import io.voiceload.platform.module.PlatformContext;
import io.voiceload.platform.module.PlatformModule;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The voice stream, {@code GET /calls/{id}/stream} upgraded to a WebSocket (protocol in
 * {@link VoiceProtocol}, described in {@code docs/api.md}, "Voice stream"), and {@code GET /voice/streams}, the
 * count of open streams. Before the upgrade the call must exist and not have ended, and the sample rate
 * must be supported; otherwise the answer is a JSON error and no WebSocket opens.
 *
 * <p>Every stream's 20 ms clock runs on one shared scheduler of a few platform threads (a tick only builds
 * a frame and starts an asynchronous send), so streams cost no thread each; a stream's clock task is
 * cancelled when it ends, and {@link #close()} ends every open stream and stops the scheduler.
 */
public final class VoiceModule implements PlatformModule {

    /** The WebSocket route. */
    public static final String STREAM_PATH = "/calls/{id}/stream";

    /** Largest text message the server reads (only {@code {"type": "stop"}} is expected). */
    static final int MAX_TEXT_BYTES = 4096;

    private final VoiceOptions options;
    private final VoiceFaults faults;
    private final CallStore calls;
    private final ScheduledThreadPoolExecutor clock;
    private final Map<String, VoiceStream> streams = new ConcurrentHashMap<>();
    private final Set<VoiceStreamListener> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();

    /** Starts the streams' clock; streams misbehave as {@code faults} say (test only). */
    public VoiceModule(PlatformContext context, VoiceOptions options, VoiceFaults faults) {
        this.options = Objects.requireNonNull(options, "options");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.calls = new CallStore(context.dataSource());
        int threads = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 8);
        this.clock = new ScheduledThreadPoolExecutor(
                threads, Thread.ofPlatform().daemon().name("voice-clock-", 0).factory());
        clock.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.wsBeforeUpgrade(STREAM_PATH, this::admit);
        config.routes.ws(
                STREAM_PATH,
                ws -> {
                    ws.onConnect(this::open);
                    ws.onBinaryMessage(ctx -> {
                        VoiceStream stream = streams.get(ctx.sessionId());
                        if (stream != null) {
                            stream.onBinary(ctx.data());
                        }
                    });
                    ws.onMessage(ctx -> {
                        VoiceStream stream = streams.get(ctx.sessionId());
                        if (stream != null) {
                            stream.onText(ctx.message());
                        }
                    });
                    ws.onClose(ctx -> closed(ctx));
                    ws.onError(ctx -> closed(ctx));
                },
                Role.AUTHENTICATED);
        config.routes.get("/voice/streams", this::stats, Role.MANAGER, Role.ADMIN);
    }

    /** Refuses, before the upgrade, a stream of an unknown or ended call, a bad sample rate, or one too many. */
    private void admit(Context ctx) throws SQLException, IOException {
        try {
            check(ctx);
        } catch (ApiException e) {
            // Javalin answers a refused upgrade with the status only: write the platform's JSON error body
            // here, then let the exception stop the upgrade.
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("status", e.status());
            body.put("details", e.details());
            byte[] json = Json.MAPPER.writeValueAsBytes(body);
            HttpServletResponse res = ctx.res();
            res.setStatus(e.status());
            res.setContentType("application/json");
            res.setContentLength(json.length);
            res.getOutputStream().write(json);
            res.flushBuffer();
            throw e;
        }
    }

    private void check(Context ctx) throws SQLException {
        sampleRate(ctx.queryParam("sampleRate"));
        UUID id = callId(ctx.pathParam("id"));
        Call call = calls.find(id).orElseThrow(() -> CallRoutes.noSuchCall(id.toString()));
        if (call.status() == CallStatus.ENDED) {
            throw new ApiException(409, "call " + id + " has ended: no voice stream", Map.of("currentStatus", "ended"));
        }
        if (streams.size() >= options.maxStreams()) {
            throw new ApiException(429, "too many open voice streams", Map.of("maxStreams", options.maxStreams()));
        }
    }

    private void open(WsContext ctx) {
        ctx.session.setMaxBinaryMessageSize(options.maxMessageBytes());
        ctx.session.setMaxTextMessageSize(MAX_TEXT_BYTES);
        String key = ctx.sessionId();
        VoiceStreamListener listener = new VoiceStreamListener(key, callId(ctx.pathParam("id")));
        listeners.add(listener);
        VoiceStream stream = new VoiceStream(
                ctx.session,
                callId(ctx.pathParam("id")),
                sampleRate(ctx.queryParam("sampleRate")),
                options,
                faults,
                clock,
                () -> {
                    if (!faults.listenerLeak()) {
                        listeners.remove(listener);
                    }
                    if (streams.remove(key) != null) {
                        ended.incrementAndGet();
                    }
                });
        streams.put(key, stream);
        opened.incrementAndGet();
        stream.start();
    }

    private void closed(WsContext ctx) {
        VoiceStream stream = streams.get(ctx.sessionId());
        if (stream != null) {
            stream.onClosed();
        }
    }

    private void stats(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", streams.size());
        body.put("opened", opened.get());
        body.put("ended", ended.get());
        body.put("listeners", listeners.size());
        body.put("scheduledTicks", clock.getQueue().size());
        Json.respond(ctx, 200, body);
    }

    /** Ends every open stream ({@code bye}, close 1001) and stops the clock. */
    @Override
    public void close() {
        streams.values().forEach(VoiceStream::shutdown);
        clock.shutdownNow();
        try {
            clock.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int sampleRate(String raw) {
        if (raw == null) {
            return VoiceProtocol.SAMPLE_RATES.getFirst();
        }
        for (int rate : VoiceProtocol.SAMPLE_RATES) {
            if (raw.equals(Integer.toString(rate))) {
                return rate;
            }
        }
        throw ApiException.badRequest(
                "invalid query: sampleRate",
                Map.of("sampleRate", "must be one of " + VoiceProtocol.SAMPLE_RATES + " (Hz), not " + raw));
    }

    private static UUID callId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw CallRoutes.noSuchCall(raw);
        }
    }
}
