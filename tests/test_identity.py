"""Actors across articles: the matching rule (store/identity.py) on hand-built records, through the store."""

from __future__ import annotations

import duckdb
import pytest

from newscoder.ingest import Article
from newscoder.records import Actor, Event, Extraction, Quote, Role
from newscoder.store import Store
from newscoder.store import entities as entities_module
from newscoder.store.identity import (
    ActorInfo,
    entity_id_base,
    initials,
    is_short,
    key,
    roles_compatible,
)

CNRP = "Cambodia National Rescue Party"


def person(actor_id: str, name: str, *roles: tuple[str, str | None], aliases: tuple[str, ...] = ()) -> Actor:
    return Actor(actor_id, name, "PERSON", aliases, tuple(Role(t, o) for t, o in roles), None, ((0, 1),))


def org(actor_id: str, name: str, aliases: tuple[str, ...] = ()) -> Actor:
    return Actor(actor_id, name, "ORG", aliases, (), None, ((0, 1),))


def article(doc_id: str, published: str, *actors: Actor, quotes=(), events=()) -> Extraction:
    text = f"Article {doc_id}: " + "; ".join(a.name for a in actors) + "."
    art = Article(id=doc_id, file=f"{doc_id}.txt", text=text, published=published, title=f"Title {doc_id}")
    return Extraction(document=art.document(), text=text, actors=tuple(actors), quotes=tuple(quotes),
                      events=tuple(events))


def links(store: Store) -> dict[tuple[str, str], tuple[str, str]]:
    """(document id, actor name) -> (entity id, rule)."""
    rows = store.db.execute(
        """SELECT d.id, a.name, l.entity_id, l.rule FROM actor_entities l
           JOIN actors a ON a.doc = l.doc AND a.actor_id = l.actor_id JOIN documents d ON d.sha256 = l.doc"""
    ).fetchall()
    return {(doc, name): (entity, rule) for doc, name, entity, rule in rows}


# --- the pure parts ------------------------------------------------------------------------------

def test_keys_fold_case_punctuation_accents_and_honorifics():
    assert key("Cambodian People\u2019s  Party", "ORG") == key("cambodian people's party", "ORG")
    assert key("U.S.", "GPE") == key("US", "GPE") == "us"
    assert key("Sécurité", "ORG") == key("Securite", "ORG")
    assert key("Nhek Bunchhay", "PERSON") == key("Nhek Bun Chhay", "PERSON")
    assert key("Mr. Da Chhean", "PERSON") == key("Da Chhean", "PERSON")
    assert key("King Norodom Sihanouk", "PERSON") == key("Norodom Sihanouk", "PERSON")
    assert is_short("Sokha", "PERSON") and is_short("Mr. Heng", "PERSON")
    assert not is_short("Kem Sokha", "PERSON") and not is_short("Sokha", "ORG")


def test_initials_and_ids():
    assert "cpp" in initials("Cambodian People's Party")
    assert "voa" in initials("Voice of America") and "hrw" in initials("Human Rights Watch")
    assert initials("Candlelight Party") == set()  # two letters: too short to trust
    assert entity_id_base("Hun Sen", "PERSON") == "P-hun-sen"
    assert entity_id_base("Cambodian People\u2019s Party", "ORG") == "O-cambodian-peoples-party"
    assert entity_id_base("ហ៊ុន សែន", "PERSON").startswith("P-x")  # another script: a short hash


def test_roles_compatible():
    assert roles_compatible([("spokesman", "Cambodian People's Party")], [("CPP spokesman", None)])
    assert roles_compatible([("leader", CNRP)], [("vice president", CNRP)])  # same organization
    assert roles_compatible([("Prime Minister", None)], [("prime minister", None)])
    assert not roles_compatible([("spokesman", "National Election Committee")], [("spokesman", "Ministry")])
    assert not roles_compatible([("activist", None)], [("leader", CNRP)])
    assert not roles_compatible([], [("leader", CNRP)])


def test_probes_and_index_keys():
    info = ActorInfo("A1", "Kem Sokha", "PERSON", ("Sokha",), (("leader", CNRP),))
    assert {("name", "kemsokha"), ("alias", "kemsokha"), ("short", "kem"), ("short", "sokha")} == info.probe_pairs()
    assert ActorInfo("A1", "Sokha", "PERSON").probe_pairs() == {
        ("name", "sokha"), ("short", "sokha"), ("token", "sokha"), ("alias", "sokha")}
    assert ("initials", "hrw") in ActorInfo("A1", "HRW", "ORG").probe_pairs()
    assert ("token", "sokha") in info.index_keys() and ("name", "kemsokha") in info.index_keys()
    assert ("short", "sokha") in ActorInfo("A1", "Sokha", "PERSON").index_keys()


# --- through the store ---------------------------------------------------------------------------

def test_two_people_sharing_a_short_name_stay_apart(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        store.add(article("kem", "2018-07-06", person("A1", "Kem Sokha", ("leader", CNRP), aliases=("Sokha",))))
        store.add(article("sam", "2018-07-26", person("A1", "Sam Sokha", ("activist", None))))
        # a bare "Sokha" with a role only Kem Sokha has had: Kem Sokha
        store.add(article("by-role", "2018-08-01", person("A1", "Sokha", ("president", CNRP))))
        # a bare "Sokha" in an article that names Sam Sokha in full: Sam Sokha
        store.add(article("same-article", "2018-08-02", person("A1", "Sam Sokha"), person("A2", "Sokha")))
        # a bare "Sokha" and nothing to tell: neither of them
        store.add(article("unknown", "2018-08-03", person("A1", "Sokha")))
        store.add(article("unknown-again", "2018-08-04", person("A1", "Sokha")))
        # the full names again, with a new role: the same ids
        store.add(article("kem-later", "2019-01-01", person("A1", "Kem Sokha", ("former president", CNRP)),
                          person("A2", "Kem Ley", ("analyst", None))))
        got = links(store)
        kem, sam = got["kem", "Kem Sokha"][0], got["sam", "Sam Sokha"][0]
        assert kem == "P-kem-sokha" and sam == "P-sam-sokha"
        assert got["by-role", "Sokha"] == (kem, "role")
        assert got["same-article", "Sam Sokha"] == (sam, "name")
        assert got["same-article", "Sokha"] == (sam, "same-article")
        lone, rule = got["unknown", "Sokha"]
        assert lone not in (kem, sam) and rule == "new-ambiguous"
        assert got["unknown-again", "Sokha"][0] not in (kem, sam, lone)  # one word alone never joins anyone
        assert got["kem-later", "Kem Sokha"] == (kem, "name")
        assert got["kem-later", "Kem Ley"][0] == "P-kem-ley"  # two full names sharing a word: two people
        # the dossier keeps the roles with the date of the article that stated each
        dossier = store.dossier(kem)
        assert [(r["title"], str(r["published"]), r["document"]) for r in dossier["roles"]] == [
            ("leader", "2018-07-06", "kem"), ("president", "2018-08-01", "by-role"),
            ("former president", "2019-01-01", "kem-later")]
        assert {(a["alias"], a["document"]) for a in dossier["aliases"] if a["kind"] == "alias"} == {("Sokha", "kem")}
        assert [a["id"] for a in dossier["articles"]] == ["kem", "by-role", "kem-later"]
        # a lookup by the short name lists every one it fits
        assert {e["id"] for e in store.find_entities("sokha")} == {kem, sam, lone, got["unknown-again", "Sokha"][0]}
        assert [e["id"] for e in store.find_entities("KEM SOKHA")] == [kem]
        assert [e["id"] for e in store.find_entities("p-sam-sokha")] == [sam]


def test_one_word_name_with_one_fit_still_needs_corroboration(tmp_path):
    """A pseudonymous "Sok" (voa-005) is not CPP spokesman Sok Eysan, who also goes by "Sok"."""
    with Store(tmp_path / "t.duckdb") as store:
        store.add(article("a", "2018-07-20", person("A1", "Sok Eysan", ("spokesman", "CPP"), aliases=("Sok",))))
        store.add(article("b", "2018-07-26", person("A1", "Sok")))
        store.add(article("c", "2018-07-30", person("A1", "Sok", ("CPP spokesman", None))))
        got = links(store)
        assert got["b", "Sok"] == ("P-sok", "new-short")
        assert got["c", "Sok"] == ("P-sok-eysan", "role")


def test_full_name_joins_a_one_word_entity_only_with_corroboration(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        store.add(article("a", "2018-07-27", person("A1", "Sophal", ("professor", "Occidental College"))))
        store.add(article("b", "2018-07-28", person("A1", "Ear Sophal", ("professor", None))))
        store.add(article("c", "2018-07-29", person("A1", "Chea Sophal", ("farmer", None))))
        got = links(store)
        assert got["b", "Ear Sophal"] == ("P-sophal", "role")
        assert got["c", "Chea Sophal"][0] == "P-chea-sophal"
        [entity] = [e for e in store.entities(name="Ear Sophal")]
        assert entity["name"] == "Ear Sophal"  # the fullest name seen is canonical; the id stays


def test_organizations_merge_on_alias_and_acronym(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        store.add(article("a", "2018-07-19", org("A1", "CPP"), org("A2", "HRW")))
        store.add(article("b", "2018-07-20", org("A1", "Cambodian People\u2019s Party", ("CPP",)),
                          org("A2", "Human Rights Watch")))
        store.add(article("c", "2018-07-21", org("A1", "cambodian people's party"),
                          org("A2", "National Election Committee", ("NEC",)),
                          org("A3", "National Election Commission")))
        got = links(store)
        assert got["b", "Cambodian People\u2019s Party"] == ("O-cpp", "alias")
        assert got["c", "cambodian people's party"] == ("O-cpp", "name")
        assert got["b", "Human Rights Watch"] == ("O-hrw", "acronym")
        assert got["c", "National Election Commission"][0] != got["c", "National Election Committee"][0]
        [cpp] = store.entities(name="CPP")
        assert cpp["id"] == "O-cpp" and cpp["name"] == "Cambodian People\u2019s Party" and cpp["articles"] == 3
        # an actor is only ever matched to an entity of its own type
        store.add(article("d", "2018-07-22", person("A1", "Hun Sen"), Actor("A2", "Hun Sen", "ORG")))
        assert links(store)["d", "Hun Sen"][0] in ("P-hun-sen", "O-hun-sen")
        assert {e["id"] for e in store.entities(name="Hun Sen")} == {"P-hun-sen", "O-hun-sen"}


def test_entity_code_and_filters(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        store.add(article("a", "2018-07-06", person("A1", "Sam Rainsy"), org("A2", CNRP)))
        store.add(article("b", "2018-07-07", Actor("A1", "Sam Rainsy", "PERSON", (), (), "KHMOPP", ((0, 1),)),
                          Actor("A2", "Hun Sen", "PERSON", (), (), "KHMGOV", ((0, 1),))))
        store.add(article("c", "2018-07-08", Actor("A1", "Sam Rainsy", "PERSON", (), (), "KHMOPPLEG", ((0, 1),))))
        assert [(e["id"], e["code"]) for e in store.entities(code="khmopp")] == [("P-sam-rainsy", "KHMOPP")]
        assert [e["id"] for e in store.entities(code="KHM")] == ["P-sam-rainsy", "P-hun-sen"]
        assert [e["id"] for e in store.entities(kind="ORG")] == ["O-cambodia-national-rescue-party"]
        assert [e["id"] for e in store.entities(name="rains")] == ["P-sam-rainsy"]
        assert [e["id"] for e in store.entities(limit=1)] == ["P-sam-rainsy"]


def test_quotes_and_events_follow_the_entity(tmp_path):
    quote = Quote("Q1", "Hun Sen", "A1", (0, 1), "said", None, None, "direct", "No apology.", ((2, 3),))
    event = Event("E1", "Hun Sen", "A1", "Son Chhay", "A2", "120", "12", "Reject", None, 3, -4.0, False,
                  "asserted", "2023-02-27", None, "Hun Sen rejected the apology.", (0, 5), 0.9)
    with Store(tmp_path / "t.duckdb") as store:
        store.add(article("old", "2018-07-06", person("A1", "Hun Sen", ("Prime Minister", None))))
        store.add(article("new", "2023-02-27", person("A1", "Hun Sen", ("Prime Minister", None), aliases=("Hun",)),
                          person("A2", "Son Chhay", ("vice-president", "Candlelight Party")),
                          quotes=[quote], events=[event]))
        hun = store.dossier("P-hun-sen")
        assert hun["article_count"] == 2 and hun["latest_roles"] == ["Prime Minister"]
        assert [q["text"] for q in hun["said"]] == ["No apology."]
        assert [(e["code"], e["target_entity"]) for e in hun["did"]] == [("120", "P-son-chhay")]
        chhay = store.dossier("P-son-chhay")
        assert [(e["source"], e["source_entity"]) for e in chhay["done_to"]] == [("Hun Sen", "P-hun-sen")]
        assert chhay["did"] == [] and chhay["said"] == []
        [p, *_] = store.people()
        assert p["name"] == "Hun Sen" and p["articles"] == 2 and p["roles"] == ["Prime Minister"]


def test_a_failed_link_leaves_nothing_of_the_document(tmp_path, monkeypatch):
    store = Store(tmp_path / "t.duckdb")
    store.add(article("a", "2018-07-06", person("A1", "Hun Sen")))
    original = entities_module.link_document

    def link_then_fail(db, doc):
        original(db, doc)
        raise RuntimeError("power cut")

    monkeypatch.setattr(entities_module, "link_document", link_then_fail)
    with pytest.raises(RuntimeError):
        store.add(article("b", "2018-07-07", person("A1", "Son Chhay"), person("A2", "Hun Sen")))
    monkeypatch.undo()
    assert store.counts()["documents"] == 1
    assert store.db.execute("SELECT count(*) FROM entities").fetchone() == (1,)
    assert store.add(article("b", "2018-07-07", person("A1", "Son Chhay"), person("A2", "Hun Sen")))
    assert links(store)["b", "Hun Sen"] == ("P-hun-sen", "name")
    store.close()


def test_a_database_from_before_entities_is_linked_on_opening(tmp_path):
    path = tmp_path / "t.duckdb"
    with Store(path) as store:
        store.add(article("a", "2018-07-06", person("A1", "Kem Sokha", aliases=("Sokha",))))
        store.add(article("b", "2018-07-07", person("A1", "Kem Sokha"), person("A2", "Sokha")))
        before = links(store)
    with duckdb.connect(str(path)) as con:  # as a database written before entities existed
        con.execute("DROP VIEW entity_aliases; DROP VIEW entity_roles")
        con.execute("DROP TABLE entities; DROP TABLE actor_entities; DROP TABLE entity_keys")
    with Store(path, read_only=True) as store:
        assert not store.entities_ready()
    with Store(path) as store:
        assert store.entities_ready()
        assert links(store) == before


def test_actor_commands_link_an_old_database_first(tmp_path):
    from typer.testing import CliRunner

    from newscoder.cli import app

    path = tmp_path / "t.duckdb"
    with Store(path) as store:
        store.add(article("a", "2018-07-06", person("A1", "Kem Sokha", ("leader", CNRP))))
    with duckdb.connect(str(path)) as con:
        con.execute("DROP VIEW entity_aliases; DROP VIEW entity_roles")
        con.execute("DROP TABLE entities; DROP TABLE actor_entities; DROP TABLE entity_keys")
    result = CliRunner().invoke(app, ["actors", "--db", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "linking the actors" in result.stderr and "P-kem-sokha" in result.stdout
    result = CliRunner().invoke(app, ["actor", "kem sokha", "--db", str(path)], catch_exceptions=False)
    assert result.exit_code == 0 and "leader" in result.stdout and "Cambodia National Rescue Party" in result.stdout


def test_summary_links_an_old_database_first(tmp_path):
    from typer.testing import CliRunner

    from newscoder.cli import app

    path = tmp_path / "t.duckdb"
    with Store(path) as store:
        store.add(article("a", "2018-07-06", person("A1", "Kem Sokha", aliases=("Sokha",))))
        store.add(article("b", "2018-07-07", person("A1", "Kem Sokha"), person("A2", "Sokha")))
    with duckdb.connect(str(path)) as con:
        con.execute("DROP VIEW entity_aliases; DROP VIEW entity_roles")
        con.execute("DROP TABLE entities; DROP TABLE actor_entities; DROP TABLE entity_keys")
    result = CliRunner().invoke(app, ["summary", "--db", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "linking the actors" in result.stderr
    # linked: the one-word "Sokha" named beside Kem Sokha in article b is Kem Sokha, one row over both articles
    row = next(line for line in result.stdout.splitlines() if "Kem Sokha" in line)
    assert [cell.strip() for cell in row.split("│")[3:5]] == ["2", "3"]
