//! The store's tables, versioned. Each migration is applied once, in order, inside a
//! transaction, and recorded in `schema_version`; opening a store applies what is missing.
//! The tables are plain and documented in `docs/schema.md` ("Store"), so users can query them
//! with SQL directly. Types are spelled so that SQLite and PostgreSQL read them alike.

/// (version, statements common to both backends)
pub(crate) const MIGRATIONS: &[(i64, &str)] = &[(1, V1), (2, "")];

const V1: &str = "
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  title TEXT,
  source TEXT,
  url TEXT,
  published TEXT,
  text TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  readout_version TEXT NOT NULL,
  lexicon_hash TEXT NOT NULL,
  coded_at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE TABLE entities (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  entity_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  country TEXT,
  code TEXT,
  subtype TEXT,
  mentions BIGINT NOT NULL,
  PRIMARY KEY (doc_id, entity_id)
);
CREATE TABLE mentions (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  entity_id TEXT NOT NULL,
  start_offset BIGINT NOT NULL,
  end_offset BIGINT NOT NULL,
  text TEXT NOT NULL,
  mention_type TEXT NOT NULL,
  PRIMARY KEY (doc_id, entity_id, start_offset, end_offset)
);
CREATE TABLE events (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  event_date TEXT,
  event_month TEXT,
  date_precision TEXT,
  date_from TEXT,
  cameo TEXT NOT NULL,
  cameo_root TEXT NOT NULL,
  cameo_label TEXT NOT NULL,
  plover TEXT,
  plover_mode TEXT,
  goldstein DOUBLE PRECISION,
  quad_class BIGINT NOT NULL,
  actor_entity TEXT,
  actor_code TEXT,
  actor_country TEXT,
  actor_name TEXT,
  actor_text TEXT,
  recipient_entity TEXT,
  recipient_code TEXT,
  recipient_country TEXT,
  recipient_name TEXT,
  recipient_text TEXT,
  is_symmetric BIGINT NOT NULL,
  status TEXT NOT NULL,
  place_name TEXT,
  place_country TEXT,
  place_geonameid BIGINT,
  place_lat DOUBLE PRECISION,
  place_lon DOUBLE PRECISION,
  sentence_start BIGINT NOT NULL,
  sentence_end BIGINT NOT NULL,
  sentence TEXT NOT NULL,
  trigger_text TEXT NOT NULL,
  quote_id TEXT,
  rule TEXT NOT NULL,
  retellings BIGINT NOT NULL,
  PRIMARY KEY (doc_id, event_id)
);
CREATE INDEX events_actor ON events (actor_country, recipient_country, event_date);
CREATE INDEX events_date ON events (event_date);
CREATE INDEX events_month ON events (event_month);
CREATE TABLE quotes (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  quote_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  start_offset BIGINT NOT NULL,
  end_offset BIGINT NOT NULL,
  speaker_entity TEXT,
  speaker_text TEXT,
  speaker_name TEXT,
  speaker_country TEXT,
  speaker_code TEXT,
  quote_date TEXT,
  PRIMARY KEY (doc_id, quote_id)
);
CREATE INDEX quotes_speaker ON quotes (speaker_name);
CREATE TABLE sources (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  source_id TEXT NOT NULL,
  text TEXT NOT NULL,
  outlet TEXT,
  anonymous BIGINT NOT NULL,
  cue TEXT NOT NULL,
  PRIMARY KEY (doc_id, source_id)
);
CREATE INDEX entities_kind ON entities (kind, country);
";

/// Statements of one backend, by version: the full-text indexes.
///
/// v1 indexed stems (Porter on SQLite, the English configuration on PostgreSQL). Stemmers and
/// stop-word lists differ between the two, so the same search proposed different documents
/// ("the" found nothing on PostgreSQL; "us" found "used" on SQLite only). v2 indexes plain
/// lower-cased words on both, and search asks for word prefixes, which both answer alike.
pub(crate) const SQLITE_ONLY: &[(i64, &str)] = &[
    (
        1,
        "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content = 'documents', \
         content_rowid = 'rowid', tokenize = 'porter unicode61');",
    ),
    (
        2,
        "DROP TABLE documents_fts; \
         CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content = 'documents', \
         content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0'); \
         INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');",
    ),
];
pub(crate) const POSTGRES_ONLY: &[(i64, &str)] = &[
    (
        1,
        "CREATE INDEX documents_fts ON documents \
         USING GIN (to_tsvector('english', coalesce(title, '') || ' ' || text));",
    ),
    (
        2,
        "DROP INDEX documents_fts; \
         CREATE INDEX documents_words ON documents \
         USING GIN (to_tsvector('simple', coalesce(title, '') || ' ' || text));",
    ),
];
