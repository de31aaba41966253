"""Readers: every input kind of the contract, and every kind of bad input."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from newscoder.errors import InputError
from newscoder.ingest import Article, read_inputs, text_sha256

TEXT = "The council approved the budget on Monday.\r\nThe mayor said it was fair.\n"


def read(*paths) -> list:
    return list(read_inputs([str(p) for p in paths]))


def test_txt_keeps_text_unchanged_and_reads_sidecar(tmp_path):
    (tmp_path / "story-1.txt").write_bytes(TEXT.encode())
    (tmp_path / "story-1.meta.json").write_text(json.dumps({"title": "Budget", "published": "2021-03-04"}))
    [article] = read(tmp_path / "story-1.txt")
    assert article.text == TEXT  # no newline rewriting, no stripping
    assert (article.id, article.title, article.published) == ("story-1", "Budget", "2021-03-04")


def test_published_override_wins_over_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("Some text here.")
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": "2021-03-04"}))
    [article] = list(read_inputs([str(tmp_path / "a.txt")], published="2020-01-02"))
    assert article.published == "2020-01-02"


def test_sha256_normalizes_line_ends_unicode_and_outer_space():
    assert text_sha256("  Caf\u00e9 a\r\nb \n") == text_sha256("Cafe\u0301 a\nb")
    assert text_sha256("a b") != text_sha256("a  b")


def test_json_object_list_and_jsonl(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"id": "x1", "text": "First article.", "url": "http://a"}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": "One."}, {"text": "Two."}]))
    (tmp_path / "lines.jsonl").write_text('{"id": "l1", "text": "Alpha."}\n\n{"text": "Beta."}\n')
    results = read(tmp_path / "one.json", tmp_path / "many.json", tmp_path / "lines.jsonl")
    assert [r.id for r in results] == ["x1", "many-1", "many-2", "l1", "lines-3"]
    assert results[0].url == "http://a"
    assert results[4].line == 3


def test_gzip_of_each_kind(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"Gzipped text."))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Gz line."}\n'))
    results = read(tmp_path / "a.txt.gz", tmp_path / "b.jsonl.gz")
    assert [(r.id, r.text) for r in results] == [("a", "Gzipped text."), ("b-1", "Gz line.")]


def test_html_body_and_metadata(tmp_path):
    body = " ".join(["The minister resigned on Tuesday after weeks of protests in the capital."] * 6)
    page = (f"<html><head><title>Minister resigns</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Minister resigns</h1><p>{body}</p><p>{body}</p></article></body></html>")
    (tmp_path / "page.html").write_text(page)
    [article] = read(tmp_path / "page.html")
    assert isinstance(article, Article)
    assert "minister resigned" in article.text
    assert "Home | World" not in article.text
    assert article.title == "Minister resigns"


def test_directory_is_recursive_sorted_and_skips_non_articles(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zed.")
    (tmp_path / "a.txt").write_text("Ay.")
    (tmp_path / "a.meta.json").write_text("{}")
    (tmp_path / "README.md").write_text("# not an article")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\x00\x00")
    results = read(tmp_path)
    assert [r.id for r in results] == ["a", "z"]
    assert all(isinstance(r, Article) for r in results)


def test_stdin_text_and_jsonl(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Text from a pipe.")))
    [article] = read("-")
    assert (article.id, article.file, article.text) == ("stdin", "-", "Text from a pipe.")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "A."}\n{"text": "B."}\n')))
    assert [r.text for r in read("-")] == ["A.", "B."]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x00\x01\x02PK\x00", "binary"),
        ("latin1.txt", "caf\u00e9".encode("latin-1"), "UTF-8"),
        ("empty.txt", b"  \n\n ", "empty"),
        ("broken.json", b'{"text": ', "not valid JSON"),
        ("notext.json", b'{"title": "no text"}', "no 'text'"),
        ("nobody.html", b"<html><body><nav>menu</nav></body></html>", "no article text"),
        ("bad.txt.gz", b"not gzip at all", "gzip"),
    ],
)
def test_bad_inputs_give_one_clear_error(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    [result] = read(path)
    assert isinstance(result, InputError)
    assert reason in result.reason
    assert str(path) in str(result)


def test_missing_file_and_bad_jsonl_line_keep_the_rest(tmp_path):
    (tmp_path / "mixed.jsonl").write_text('{"text": "Good one."}\n{bad json\n{"text": "Good two."}\n')
    results = read(tmp_path / "nope.txt", tmp_path / "mixed.jsonl")
    assert isinstance(results[0], InputError) and "no such file" in results[0].reason
    assert isinstance(results[2], InputError) and results[2].line == 2
    assert [r.text for r in results if isinstance(r, Article)] == ["Good one.", "Good two."]


def test_bad_sidecar_is_reported_but_article_kept(tmp_path):
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "a.meta.json").write_text("{not json")
    results = read(tmp_path / "a.txt")
    assert isinstance(results[0], InputError) and "sidecar" in results[0].reason
    assert isinstance(results[1], Article)


def test_input_error_survives_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(InputError("f.jsonl", "bad", 3)))
    assert (error.source, error.reason, error.line) == ("f.jsonl", "bad", 3)
