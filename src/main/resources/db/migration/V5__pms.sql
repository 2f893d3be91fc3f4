-- Reservations pulled from the upstream PMS by bulk sync (POST /pms/sync), one row per confirmation
-- number. change_seq is the PMS's change sequence number of the version stored: a row is only replaced
-- by a newer version, so syncs are idempotent and may overlap.
CREATE TABLE pms_reservations (
    confirmation_number TEXT        PRIMARY KEY,
    hotel_id            TEXT        NOT NULL,
    guest_id            TEXT        NOT NULL,
    first_name          TEXT        NOT NULL,
    last_name           TEXT        NOT NULL,
    arrival             DATE        NOT NULL,
    departure           DATE        NOT NULL CHECK (departure > arrival),
    room_type           TEXT        NOT NULL,
    status              TEXT        NOT NULL,
    adults              INTEGER     NOT NULL CHECK (adults >= 1),
    change_seq          BIGINT      NOT NULL CHECK (change_seq >= 1),
    pms_updated_at      TIMESTAMPTZ NOT NULL,
    synced_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX pms_reservations_by_hotel_last_name ON pms_reservations (hotel_id, lower(last_name));
CREATE INDEX pms_reservations_by_guest ON pms_reservations (guest_id);

-- Where the last sync stopped: the PMS change sequence number up to which every change is stored.
-- Advanced in the same transaction as the page it covers.
CREATE TABLE pms_sync_state (
    id               INTEGER     PRIMARY KEY CHECK (id = 1),
    last_change_seq  BIGINT      NOT NULL CHECK (last_change_seq >= 0),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO pms_sync_state (id, last_change_seq) VALUES (1, 0);
