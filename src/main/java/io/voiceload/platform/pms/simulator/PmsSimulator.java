package io.voiceload.platform.pms.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.ErrorResponses;
import io.voiceload.platform.http.Json;
import io.voiceload.platform.pms.simulator.PmsRecords.Guest;
import io.voiceload.platform.pms.simulator.PmsRecords.Reservation;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An upstream property-management system, simulated: an HTTP server on 127.0.0.1 over a {@link PmsData}.
 * Two simulators over one {@code PmsData} act as a primary and its replica.
 *
 * <pre>{@code
 * PmsData data = PmsData.seeded();
 * try (PmsSimulator primary = PmsSimulator.start("primary", data, 0, Duration.ZERO)) {
 *     URI reservation = primary.baseUrl().resolve("/reservations/GZ-000123");
 * }
 * }</pre>
 *
 * <p>Endpoints (JSON; errors as {@code {"error", "status", "details"}}):
 *
 * <ul>
 *   <li>{@code GET /health}: name, counts, last change sequence number
 *   <li>{@code GET /reservations/{confirmationNumber}}: 200 or 404
 *   <li>{@code GET /reservations?lastName=|guestId=[&hotelId=]}: {@code {"items": [...]}}
 *   <li>{@code PATCH /reservations/{confirmationNumber}} {@code {"status"}}: a change to sync
 *   <li>{@code GET /changes/reservations?since=0&limit=500}: {@code {"items", "nextSince", "lastChangeSeq"}}
 *   <li>{@code GET /guests/{id}}, {@code PATCH /guests/{id}} (email, phone, language, vip, preferences);
 *       both answer {@code ETag: "<version>"}; a PATCH with {@code If-Match: <version>} (bare or quoted)
 *       applies only at that version, else answers 409 {@code {"details": {"currentVersion"}}}
 *   <li>{@code GET|PUT|DELETE /__admin/faults}: the {@link PmsFaultPlan} it plays (as {@link
 *       PmsFaultPlan#toJson()}) and the faults injected; admin requests never get faults, are never
 *       refused by {@link #down()} and are not counted in {@link #requestsReceived()}
 * </ul>
 *
 * <p>{@code latency} delays every answer (0: none), to simulate a slow PMS. {@link #down()} makes it answer
 * every request with {@code 503} and {@code Retry-After: 1} until {@link #up()}, as a PMS that is up but failing;
 * {@link #refuseConnections()} makes it stop listening (a connect is refused, open connections end) until
 * {@link #acceptConnections()}, as a PMS host that is down; {@link #faults(PmsFaultPlan)} plays delays and
 * broken answers. {@link #requestsReceived()} counts every request, served or refused.
 */
public final class PmsSimulator implements AutoCloseable {

    /** Largest page of changes. */
    public static final int MAX_PAGE = 1_000;

    static final Pattern CONFIRMATION = Pattern.compile("(GZ|HS|LC)-[0-9]{6}");
    static final Pattern GUEST_ID = Pattern.compile("G-[0-9]{6}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[A-Za-z]{2,63}");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");
    private static final int MAX_PREFERENCES = 500;
    private static final List<String> GUEST_FIELDS = List.of("email", "phone", "language", "vip", "preferences");

    private final String name;
    private final PmsData data;
    private final Javalin app;
    private final AtomicBoolean down = new AtomicBoolean();
    private final LongAdder requests = new LongAdder();
    private final PmsFaultInjector faults;
    private int boundPort;

    private PmsSimulator(String name, PmsData data, Duration latency, int port) {
        this.name = name;
        this.data = data;
        this.faults = new PmsFaultInjector(name);
        long delay = latency.toMillis();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = port;
            ErrorResponses.install(config.routes);
            config.routes.before(this::countAndRefuseWhileDown);
            if (delay > 0) {
                config.routes.before(ctx -> {
                    if (!isAdmin(ctx)) {
                        Thread.sleep(delay);
                    }
                });
            }
            config.routes.before(faults::before);
            install(config.routes);
            config.routes.after(faults::after);
        });
    }

    /**
     * Starts a simulator on 127.0.0.1:{@code port} (0: any free port).
     *
     * @param name reported by {@code /health} ("primary", "secondary")
     * @param latency added to every answer, 0 to 60 s
     */
    public static PmsSimulator start(String name, PmsData data, int port, Duration latency) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        if (latency.isNegative() || latency.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("latency must be 0 to 60 s, not " + latency);
        }
        PmsSimulator simulator = new PmsSimulator(name, data, latency, port);
        simulator.app.start();
        simulator.boundPort = simulator.app.port();
        return simulator;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + boundPort);
    }

    /** The port it listens on (the same after {@link #refuseConnections()} and {@link #acceptConnections()}). */
    public int port() {
        return boundPort;
    }

    /** The data it serves (shared with any replica started over the same instance). */
    public PmsData data() {
        return data;
    }

    /** Answers every request with {@code 503} and {@code Retry-After: 1} from now on, until {@link #up()}. */
    public void down() {
        down.set(true);
    }

    /** Serves requests normally again. Idempotent. */
    public void up() {
        down.set(false);
    }

    /** Whether it is {@link #down()}. */
    public boolean isDown() {
        return down.get();
    }

    /**
     * Stops listening: connecting is refused and the connections open now end (answers under way are cut).
     * The port is closed, its number remembered: {@link #acceptConnections()} listens on it again, so a proxy in
     * front keeps pointing at the right place. Another process may take the number meanwhile; then
     * {@link #acceptConnections()} fails, saying so. Idempotent.
     */
    public synchronized void refuseConnections() {
        try {
            connector().stop();
        } catch (Exception e) {
            throw new IllegalStateException("PMS " + name + " could not stop listening on " + boundPort, e);
        }
    }

    /**
     * Listens again on the same port after {@link #refuseConnections()}. Idempotent.
     *
     * @throws IllegalStateException when the port was taken meanwhile
     */
    public synchronized void acceptConnections() {
        ServerConnector connector = connector();
        if (connector.isRunning()) {
            return;
        }
        connector.setPort(boundPort);
        try {
            connector.start();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "PMS " + name + " could not listen on 127.0.0.1:" + boundPort + " again (taken meanwhile?)", e);
        }
    }

    /** Whether it accepts connections (false after {@link #refuseConnections()}). */
    public boolean isAcceptingConnections() {
        return connector().isRunning();
    }

    private ServerConnector connector() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector server) {
                return server;
            }
        }
        throw new IllegalStateException("PMS " + name + " has no server connector");
    }

    /**
     * Plays {@code plan} from the next request on; its draws start again at request number 1, so setting
     * the same plan before the same requests replays the same faults.
     */
    public void faults(PmsFaultPlan plan) {
        faults.plan(plan);
    }

    /** The plan it plays ({@link PmsFaultPlan#NONE} unless set). */
    public PmsFaultPlan faults() {
        return faults.plan();
    }

    /** Plays no faults from now on (the counts stay). */
    public void clearFaults() {
        faults.plan(PmsFaultPlan.NONE);
    }

    /**
     * Faults injected since it started, by kind, every kind present: {@code delayed, error, malformed,
     * emptyReply, reset, cutMidBody, slowBody} ({@link PmsFaultPlan#KINDS}).
     */
    public Map<String, Long> faultsInjected() {
        return faults.injected();
    }

    /** Requests received since it started, served or refused (the {@code /health} probes included). */
    public long requestsReceived() {
        return requests.sum();
    }

    private static boolean isAdmin(Context ctx) {
        return ctx.path().startsWith("/__admin/");
    }

    private void countAndRefuseWhileDown(Context ctx) {
        if (isAdmin(ctx)) {
            return;
        }
        requests.increment();
        if (down.get()) {
            ctx.header("Retry-After", "1");
            Json.respond(
                    ctx,
                    503,
                    Map.of("error", "PMS " + name + " is down", "status", 503, "details", Map.of("pms", name)));
            ctx.skipRemainingHandlers();
        }
    }

    /** Stops serving and frees the port. */
    @Override
    public void close() {
        app.stop();
    }

    private void install(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/reservations", this::searchReservations);
        routes.get("/reservations/{confirmation}", this::reservation);
        routes.patch("/reservations/{confirmation}", this::changeReservation);
        routes.get("/changes/reservations", this::changes);
        routes.get("/guests/{id}", this::guest);
        routes.patch("/guests/{id}", this::updateGuest);
        routes.get("/__admin/faults", this::faultState);
        routes.put("/__admin/faults", this::putFaults);
        routes.delete("/__admin/faults", ctx -> {
            clearFaults();
            faultState(ctx);
        });
    }

    private void faultState(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", faults().toJson());
        body.put("description", faults().toString());
        body.put("injected", faultsInjected());
        Json.respond(ctx, 200, body);
    }

    private void putFaults(Context ctx) {
        JsonNode body = Json.readObject(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        PmsFaultPlan plan = PmsFaultPlanJson.parse(body, problems);
        if (plan == null) {
            throw ApiException.badRequest("invalid fault plan: " + String.join(", ", problems.keySet()), problems);
        }
        faults(plan);
        faultState(ctx);
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "up");
        body.put("name", name);
        body.put("reservations", data.reservationCount());
        body.put("guests", data.guestCount());
        body.put("lastChangeSeq", data.lastChangeSeq());
        Json.respond(ctx, 200, body);
    }

    private void reservation(Context ctx) {
        String confirmation = ctx.pathParam("confirmation");
        Reservation reservation = data.reservation(confirmation).orElseThrow(() -> noSuch("reservation", confirmation));
        Json.respond(ctx, 200, reservation.toJson());
    }

    private void searchReservations(Context ctx) {
        String lastName = ctx.queryParam("lastName");
        String guestId = ctx.queryParam("guestId");
        String hotelId = ctx.queryParam("hotelId");
        Map<String, String> problems = new LinkedHashMap<>();
        if ((lastName == null) == (guestId == null)) {
            problems.put("lastName", "give exactly one of lastName and guestId");
        }
        if (hotelId != null && !PmsData.HOTELS.containsKey(hotelId)) {
            problems.put("hotelId", "must be one of " + PmsData.HOTEL_IDS);
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid query: " + String.join(", ", problems.keySet()), problems);
        }
        List<Reservation> found = lastName != null
                ? data.reservationsByLastName(lastName, hotelId)
                : data.reservationsByGuest(guestId, hotelId);
        Json.respond(
                ctx,
                200,
                Map.of("items", found.stream().map(Reservation::toJson).toList()));
    }

    private void changeReservation(Context ctx) {
        String confirmation = ctx.pathParam("confirmation");
        ObjectNode body = Json.readObject(ctx);
        JsonNode status = body.get("status");
        if (body.size() != 1 || status == null || !PmsData.RESERVATION_STATUSES.contains(status.asText(""))) {
            throw ApiException.badRequest(
                    "invalid reservation change: status",
                    Map.of("status", "required, the only field, one of " + PmsData.RESERVATION_STATUSES));
        }
        Reservation changed = data.setReservationStatus(confirmation, status.textValue())
                .orElseThrow(() -> noSuch("reservation", confirmation));
        Json.respond(ctx, 200, changed.toJson());
    }

    private void changes(Context ctx) {
        Map<String, String> problems = new LinkedHashMap<>();
        long since = number(ctx.queryParam("since"), 0, 0, Long.MAX_VALUE, "since", problems);
        long limit = number(ctx.queryParam("limit"), 500, 1, MAX_PAGE, "limit", problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid query: " + String.join(", ", problems.keySet()), problems);
        }
        PmsData.ChangesPage page = data.changesSince(since, (int) limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(Reservation::toJson).toList());
        body.put("nextSince", page.nextSince());
        body.put("lastChangeSeq", data.lastChangeSeq());
        Json.respond(ctx, 200, body);
    }

    private static long number(
            String text, long absent, long min, long max, String name, Map<String, String> problems) {
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.put(name, "must be an integer from " + min + " to " + max);
        return absent;
    }

    private void guest(Context ctx) {
        String id = ctx.pathParam("id");
        Guest guest = data.guest(id).orElseThrow(() -> noSuch("guest", id));
        ctx.header("ETag", "\"" + guest.version() + "\"");
        Json.respond(ctx, 200, guest.toJson());
    }

    private void updateGuest(Context ctx) {
        String id = ctx.pathParam("id");
        ObjectNode body = Json.readObject(ctx);
        Map<String, String> problems = validateGuestChange(body);
        long expected = expectedVersion(ctx.header("If-Match"), problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid guest update: " + String.join(", ", problems.keySet()), problems);
        }
        Guest updated;
        try {
            updated = data.updateGuest(id, expected, g -> apply(g, body)).orElseThrow(() -> noSuch("guest", id));
        } catch (PmsData.VersionConflict e) {
            throw new ApiException(409, "version conflict", Map.of("currentVersion", e.currentVersion()));
        }
        ctx.header("ETag", "\"" + updated.version() + "\"");
        Json.respond(ctx, 200, updated.toJson());
    }

    /** A version as {@code If-Match} gives it, bare or quoted: 1-18 digits, as the platform passes it on. */
    private static final Pattern VERSION_TAG = Pattern.compile("\\s*(\"?)([0-9]{1,18})\\1\\s*");

    /** The version {@code If-Match} asks for: a bare or quoted number, or {@code *} / none for any. */
    private static long expectedVersion(String ifMatch, Map<String, String> problems) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return PmsData.ANY_VERSION;
        }
        Matcher m = VERSION_TAG.matcher(ifMatch);
        if (!m.matches()) {
            problems.put("If-Match", "must be a guest version such as 3 or \"3\", or *");
            return PmsData.ANY_VERSION;
        }
        return Long.parseLong(m.group(2));
    }

    /** Every problem of a guest update at once, by field; empty when it is valid. */
    static Map<String, String> validateGuestChange(ObjectNode body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body.isEmpty()) {
            problems.put("body", "give at least one of " + GUEST_FIELDS);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!GUEST_FIELDS.contains(field)) {
                problems.put(field, "unknown field; updatable fields are " + GUEST_FIELDS);
            }
        }
        text(body, "email", EMAIL, "must be an e-mail address such as ana.rossi@example.com", problems);
        text(body, "phone", PHONE, "must be E.164, e.g. +41446681800", problems);
        text(body, "language", LANGUAGE, "must be a language tag such as en, de or en-US", problems);
        JsonNode vip = body.get("vip");
        if (vip != null && !vip.isBoolean()) {
            problems.put("vip", "must be true or false, not " + Json.describe(vip));
        }
        JsonNode preferences = body.get("preferences");
        if (preferences != null
                && (!preferences.isTextual() || preferences.textValue().length() > MAX_PREFERENCES)) {
            problems.put("preferences", "must be a string of at most " + MAX_PREFERENCES + " characters");
        }
        return problems;
    }

    private static void text(
            ObjectNode body, String field, Pattern pattern, String rule, Map<String, String> problems) {
        JsonNode value = body.get(field);
        if (value != null
                && (!value.isTextual() || !pattern.matcher(value.textValue()).matches())) {
            problems.put(field, rule);
        }
    }

    private static Guest apply(Guest g, ObjectNode body) {
        return new Guest(
                g.id(),
                g.firstName(),
                g.lastName(),
                body.has("email") ? body.get("email").textValue() : g.email(),
                body.has("phone") ? body.get("phone").textValue() : g.phone(),
                body.has("language") ? body.get("language").textValue() : g.language(),
                body.has("vip") ? body.get("vip").booleanValue() : g.vip(),
                body.has("preferences") ? body.get("preferences").textValue() : g.preferences(),
                g.version() + 1,
                Instant.now());
    }

    private static ApiException noSuch(String what, String id) {
        return new ApiException(404, "no such " + what + ": " + id, null);
    }
}
