"""Human names for programs: NRMP writes "Internal Medicine - Massachusetts Gen Hosp"; people say
"Massachusetts General Hospital".

`Program.name` is "<NRMP program title> - <sponsor>". The title carries the specialty (already a
field of its own) and sometimes a track or a site after a slash ("Family Medicine/Sebring",
"Psychiatry/Research"); the sponsor is written in NRMP's abbreviations. This module splits the
two and builds, without touching `name`:

- `display_name`: the sponsor's human name, plus the site in brackets when the title names one
  ("AdventHealth (Sebring)"). Never the specialty: every screen and draft shows that already.
- `short_name`: the same in at most `SHORT_MAX` cells, for narrow columns.
- `subtitle`: the track or site part of the title, expanded ("Research", "Royal Oak").

How a sponsor name is read (in this order; each rule is one table below):
1. `data/name_overrides.csv` — a reviewed table for sponsors the rules get wrong
   ("B I Deaconess Med Ctr" -> "Beth Israel Deaconess Medical Center") and the everyday aliases
   people search by ("MGH", "Mass General"). An empty display column keeps the rules' name.
2. `PHRASES` — multi-word abbreviations first ("Med Ctr" -> "Medical Center", "SOM" -> "School of
   Medicine", "Coll Med" -> "College of Medicine").
3. `WORDS` — single words ("Gen" -> "General", "Hosp" -> "Hospital", "Hlth" -> "Health").
4. "U"/"Univ" opening the name reads "University of" ("U Texas ..." -> "University of Texas ...").
5. Saints and possessives ("St Lukes" -> "St. Luke's", "Childrens" -> "Children's").
6. A place after a hyphen ("U Arizona COM-Phoenix") becomes ", Phoenix"; a state code that is
   the program's own state ("-TX") is dropped; city codes ("-SF", "-LA") are spelled out.

The tables of rules 2-6 are data (data/name_rules.json, each with why); matching one program
however it is written (`match_key`, `sponsor_keys`) is core/match_keys.py.

Pure functions over strings, cached: the Programs list asks for a row's name on every redraw.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from smartpick_tui.core.geography import STATE_REGION
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.locations import data_dir

OVERRIDES_FILE = "name_overrides.csv"
SHORT_MAX = 28

RULES_FILE = "name_rules.json"  # the tables of rules 2-6, data/name_rules.json


def _load_rules() -> dict[str, Any]:
    """data/name_rules.json's tables (each with its `why`); read once, at import."""
    rules: dict[str, Any] = json.loads((data_dir() / RULES_FILE).read_text(encoding="utf-8"))
    return {name: table["rows"] for name, table in rules.items() if isinstance(table, dict)}


_RULES = _load_rules()
# Rule 2: phrases, in the file's order (longest first, so "Coll of Osteo Med" wins over "Coll").
PHRASES: tuple[tuple[str, str], ...] = tuple((phrase, words) for phrase, words in _RULES["phrases"])
WORDS: dict[str, str] = dict(_RULES["words"])  # rule 3: single words
# The abbreviations a display name must never contain (tests check every shipped program).
NRMP_ABBREVIATIONS: frozenset[str] = frozenset(_RULES["nrmp_abbreviations"])
# Rule 5: possessives ("St Lukes" -> "St. Luke's"); the second table's words only after "St".
POSSESSIVE_ANYWHERE: dict[str, str] = dict(_RULES["possessive_anywhere"])
POSSESSIVE_AFTER_SAINT: dict[str, str] = dict(_RULES["possessive_after_saint"])
PLACE_CODES: dict[str, str] = dict(_RULES["place_codes"])  # rule 6: places written as codes
# Words that make a title's subtitle a track (program type) rather than a site (a place).
TRACK_WORDS: frozenset[str] = frozenset(_RULES["track_words"])
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[A-Za-z&]+")


@dataclass(frozen=True, slots=True)
class NameOverride:
    """One reviewed row of `data/name_overrides.csv`."""

    sponsor: str  # the NRMP sponsor name, exactly as in programs.csv
    display: str  # "" keeps the rules' name
    short: str  # "" derives the short form
    aliases: tuple[str, ...]  # everyday names people search by


@dataclass(frozen=True, slots=True)
class ProgramNames:
    """Every name of one program. `title` and `sponsor_nrmp` are NRMP's; the rest are ours."""

    title: str
    sponsor_nrmp: str
    sponsor: str
    subtitle: str
    site: str
    display: str
    short: str
    aliases: tuple[str, ...]


def _replace_phrase(text: str, phrase: str, replacement: str) -> str:
    pattern = r"(?<![A-Za-z&])" + re.escape(phrase) + r"(?![A-Za-z&])"
    return re.sub(pattern, replacement, text)


def expand(text: str) -> str:
    """NRMP abbreviations written out (rules 2-5); spacing normalised."""
    text = _SPACE.sub(" ", clean_line(text))
    for phrase, replacement in PHRASES:
        if phrase in text:
            text = _replace_phrase(text, phrase, replacement)
    # Rule 4: a leading "U"/"Univ" followed by a name reads "University of".
    text = re.sub(r"^(?:U|Univ) (?!of\b|Hosp|Med\b|Medical\b|Center\b|Ctr\b)", "University of ", text)
    text = re.sub(r"(?<=[/-])(?:U|Univ) (?!of\b)", "University of ", text)
    return _TOKEN.sub(lambda m: _word(m, text), text)


def _word(match: re.Match[str], text: str) -> str:
    """Rules 3 and 5 for one word; the word before it decides saints' possessives."""
    word = match.group(0)
    before = text[: match.start()].rstrip(". ")
    after_saint = before.endswith(" St") or before == "St"
    if word == "Res":  # "Family Med Res" is a residency; "Med Ed & Res Consortium" research
        return "Residency" if match.end() == len(text) else "Research"
    if word in WORDS:
        return WORDS[word]
    if word in POSSESSIVE_ANYWHERE:
        return POSSESSIVE_ANYWHERE[word]
    if word in POSSESSIVE_AFTER_SAINT and after_saint:
        return POSSESSIVE_AFTER_SAINT[word]
    if (
        word == "St"
        and text[match.end() : match.end() + 2][:1] == " "
        and text[match.end() + 1 : match.end() + 2].isupper()
    ):
        return "St."
    return word


def _place_suffix(sponsor: str, state: str) -> tuple[str, str]:
    """("U Arizona COM", "Phoenix") from "U Arizona COM-Phoenix"; the place is "" when the
    hyphen joins one name ("Cedars-Sinai", "Barnes-Jewish") or the suffix is the state."""
    head, sep, tail = sponsor.rpartition("-")
    if not sep or " " not in head.strip() or not tail[:1].isupper():
        return sponsor, ""
    tail = tail.strip()
    if tail == state or (tail in STATE_REGION and tail not in PLACE_CODES):
        return head.strip(), ""
    return head.strip(), PLACE_CODES.get(tail, tail)


@lru_cache(maxsize=1)
def overrides() -> dict[str, NameOverride]:
    """The reviewed table, keyed by NRMP sponsor name (read once per process)."""
    path = data_dir() / OVERRIDES_FILE
    table: dict[str, NameOverride] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(row for row in handle if not row.startswith("#")):
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
            table[row["sponsor"]] = NameOverride(
                row["sponsor"],
                (row.get("display") or "").strip(),
                (row.get("short") or "").strip(),
                aliases,
            )
    return table


@lru_cache(maxsize=4096)
def sponsor_name(sponsor: str, state: str = "") -> str:
    """The sponsor's human name: the override if reviewed, else the rules."""
    override = overrides().get(sponsor)
    if override and override.display:
        return override.display
    head, place = _place_suffix(_SPACE.sub(" ", clean_line(sponsor)), state)
    name = expand(head)
    if place:
        place = expand(place)
        if place.casefold() not in name.casefold():
            name = f"{name}, {place}"
    return name


def split_name(name: str, institution: str) -> tuple[str, str]:
    """(NRMP title, NRMP sponsor) of a `Program.name`; an imported row without the NRMP shape
    is all sponsor."""
    name = _SPACE.sub(" ", clean_line(name))
    institution = _SPACE.sub(" ", clean_line(institution))
    if institution and name.endswith(" - " + institution):
        return name[: -len(institution) - 3], institution
    title, sep, sponsor = name.partition(" - ")
    if sep and sponsor:
        return title, sponsor
    return "", name


def subtitle_of(title: str) -> str:
    """The track or site part of an NRMP title, expanded: "Family Medicine/Sebring" -> "Sebring",
    "Internal Medicine (NRMP track C1)" -> "NRMP track C1", "Internal Medicine" -> ""."""
    parts = []
    head, _, rest = title.partition("/")
    if rest:
        parts.append(rest)
    bracket = re.search(r"\(([^)]*)\)\s*$", head)
    if bracket:
        parts.append(bracket.group(1))
    return expand(" · ".join(parts)) if parts else ""


def is_site(subtitle: str) -> bool:
    """A subtitle names a site (a place or campus) when none of its words names a track."""
    words = [w.casefold() for w in re.split(r"[\s/·,&()+-]+", subtitle) if w]
    return bool(words) and not any(w in TRACK_WORDS or any(c.isdigit() for c in w) for w in words)


def shorten(name: str, limit: int = SHORT_MAX) -> str:
    """`name` in at most `limit` characters: generic words dropped, "University of" contracted,
    then cut at a word with '…'."""
    if len(name) <= limit:
        return name
    for long, short in (
        (", ", " "),
        (" Medical Center", " Med. Ctr."),
        ("University of ", "U. "),
        (" University", " Univ."),
        (" School of Medicine", ""),
        (" College of Medicine", ""),
        (" Graduate Medical Education", ""),
        (" Hospitals", " Hosps."),
        (" Hospital", " Hosp."),
        (" Health System", ""),
        (" Healthcare", ""),
        (" Medical", " Med."),
    ):
        if long in name and name.replace(long, short).strip():
            name = re.sub(r" (?:for|of|at|and|&)$", "", name.replace(long, short).strip())
            if len(name) <= limit:
                return name
    cut = name[: limit - 1].rsplit(" ", 1)[0] if " " in name[: limit - 1] else name[: limit - 1]
    return cut.rstrip(" ,-/(") + "…"


@lru_cache(maxsize=65536)
def _names(name: str, institution: str, state: str) -> ProgramNames:
    title, sponsor_nrmp = split_name(name, institution)
    sponsor = sponsor_name(sponsor_nrmp, state) or expand(name)
    subtitle = subtitle_of(title)
    site = subtitle if is_site(subtitle) else ""
    display = sponsor if not site or site.casefold() in sponsor.casefold() else f"{sponsor} ({site})"
    override = overrides().get(sponsor_nrmp)
    base = override.short if override and override.short else sponsor
    short = shorten(display if base == sponsor else base)
    if site and site.casefold() not in sponsor.casefold():
        fitted = shorten(base, SHORT_MAX - len(site) - 3)
        if not fitted.endswith("…"):  # the site says more than a cut sponsor
            short = f"{fitted} ({site})"
    return ProgramNames(
        title,
        sponsor_nrmp,
        sponsor,
        subtitle,
        site,
        display,
        short,
        override.aliases if override else (),
    )


def names(program: Program) -> ProgramNames:
    """Every name of `program` (cached by its NRMP name, sponsor and state)."""
    return _names(program.name, program.institution, program.state)


def display_name(program: Program) -> str:
    """The human name shown everywhere and used in drafts ("Massachusetts General Hospital")."""
    return names(program).display


def short_name(program: Program) -> str:
    """The display name in at most `SHORT_MAX` characters, for narrow columns."""
    return names(program).short
