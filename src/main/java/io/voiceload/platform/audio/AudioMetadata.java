package io.voiceload.platform.audio;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What is stored about a call's recording besides its bytes.
 *
 * @param bytes size of the stored (and served) body, in bytes
 * @param durationMs samples / sampleRate, in milliseconds, rounded to the nearest
 * @param sha256 lower-case hex SHA-256 of the stored body; the download's ETag
 */
record AudioMetadata(
        UUID callId,
        RecordingFormat format,
        int sampleRate,
        long bytes,
        long samples,
        long durationMs,
        String sha256,
        Instant uploadedAt) {

    String mediaType() {
        return format.mediaType(sampleRate);
    }

    /** The strong entity tag of the stored body: its quoted SHA-256. */
    String etag() {
        return "\"" + sha256 + "\"";
    }

    /** The JSON shape of {@code GET /calls/{id}/audio/meta} and of the upload's answer. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("callId", callId.toString());
        json.put("format", format.wireName());
        json.put("mediaType", mediaType());
        json.put("sampleRate", sampleRate);
        json.put("channels", 1);
        json.put("bitsPerSample", 16);
        json.put("bytes", bytes);
        json.put("samples", samples);
        json.put("durationMs", durationMs);
        json.put("sha256", sha256);
        json.put("uploadedAt", uploadedAt.toString());
        return json;
    }
}
