"""The database schema, as numbered migrations (``PRAGMA user_version`` is the number)."""

from __future__ import annotations

SCHEMA_VERSION = 7

# Each entry upgrades the schema from version N-1 to N; never edit a shipped one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE raw (
        id TEXT PRIMARY KEY,
        source_path TEXT NOT NULL,
        format TEXT NOT NULL,
        content_type TEXT NOT NULL,
        body BLOB NOT NULL,
        original BLOB,
        meta TEXT NOT NULL
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY REFERENCES raw(id),
        source_path TEXT NOT NULL,
        external_id TEXT,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        published_from TEXT,
        published_to TEXT,
        published_basis TEXT NOT NULL,
        language TEXT,
        author TEXT,
        text TEXT NOT NULL,
        removed TEXT NOT NULL,
        comments TEXT NOT NULL,
        credits TEXT NOT NULL,
        format TEXT NOT NULL,
        duplicate_of TEXT,
        event_id TEXT,
        extract_version TEXT NOT NULL
    );
    CREATE INDEX articles_source ON articles(source_path, id);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE failures (
        source_path TEXT PRIMARY KEY,
        problem TEXT NOT NULL
    );
    """,
    # 2: derived results. Payloads are records encoded by storyline.store.codec, so a
    # new record field needs no migration.
    """
    CREATE TABLE enrichments (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        payload BLOB NOT NULL
    );
    CREATE TABLE vectors (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (article_id, model)
    );
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE TABLE entity_mentions (
        entity_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (article_id, start, end, entity_id)
    );
    CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        story_id TEXT,
        date TEXT,
        date_from TEXT,
        date_to TEXT,
        title TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE INDEX events_story ON events(story_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE TABLE results (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        story_id TEXT,
        article_id TEXT,
        payload TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    );
    CREATE INDEX results_story ON results(kind, story_id);
    CREATE INDEX results_article ON results(kind, article_id);
    CREATE TABLE phases (
        name TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        state TEXT NOT NULL
    );
    CREATE INDEX articles_event ON articles(event_id);
    """,
    # 3: full-text search over articles (FTS5, kept in sync by triggers; the rebuild
    # indexes what an older database already holds) and the state of watched feeds.
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    CREATE INDEX articles_date ON articles(substr(coalesce(published, published_from), 1, 10));
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        checked_at REAL,
        next_check REAL NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_status TEXT,
        articles INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 4: the extractor version a failure was met with, so `analyze` retries a failed
    # input only when the extractor has changed (NULL: an older database; retried once).
    """
    ALTER TABLE failures ADD COLUMN extract_version TEXT;
    """,
    # 5: change tracking for incremental analysis. ``changes`` logs what each step
    # wrote (result kind, subject id); a step's row in ``phases`` keeps how far into the
    # log it has read. ``postings`` and ``counters`` hold the indexes corpus phases keep
    # between runs (LSH bands, term postings, entity chains, ...), one ``space`` each;
    # ``step_failures`` the articles a per-article step failed on, retried on every analyze.
    """
    CREATE TABLE IF NOT EXISTS changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        id TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS changes_kind ON changes(kind, seq);
    CREATE TABLE IF NOT EXISTS postings (
        space TEXT NOT NULL,
        key NOT NULL,
        member TEXT NOT NULL,
        tag INTEGER,
        payload BLOB,
        PRIMARY KEY (space, key, member)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS postings_member ON postings(space, member);
    CREATE TABLE IF NOT EXISTS counters (
        space TEXT NOT NULL,
        key NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (space, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS step_failures (
        step TEXT NOT NULL,
        article_id TEXT NOT NULL,
        version TEXT NOT NULL,
        problem TEXT NOT NULL,
        PRIMARY KEY (step, article_id)
    );
    CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
    CREATE INDEX IF NOT EXISTS articles_external ON articles(external_id);
    CREATE INDEX IF NOT EXISTS articles_duplicate ON articles(duplicate_of);
    CREATE INDEX IF NOT EXISTS vectors_model ON vectors(model, article_id);
    """,
    # 6: ingest jobs the HTTP API accepted (storyline.store.job_queue): stored before the
    # 202, so they survive a restart and resume; `request` is dropped once finished.
    """
    CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY,
        created REAL NOT NULL,
        state TEXT NOT NULL,
        request BLOB,
        request_bytes INTEGER NOT NULL,
        progress TEXT NOT NULL,
        finished REAL
    );
    CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, created);
    """,
    # 7: bylines as a list, the modified date kept apart, extraction notes, and per-site
    # templates: each site's template (a codec payload) and the pages folded into it.
    """
    ALTER TABLE articles ADD COLUMN authors TEXT;
    ALTER TABLE articles ADD COLUMN modified TEXT;
    ALTER TABLE articles ADD COLUMN site TEXT;
    ALTER TABLE articles ADD COLUMN notes TEXT;
    CREATE INDEX articles_site ON articles(site);
    CREATE TABLE site_templates (
        site TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        pages INTEGER NOT NULL,
        signature TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE TABLE template_pages (
        article_id TEXT PRIMARY KEY,
        site TEXT NOT NULL
    );
    """,
)
