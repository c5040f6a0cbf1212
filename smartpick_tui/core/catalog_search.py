"""Search, filter and sort over the catalog, fast enough to run on every keystroke at 50,000 rows.

`CatalogIndex` is built once per catalog (in a worker: ~0.3 s at 50,000 programs) and then
answers `search(filters)` with program indexes in display order:
- text: every word typed must occur in the program's NRMP name, display name, everyday aliases
  ("MGH", "Hopkins": `data/name_overrides.csv`), institution or city (substring, so "cardi"
  finds "Cardiology"); a word of 4+ letters also matches a whole word one typo away (one
  insertion, deletion, substitution or swap: "bostn" and "stanfrod" still match), looked up
  through a table of one-letter deletions rather than by comparing against every word;
- match quality first, the chosen sort second: the query is a program's whole display name or
  alias ("Stanford", "Mass General") > begins one > is a phrase inside one > every word found >
  some word found only one typo away (so "Stanford" lists Stanford before Stamford and Sanford);
- filters: specialty, state or Census region/division, setting, tier (estimate) and class;
- sort: fit (estimated interview chance, highest first), name, state, or score gap (where your
  Step 2 CK stands out most against the estimated typical score first, §4).

Sort orders are computed when the index is built or the fits change, so a search is a few
linear passes over plain lists: no sorting per keystroke (quality levels are buckets filled in
one pass over the sort order).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from smartpick_tui.core.fit import Fit
from smartpick_tui.core.geo import Place, locate, miles_between
from smartpick_tui.core.geography import STATE_DIVISION, STATE_REGION
from smartpick_tui.core.names import names as program_names
from smartpick_tui.core.programs import Estimates, Program, Setting, Tier
from smartpick_tui.core.trackers import ProgramClass

FUZZY_MIN_LENGTH = 4
# Match quality levels, best first (see the module docstring); NO_MATCH marks a non-hit.
WHOLE_NAME, NAME_START, NAME_PHRASE, EVERY_WORD, TYPO = range(5)
QUALITY_LEVELS = 5
NO_MATCH = 255
_NON_WORD = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(rf"[a-z]{{{FUZZY_MIN_LENGTH},}}")


class SortKey(str, Enum):
    FIT = "fit"
    NAME = "name"
    STATE = "state"
    GAP = "gap"

    @property
    def label(self) -> str:
        return {
            "fit": "fit (est. interview chance)",
            "name": "name",
            "state": "state",
            "gap": "score gap (est.)",
        }[self.value]


@dataclass(frozen=True)
class Near:
    """Within `miles` of a place (great-circle, between city centres)."""

    place: Place
    miles: int

    @property
    def label(self) -> str:
        return f"≤ {self.miles} mi of {self.place.name}, {self.place.state}"


@dataclass(frozen=True)
class Filters:
    """What the user asked for. `place` is a state code or a Census region/division name."""

    text: str = ""
    specialty: str | None = None
    place: str | None = None
    setting: Setting | None = None
    tier: Tier | None = None
    klass: ProgramClass | None = None
    sort: SortKey = SortKey.FIT
    near: Near | None = None

    def with_changes(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def narrowed(self) -> bool:
        """Whether any filter besides the text hides programs."""
        return any(
            value is not None
            for value in (
                self.specialty,
                self.place,
                self.setting,
                self.tier,
                self.klass,
                self.near,
            )
        )

    def describe(self, specialty_names: Mapping[str, str] | None = None) -> list[str]:
        """The active filters as short labels, for a status line that is always visible."""
        parts = []
        if self.text.strip():
            parts.append(f'"{self.text.strip()}"')
        if self.specialty:
            parts.append((specialty_names or {}).get(self.specialty, self.specialty))
        if self.place:
            parts.append(self.place)
        if self.setting:
            parts.append(self.setting.value)
        if self.tier:
            parts.append(f"tier {self.tier.value} (est.)")
        if self.klass:
            parts.append(self.klass.value)
        if self.near:
            parts.append(self.near.label)
        return parts


def elsewhere_hint(
    filters: Filters,
    shown: int,
    text_matches: int,
    specialty_names: Mapping[str, str] | None = None,
) -> str:
    """'"Cleveland Clinic": 0 in Emergency Medicine · 14 in other specialties' when the filters
    hide programs the text finds (`text_matches` from `CatalogIndex.count_text_matches`), so a
    search never looks empty while its program is one filter away; "" otherwise."""
    query = " ".join(filters.text.split())
    hidden = text_matches - shown
    if not query or hidden <= 0 or not filters.narrowed:
        return ""
    only_specialty = filters.specialty and filters.with_changes(specialty=None).narrowed is False
    if only_specialty:
        where = (specialty_names or {}).get(filters.specialty or "", filters.specialty)
        return f'"{query}": {shown:,} in {where} · {hidden:,} in other specialties'
    return f'"{query}": {shown:,} with these filters · {hidden:,} outside them'


def fold(text: str) -> str:
    """Lower-case words separated by single spaces: the form searched and typed queries take."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (insert, delete, substitute, or swap two neighbours)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


@dataclass(frozen=True)
class FitOrders:
    fits: Sequence[Fit]
    by_fit: list[int]
    by_gap: list[int]
    klass: list[ProgramClass | None]


class CatalogIndex:
    """Search structures over one catalog. Thread-safe to build in a worker; `set_fits` is
    called again whenever the profile (or an away rotation) changes."""

    def __init__(self, programs: Sequence[Program], estimates: Sequence[Estimates]) -> None:
        self.programs = programs
        self.estimates = estimates
        n = len(programs)
        known = [program_names(p) for p in programs]
        # Display name and aliases, each folded with a leading space so that a phrase found
        # at a word start is `" " + phrase in label`.
        self._labels = [tuple(" " + fold(label) for label in (k.display, *k.aliases)) for k in known]
        self._hay = [
            fold(f"{p.name} {k.display} {' '.join(k.aliases)} {p.institution} {p.city}")
            for p, k in zip(programs, known, strict=False)
        ]
        self._specialty = [p.specialty for p in programs]
        self._state = [p.state for p in programs]
        self._setting = [p.setting for p in programs]
        self._tier = [e.tier for e in estimates]
        postings: dict[str, list[int]] = {}
        for i, hay in enumerate(self._hay):
            for word in set(_WORD.findall(hay)):
                postings.setdefault(word, []).append(i)
        self._postings = postings
        deletes: dict[str, list[str]] = {}
        for word in postings:
            deletes.setdefault(word, []).append(word)
            for variant in _deletions(word):
                deletes.setdefault(variant, []).append(word)
        self._deletes = deletes
        names = [fold(k.display) for k in known]  # "name" sorts by what the list shows
        self._order_name = sorted(range(n), key=names.__getitem__)
        self._order_state = sorted(range(n), key=lambda i: (self._state[i], fold(programs[i].city), names[i]))
        self._order_fit = self._order_name
        self._order_gap = self._order_name
        self._fit_klass: list[ProgramClass | None] = [None] * n
        self._klass: list[ProgramClass | None] = [None] * n
        self.fits: Sequence[Fit] | None = None
        self._places: list[Place | None] | None = None  # located on the first distance filter

    def __len__(self) -> int:
        return len(self.programs)

    def fit_orders(self, fits: Sequence[Fit]) -> FitOrders:
        """The sort orders and classes for new fits. Pure: run it in a worker thread, then
        hand the result to `use_fits` on the UI thread."""
        if len(fits) != len(self.programs):
            raise ValueError("one Fit per program is required")
        rank = [0] * len(fits)
        for pos, i in enumerate(self._order_name):
            rank[i] = pos
        by_fit = sorted(range(len(fits)), key=lambda i: (-fits[i].p_interview, rank[i]))
        by_gap = sorted(
            range(len(fits)),
            key=lambda i: (
                -(gap if (gap := fits[i].score_gap) is not None else -999),
                rank[i],
            ),
        )
        return FitOrders(fits, by_fit, by_gap, [fit.klass for fit in fits])

    def use_fits(self, orders: FitOrders, overrides: Mapping[int, ProgramClass] | None = None) -> None:
        self.fits = orders.fits
        self._order_fit = orders.by_fit
        self._order_gap = orders.by_gap
        self._fit_klass = orders.klass
        self.set_overrides(overrides or {})

    def set_fits(self, fits: Sequence[Fit], overrides: Mapping[int, ProgramClass] | None = None) -> None:
        """New fits for the current profile (both steps at once, for the CLI and tests)."""
        self.use_fits(self.fit_orders(fits), overrides)

    def set_overrides(self, overrides: Mapping[int, ProgramClass]) -> None:
        """The user's own class for some programs (ProgramMark.class_override) wins."""
        klass = list(self._fit_klass)
        for i, value in overrides.items():
            klass[i] = value
        self._klass = klass

    def klass(self, i: int) -> ProgramClass | None:
        return self._klass[i]

    def fuzzy_words(self, token: str) -> set[str]:
        """Whole words of the catalog one typo away from `token` (4+ letters only)."""
        if len(token) < FUZZY_MIN_LENGTH or not token.isalpha():
            return set()
        found: set[str] = set()
        for variant in (token, *_deletions(token)):
            for word in self._deletes.get(variant, ()):
                if word not in found and within_one_edit(token, word):
                    found.add(word)
        return found

    def search(self, filters: Filters) -> list[int]:
        """Indexes of the programs matching `filters`: best match first, then the requested
        order."""
        tokens = fold(filters.text).split()
        candidates, typo_only = self._text_matches(tokens, self._filtered(filters))
        order = self._order(filters.sort)
        if len(candidates) == len(self.programs) and not tokens:
            return list(order)
        quality = self._quality(" ".join(tokens), candidates, typo_only)
        buckets: list[list[int]] = [[] for _ in range(QUALITY_LEVELS)]
        for i in order:
            level = quality[i]
            if level != NO_MATCH:
                buckets[level].append(i)
        return [i for bucket in buckets for i in bucket]

    def count_text_matches(self, text: str) -> int:
        """How many programs the text alone finds, whatever the filters: what the Programs
        pane compares with its filtered count to say that hits exist elsewhere."""
        return len(self._text_matches(fold(text).split(), range(len(self.programs)))[0])

    def _text_matches(self, tokens: Sequence[str], candidates: Sequence[int]) -> tuple[list[int], set[int]]:
        """(programs holding every token, those of them found only through a typo)."""
        hay = self._hay
        found = list(candidates)
        typo_only: set[int] = set()
        for token in tokens:
            exact = [i for i in found if token in hay[i]]
            fuzzy_ids: set[int] = set()
            for word in self.fuzzy_words(token):
                if token not in word:
                    fuzzy_ids.update(self._postings[word])
            if fuzzy_ids:
                exact_set = set(exact)
                extra = [i for i in found if i in fuzzy_ids and i not in exact_set]
                typo_only.update(extra)
                exact.extend(extra)
            found = exact
        return found, typo_only

    def _quality(self, phrase: str, candidates: Sequence[int], typo_only: set[int]) -> bytearray:
        """The match level of every candidate (NO_MATCH for the others)."""
        quality = bytearray(b"\xff") * len(self.programs)
        if not phrase:
            for i in candidates:
                quality[i] = WHOLE_NAME
            return quality
        spaced = " " + phrase
        labels = self._labels
        for i in candidates:
            if i in typo_only:
                quality[i] = TYPO
                continue
            level = EVERY_WORD
            for label in labels[i]:
                if label == spaced:
                    level = WHOLE_NAME
                    break
                if label.startswith(spaced):
                    level = NAME_START
                elif level > NAME_PHRASE and spaced in label:
                    level = NAME_PHRASE
            quality[i] = level
        return quality

    def _order(self, sort: SortKey) -> list[int]:
        return {
            SortKey.FIT: self._order_fit,
            SortKey.NAME: self._order_name,
            SortKey.STATE: self._order_state,
            SortKey.GAP: self._order_gap,
        }[sort]

    def _filtered(self, f: Filters) -> list[int]:
        result: Sequence[int] = range(len(self.programs))
        if f.specialty:
            column = self._specialty
            result = [i for i in result if column[i] == f.specialty]
        if f.place:
            place = f.place
            if place in STATE_REGION:
                column = self._state
                result = [i for i in result if column[i] == place]
            else:
                states = {
                    s for s in STATE_REGION if STATE_REGION[s] == place or STATE_DIVISION.get(s) == place
                }
                column = self._state
                result = [i for i in result if column[i] in states]
        if f.setting:
            settings = self._setting
            result = [i for i in result if settings[i] is f.setting]
        if f.tier:
            tiers = self._tier
            result = [i for i in result if tiers[i] is f.tier]
        if f.klass:
            klass = self._klass
            result = [i for i in result if klass[i] is f.klass]
        if f.near:
            places, centre, miles = self.places(), f.near.place, f.near.miles
            result = [i for i in result if (p := places[i]) is not None and miles_between(centre, p) <= miles]
        return list(result)

    def places(self) -> list[Place | None]:
        """Each program's place in the gazetteer (None without a city or coordinates)."""
        if self._places is None:
            self._places = [locate(p.city, p.state) for p in self.programs]
        return self._places
