package io.voiceload.platform.audio;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.calls.CallRoutes;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.Json;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.security.DigestInputStream;
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

    /** Bytes of an upload read and checked before anything is stored: room for any WAV header. */
    static final int HEADER_BYTES = 64 * 1024;

    /** Bytes of a recording read from Postgres at a time, and written to the client, by a download. */
    static final int PIECE_BYTES = 64 * 1024;

    private final AudioStore store;
    private final long maxUploadBytes;
    private final boolean bufferWhole;

    /** @param bufferWhole the planted bug of {@link AudioFaults#bufferWholeRecordings()} */
    RecordingRoutes(AudioStore store, AudioOptions options, boolean bufferWhole) {
        this.store = store;
        this.maxUploadBytes = options.maxUploadBytes();
        this.bufferWhole = bufferWhole;
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
        try (InputStream body = ctx.bodyInputStream()) {
            StreamedUpload upload = bufferWhole ? wholeUpload(body, type) : streamedUpload(body, type, declared);
            AudioStore.Saved saved;
            try {
                saved = store.save(
                                callId,
                                upload.header().format(),
                                upload.header().sampleRate(),
                                upload)
                        .orElseThrow(() -> CallRoutes.noSuchCall(callId.toString()));
            } catch (SQLException | RuntimeException e) {
                // The store reads the body: a refusal or a broken upload surfaces inside its exception.
                upload.failure().ifPresent(refusal -> {
                    throw refusal;
                });
                throw e;
            }
            AudioMetadata metadata = saved.metadata();
            ctx.header("Location", "/calls/" + callId + "/audio");
            ctx.header("ETag", metadata.etag());
            Json.respond(ctx, saved.replaced() ? 200 : 201, metadata.toJson());
        } catch (IOException e) {
            throw interrupted(e);
        }
    }

    /**
     * An upload's body as the store reads it: counted and refused with 413 as soon as it passes the limit
     * (chunked or not), hashed on the way (SHA-256), its first {@value #HEADER_BYTES} bytes checked before
     * anything is stored. The platform's 64 KiB limit for JSON bodies does not apply.
     */
    private final class StreamedUpload implements AudioStore.Upload {
        private final Recording.Header header;
        private final InputStream data;
        private final long length;
        private final MessageDigest digest = sha256();
        private long read;
        private ApiException failure;

        StreamedUpload(Recording.Header header, byte[] first, InputStream rest, long length) {
            this.header = header;
            this.length = length;
            InputStream all = new SequenceInputStream(new ByteArrayInputStream(first), rest);
            this.data = new DigestInputStream(new LimitedInput(all), digest);
        }

        Recording.Header header() {
            return header;
        }

        Optional<ApiException> failure() {
            return Optional.ofNullable(failure);
        }

        @Override
        public InputStream data() {
            return data;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public AudioStore.Completed complete() {
            try {
                if (data.read() != -1) {
                    throw new IllegalStateException("the store did not read the upload to its end");
                }
            } catch (IOException e) {
                throw failure != null ? failure : interrupted(e);
            }
            return new AudioStore.Completed(header.complete(read), digest.digest());
        }

        /** Counts the bytes read and refuses the upload as soon as they pass the limit. */
        private final class LimitedInput extends FilterInputStream {
            LimitedInput(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                int b = guarded(() -> super.read());
                count(b < 0 ? -1 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int max) throws IOException {
                int n = guarded(() -> super.read(buffer, offset, max));
                count(n);
                return n;
            }

            private void count(int n) throws IOException {
                if (n > 0) {
                    read += n;
                    if (read > maxUploadBytes) {
                        failure = tooLarge(-1);
                        throw new IOException(failure.getMessage());
                    }
                }
            }

            private int guarded(IoRead read) throws IOException {
                try {
                    return read.get();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = interrupted(e);
                    }
                    throw e;
                }
            }
        }
    }

    private interface IoRead {
        int get() throws IOException;
    }

    /**
     * Reads and checks an upload's first bytes; the store reads the rest.
     *
     * @param declared its {@code Content-Length}, or -1 (chunked)
     */
    private StreamedUpload streamedUpload(InputStream body, UploadType type, long declared) throws IOException {
        byte[] first = body.readNBytes(HEADER_BYTES);
        boolean whole = first.length < HEADER_BYTES;
        if (first.length > maxUploadBytes) { // a limit below 64 KiB, passed by a chunked body: refused first
            throw tooLarge(-1);
        }
        return new StreamedUpload(Recording.header(type, first, whole), first, body, whole ? first.length : declared);
    }

    /** The planted bug: the whole body read into memory before it is checked and stored, as naive code does. */
    private StreamedUpload wholeUpload(InputStream body, UploadType type) throws IOException {
        byte[] all = body.readNBytes(Math.toIntExact(maxUploadBytes + 1)); // at most 1 GiB + 1 (AudioOptions)
        if (all.length > maxUploadBytes) {
            throw tooLarge(-1);
        }
        return new StreamedUpload(Recording.header(type, all, true), all, InputStream.nullInputStream(), all.length);
    }

    private static ApiException interrupted(IOException e) {
        return ApiException.badRequest("the upload was interrupted: " + e.getMessage(), null);
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

    private void download(Context ctx, boolean head) throws SQLException, IOException {
        UUID callId = CallRoutes.callId(ctx);
        AudioMetadata metadata = found(callId, store.metadata(callId)).metadata();
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
                send(ctx, metadata, Optional.of(part), part.length());
            }
            default -> {
                ctx.status(200);
                send(ctx, metadata, answer.body(), metadata.bytes());
            }
        }
    }

    /**
     * Sends {@code part} of the recording (nothing for HEAD) in pieces of {@value #PIECE_BYTES} bytes, each read
     * from Postgres just before it is written, so a download holds one piece at a time however large the
     * recording. A recording replaced after the first piece was sent ends the response early (its length
     * falls short of {@code Content-Length}: the client sees a broken download, never a mix of two recordings);
     * one replaced before it answers 503 so the client asks again.
     */
    private void send(Context ctx, AudioMetadata metadata, Optional<RangeRequest.Part> part, long length)
            throws SQLException, IOException {
        ctx.contentType(metadata.mediaType());
        ctx.header("Content-Length", String.valueOf(length));
        if (part.isEmpty() || length == 0) {
            return;
        }
        long first = part.get().first();
        int pieceBytes = bufferWhole ? Math.toIntExact(length) : PIECE_BYTES; // the planted bug: one piece
        OutputStream out = ctx.res().getOutputStream();
        for (long sent = 0; sent < length; ) {
            int size = (int) Math.min(pieceBytes, length - sent);
            Optional<byte[]> piece = store.piece(metadata.callId(), metadata.sha256(), first + sent, size);
            if (piece.isEmpty()) {
                if (sent == 0) {
                    ctx.res().setHeader("Content-Length", null);
                    throw new ApiException(503, "the recording was replaced while it was being read; ask again", null);
                }
                throw new IOException("call " + metadata.callId() + "'s recording was replaced during its download");
            }
            out.write(piece.get());
            sent += size;
        }
        out.flush();
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
