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
-- Actors across articles (store/identity.py has the rule): every article's actor (doc, actor_id) is
-- linked to one entity, the same for the same person, organization or place in every article.
CREATE TABLE IF NOT EXISTS entities (
    entity_id VARCHAR PRIMARY KEY,  -- stable once given: "P-hun-sen", "O-cambodian-peoples-party", "P-sok-2"
    type VARCHAR NOT NULL,          -- PERSON, ORG, GPE, GROUP
    name VARCHAR NOT NULL,          -- canonical: the fullest name a linked actor has had
    code VARCHAR,                   -- CAMEO actor code: the first a linked actor had, or set by hand
    seq INTEGER NOT NULL,           -- creation order
    first_doc VARCHAR NOT NULL      -- the document that introduced it
);
CREATE TABLE IF NOT EXISTS actor_entities (
    doc VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,          -- why: name, alias, acronym, same-article, role; new, new-short, new-ambiguous
    PRIMARY KEY (doc, actor_id)
);
CREATE TABLE IF NOT EXISTS entity_keys (   -- folded name forms to find an entity by (identity.py)
    entity_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,          -- name, short, alias, token, initials
    match_key VARCHAR NOT NULL
);
-- Every name and alias an article gave an entity, and every role, with the article's publication date.
CREATE OR REPLACE VIEW entity_aliases AS
    SELECT l.entity_id, a.name AS alias, 'name' AS kind, a.doc, d.id AS document, d.published
    FROM actors a JOIN actor_entities l ON l.doc = a.doc AND l.actor_id = a.actor_id
    JOIN documents d ON d.sha256 = a.doc
    UNION ALL
    SELECT l.entity_id, x.alias, 'alias' AS kind, a.doc, d.id AS document, d.published
    FROM actors a, unnest(a.aliases) AS x(alias), actor_entities l, documents d
    WHERE l.doc = a.doc AND l.actor_id = a.actor_id AND d.sha256 = a.doc;
CREATE OR REPLACE VIEW entity_roles AS
    SELECT l.entity_id, r.title, r.organization, r.doc, d.id AS document, d.published
    FROM roles r JOIN actor_entities l ON l.doc = r.doc AND l.actor_id = r.actor_id
    JOIN documents d ON d.sha256 = r.doc;
