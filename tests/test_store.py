"""The DuckDB store: one transaction per document, idempotent, safe to kill."""

from __future__ import annotations

import pytest

from newscoder.ingest import Article
from newscoder.records import Actor, Amount, DateMention, Event, Extraction, Place, Quote, Role
from newscoder.store import Store, actor_key

TEXT = "Mayor Ana Ruiz said the city would pay $5 million on 3 May 2021 in Lima."


def extraction(text: str = TEXT, doc_id: str = "d1") -> Extraction:
    article = Article(id=doc_id, file=f"{doc_id}.txt", text=text, published="2021-05-04")
    ruiz = Actor("A1", "Ana Ruiz", "PERSON", (), (Role("Mayor", None),), None, ((6, 14),))
    return Extraction(
        document=article.document(),
        text=text,
        actors=(ruiz,),
        quotes=(Quote("Q1", "Ana Ruiz", "A1", (6, 14), "said", (15, 19), None, "indirect",
                      "the city would pay $5 million", ((20, 49),)),),
        events=(Event("E1", "Ana Ruiz", "A1", None, None, "010", "01", "Make statement", None, 1, 0.0, False,
                      "asserted", "2021-05-03", "Lima", TEXT, (0, len(TEXT)), 0.5),),
        amounts=(Amount("$5 million", (39, 49), 5_000_000.0, "USD", 5_000_000.0),),
        dates=(DateMention("3 May 2021", (53, 63), "2021-05-03", "day"),),
        places=(Place("Lima", (67, 71), "Lima", "PE", -12.04, -77.03),),
    )


def test_add_stores_every_record_type(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        assert store.add(extraction())
        counts = store.counts()
    for table in ("documents", "actors", "roles", "mentions", "quotes", "events", "amounts", "dates", "places"):
        assert counts[table] == 1, table
    assert counts["errors"] == 0


def test_same_text_twice_is_stored_once(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        assert store.add(extraction(doc_id="first"))
        # the same normalized text under another name and with other line ends is the same document
        assert not store.add(extraction(TEXT + "\n\n", doc_id="second"))
        assert store.counts()["documents"] == 1
        assert store.counts()["actors"] == 1


def test_reopening_keeps_data(tmp_path):
    path = tmp_path / "t.duckdb"
    with Store(path) as store:
        store.add(extraction())
        store.add_error("bad.txt", "binary file, not text")
    with Store(path, read_only=True) as store:
        assert store.counts()["documents"] == 1
        assert store.errors() == [{"input": "bad.txt", "line": None, "reason": "binary file, not text"}]


def test_failed_write_leaves_nothing_of_the_document(tmp_path, monkeypatch):
    store = Store(tmp_path / "t.duckdb")

    def explode(self, ex):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_records", explode)
    with pytest.raises(RuntimeError):
        store.add(extraction())
    assert store.counts()["documents"] == 0
    monkeypatch.undo()
    assert store.add(extraction())
    assert store.counts()["documents"] == 1
    store.close()


def test_queries_for_summary(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        store.add(extraction())
        [person] = store.people()
        assert person["name"] == "Ana Ruiz" and person["roles"] == ["Mayor"]
        assert store.quotes()[0]["speaker"] == "Ana Ruiz"
        assert store.events()[0]["code"] == "010"


def test_actor_key_folds_case_space_and_apostrophes():
    assert actor_key("Cambodian People\u2019s  Party", "ORG") == actor_key("cambodian people's party", "ORG")
    assert actor_key("Hun Sen", "PERSON") != actor_key("Hun Sen", "ORG")
