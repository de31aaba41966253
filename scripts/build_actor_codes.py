#!/usr/bin/env python3
"""Builds newscoder's actor-code data files from the PETRARCH2 / Phoenix dictionaries.

    python scripts/build_actor_codes.py [--dictionaries DIR] [--out DIR]

Reads (MIT, Open Event Data Alliance / Parus Analytics; see src/newscoder/data/SOURCES.md):

- ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``, ``Phoenix.MilNonState.actors.txt``:
  TABARI actor dictionaries: a name line (``HUN_SEN_``), ``+`` synonym lines, and code lines
  (``[KHMGOV 850114-930702]``, ``[KHMGOV >981130]``, ``[KHMELI]``) that may carry a date restriction.
- ``Phoenix.agents.txt``: agent (sector) words, ``PRIME_MINISTER [~GOV]``, with ``!MINIST!`` style substitution sets.

Writes:

- ``actor_codes.csv``: ``name,code,start,end,source``, one row per name (each synonym) and code. ``start``/``end``
  are ISO dates (empty: open); a row with neither is the name's default code, used when no dated row applies.
  ``source`` is the dictionary file (``countries``, ``international``, ``nonstate``) or ``newscoder`` for the
  hand-written entries below, which replace the Phoenix rows of the same name.
- ``role_codes.csv``: ``keyword,code,source``: agent phrases (lower case) and their sector code(s), without the
  country; an empty code means "no sector" (a newscoder override of a Phoenix agent that misleads here).

Entries whose codes all ended before 2010 are left out (see KEEP_ENDED_AFTER). Dictionary names that are
themselves generic agent phrases (``SENATE_`` as a synonym of the US Congress) are left
out of ``actor_codes.csv``: they would give every country's senate the US code. Output is sorted and stable, so a
rebuild from the same dictionaries gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DICTIONARIES = Path("/work/shared/data/petrarch/dictionaries")
DEFAULT_OUT = ROOT / "src" / "newscoder" / "data"
ACTOR_FILES = {
    "Phoenix.Countries.actors.txt": "countries",
    "Phoenix.International.actors.txt": "international",
    "Phoenix.MilNonState.actors.txt": "nonstate",
}
AGENT_FILE = "Phoenix.agents.txt"
# Entries whose every code is a closed date range that ended before this (mostly CountryInfo's cabinet ministers
# of the 1990s and 2000s) are left out, except Cambodian ones: they code nothing in current news, and keeping
# them would take the file past 2 MB.
KEEP_ENDED_AFTER = "2010-01-01"
CODE = re.compile(r"^(?:[A-Z0-9]{3})+$")

# Hand-written entries: current Cambodian politics, which the 2014 dictionaries lack or date.
# Conventions follow Phoenix's: a governing party is GOV (COMMUNIST_PARTY_OF_CHINA [CHNGOV], SPLM [SDNGOVPTY]),
# an opposition party OPP with PTY as its second role ([SDNOPPPTY]), an electoral commission GOV (agents:
# ELECTION_COMMISSION [~GOV]). (name, code, start, end); a person's dated rows split at a change of office.
NEWSCODER_ENTRIES: list[tuple[str, str, str, str]] = [
    ("Cambodian People's Party", "KHMGOVPTY", "", ""),
    ("Kampuchean People's Revolutionary Party", "KHMGOVPTY", "", ""),
    ("Cambodia National Rescue Party", "KHMOPPPTY", "", ""),
    ("Cambodian National Rescue Party", "KHMOPPPTY", "", ""),
    ("CNRP", "KHMOPPPTY", "", ""),
    ("Candlelight Party", "KHMOPPPTY", "", ""),
    ("Sam Rainsy Party", "KHMOPPPTY", "", ""),
    ("Human Rights Party", "KHMOPPPTY", "", ""),
    ("FUNCINPEC", "KHMPTY", "", ""),
    ("National Election Committee", "KHMGOV", "", ""),
    ("Royal Cambodian Armed Forces", "KHMMIL", "", ""),
    ("Royal Government of Cambodia", "KHMGOV", "", ""),
    ("Hun Manet", "KHMMIL", "", "2023-08-21"),
    ("Hun Manet", "KHMGOV", "2023-08-22", ""),
    ("Sam Rainsy", "KHMOPP", "", ""),
    ("Kem Sokha", "KHMOPP", "", ""),
    ("Cambodia National Rescue Movement", "KHMOPP", "", ""),
    ("CPP", "KHMGOVPTY", "", ""),  # an acronym: the article's country decides between entries
    ("CPP", "PHLREB", "", ""),  # Communist Party of the Philippines (with the New People's Army: PHLREB)
    # Domestic NGOs as Phoenix codes them: NGO, the country, the sector (NGOINDHRI, NGOLAOHRI).
    ("LICADHO", "NGOKHMHRI", "", ""),
    ("Cambodian League for the Promotion and Defense of Human Rights", "NGOKHMHRI", "", ""),
    ("ADHOC", "NGOKHMHRI", "", ""),
    ("Cambodian Human Rights and Development Association", "NGOKHMHRI", "", ""),
    ("Cambodian Center for Human Rights", "NGOKHMHRI", "", ""),
    ("Cambodian Centre for Human Rights", "NGOKHMHRI", "", ""),
    ("COMFREL", "NGOKHM", "", ""),
    ("Committee for Free and Fair Elections in Cambodia", "NGOKHM", "", ""),
    # Media the dictionaries lack.
    ("Voice of America", "USAMED", "", ""),
    ("VOA", "USAMED", "", ""),
    ("VOA Khmer", "USAMED", "", ""),
    ("Voice of America Khmer", "USAMED", "", ""),
    ("Radio Free Asia", "USAMED", "", ""),
    ("Voice of Democracy", "KHMMED", "", ""),
    ("Phnom Penh Post", "KHMMED", "", ""),
    ("Cambodia Daily", "KHMMED", "", ""),
    ("Khmer Times", "KHMMED", "", ""),
]

# Agent-table overrides: (keyword, code). An empty code removes the Phoenix agent.
NEWSCODER_AGENTS: list[tuple[str, str]] = [
    # Phoenix codes a bare spokesperson MED; in politics a spokesman speaks for his organization, whose code
    # newscoder takes from the role's organization instead. Without one, the title says nothing of the sector.
    ("spokesman", ""),
    ("spokeswoman", ""),
    ("spokesperson", ""),
    ("spokesmen", ""),
    ("spokeswomen", ""),
    # Words of organization names and titles that Phoenix lacks.
    ("party", "PTY"),
    ("opposition", "OPP"),
    ("election committee", "GOV"),
    ("press", "MED"),
    ("daily", "MED"),
    ("news", "MED"),
    ("post", "MED"),
    ("times", "MED"),
    ("radio", "MED"),
    ("tv", "MED"),
    ("broadcaster", "MED"),
    ("editor", "MED"),
    ("academy", "EDU"),
    ("center for human rights", "HRI"),
    ("centre for human rights", "HRI"),
]


@dataclass
class Entry:
    names: list[str] = field(default_factory=list)
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # (code, start, end)


def clean_name(raw: str) -> str:
    """``HUN_SEN_`` -> ``HUN SEN``; parenthesized disambiguations and stray ``+`` joins dropped."""
    name = raw.split(";", 1)[0]
    name = re.sub(r"\([^)]*\)", " ", name)
    name = name.replace("_", " ").replace("+", " ")
    return re.sub(r"\s+", " ", name).strip(" ,")


def key(name: str) -> str:
    """The same folding as newscoder.stages.codes.key (without the honorifics), for the generic-name filter."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    name = re.sub(r"['`.]", "", name)
    name = re.sub(r"[^a-z0-9]+", " ", name).strip()
    return re.sub(r"^the ", "", name)


def plural(phrase: str) -> str:
    """PETRARCH's regular plural of a phrase's last word (as newscoder.stages.codes.role_keywords makes it)."""
    if phrase.endswith("y"):
        return phrase[:-1] + "ies"
    return phrase + ("es" if phrase.endswith("s") else "s")


def tabari_date(text: str) -> dt.date:
    """TABARI dates: YYMMDD (00-30 are 20YY) when 7 characters or fewer, else YYYYMMDD."""
    if len(text) > 7:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    year = int(text[:2])
    year += 2000 if year <= 30 else 1900
    return dt.date(year, int(text[2:4]), int(text[4:6]))


def parse_code(group: str) -> tuple[str, str, str] | None:
    """``KHMGOV 850114-930702`` -> (code, '1985-01-14', '1993-07-02'); '<'/'>' bound one end; None if unusable."""
    parts = group.split(None, 1)
    if not parts:
        return None
    code, rest = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    if not CODE.match(code):  # '---' (no code) and typos
        return None
    if not rest:
        return code, "", ""
    try:
        if rest[0] in "<>":
            digits = re.search(r"\d+", rest)
            if not digits:
                return None
            day = tabari_date(digits.group()).isoformat()
            return (code, "", day) if rest[0] == "<" else (code, day, "")
        first, _, second = rest.partition("-")
        start, end = tabari_date(first.strip()), tabari_date(second.strip())
    except (ValueError, IndexError):
        return None
    if end < start:
        return None
    return code, start.isoformat(), end.isoformat()


def read_actor_file(path: Path) -> tuple[list[Entry], int]:
    """The file's entries, and how many code groups could not be read (bad dates, '---')."""
    entries: list[Entry] = []
    skipped = 0
    current: Entry | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not raw.strip() or raw.startswith("#") or "---STOP---" in raw:
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        groups = re.findall(r"\[([^\]]*)\]", line)
        head = line.split("[", 1)[0]
        if raw[0] in " \t":  # a code line of the current entry
            if current is None:
                continue
        elif head.startswith("+"):  # a synonym of the current entry
            if current is None:
                continue
            name = clean_name(head[1:])
            if name:
                current.names.append(name)
        else:  # a new entry
            name = clean_name(head)
            current = Entry(names=[name] if name else [])
            entries.append(current)
        for group in groups:
            code = parse_code(group)
            if code is None:
                skipped += 1
            elif current is not None:
                current.codes.append(code)
    return [e for e in entries if e.names and e.codes], skipped


def read_agents(path: Path) -> dict[str, str]:
    """Agent phrase (lower case, spaces) -> sector code without the '~'. First definition wins."""
    subs: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "!" in line and "=" in line:
            marker, _, items = line.partition("=")
            subs[marker.strip().strip("!")] = [i.strip() for i in items.split(",") if i.strip()]
            continue
        if "[" not in line:
            continue
        phrase, _, rest = line.partition("[")
        code = rest.split("]", 1)[0].strip().lstrip("~")
        phrase = re.sub(r"\{[^}]*\}", " ", phrase)
        if not CODE.match(code):
            continue
        forms = [phrase]
        marker = re.search(r"!([A-Z]+)!", phrase)
        if marker:
            forms = [phrase.replace(marker.group(0), sub) for sub in subs.get(marker.group(1), [])]
        for form in forms:
            text = re.sub(r"\s+", " ", form.replace("_", " ")).strip().lower()
            if text and text not in agents:
                agents[text] = code
    return agents


def _current_enough(entry: Entry) -> bool:
    return any(not end or end >= KEEP_ENDED_AFTER or code.startswith("KHM") for code, _, end in entry.codes)


def build(dictionaries: Path, out: Path) -> dict[str, int]:
    agents = read_agents(dictionaries / AGENT_FILE)
    for keyword, code in NEWSCODER_AGENTS:
        agents[keyword] = code
    agent_keys = {key(k) for k in agents} | {plural(key(k)) for k in agents}

    rows: set[tuple[str, str, str, str, str]] = set()
    stats = {"skipped_codes": 0, "generic_names": 0, "old_entries": 0}
    curated = {key(name) for name, *_ in NEWSCODER_ENTRIES}
    for filename, source in ACTOR_FILES.items():
        entries, skipped = read_actor_file(dictionaries / filename)
        stats["skipped_codes"] += skipped
        for entry in entries:
            if not _current_enough(entry):
                stats["old_entries"] += 1
                continue
            for name in entry.names:
                k = key(name)
                if not k or k in curated:
                    continue
                if k in agent_keys:
                    stats["generic_names"] += 1
                    continue
                for code, start, end in entry.codes:
                    rows.add((name, code, start, end, source))
    for name, code, start, end in NEWSCODER_ENTRIES:
        rows.add((name, code, start, end, "newscoder"))

    order = {"newscoder": 0, "countries": 1, "international": 2, "nonstate": 3}
    ordered = sorted(rows, key=lambda r: (key(r[0]), r[0], order[r[4]], r[2], r[3], r[1]))
    out.mkdir(parents=True, exist_ok=True)
    with (out / "actor_codes.csv").open("w", encoding="utf-8", newline="") as f:
        f.write(
            "# Actor names and their CAMEO actor codes. Generated by scripts/build_actor_codes.py from the\n"
            "# PETRARCH2/Phoenix dictionaries (MIT; see SOURCES.md) plus newscoder's own entries; do not edit\n"
            "# by hand: add your own with `newscoder actors add NAME CODE` (a user file read on top of this).\n"
            "# start/end: ISO dates bounding the code (empty: open); a row with neither is the default code.\n"
        )
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["name", "code", "start", "end", "source"])
        writer.writerows(ordered)
    with (out / "role_codes.csv").open("w", encoding="utf-8", newline="") as f:
        f.write(
            "# Title and organization keywords and the CAMEO sector code they give (the country comes from\n"
            "# elsewhere). Generated by scripts/build_actor_codes.py from Phoenix.agents.txt (MIT; see\n"
            "# SOURCES.md) plus newscoder's overrides; an empty code means the keyword gives no sector.\n"
        )
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["keyword", "code", "source"])
        overridden = {k for k, _ in NEWSCODER_AGENTS}
        for keyword in sorted(agents):
            writer.writerow([keyword, agents[keyword], "newscoder" if keyword in overridden else "phoenix"])
    stats["actor_rows"] = len(ordered)
    stats["actor_names"] = len({key(r[0]) for r in ordered})
    stats["role_rows"] = len(agents)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dictionaries", type=Path, default=DEFAULT_DICTIONARIES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    stats = build(args.dictionaries, args.out)
    for name, value in stats.items():
        print(f"{name}: {value}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
