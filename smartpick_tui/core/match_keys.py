"""One program however it is written: the key two spellings of a name share (`match_key`), and
every key a program is known by (`sponsor_keys`, `alias_keys`). The catalog merge and the CSV
import match on these (core/catalog.py); the human names they start from are core/names.py."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

from smartpick_tui.core.names import RULES_FILE, expand, names
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import UnknownSpecialty, specialty_by_id
from smartpick_tui.locations import data_dir

# Letters of other scripts drawn like Latin ones (data/name_rules.json "confusables"): "Меrcy"
# with a Cyrillic М and е is not a second Mercy. Folded before anything else, so the
# abbreviation rules see Latin letters.
CONFUSABLES = str.maketrans(
    json.loads((data_dir() / RULES_FILE).read_text(encoding="utf-8"))["confusables"]["rows"]
)
# Zero-width and bidi controls (docs/pitfalls.md): invisible, so never part of a name.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def has_lookalikes(text: str) -> bool:
    """Whether `text` holds letters of another script drawn like Latin ones."""
    return unicodedata.normalize("NFKC", text).translate(CONFUSABLES) != unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=200_000)
def match_key(text: str) -> str:
    """The form two spellings of one name share: NFKC, look-alike letters folded, invisible
    characters dropped, NRMP abbreviations expanded (`expand`), accents dropped, case folded,
    punctuation and "the" removed, "&" read "and", "Saint" read "St":
    "Brigham & Womens Hosp" and "Brigham and Women's Hospital" -> "brigham and womens hospital"."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", clean_line(text))).translate(CONFUSABLES)
    text = expand(text).replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = [w for w in _NOT_ALNUM.sub(" ", text.casefold()).split() if w != "the"]
    return " ".join("st" if w == "saint" else w for w in words)


def sponsor_keys(program: Program) -> frozenset[str]:
    """Every `match_key` a program is known by: its sponsor's human name (override or rules),
    the rules' reading of NRMP's sponsor and its institution (aliases: `alias_keys`)."""
    known = names(program)
    forms = {known.sponsor, known.sponsor_nrmp, expand(program.institution)}
    keys = {key for key in map(match_key, forms) if key}
    if not known.title:  # a name the user wrote may carry the specialty: "Utah Health IM"
        keys |= {key for key in (_without_specialty(k, program.specialty) for k in keys) if key}
    return frozenset(keys)


def alias_keys(program: Program) -> frozenset[str]:
    """The `match_key`s of the program's everyday aliases ("mgh", "mass general")."""
    return frozenset(key for key in map(match_key, names(program).aliases) if key)


def _without_specialty(key: str, specialty_id: str) -> str:
    """`key` without its specialty's name or alias at either end ("" if none was there)."""
    try:
        specialty = specialty_by_id(specialty_id)
    except UnknownSpecialty:
        return ""
    for form in sorted(
        {match_key(specialty.name), *map(match_key, specialty.aliases)}, key=len, reverse=True
    ):
        if form and key.endswith(" " + form):
            return key[: -len(form) - 1]
        if form and key.startswith(form + " "):
            return key[len(form) + 1 :]
    return ""
