package io.voiceload.platform.audio;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.calls.CallRoutes;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call's recording: {@code PUT}, {@code GET} (single byte ranges, ETag) and {@code HEAD} on
 * {@code /calls/{id}/audio}, and {@code GET /calls/{id}/audio/meta}; staff only. Described in
 * {@code docs/api.md, "Audio"}.
 */
final class RecordingRoutes {

    /** An entity-tag, weak or strong; group 1 is the quoted opaque tag. */
    private static final Pattern ENTITY_TAG = Pattern.compile("(?:W/)?(\"[^\"]*\")");

    private final AudioStore store;
    private final long maxUploadBytes;

    RecordingRoutes(AudioStore store, AudioOptions options) {
        this.store = store;
        this.maxUploadBytes = options.maxUploadBytes();
    }

    void install(RoutesConfig routes) {
        routes.put("/calls/{id}/audio", this::upload, Role.STAFF);
        routes.get("/calls/{id}/audio", ctx -> download(ctx, false), Role.STAFF);
        routes.head("/calls/{id}/audio", ctx -> download(ctx, true), Role.STAFF);
        routes.get("/calls/{id}/audio/meta", this::meta, Role.STAFF);
    }

    private void upload(Context ctx) throws SQLException {
        UUID callId = CallRoutes.callId(ctx);
        UploadType type = UploadType.parse(ctx.header("Content-Type"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes) {
            // Refused before a byte of the body is read.
            throw tooLarge(declared);
        }
        if (!store.callExists(callId)) {
            throw CallRoutes.noSuchCall(callId.toString());
        }
        byte[] body = readAtMostLimit(ctx);
        Recording recording = Recording.decode(type, body);
        AudioStore.Saved saved =
                store.save(callId, recording, sha256(body)).orElseThrow(() -> CallRoutes.noSuchCall(callId.toString()));
        AudioMetadata metadata = saved.metadata();
        ctx.header("Location", "/calls/" + callId + "/audio");
        ctx.header("ETag", metadata.etag());
        Json.respond(ctx, saved.replaced() ? 200 : 201, metadata.toJson());
    }

    /**
     * The body, read as a stream (the platform's 64 KiB limit for JSON bodies does not apply), refused
     * with 413 as soon as it passes the upload limit, chunked or not.
     */
    private byte[] readAtMostLimit(Context ctx) {
        byte[] body;
        try (InputStream in = ctx.bodyInputStream()) {
            body = in.readNBytes(Math.toIntExact(maxUploadBytes + 1)); // at most 1 GiB + 1 (AudioOptions)
        } catch (IOException e) {
            throw ApiException.badRequest("the upload was interrupted: " + e.getMessage(), null);
        }
        if (body.length > maxUploadBytes) {
            throw tooLarge(-1);
        }
        return body;
    }

    private ApiException tooLarge(long declared) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("maxBytes", maxUploadBytes);
        if (declared >= 0) {
            details.put("contentLength", declared);
        }
        return new ApiException(413, "audio upload larger than " + maxUploadBytes + " bytes", details);
    }

    private void meta(Context ctx) throws SQLException {
        UUID callId = CallRoutes.callId(ctx);
        AudioMetadata metadata = found(callId, store.metadata(callId)).metadata();
        ctx.header("ETag", metadata.etag());
        Json.respond(ctx, 200, metadata.toJson());
    }

    /** What a GET or HEAD answers, decided from the metadata and the request's headers. */
    private record Answer(int status, Optional<RangeRequest.Part> body) {}

    private void download(Context ctx, boolean head) throws SQLException {
        UUID callId = CallRoutes.callId(ctx);
        // Decided inside the read's snapshot, so only the bytes sent leave the database, and again here:
        // it depends on nothing but the metadata and the request, so both decisions agree.
        AudioStore.Found found =
                found(callId, store.read(callId, m -> answer(ctx, m, head).body()));
        AudioMetadata metadata = found.metadata();
        Answer answer = answer(ctx, metadata, head);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("ETag", metadata.etag());
        ctx.header("X-Audio-Duration-Ms", String.valueOf(metadata.durationMs()));
        switch (answer.status()) {
            case 304 -> ctx.status(304);
            case 416 -> {
                ctx.header("Content-Range", "bytes */" + metadata.bytes());
                throw new ApiException(
                        416,
                        "range not satisfiable: the recording has " + metadata.bytes() + " bytes",
                        Map.of("bytes", metadata.bytes(), "range", String.valueOf(ctx.header("Range"))));
            }
            case 206 -> {
                RangeRequest.Part part = answer.body().orElseThrow();
                ctx.status(206);
                ctx.header("Content-Range", part.contentRange(metadata.bytes()));
                send(ctx, metadata, found.body(), part.length());
            }
            default -> {
                ctx.status(200);
                send(ctx, metadata, found.body(), metadata.bytes());
            }
        }
    }

    private static void send(Context ctx, AudioMetadata metadata, byte[] body, long length) {
        ctx.contentType(metadata.mediaType());
        ctx.header("Content-Length", String.valueOf(length));
        if (body.length > 0) {
            ctx.result(body);
        }
    }

    /**
     * 304 when {@code If-None-Match} names the current ETag (or {@code *}); else, for GET, 206 or 416 for a
     * single byte range (honoured only when an {@code If-Range} names the current ETag, or there is none);
     * else 200. HEAD ignores Range (RFC 9110 defines ranges for GET only).
     */
    private static Answer answer(Context ctx, AudioMetadata metadata, boolean head) {
        if (matchesAny(ctx.header("If-None-Match"), metadata.etag())) {
            return new Answer(304, Optional.empty());
        }
        RangeRequest.Part whole = new RangeRequest.Part(0, metadata.bytes() - 1);
        String ifRange = ctx.header("If-Range");
        if (head || (ifRange != null && !ifRange.trim().equals(metadata.etag()))) {
            return new Answer(200, head ? Optional.empty() : Optional.of(whole));
        }
        return switch (RangeRequest.parse(ctx.header("Range"), metadata.bytes())) {
            case RangeRequest.Whole w -> new Answer(200, Optional.of(whole));
            case RangeRequest.Part part -> new Answer(206, Optional.of(part));
            case RangeRequest.Unsatisfiable u -> new Answer(416, Optional.empty());
        };
    }

    /**
     * Whether an {@code If-None-Match} list names {@code etag}, by weak comparison (RFC 9110 §13.1.2:
     * {@code W/"x"} matches {@code "x"}), or is {@code *}. A regular expression over the entity-tag grammar
     * rather than Jetty's {@code QuotedCSV}, which fails on the {@code W/} prefix.
     */
    private static boolean matchesAny(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        Matcher tags = ENTITY_TAG.matcher(ifNoneMatch);
        while (tags.find()) {
            if (tags.group(1).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static AudioStore.Found found(UUID callId, AudioStore.Lookup lookup) {
        return switch (lookup) {
            case AudioStore.Found found -> found;
            case AudioStore.NoCall none -> throw CallRoutes.noSuchCall(callId.toString());
            case AudioStore.NoRecording none -> throw ApiException.notFound("call " + callId + " has no audio");
        };
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
