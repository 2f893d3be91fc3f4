-- Calls and their events. A call's status only changes together with a new event, in one transaction
-- that holds the call's row lock, so (call_id, seq) numbers each call's events 1, 2, 3, ... without gaps.
CREATE TABLE calls (
    id             UUID        PRIMARY KEY,
    list_position  BIGINT      GENERATED ALWAYS AS IDENTITY UNIQUE,
    hotel_id       TEXT        NOT NULL,
    caller_number  TEXT        NOT NULL,
    direction      TEXT        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    language       TEXT        NOT NULL,
    department     TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    last_seq       INTEGER     NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at       TIMESTAMPTZ
);

CREATE INDEX calls_by_hotel ON calls (hotel_id, list_position DESC);
CREATE INDEX calls_by_status ON calls (status, list_position DESC);

CREATE TABLE call_events (
    call_id      UUID        NOT NULL REFERENCES calls (id),
    seq          INTEGER     NOT NULL CHECK (seq >= 1),
    type         TEXT        NOT NULL,
    from_status  TEXT        NOT NULL,
    to_status    TEXT        NOT NULL,
    details      JSONB,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (call_id, seq)
);
