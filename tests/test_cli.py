"""The CLI end to end: extract per the contract, ingest idempotent and safe to kill, bad inputs, evaluate."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newscoder.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "examples" / "hun-sen-rejects-apology.txt"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path):
    """The seed and three development articles, with their sidecars."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in [SEED, *sorted((ROOT / "examples" / "dev").glob("voa-00[1-3].*"))]:
        shutil.copy(path, folder / path.name)
    shutil.copy(SEED.with_name("hun-sen-rejects-apology.meta.json"), folder)
    return folder


def test_extract_one_article_passes_the_contract_checker(tmp_path):
    result = run("extract", str(SEED))
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert article["document"]["id"] == "hun-sen-rejects-apology"
    assert article["document"]["published"] == "2023-02-27"
    for section in ("actors", "quotes", "events", "amounts", "dates", "places"):
        assert article[section], f"no {section} found in the seed article"
    out = tmp_path / "seed.json"
    out.write_text(result.stdout)
    check = subprocess.run([sys.executable, str(SHARED / "tools" / "check_contract.py"), str(out), str(SEED)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_extract_is_deterministic_and_jsonl_for_many(corpus):
    first = run("extract", str(corpus))
    second = run("extract", str(corpus))
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    lines = first.stdout.splitlines()
    assert [json.loads(line)["document"]["id"] for line in lines] == [
        "hun-sen-rejects-apology", "voa-001", "voa-002", "voa-003"]


def test_with_text_gives_the_text_offsets_refer_to(tmp_path):
    page = tmp_path / "a.json"
    page.write_text(json.dumps({"id": "j1", "text": "Prime Minister Ana Ruiz said on Monday that taxes would rise."}))
    article = json.loads(run("extract", str(page), "--with-text", "--published", "2024-01-10").stdout)
    text = article["document"]["text"]
    for actor in article["actors"]:
        for s, e in actor["mentions"]:
            assert text[s:e] in (actor["name"], *actor["aliases"])


def test_bad_inputs_are_reported_and_the_rest_still_comes_out(tmp_path):
    (tmp_path / "good.txt").write_text("The ministry said on Tuesday that the talks would resume.")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "bad.jsonl").write_text('{"text": "Officials met in Hanoi."}\nnot json\n')
    result = run("extract", str(tmp_path), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    ids = [json.loads(line)["document"]["id"] for line in result.stdout.splitlines()]
    assert ids == ["bad-1", "good"]
    assert "binary.txt: binary file" in result.stderr
    assert "bad.jsonl:2: not valid JSON" in result.stderr
    assert "missing.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_published_option_is_a_clear_error():
    result = run("extract", str(SEED), "--published", "last week")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def documents(db: Path) -> list[tuple[str, int]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT id, count(*) FROM documents GROUP BY id ORDER BY id").fetchall()


def test_ingest_twice_stores_each_document_once(corpus, tmp_path):
    db = tmp_path / "n.duckdb"
    first = run("ingest", str(corpus), "--db", str(db))
    assert first.exit_code == 0, first.output
    assert "ingested 4 new document(s), 0 already stored" in first.stderr
    second = run("ingest", str(corpus), str(corpus / "voa-001.txt"), "--db", str(db))
    assert second.exit_code == 0
    assert "ingested 0 new document(s), 5 already stored" in second.stderr
    assert documents(db) == [("hun-sen-rejects-apology", 1), ("voa-001", 1), ("voa-002", 1), ("voa-003", 1)]
    stats = run("stats", "--db", str(db))
    assert "documents" in stats.stdout and "voa-002" in stats.stdout
    summary = run("summary", "--db", str(db))
    assert "Hun Sen" in summary.stdout and "Who said what" in summary.stdout


def test_ingest_errors_go_to_the_errors_table(tmp_path):
    (tmp_path / "ok.txt").write_text("The court fined the company on Friday.")
    (tmp_path / "empty.txt").write_text("   ")
    db = tmp_path / "n.duckdb"
    result = run("ingest", str(tmp_path), "--db", str(db))
    assert result.exit_code == 1
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        [(source, reason)] = con.execute("SELECT input, reason FROM errors").fetchall()
    assert source.endswith("empty.txt") and "empty" in reason


KILLER = """
import os, signal, sys
from newscoder.store import database
original = database.Store._insert_records
calls = []
def insert_then_die(self, extraction):
    calls.append(1)
    original(self, extraction)
    if len(calls) == 3:  # rows of the third document written, its transaction not committed
        os.kill(os.getpid(), signal.SIGKILL)
database.Store._insert_records = insert_then_die
from newscoder.cli import app
app(sys.argv[1:])
"""


def test_ingest_killed_mid_transaction_then_rerun_stores_each_document_once(corpus, tmp_path):
    db = tmp_path / "n.duckdb"
    killed = subprocess.run([sys.executable, "-c", KILLER, "ingest", str(corpus), "--db", str(db)],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert killed.returncode == -signal.SIGKILL
    assert len(documents(db)) == 2  # the third document's uncommitted rows are gone
    rerun = run("ingest", str(corpus), "--db", str(db))
    assert rerun.exit_code == 0
    assert "ingested 2 new document(s), 2 already stored" in rerun.stderr
    assert [n for _, n in documents(db)] == [1, 1, 1, 1]
    with duckdb.connect(str(db), read_only=True) as con:
        orphans = con.execute("SELECT count(*) FROM actors WHERE doc NOT IN (SELECT sha256 FROM documents)").fetchone()
        assert orphans == (0,)


def test_workers_give_the_same_output_as_one_process(corpus):
    one = run("extract", str(corpus), "--jsonl")
    two = run("extract", str(corpus), "--jsonl", "--workers", "2")
    assert two.exit_code == 0
    assert one.stdout == two.stdout


def test_evaluate_prints_every_task(tmp_path):
    gold = SHARED / "gold" / "seed.gold.json"
    result = run("evaluate", str(gold), "--json", "--save-pred", str(tmp_path / "pred.jsonl"))
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    for task in ("quotes_direct", "quotes_indirect", "events", "amounts", "dates", "people", "roles"):
        assert task in scores
    reference = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_gold.py"), str(gold.parent), str(tmp_path / "pred.jsonl"),
         "--json"], capture_output=True, text=True, check=True)
    expected = json.loads(reference.stdout)
    # the reference scores the whole gold directory; compare the tasks on the seed article alone
    ours = run("evaluate", str(gold.parent), "--pred", str(tmp_path / "pred.jsonl"), "--json")
    assert json.loads(ours.stdout) == expected


def test_actors_add_writes_a_code_that_later_extractions_use(tmp_path, monkeypatch):
    codes = tmp_path / "codes.csv"
    monkeypatch.setenv("NEWSCODER_ACTOR_CODES", str(codes))
    text = tmp_path / "a.txt"
    text.write_text("Tep Vanny, a farmer in Takeo, said prices fell.")
    assert run("actors", "add", "Tep Vanny", "khmcvl").exit_code == 0
    assert "Tep Vanny,KHMCVL" in codes.read_text()
    article = json.loads(run("extract", str(text)).stdout)
    assert next(a for a in article["actors"] if a["name"] == "Tep Vanny")["code"] == "KHMCVL"
    bad = run("actors", "add", "Tep Vanny", "not a code")
    assert bad.exit_code == 2 and "invalid actor code" in bad.stderr


def test_evaluate_needs_exactly_one_kind_of_gold():
    assert run("evaluate").exit_code == 2
    assert run("evaluate", str(SHARED / "gold"), "--plover").exit_code == 2


@pytest.mark.skipif(not (SHARED / "data" / "polnear" / "dev").is_dir(), reason="PolNeAR not present")
def test_evaluate_polnear_on_a_few_articles():
    result = run("evaluate", "--polnear", str(SHARED / "data" / "polnear" / "dev"), "--limit", "2", "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["docs"] == 2 and len(scores["content_p_r_f1"]) == 3
