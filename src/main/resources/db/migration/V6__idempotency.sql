-- POST /calls with an Idempotency-Key header: the key a client sent with the call that created it. A retry
-- with the same key (after a timeout or a cut connection, when the client cannot know whether the first
-- attempt was stored) finds the call instead of storing it twice. Unique per hotel; calls created without
-- a key keep NULL.
ALTER TABLE calls ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX calls_by_idempotency_key ON calls (hotel_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
