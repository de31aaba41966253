"""Queries over events and quotes across articles, filtered by actors (entity ids), codes and dates."""

from __future__ import annotations

from typing import Any

import duckdb

from .entities import rows


def events(db: duckdb.DuckDBPyConnection, *, sources: list[str] | None = None, targets: list[str] | None = None,
           code: str | None = None, since: str | None = None, until: str | None = None,
           modalities: list[str] | None = None, limit: int | None = 100) -> list[dict[str, Any]]:
    """Events, oldest first: source/target as entities, CAMEO code prefix, event date window (YYYY[-MM[-DD]]),
    modalities (asserted, future, historical, hypothetical, demanded)."""
    return rows(
        db,
        """
        SELECT e.date, e.source, s.entity_id AS source_entity, e.code, e.label, e.plover, e.quad_class,
               e.goldstein, e.target, t.entity_id AS target_entity, e.negated, e.modality, e.location,
               e.confidence, e.evidence, d.id AS document, d.published,
               (SELECT list(a.text || coalesce(' (' || a.currency || ', ≈ $' || CAST(round(a.usd) AS BIGINT) || ')', '')
                            ORDER BY a.start_char)
                FROM amounts a WHERE a.doc = e.doc AND a.start_char >= e.start_char AND a.end_char <= e.end_char
               ) AS amounts
        FROM events e JOIN documents d ON d.sha256 = e.doc
        LEFT JOIN actor_entities s ON s.doc = e.doc AND s.actor_id = e.source_id
        LEFT JOIN actor_entities t ON t.doc = e.doc AND t.actor_id = e.target_id
        WHERE (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], s.entity_id))
          AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], t.entity_id))
          AND (?::VARCHAR IS NULL OR starts_with(e.code, ?))
          AND (?::VARCHAR IS NULL OR coalesce(e.date, CAST(d.published AS VARCHAR)) >= ?)
          AND (?::VARCHAR IS NULL OR left(coalesce(e.date, CAST(d.published AS VARCHAR)), length(?)) <= ?)
          AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], e.modality))
        ORDER BY coalesce(e.date, CAST(d.published AS VARCHAR)) NULLS LAST, d.id, e.start_char, e.event_id
        LIMIT ?
        """,
        [sources, sources, targets, targets, code, code, since, since, until, until, until, modalities, modalities,
         limit],
    )


def quotes(db: duckdb.DuckDBPyConnection, *, speakers: list[str] | None = None, about: list[str] | None = None,
           about_text: str | None = None, unsourced: bool = False, limit: int | None = 100) -> list[dict[str, Any]]:
    """Quotes, oldest first: by speaker entity, and about an entity (one of its mentions inside the quote's
    content) or a text (the quote contains it); ``unsourced``: only those whose source the text does not name
    ("X is expected to win", "it was reported that ...")."""
    return rows(
        db,
        """
        SELECT q.speaker, s.entity_id AS speaker_entity, q.kind, q.cue, q.addressee, q.text,
               d.id AS document, d.published
        FROM quotes q JOIN documents d ON d.sha256 = q.doc
        LEFT JOIN actor_entities s ON s.doc = q.doc AND s.actor_id = q.speaker_id
        WHERE (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], s.entity_id))
          AND (?::VARCHAR[] IS NULL OR EXISTS (
                SELECT 1 FROM mentions m JOIN actor_entities l ON l.doc = m.doc AND l.actor_id = m.actor_id
                WHERE m.doc = q.doc AND list_contains(?::VARCHAR[], l.entity_id)
                  AND m.start_char >= q.start_char AND m.end_char <= q.end_char)
              OR (?::VARCHAR IS NOT NULL AND contains(lower(q.text), lower(?))))
          AND (NOT ? OR q.speaker IS NULL)
        ORDER BY d.published NULLS LAST, d.id, q.start_char, q.quote_id
        LIMIT ?
        """,
        [speakers, speakers, about, about, about_text, about_text, unsourced, limit],
    )
