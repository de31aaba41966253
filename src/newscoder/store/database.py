"""The one place SQL lives: the DuckDB file, its schema, the single writer and the queries.

Each document's records are written in one transaction keyed by the document's SHA-256, so an
ingest killed at any point and run again ends with every document stored exactly once. The same
transaction links the document's actors to entities across articles (entities.py, identity.py).
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from ..errors import NewscoderError
from ..records import Extraction
from . import entities as ent
from . import queries

DEFAULT_DB = "newscoder.duckdb"
TABLES = ("documents", "actors", "roles", "mentions", "quotes", "events", "amounts", "dates", "places", "errors")


class StoreError(NewscoderError):
    pass


def actor_key(name: str, kind: str) -> str:
    """The cross-article key of an actor: its type and its canonical name, folded."""
    folded = unicodedata.normalize("NFKC", name).replace("\u2019", "'").casefold()
    folded = re.sub(r"\s+", " ", folded).strip()
    return f"{kind}:{folded}"


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False):
        self.path = str(path)
        try:
            self.db = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        if not read_only:
            self.db.execute(resources.files("newscoder.store").joinpath("schema.sql").read_text())
            self.link_pending()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------------

    def known_documents(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT sha256 FROM documents").fetchall()}

    def has_document(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", [sha256]).fetchone() is not None

    def add(self, extraction: Extraction, model: str | None = None) -> bool:
        """Stores one article's records in one transaction; False when the document was already stored."""
        doc = extraction.document
        self.db.execute("BEGIN TRANSACTION")
        try:
            if self.has_document(doc.sha256):
                self.db.execute("ROLLBACK")
                return False
            self._insert_document(extraction, model)
            self._insert_records(extraction)
            ent.link_document(self.db, doc.sha256)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return True

    def link_pending(self) -> int:
        """Links the actors of documents stored before entities existed, one transaction per document."""
        pending = ent.pending_documents(self.db)
        for doc in pending:
            self.db.execute("BEGIN TRANSACTION")
            try:
                ent.link_document(self.db, doc)
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return len(pending)

    def add_error(self, source: str, reason: str, line: int | None = None) -> None:
        self.db.execute("INSERT INTO errors (input, line, reason) VALUES (?, ?, ?)", [source, line, reason])

    def _insert_document(self, ex: Extraction, model: str | None) -> None:
        d = ex.document
        self.db.execute(
            "INSERT INTO documents (sha256, id, file, url, title, source, published, language, text, model)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [d.sha256, d.id, d.file, d.url, d.title, d.source, d.published, d.language, ex.text, model],
        )

    def _insert_records(self, ex: Extraction) -> None:
        key, text = ex.document.sha256, ex.text
        self._many("actors", [(key, a.id, actor_key(a.name, a.type), a.name, a.type, a.code, list(a.aliases))
                              for a in ex.actors])
        self._many("roles", [(key, a.id, r.title, r.organization) for a in ex.actors for r in a.roles])
        self._many("mentions", [(key, a.id, s, e, text[s:e]) for a in ex.actors for s, e in a.mentions])
        self._many("quotes", [
            (key, q.id, q.speaker, q.speaker_id, *(q.speaker_span or (None, None)), q.cue, q.addressee, q.kind,
             q.text, q.content_spans[0][0] if q.content_spans else None,
             q.content_spans[-1][1] if q.content_spans else None)
            for q in ex.quotes])
        self._many("events", [
            (key, e.id, e.source, e.source_id, e.target, e.target_id, e.code, e.root, e.label, e.plover,
             e.quad_class, e.goldstein, e.negated, e.modality, e.date, e.location, e.evidence, *e.span,
             e.confidence)
            for e in ex.events])
        self._many("amounts", [(key, a.text, *a.span, a.value, a.currency, a.usd) for a in ex.amounts])
        self._many("dates", [(key, d.text, *d.span, d.value, d.precision) for d in ex.dates])
        self._many("places", [(key, p.text, *p.span, p.name, p.country, p.lat, p.lon) for p in ex.places])

    def _many(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        ent.insert_rows(self.db, table, rows)

    # --- reading -----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, params or [])
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def entities_ready(self) -> bool:
        """Whether every stored actor is linked to an entity (false for a database from before entities,
        until it is opened for writing once)."""
        return ent.has_entity_tables(self.db) and not ent.pending_documents(self.db)

    def entities(self, kind: str | None = None, code: str | None = None, name: str | None = None,
                 limit: int | None = 50) -> list[dict[str, Any]]:
        """Actors across articles: id, name, type, code, articles, mentions, latest_roles (and roles_date)."""
        return ent.list_entities(self.db, kind=kind, code=code, name=name, limit=limit)

    def find_entities(self, query: str) -> list[dict[str, Any]]:
        """The entities a name, an alias or a global id designates (several when it is ambiguous)."""
        return ent.find_entities(self.db, query)

    def event_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Events across articles (see store.queries.events for the filters)."""
        return queries.events(self.db, **filters)

    def quote_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Quotes across articles (see store.queries.quotes for the filters)."""
        return queries.quotes(self.db, **filters)

    def set_entity_code(self, entity_id: str, code: str) -> None:
        """A code the user gave by hand: it wins over what extraction assigned."""
        self.db.execute("UPDATE entities SET code = ? WHERE entity_id = ?", [code, entity_id])

    def dossier(self, entity_id: str) -> dict[str, Any] | None:
        """One entity: aliases and roles with dates, articles, what it said, did and had done to it."""
        return ent.dossier(self.db, entity_id)

    def people(self, limit: int = 50) -> list[dict[str, Any]]:
        """People across articles (one row per entity), most-mentioned first, with their distinct roles."""
        return ent.people(self.db, limit)

    def quotes(self, limit: int = 50, speaker: str | None = None) -> list[dict[str, Any]]:
        return self._rows(
            """
            SELECT q.speaker, q.kind, q.cue, q.addressee, q.text, d.id AS document
            FROM quotes q JOIN documents d ON d.sha256 = q.doc
            WHERE q.speaker IS NOT NULL AND (? IS NULL OR q.speaker ILIKE '%' || ? || '%')
            ORDER BY d.published, d.id, q.start_char LIMIT ?
            """,
            [speaker, speaker, limit],
        )

    def events(self, limit: int = 50) -> list[dict[str, Any]]:
        return self._rows(
            """
            SELECT e.source, e.code, e.label, e.target, e.date, e.negated, e.modality, e.evidence, d.id AS document
            FROM events e JOIN documents d ON d.sha256 = e.doc
            ORDER BY d.published, d.id, e.start_char LIMIT ?
            """,
            [limit],
        )

    def errors(self) -> list[dict[str, Any]]:
        return self._rows("SELECT input, line, reason FROM errors ORDER BY logged_at")

    def documents(self) -> list[dict[str, Any]]:
        return self._rows("SELECT id, file, published, title, sha256 FROM documents ORDER BY published, id")
