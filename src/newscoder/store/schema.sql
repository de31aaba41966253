-- newscoder's database: one row per document (keyed by the SHA-256 of its normalized text)
-- and the records extracted from it. Every record row carries its document's key.
CREATE TABLE IF NOT EXISTS documents (
    sha256 VARCHAR PRIMARY KEY,
    id VARCHAR NOT NULL,
    file VARCHAR,
    url VARCHAR,
    title VARCHAR,
    source VARCHAR,
    published DATE,
    language VARCHAR,
    text VARCHAR NOT NULL,
    model VARCHAR,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS actors (
    doc VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,     -- the article-local id (A1, A2, ...)
    actor_key VARCHAR NOT NULL,    -- the same across articles for the same canonical actor
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    code VARCHAR,
    aliases VARCHAR[],
    PRIMARY KEY (doc, actor_id)
);
CREATE TABLE IF NOT EXISTS roles (
    doc VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    organization VARCHAR
);
CREATE TABLE IF NOT EXISTS mentions (
    doc VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    doc VARCHAR NOT NULL,
    quote_id VARCHAR NOT NULL,
    speaker VARCHAR,
    speaker_id VARCHAR,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue VARCHAR,
    addressee VARCHAR,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    start_char INTEGER,
    end_char INTEGER,
    PRIMARY KEY (doc, quote_id)
);
CREATE TABLE IF NOT EXISTS events (
    doc VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    source VARCHAR,
    source_id VARCHAR,
    target VARCHAR,
    target_id VARCHAR,
    code VARCHAR NOT NULL,
    root VARCHAR NOT NULL,
    label VARCHAR,
    plover VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    negated BOOLEAN,
    modality VARCHAR,
    date VARCHAR,
    location VARCHAR,
    evidence VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    confidence DOUBLE,
    PRIMARY KEY (doc, event_id)
);
CREATE TABLE IF NOT EXISTS amounts (
    doc VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    start_char INTEGER,
    end_char INTEGER,
    value DOUBLE,
    currency VARCHAR,
    usd DOUBLE
);
CREATE TABLE IF NOT EXISTS dates (
    doc VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    start_char INTEGER,
    end_char INTEGER,
    value VARCHAR NOT NULL,
    precision VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS places (
    doc VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    start_char INTEGER,
    end_char INTEGER,
    name VARCHAR NOT NULL,
    country VARCHAR,
    lat DOUBLE,
    lon DOUBLE
);
CREATE TABLE IF NOT EXISTS errors (
    input VARCHAR NOT NULL,
    line INTEGER,
    reason VARCHAR NOT NULL,
    logged_at TIMESTAMP DEFAULT current_timestamp
);
