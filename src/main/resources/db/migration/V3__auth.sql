-- Users and API keys of the auth module. Passwords are bcrypt hashes; API key secrets are SHA-256 hashes
-- (high-entropy random secrets need no slow hash, see ApiKeys). Sessions live in Redis, not here.
CREATE TABLE auth_users (
    id             BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       TEXT        NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    password_hash  TEXT        NOT NULL,
    role           TEXT        NOT NULL CHECK (role IN ('guest', 'front_desk', 'manager', 'admin')),
    hotel_id       TEXT        NOT NULL,
    disabled       BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE auth_api_keys (
    id           TEXT        PRIMARY KEY CHECK (id ~ '^[a-z0-9]{1,32}$'),
    name         TEXT        NOT NULL,
    role         TEXT        NOT NULL CHECK (role IN ('guest', 'front_desk', 'manager', 'admin')),
    secret_hash  BYTEA       NOT NULL CHECK (length(secret_hash) = 32),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ
);
