"""Actors across the examples corpus, and the `actors` and `actor` commands (one real ingest per module)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newscoder.cli import app
from newscoder.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "hun-sen-rejects-apology.txt"
KEY_PEOPLE = {"Hun Sen": 11, "Son Chhay": 2, "Sam Rainsy": 5}  # articles of the corpus that name each
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """The seed and the development articles ingested together, then the whole examples folder twice."""
    path = tmp_path_factory.mktemp("dossier") / "n.duckdb"
    first = run("ingest", str(SEED), str(EXAMPLES / "dev"), "--db", str(path))
    assert first.exit_code == 0, first.output
    for _ in range(2):
        again = run("ingest", str(EXAMPLES), "--db", str(path))
        assert again.exit_code == 0
        assert "ingested 0 new document(s), 12 already stored" in again.stderr
    return path


def entity_ids(path: Path, name: str) -> tuple[set[str], int]:
    """The entity ids of every article's actor called ``name`` (as name or alias), and how many articles."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            """SELECT DISTINCT l.entity_id, a.doc FROM actors a
               JOIN actor_entities l ON l.doc = a.doc AND l.actor_id = a.actor_id
               WHERE a.name = ? OR list_contains(a.aliases, ?)""", [name, name]).fetchall()
    return {r[0] for r in rows}, len({r[1] for r in rows})


def test_one_id_per_person_across_every_article_and_every_order(db, tmp_path):
    ids = {}
    for name, n_articles in KEY_PEOPLE.items():
        found, articles = entity_ids(db, name)
        assert len(found) == 1, (name, found)
        assert articles >= n_articles, name
        ids[name] = found.pop()
    assert ids == {"Hun Sen": "P-hun-sen", "Son Chhay": "P-son-chhay", "Sam Rainsy": "P-sam-rainsy"}
    with Store(db, read_only=True) as store:
        for name, entity_id in ids.items():
            [entity] = store.find_entities(name)
            assert entity["id"] == entity_id and entity["articles"] == entity_ids(db, name)[1]
    # the same articles linked in the other order (development articles first, as `ingest examples` reads them)
    other = tmp_path / "other.duckdb"
    shutil.copy(db, other)
    with duckdb.connect(str(other)) as con:
        con.execute("DROP VIEW entity_aliases; DROP VIEW entity_roles")
        con.execute("DROP TABLE entities; DROP TABLE actor_entities; DROP TABLE entity_keys")
        con.execute("UPDATE documents SET ingested_at = ingested_at + INTERVAL 1 DAY WHERE id = ?", [SEED.stem])
    with Store(other):  # opening for writing links every stored article again, oldest first
        pass
    for name, entity_id in ids.items():
        assert entity_ids(other, name) == ({entity_id}, entity_ids(db, name)[1])


def test_actors_lists_entities(db):
    result = run("actors", "--db", str(db), "--type", "person", "--limit", "3", "--json")
    assert result.exit_code == 0, result.output
    people = json.loads(result.stdout)
    assert len(people) == 3 and {p["type"] for p in people} == {"PERSON"}
    assert people[0]["id"] == "P-hun-sen" and people[0]["articles"] == 11
    assert "Prime Minister" in people[0]["latest_roles"] and people[0]["roles_date"] == "2023-02-27"
    table = run("actors", "--db", str(db), "--name", "sokha")
    assert table.exit_code == 0
    assert "P-kem-sokha" in table.stdout and "P-sam-sokha" in table.stdout and "P-hun-sen" not in table.stdout
    assert json.loads(run("actors", "--db", str(db), "--code", "ZZZ", "--json").stdout) == []
    assert run("actors", "--db", str(db), "--type", "army").exit_code == 2


def test_actor_dossier(db):
    result = run("actor", "son chhay", "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    chhay = json.loads(result.stdout)
    assert chhay["id"] == "P-son-chhay" and chhay["article_count"] == 2
    roles = [(r["title"], r["published"], r["document"]) for r in chhay["roles"]]
    assert any(r[1:] == ("2018-07-06", "voa-001") for r in roles)  # a 2018 role ("lawmaker") ...
    assert ("vice-president", "2023-02-27", SEED.stem) in roles  # ... and his 2023 one
    assert roles == sorted(roles, key=lambda r: r[1])  # over time
    assert [a["id"] for a in chhay["articles"]] == ["voa-001", SEED.stem]
    assert {a["alias"] for a in chhay["aliases"]} == {"Son Chhay", "Chhay"}
    assert chhay["said"] and chhay["did"]
    assert any(e["source_entity"] == "P-hun-sen" and e["code"].startswith("12") for e in chhay["done_to"])
    table = run("actor", "P-SON-CHHAY", "--db", str(db))  # a global id, in any case
    assert table.exit_code == 0
    for heading in ("Aliases", "Roles over time", "Articles", "What they said", "What they did",
                    "What was done to them", "Candlelight Party", "voa-001"):
        assert heading in table.stdout


def test_actor_ambiguous_or_unknown(db):
    both = run("actor", "Sokha", "--db", str(db))
    assert both.exit_code == 1
    assert "P-kem-sokha" in both.stdout and "P-sam-sokha" in both.stdout
    assert "be more specific" in both.stderr
    listed = json.loads(run("actor", "sokha", "--db", str(db), "--json").stdout)
    assert {m["id"] for m in listed["matches"]} == {"P-kem-sokha", "P-sam-sokha"}
    nobody = run("actor", "Nobody At All", "--db", str(db))
    assert nobody.exit_code == 1 and "no actor named" in nobody.stderr


def test_summary_groups_people_by_entity(db):
    result = run("summary", "--db", str(db), "--limit", "10")
    assert result.exit_code == 0
    people = result.stdout.split("Who said what")[0]
    assert people.count("Hun Sen") == 1 and "Prime Minister" in people


def test_events_filtered_by_source_code_and_dates(db):
    result = run("events", "--db", str(db), "--source", "Hun Sen", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(r["source_entity"] == "P-hun-sen" for r in rows)
    coded = json.loads(run("events", "--db", str(db), "--code", "11", "--json").stdout)
    assert coded and all(r["code"].startswith("11") for r in coded)
    window = json.loads(run("events", "--db", str(db), "--since", "2023-01", "--until", "2023-12", "--json").stdout)
    assert window and all((r["date"] or str(r["published"]))[:4] == "2023" for r in window)
    assert run("events", "--db", str(db), "--since", "soon").exit_code == 2
    everything = json.loads(run("events", "--db", str(db), "--limit", "1000", "--json").stdout)
    moods = {r["modality"] for r in everything}
    asserted = json.loads(run("events", "--db", str(db), "--modality", "asserted", "--limit", "1000", "--json").stdout)
    assert asserted and {r["modality"] for r in asserted} == {"asserted"}
    assert len(asserted) == sum(r["modality"] == "asserted" for r in everything) and len(moods) > 1
    unknown = run("events", "--db", str(db), "--target", "Nobody Atall")
    assert unknown.exit_code == 1 and "no actor named" in unknown.stderr


def test_quotes_by_speaker_and_about(db):
    by_speaker = json.loads(run("quotes", "--db", str(db), "--speaker", "Sok Eysan", "--json").stdout)
    assert by_speaker and all(q["speaker_entity"] == "P-sok-eysan" for q in by_speaker)
    about = json.loads(run("quotes", "--db", str(db), "--about", "Son Chhay", "--json").stdout)
    # others talking about him, by name ("Chhay's apology was justified") or by a pronoun resolved to him
    assert any(q["speaker_entity"] != "P-son-chhay" and "Chhay" in q["text"] for q in about)
    everything = json.loads(run("quotes", "--db", str(db), "--limit", "1000", "--json").stdout)
    assert len(about) < len(everything)
    table = run("quotes", "--db", str(db), "--speaker", "Hun Sen")
    assert table.exit_code == 0 and "quote(s)" in table.stdout
    # attributions whose source the text does not name ("X is expected to win"), and only those
    unsourced = json.loads(run("quotes", "--db", str(db), "--unsourced", "--limit", "1000", "--json").stdout)
    assert unsourced and all(q["speaker"] is None for q in unsourced)
    assert len(unsourced) == sum(q["speaker"] is None for q in everything)
