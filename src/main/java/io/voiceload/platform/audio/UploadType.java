package io.voiceload.platform.audio;

import io.voiceload.platform.http.ApiException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;

/**
 * What an upload's {@code Content-Type} announces: a WAV file (the sample rate is in its header) or raw
 * {@code audio/L16} samples at the {@code rate} it names (RFC 2586: 16-bit signed, big-endian; mono).
 *
 * @param format the container
 * @param sampleRate samples per second named by the media type, or 0 for WAV (read from the header)
 */
record UploadType(RecordingFormat format, int sampleRate) {

    /** Media types accepted as WAV (the registered {@code audio/vnd.wave} and the common aliases). */
    static final List<String> WAV_TYPES = List.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave");

    /** What {@code Content-Type} may be, in refusals. */
    static final String ALLOWED = "audio/wav (RIFF/WAVE, PCM 16-bit mono, 8000 or 16000 Hz) or"
            + " audio/L16;rate=8000 or audio/L16;rate=16000 (raw 16-bit big-endian PCM, mono)";

    /**
     * Parses a {@code Content-Type}.
     *
     * @throws ApiException 415 naming what is wrong and what is allowed
     */
    static UploadType parse(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("Content-Type is required", null);
        }
        Map<String, String> given = new HashMap<>();
        String type = HttpField.getValueParameters(contentType, given);
        Map<String, String> parameters = new HashMap<>();
        given.forEach((name, value) -> parameters.put(name.trim().toLowerCase(Locale.ROOT), value));
        String mediaType = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        if (WAV_TYPES.contains(mediaType)) {
            return new UploadType(RecordingFormat.WAV, 0);
        }
        if (!mediaType.equals("audio/l16")) {
            throw unsupported("unsupported Content-Type " + contentType, null);
        }
        Map<String, String> problems = new LinkedHashMap<>();
        String rate = parameters.get("rate");
        int sampleRate = 0;
        if (rate == null) {
            problems.put("rate", "is required: 8000 or 16000");
        } else if (rate.trim().equals("8000") || rate.trim().equals("16000")) {
            sampleRate = Integer.parseInt(rate.trim());
        } else {
            problems.put("rate", "is " + rate + "; must be 8000 or 16000");
        }
        String channels = parameters.get("channels");
        if (channels != null && !channels.trim().equals("1")) {
            problems.put("channels", "is " + channels + "; must be 1 (mono)");
        }
        if (!problems.isEmpty()) {
            throw unsupported("unsupported audio/L16 parameters: " + String.join(", ", problems.keySet()), problems);
        }
        return new UploadType(RecordingFormat.L16, sampleRate);
    }

    static ApiException unsupported(String message, Map<String, String> problems) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (problems != null) {
            details.putAll(problems);
        }
        details.put("allowed", ALLOWED);
        return new ApiException(415, message, details);
    }
}
