-- Routing rules and transfer targets. A rule matches a hotel and department, optionally a language and a
-- local time window (start inclusive, end exclusive; a start after the end wraps midnight), evaluated in
-- the hotel's time zone. The highest priority wins, then the most specific (language and window each
-- count one), then the lowest id. No match: the hotel's fallback queue.
CREATE TABLE hotels (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    time_zone       TEXT NOT NULL,
    fallback_queue  TEXT NOT NULL DEFAULT 'front_desk'
);

CREATE TABLE routing_rules (
    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hotel_id      TEXT    NOT NULL REFERENCES hotels (id),
    department    TEXT    NOT NULL,
    language      TEXT,
    window_start  TIME,
    window_end    TIME,
    target_type   TEXT    NOT NULL CHECK (target_type IN ('queue', 'agent')),
    target        TEXT    NOT NULL,
    priority      INTEGER NOT NULL DEFAULT 0,
    CHECK ((window_start IS NULL) = (window_end IS NULL)),
    CHECK (window_start IS NULL OR window_start <> window_end)
);

CREATE INDEX routing_rules_by_hotel ON routing_rules (hotel_id, department);

-- The call's current target ({"type", "id"}) and its routing history (route and transfer decisions, in
-- order). version counts every write to the row (events and routing): the cache's version.
ALTER TABLE calls
    ADD COLUMN target  JSONB,
    ADD COLUMN routing JSONB   NOT NULL DEFAULT '[]',
    ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

UPDATE calls SET version = last_seq;

INSERT INTO hotels (id, name, time_zone) VALUES
    ('grand-zurich', 'Grand Hotel Zurich', 'Europe/Zurich'),
    ('harbour-sydney', 'Harbour View Sydney', 'Australia/Sydney'),
    ('lakeside-chicago', 'Lakeside Chicago', 'America/Chicago');

INSERT INTO routing_rules (hotel_id, department, language, window_start, window_end, target_type, target, priority)
VALUES
    -- Grand Hotel Zurich
    ('grand-zurich', 'front_desk',   NULL, NULL,    NULL,    'queue', 'front_desk',    10),
    ('grand-zurich', 'front_desk',   NULL, '22:00', '07:00', 'queue', 'night_audit',   20),
    ('grand-zurich', 'front_desk',   'ja', NULL,    NULL,    'agent', 'agent-yuki',    10),
    ('grand-zurich', 'concierge',    NULL, NULL,    NULL,    'queue', 'concierge',     10),
    ('grand-zurich', 'concierge',    'de', NULL,    NULL,    'queue', 'concierge_de',  10),
    ('grand-zurich', 'concierge',    'fr', NULL,    NULL,    'queue', 'concierge_fr',  10),
    ('grand-zurich', 'housekeeping', NULL, NULL,    NULL,    'queue', 'housekeeping',  10),
    ('grand-zurich', 'housekeeping', NULL, '22:00', '07:00', 'queue', 'night_audit',   20),
    ('grand-zurich', 'room_service', NULL, NULL,    NULL,    'queue', 'restaurant',    10),
    ('grand-zurich', 'room_service', 'fr', NULL,    NULL,    'queue', 'restaurant_fr',  5),
    ('grand-zurich', 'reservations', NULL, '08:00', '18:00', 'queue', 'reservations',  10),
    -- Harbour View Sydney
    ('harbour-sydney', 'front_desk',   NULL, NULL,    NULL,    'queue', 'front_desk',   10),
    ('harbour-sydney', 'front_desk',   NULL, '22:00', '06:00', 'queue', 'night_audit',  20),
    ('harbour-sydney', 'front_desk',   'zh', NULL,    NULL,    'queue', 'front_desk_zh', 10),
    ('harbour-sydney', 'concierge',    NULL, NULL,    NULL,    'queue', 'concierge',    10),
    ('harbour-sydney', 'room_service', NULL, '06:00', '23:00', 'queue', 'restaurant',   10),
    -- Lakeside Chicago
    ('lakeside-chicago', 'front_desk', NULL, NULL,    NULL,    'queue', 'front_desk',   10),
    ('lakeside-chicago', 'front_desk', 'es', NULL,    NULL,    'queue', 'front_desk_es', 10),
    ('lakeside-chicago', 'front_desk', NULL, '23:00', '06:00', 'queue', 'night_audit',  20),
    ('lakeside-chicago', 'spa',        NULL, '09:00', '20:00', 'agent', 'agent-maria',  10);
