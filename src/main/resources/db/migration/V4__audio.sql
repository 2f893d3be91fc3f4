-- A call's recording: at most one per call (a new upload replaces it in one statement), stored as
-- uploaded (a WAV file or raw big-endian L16 samples; always 16-bit signed PCM, mono) with its metadata.
-- sha256 (hex) is the download's ETag.
CREATE TABLE call_audio (
    call_id      UUID        PRIMARY KEY REFERENCES calls (id),
    format       TEXT        NOT NULL CHECK (format IN ('wav', 'l16')),
    sample_rate  INTEGER     NOT NULL CHECK (sample_rate IN (8000, 16000)),
    bytes        BIGINT      NOT NULL CHECK (bytes > 0 AND bytes = octet_length(data)),
    samples      BIGINT      NOT NULL CHECK (samples > 0),
    duration_ms  BIGINT      NOT NULL CHECK (duration_ms >= 0),
    sha256       TEXT        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data         BYTEA       NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
