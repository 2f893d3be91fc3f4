package io.voiceload.platform.pms.simulator;

import io.javalin.http.Context;
import io.voiceload.platform.http.Json;
import io.voiceload.platform.pms.simulator.PmsFaultPlan.Decision;
import io.voiceload.platform.pms.simulator.PmsFaultPlan.Outcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectableChannelEndPoint;

/**
 * Plays a {@link PmsFaultPlan} on a simulator's requests: a Javalin before-handler draws each request's
 * fault, waits its delay and plays the faults that replace the answer (error, empty reply, reset); an
 * after-handler plays those that mangle the real answer (malformed, cut mid-body, slow body).
 */
final class PmsFaultInjector {

    private static final String OUTCOME = PmsFaultInjector.class.getName() + ".outcome";
    private static final String PLAN = PmsFaultInjector.class.getName() + ".plan";
    private static final int DRIBBLE_CHUNKS = 10;

    /**
     * A plan with the count of requests it applied to (request n draws from (seed, n)): swapped as one, so a
     * request never draws under one plan with the other plan's numbers.
     */
    private record Playing(PmsFaultPlan plan, AtomicLong sequence) {
        Playing(PmsFaultPlan plan) {
            this(plan, new AtomicLong());
        }
    }

    private final String name;
    private volatile Playing playing = new Playing(PmsFaultPlan.NONE);

    private final Map<String, LongAdder> injected = new LinkedHashMap<>();

    PmsFaultInjector(String name) {
        this.name = name;
        PmsFaultPlan.KINDS.forEach(kind -> injected.put(kind, new LongAdder()));
    }

    /** Plays {@code next} from the next request on, whose draws start again at request number 1. */
    void plan(PmsFaultPlan next) {
        playing = new Playing(Objects.requireNonNull(next, "plan"));
    }

    PmsFaultPlan plan() {
        return playing.plan();
    }

    /** Faults injected since the simulator started, by kind ({@link PmsFaultPlan#KINDS}). */
    Map<String, Long> injected() {
        Map<String, Long> counts = new LinkedHashMap<>();
        injected.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    void before(Context ctx) throws InterruptedException {
        Playing now = playing; // read once: the plan and its numbers belong together
        PmsFaultPlan current = now.plan();
        if (current.isNone() || !current.appliesTo(ctx.path())) {
            return;
        }
        Decision decision = current.decide(now.sequence().incrementAndGet());
        if (decision.delay().isPositive()) {
            injected.get("delayed").increment();
            Thread.sleep(decision.delay());
        }
        switch (decision.outcome()) {
            case NONE -> {}
            case ERROR -> {
                injected.get("error").increment();
                int status = current.errorStatus();
                if (status == 429 || status == 503) {
                    ctx.header("Retry-After", "1");
                }
                Json.respond(
                        ctx,
                        status,
                        Map.of(
                                "error",
                                "PMS " + name + " failed (injected fault)",
                                "status",
                                status,
                                "details",
                                Map.of("pms", name, "fault", "error")));
                ctx.skipRemainingHandlers();
            }
            case EMPTY_REPLY -> {
                injected.get("emptyReply").increment();
                endPoint(ctx).close();
                ctx.skipRemainingHandlers();
            }
            case RESET -> {
                injected.get("reset").increment();
                reset(endPoint(ctx));
                ctx.skipRemainingHandlers();
            }
            case MALFORMED, CUT_MID_BODY, SLOW_BODY -> {
                ctx.attribute(OUTCOME, decision.outcome());
                ctx.attribute(PLAN, current); // the plan may change before the answer is written
            }
        }
    }

    void after(Context ctx) throws IOException, InterruptedException {
        Outcome outcome = ctx.attribute(OUTCOME);
        if (outcome == null) {
            return;
        }
        InputStream result = ctx.resultInputStream();
        byte[] body = result == null ? new byte[0] : result.readAllBytes();
        switch (outcome) {
            case MALFORMED -> {
                injected.get("malformed").increment();
                // a strict prefix of a JSON object is never JSON: its closing brace is missing
                ctx.status(200).result(Arrays.copyOf(body, body.length / 2));
            }
            case CUT_MID_BODY -> {
                injected.get("cutMidBody").increment();
                ctx.res().setContentLength(body.length);
                ctx.result(InputStream.nullInputStream());
                try {
                    OutputStream out = ctx.res().getOutputStream();
                    out.write(body, 0, body.length / 2);
                    out.flush();
                } catch (IOException clientGone) {
                    // The client gave up first: the fault is played all the same, nothing is wrong here.
                }
                endPoint(ctx).close();
            }
            case SLOW_BODY -> {
                injected.get("slowBody").increment();
                ctx.res().setContentLength(body.length);
                ctx.result(new ByteArrayInputStream(new byte[0]));
                PmsFaultPlan drawnFrom = ctx.attribute(PLAN);
                try {
                    dribble(ctx.res().getOutputStream(), body, drawnFrom.slowBodyOver());
                } catch (IOException clientGone) {
                    // The client gave up (its timeout) while the body dribbled: the fault worked; no error.
                    endPoint(ctx).close();
                }
            }
            default -> throw new IllegalStateException("not an after-answer fault: " + outcome);
        }
    }

    /** The status line and headers now, then {@code body} in chunks spread over {@code over}. */
    private static void dribble(OutputStream out, byte[] body, Duration over) throws IOException, InterruptedException {
        out.flush();
        int chunks = Math.max(1, Math.min(DRIBBLE_CHUNKS, body.length));
        long pauseNanos = over.toNanos() / chunks;
        for (int i = 0; i < chunks; i++) {
            Thread.sleep(Duration.ofNanos(pauseNanos));
            int from = (int) ((long) body.length * i / chunks);
            int to = (int) ((long) body.length * (i + 1) / chunks);
            out.write(body, from, to - from);
            out.flush();
        }
    }

    /**
     * The request's connection as Jetty holds it. Jetty offers no "reset" or "close without answering" to a
     * handler, so empty replies and resets close its end point (and set SO_LINGER 0 on the socket for a
     * reset, as WireMock's CONNECTION_RESET_BY_PEER does); everything else goes through Jetty's response.
     */
    private static EndPoint endPoint(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData()
                .getConnection()
                .getEndPoint();
    }

    private static void reset(EndPoint endPoint) {
        if (endPoint instanceof SelectableChannelEndPoint selectable
                && selectable.getChannel() instanceof SocketChannel socket) {
            try {
                socket.setOption(StandardSocketOptions.SO_LINGER, 0);
                socket.close(); // closing the channel itself: Jetty's close could shut the output (a FIN) first
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        endPoint.close();
    }
}
