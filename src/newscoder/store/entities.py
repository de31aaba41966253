"""Actors across articles, in SQL: linking a stored article's actors to entities, and reading entities back.

``link_document`` runs inside the article's own write transaction (``Store.add``), so a killed ingest
leaves neither the article nor its links; the decision itself is ``identity.decide`` over the rows
fetched here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import duckdb

from .identity import ActorInfo, Candidate, decide, entity_id_base, fullness, key

ENTITY_TABLES = ("entities", "actor_entities", "entity_keys")


def rows(db: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params or [])
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# --- linking -------------------------------------------------------------------------------------

def _local_order(actor_id: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", actor_id)
    return (int(digits) if digits else 0, actor_id)


def unlinked_actors(db: duckdb.DuckDBPyConnection, doc: str) -> list[ActorInfo]:
    """The document's actors not yet linked, full names before one-word names, then in article order."""
    actors = db.execute(
        """
        SELECT a.actor_id, a.name, a.type, a.code, a.aliases FROM actors a
        WHERE a.doc = ? AND a.actor_id NOT IN (SELECT actor_id FROM actor_entities WHERE doc = ?)
        """,
        [doc, doc],
    ).fetchall()
    roles: dict[str, list[tuple[str, str | None]]] = {}
    for actor_id, title, organization in db.execute(
            "SELECT actor_id, title, organization FROM roles WHERE doc = ?", [doc]).fetchall():
        roles.setdefault(actor_id, []).append((title, organization))
    infos = [ActorInfo(actor_id, name, kind, tuple(aliases or ()), tuple(roles.get(actor_id, ())), code)
             for actor_id, name, kind, code, aliases in actors]
    return sorted(infos, key=lambda a: (a.short, _local_order(a.actor_id)))


@dataclass
class _Entity:
    """An entity while a document is linked: fetched from the store, or new (its id given at the end)."""

    entity_id: str
    type: str
    name: str
    code: str | None
    seq: int
    keys: set[tuple[str, str]] = field(default_factory=set)
    roles: list[tuple[str, str | None]] = field(default_factory=list)
    in_article: bool = False
    base: str | None = None  # set for a new entity: the stem of its id
    changed: bool = False


def link_document(db: duckdb.DuckDBPyConnection, doc: str) -> None:
    """Links each of the document's actors to an entity, making new entities where none fits.

    A handful of queries per document: the entities any of its actors' keys point to are fetched at
    once, each actor is decided in turn in memory (so a later actor of the article sees the entities
    the earlier ones made or joined), and the links, new entities and new keys are written at the end.
    """
    actors = unlinked_actors(db, doc)
    if not actors:
        return
    known = _fetch_entities(db, doc, set().union(*(a.probe_pairs() for a in actors)))
    [(seq,)] = db.execute("SELECT coalesce(max(seq), 0) FROM entities").fetchall()
    links: list[tuple[ActorInfo, _Entity, str]] = []
    new_keys: list[tuple[_Entity, str, str]] = []
    for actor in actors:
        probes = actor.probe_pairs()
        pool = [Candidate(e.entity_id, e.name, e.seq, e.keys, e.roles, e.in_article) for e in known.values()
                if e.type == actor.type and not probes.isdisjoint(e.keys)]
        decision = decide(actor, pool)
        if decision.entity_id is None:
            seq += 1
            entity = _Entity(f"new:{seq}", actor.type, actor.name, actor.code, seq,
                             base=entity_id_base(actor.name, actor.type))
            known[entity.entity_id] = entity
        else:
            entity = known[decision.entity_id]
            if fullness(actor.name, actor.type) > fullness(entity.name, entity.type):
                entity.name, entity.changed = actor.name, True
            if entity.code is None and actor.code:
                entity.code, entity.changed = actor.code, True
        for kind, match_key in sorted(actor.index_keys() - entity.keys):
            entity.keys.add((kind, match_key))
            new_keys.append((entity, kind, match_key))
        entity.roles.extend(actor.roles)
        entity.in_article = True
        links.append((actor, entity, decision.rule))
    created = [e for e in known.values() if e.base is not None]
    _give_ids(db, created)
    insert_rows(db, "entities (entity_id, type, name, code, seq, first_doc)",
                [(e.entity_id, e.type, e.name, e.code, e.seq, doc) for e in created])
    for e in known.values():
        if e.changed and e.base is None:
            db.execute("UPDATE entities SET name = ?, code = ? WHERE entity_id = ?", [e.name, e.code, e.entity_id])
    insert_rows(db, "actor_entities", [(doc, a.actor_id, e.entity_id, rule) for a, e, rule in links])
    insert_rows(db, "entity_keys", [(e.entity_id, kind, match_key) for e, kind, match_key in new_keys],
                unless="EXISTS (SELECT 1 FROM entity_keys k WHERE k.entity_id = v.c1 AND k.kind = v.c2 "
                       "AND k.match_key = v.c3)")


def _fetch_entities(db: duckdb.DuckDBPyConnection, doc: str, probes: set[tuple[str, str]]) -> dict[str, _Entity]:
    """The entities holding one of the (kind, key) pairs, with the pairs they hold, their roles and
    whether the document already names them."""
    found: dict[str, _Entity] = {}
    if not probes:
        return found
    for entity_id, kind, name, code, seq, key_kind, match_key in db.execute(
        """
        SELECT e.entity_id, e.type, e.name, e.code, e.seq, k.kind, k.match_key
        FROM entity_keys k JOIN entities e ON e.entity_id = k.entity_id
        WHERE list_contains(?::VARCHAR[], k.match_key) AND list_contains(?::VARCHAR[], k.kind || ' ' || k.match_key)
        """,
        [sorted({k for _, k in probes}), sorted(f"{kind} {k}" for kind, k in probes)],
    ).fetchall():
        found.setdefault(entity_id, _Entity(entity_id, kind, name, code, seq)).keys.add((key_kind, match_key))
    if found:
        ids = sorted(found)
        for entity_id, title, organization in db.execute(
                "SELECT entity_id, title, organization FROM entity_roles WHERE list_contains(?::VARCHAR[], entity_id)",
                [ids]).fetchall():
            found[entity_id].roles.append((title, organization))
        for (entity_id,) in db.execute(
                "SELECT DISTINCT entity_id FROM actor_entities "
                "WHERE doc = ? AND list_contains(?::VARCHAR[], entity_id)", [doc, ids]).fetchall():
            found[entity_id].in_article = True
    return found


def _give_ids(db: duckdb.DuckDBPyConnection, created: list[_Entity]) -> None:
    """Each new entity's id: its stem, with "-2", "-3" ... when an entity already has it."""
    tried: set[str] = set()
    taken: set[str] = set()

    def look_up(ids: list[str]) -> None:
        tried.update(ids)
        taken.update(r[0] for r in db.execute(
            "SELECT entity_id FROM entities WHERE list_contains(?::VARCHAR[], entity_id)", [ids]).fetchall())

    def nth(base: str, n: int) -> str:
        return base if n == 1 else f"{base}-{n}"

    look_up([nth(e.base, n) for e in created if e.base for n in range(1, 4)])  # usually the only query
    for entity in created:
        assert entity.base is not None
        n = 1
        while True:
            if nth(entity.base, n) not in tried:
                look_up([nth(entity.base, m) for m in range(n, n + 50)])
            if nth(entity.base, n) not in taken:
                break
            n += 1
        entity.entity_id = nth(entity.base, n)
        taken.add(entity.entity_id)


def insert_rows(db: duckdb.DuckDBPyConnection, table: str, values: list[tuple[Any, ...]],
                unless: str | None = None, chunk: int = 500) -> None:
    """Many rows in few statements (DuckDB runs executemany one row at a time); ``unless`` a condition on
    the new row ``v`` (columns c1, c2, ...) that skips it."""
    for i in range(0, len(values), chunk):
        part = values[i:i + chunk]
        width = len(part[0])
        rows = ", ".join(["(" + ", ".join("?" * width) + ")"] * len(part))
        columns = ", ".join(f"c{n}" for n in range(1, width + 1))
        db.execute(f"INSERT INTO {table} SELECT * FROM (VALUES {rows}) v({columns})"
                   + (f" WHERE NOT ({unless})" if unless else ""), [v for r in part for v in r])


def pending_documents(db: duckdb.DuckDBPyConnection) -> list[str]:
    """Stored documents with actors not linked to entities (a database from before entities), oldest first."""
    return [r[0] for r in db.execute(
        """
        SELECT a.doc FROM actors a JOIN documents d ON d.sha256 = a.doc
        WHERE NOT EXISTS (SELECT 1 FROM actor_entities l WHERE l.doc = a.doc AND l.actor_id = a.actor_id)
        GROUP BY a.doc ORDER BY min(d.ingested_at), min(d.id), a.doc
        """
    ).fetchall()]


def has_entity_tables(db: duckdb.DuckDBPyConnection) -> bool:
    [(n,)] = db.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND list_contains(?::VARCHAR[], table_name)", [[*ENTITY_TABLES, "entity_aliases", "entity_roles"]]
    ).fetchall()
    return n == len(ENTITY_TABLES) + 2


# --- reading -------------------------------------------------------------------------------------

_SUMMARY = """
    WITH counted AS (
        SELECT l.entity_id, count(DISTINCT l.doc) AS articles, count(m.start_char) AS mentions
        FROM actor_entities l LEFT JOIN mentions m ON m.doc = l.doc AND m.actor_id = l.actor_id
        GROUP BY l.entity_id
    ), ranked AS (
        SELECT entity_id, title, organization, published,
               dense_rank() OVER (PARTITION BY entity_id ORDER BY published DESC NULLS LAST) AS rank
        FROM entity_roles
    ), latest AS (
        SELECT entity_id, max(published) AS roles_date,
               list(DISTINCT title || coalesce(', ' || organization, '')
                    ORDER BY title || coalesce(', ' || organization, '')) AS latest_roles
        FROM ranked WHERE rank = 1 GROUP BY entity_id
    )
    SELECT e.entity_id AS id, e.name, e.type, e.code, c.articles, c.mentions,
           coalesce(r.latest_roles, []) AS latest_roles, r.roles_date
    FROM entities e JOIN counted c ON c.entity_id = e.entity_id LEFT JOIN latest r ON r.entity_id = e.entity_id
"""


def list_entities(db: duckdb.DuckDBPyConnection, *, kind: str | None = None, code: str | None = None,
                  name: str | None = None, limit: int | None = 50, ids: list[str] | None = None
                  ) -> list[dict[str, Any]]:
    """Entities with their article and mention counts and their latest roles, most widely reported first."""
    return rows(
        db,
        _SUMMARY + """
        WHERE (?::VARCHAR IS NULL OR e.type = ?)
          AND (?::VARCHAR IS NULL OR starts_with(upper(coalesce(e.code, '')), upper(?)))
          AND (?::VARCHAR IS NULL OR contains(lower(e.name), lower(?)) OR e.entity_id IN (
                SELECT entity_id FROM entity_aliases WHERE contains(lower(alias), lower(?))))
          AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], e.entity_id))
        ORDER BY c.articles DESC, c.mentions DESC, e.name, e.entity_id
        LIMIT ?
        """,
        [kind, kind, code, code, name, name, name, ids, ids, limit],
    )


def find_entities(db: duckdb.DuckDBPyConnection, query: str) -> list[dict[str, Any]]:
    """The entities a user's query names: its global id; else every entity with the query as a name, an
    alias or (for people) a word of its name, case and punctuation aside; else those whose name or an
    alias contains it."""
    by_id = db.execute("SELECT entity_id FROM entities WHERE lower(entity_id) = lower(?)", [query.strip()]).fetchall()
    if by_id:
        return list_entities(db, ids=[by_id[0][0]], limit=None)
    keys = sorted({key(query, "PERSON"), key(query, "ORG")} - {""})
    exact = [r[0] for r in db.execute(
        "SELECT DISTINCT entity_id FROM entity_keys WHERE kind IN ('name', 'short', 'alias', 'token') "
        "AND list_contains(?::VARCHAR[], match_key)", [keys]).fetchall()]
    if exact:
        return list_entities(db, ids=exact, limit=None)
    return list_entities(db, name=query.strip(), limit=None) if query.strip() else []


def dossier(db: duckdb.DuckDBPyConnection, entity_id: str) -> dict[str, Any] | None:
    """Everything the database holds on one entity."""
    summary = list_entities(db, ids=[entity_id], limit=None)
    if not summary:
        return None
    result = dict(summary[0])
    result["article_count"], result["mention_count"] = result.pop("articles"), result.pop("mentions")
    one = [entity_id]
    result["aliases"] = rows(db, """
        SELECT DISTINCT alias, kind, published, document FROM entity_aliases WHERE entity_id = ?
        ORDER BY published NULLS LAST, document, kind DESC, alias""", one)
    result["roles"] = rows(db, """
        SELECT DISTINCT title, organization, published, document FROM entity_roles WHERE entity_id = ?
        ORDER BY published NULLS LAST, document, title, organization""", one)
    result["articles"] = rows(db, """
        SELECT d.id, d.published, d.title, list(a.name ORDER BY a.actor_id) AS names, list(l.rule) AS rules
        FROM actor_entities l JOIN documents d ON d.sha256 = l.doc
        JOIN actors a ON a.doc = l.doc AND a.actor_id = l.actor_id
        WHERE l.entity_id = ? GROUP BY d.id, d.published, d.title, d.sha256
        ORDER BY d.published NULLS LAST, d.id""", one)
    result["said"] = rows(db, """
        SELECT q.kind, q.text, q.cue, q.addressee, d.id AS document, d.published
        FROM quotes q JOIN actor_entities l ON l.doc = q.doc AND l.actor_id = q.speaker_id
        JOIN documents d ON d.sha256 = q.doc
        WHERE l.entity_id = ? ORDER BY d.published NULLS LAST, d.id, q.start_char, q.quote_id""", one)
    for role, me, other in (("did", "source", "target"), ("done_to", "target", "source")):
        result[role] = rows(db, f"""
            SELECT e.{other}, o.entity_id AS {other}_entity, e.code, e.label, e.date, e.negated, e.modality,
                   e.location, e.evidence, d.id AS document, d.published
            FROM events e JOIN actor_entities l ON l.doc = e.doc AND l.actor_id = e.{me}_id
            LEFT JOIN actor_entities o ON o.doc = e.doc AND o.actor_id = e.{other}_id
            JOIN documents d ON d.sha256 = e.doc
            WHERE l.entity_id = ? ORDER BY d.published NULLS LAST, d.id, e.start_char, e.event_id""", one)
    return result


def people(db: duckdb.DuckDBPyConnection, limit: int) -> list[dict[str, Any]]:
    """People across articles, one row per entity, most-mentioned first, with their distinct roles."""
    return rows(
        db,
        """
        WITH p AS (
            SELECT e.entity_id, e.name, count(DISTINCT l.doc) AS articles, count(m.start_char) AS mentions
            FROM entities e JOIN actor_entities l ON l.entity_id = e.entity_id
            LEFT JOIN mentions m ON m.doc = l.doc AND m.actor_id = l.actor_id
            WHERE e.type = 'PERSON' GROUP BY e.entity_id, e.name
        ), r AS (
            SELECT entity_id, list(DISTINCT title || coalesce(', ' || organization, '')) AS roles
            FROM entity_roles GROUP BY entity_id
        )
        SELECT p.name, p.articles, p.mentions, coalesce(r.roles, []) AS roles, p.entity_id AS id
        FROM p LEFT JOIN r ON r.entity_id = p.entity_id
        ORDER BY p.mentions DESC, p.name LIMIT ?
        """,
        [limit],
    )
