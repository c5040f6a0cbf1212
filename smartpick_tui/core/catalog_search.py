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
linear passes over plain lists: no sorting per keystroke.

Per keystroke (issue 26: every key rescanned every program; 55 ms at 100,000): each pass is a
C-level `compress`/`map` over the previous one, not a Python loop, in catalog order (the strings
are read in the order they were built: read in a sort order they were 3x slower, cache misses),
and each quality level is put in the sort order at the end (a mask over the order, or a sort by
position for a few hits);
and a query that extends the last one ("bosto" → "boston") searches within the last one's exact
hits — typo matches are looked up afresh, since "stanfrod" finds Stanford where "stanfro" does
not. Recent results are kept (a backspace returns to a query already answered); new fits or
classes drop them.

Longer than the ~450 lines a module aims at: the index, its per-keystroke passes and its
quality levels keep one invariant (every pass reads the same precomputed columns in catalog
order); split apart, each half would reach into the other's columns.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import partial
from itertools import chain, compress, repeat
from operator import contains, eq, is_, not_
from typing import Any, TypeVar, overload

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
REMEMBERED = 16  # text matches (and their ranking) kept per index: typing, backspacing, retyping


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


@dataclass
class _Matches:
    """The programs of a base (the non-text filters, in sort order) holding every token typed.

    `exact` are those among the previous tokens' matches holding the last token as typed: a
    longer last token is looked for within them. `typo` are those found only through a typo
    (of any token). `ranked` is the displayed order, filled when first asked for."""

    found: list[int]
    exact: list[int]
    typo: frozenset[int]
    ranked: dict[SortKey, Ranking] = field(default_factory=dict)
    hits: bytearray | None = None  # `found` as a byte mask over the catalog (`mask`)

    def mask(self, n: int) -> bytearray:
        """`found` as a byte mask over the `n` programs of the catalog, made once (shared: never
        modify it)."""
        if self.hits is None:
            self.hits = bytearray(n)
            deque(map(self.hits.__setitem__, self.found, repeat(1)), maxlen=0)
        return self.hits


_BaseKey = tuple[object, ...]
_K = TypeVar("_K")
_V = TypeVar("_V")


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
        # The labels of a program in one string, each between newlines (which no folded text
        # holds): a phrase at a word start is `" " + phrase in s`, a label starting with it
        # `"\n " + phrase in s`, a whole label `"\n " + phrase + "\n" in s` — one C call each.
        self._lab = ["\n" + "\n".join(labels) + "\n" for labels in self._labels]
        # Each whole label (folded, no leading space) → the programs bearing it: the best level
        # of a ranking ("stanford", "mass general") is a dictionary look-up, not a pass.
        whole: dict[str, list[int]] = {}
        for i, labels in enumerate(self._labels):
            for label in dict.fromkeys(labels):
                whole.setdefault(label[1:], []).append(i)
        self._whole = whole
        self._initials: dict[str, list[int]] = {}  # `word_starts`, filled as first letters are typed
        self._label_starts: dict[str, bytearray] = {}  # `name_starts`, the same way
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
        self._lock = threading.RLock()  # the caches below; the Drafts tab searches the same index
        self._bases: OrderedDict[_BaseKey, list[int]] = OrderedDict()
        self._matches: OrderedDict[tuple[_BaseKey, tuple[str, ...]], _Matches] = OrderedDict()
        self._positions: dict[SortKey, list[int]] = {}  # each program's place in a sort order
        # (base, phrase) -> the hits holding the phrase in a label, when few: a longer phrase's
        # are among them (`Ranking`: "medical c" looks only within "medical"'s)
        self._phrases: OrderedDict[tuple[_BaseKey, str], list[int]] = OrderedDict()

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
        with self._lock:
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
        with self._lock:
            self._klass = klass
            self._bases.clear()  # orders and classes are what the remembered results rest on
            self._matches.clear()
            self._positions.clear()
            self._phrases.clear()

    def word_starts(self, char: str) -> list[int]:
        """The programs (in catalog order) with a name or alias word starting with `char`,
        found on first asking (one pass) and kept: the labels never change."""
        with self._lock:
            found = self._initials.get(char)
            if found is None:
                spaced = " " + char
                found = list(compress(range(len(self._lab)), map(contains, self._lab, repeat(spaced))))
                self._initials[char] = found
            return found

    def name_starts(self, char: str) -> bytearray:
        """A mask of the programs with a name or alias beginning with `char` (one pass on first
        asking, then kept): a name-start hit of a phrase is one of them."""
        with self._lock:
            found = self._label_starts.get(char)
            if found is None:
                found = bytearray(map(contains, self._lab, repeat("\n " + char)))
                self._label_starts[char] = found
            return found

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
        ranked = self.search_ranked(filters)
        with self._lock:
            return list(ranked.everything() if isinstance(ranked, Ranking) else ranked)

    def search_ranked(self, filters: Filters) -> Sequence[int]:
        """The same as `search`, ranked only as far as it is read (`Ranking`): a list shows its
        first rows without ranking every hit. Shared and cached: never modify it."""
        tokens = tuple(fold(filters.text).split())
        with self._lock:
            key = self._base_key(filters)
            if not tokens:
                base = self._base(key, filters)
                return self._in_order(base, filters.sort)
            matches = self._text_matches(key, filters, tokens)
            ranked = matches.ranked.get(filters.sort)
            if ranked is None:
                phrase, sort = " ".join(tokens), filters.sort
                rank_all = partial(self._ranked, phrase, matches, sort)
                phrases = _PhraseHits(self._phrases, key, phrase)
                ranked = Ranking(self, self._order(sort), phrase, matches, rank_all, sort, phrases)
                matches.ranked[filters.sort] = ranked
            return ranked

    def _ranked(self, phrase: str, matches: _Matches, sort: SortKey) -> list[int]:
        """Every hit ranked at once: each level found in catalog order, then put in the sort
        order (what a `Ranking` falls back to when reading the order would not pay)."""
        levels = self._levels(phrase, matches)
        # joined at C speed: a comprehension here was ~8 ms a key at 50,000 hits
        return list(chain.from_iterable(self._in_order(level, sort) for level in levels))

    def count_text_matches(self, text: str) -> int:
        """How many programs the text alone finds, whatever the filters: what the Programs
        pane compares with its filtered count to say that hits exist elsewhere."""
        everything = Filters(sort=SortKey.NAME)
        tokens = tuple(fold(text).split())
        with self._lock:
            key = self._base_key(everything)
            if not tokens:
                return len(self._base(key, everything))
            return len(self._text_matches(key, everything, tokens).found)

    @staticmethod
    def _remember(cache: OrderedDict[_K, _V], key: _K, value: _V) -> _V:
        cache[key] = value
        if len(cache) > REMEMBERED:
            cache.popitem(last=False)
        return value

    @staticmethod
    def _base_key(f: Filters) -> _BaseKey:
        return (f.specialty, f.place, f.setting, f.tier, f.klass, f.near)

    def _in_order(self, programs: list[int], sort: SortKey) -> list[int]:
        """`programs` (in catalog order) in `sort`'s order."""
        order = self._order(sort)
        n = len(order)
        if len(programs) == n:
            return list(order)
        if len(programs) * 16 > n:  # many: a mask read in the order's sequence
            mask = bytearray(n)
            deque(map(mask.__setitem__, programs, repeat(1)), maxlen=0)
            return list(compress(order, map(mask.__getitem__, order)))
        positions = self._positions.get(sort)
        if positions is None:
            positions = [0] * n
            for place, i in enumerate(order):
                positions[i] = place
            self._positions[sort] = positions
        return sorted(programs, key=positions.__getitem__)

    def _base(self, key: _BaseKey, f: Filters) -> list[int]:
        """The programs passing the non-text filters, in catalog order."""
        base = self._bases.get(key)
        if base is None:
            base = self._remember(self._bases, key, self._filtered(f))
        else:
            self._bases.move_to_end(key)
        return base

    def _text_matches(self, key: _BaseKey, f: Filters, tokens: tuple[str, ...]) -> _Matches:
        """The base's programs holding every token (exactly, or one typo away), in catalog order."""
        cached = self._matches.get((key, tokens))
        if cached is not None:
            self._matches.move_to_end((key, tokens))
            return cached
        n = len(self.programs)
        previous_hits: bytearray | None = None  # `previous` as a mask, when known
        if len(tokens) == 1:
            previous, typo = self._base(key, f), frozenset[int]()
        else:
            before = self._text_matches(key, f, tokens[:-1])
            previous, typo, previous_hits = before.found, before.typo, before.hits
        token = tokens[-1]
        # A shorter form of this token, already searched after the same earlier tokens: its
        # exact hits hold every exact hit of this one ("bosto" → "boston"); the fewest win.
        within = previous
        for (other_key, other), match in self._matches.items():
            if (
                other_key == key
                and other[:-1] == tokens[:-1]
                and other[-1] in token
                and len(match.exact) < len(within)
            ):
                within = match.exact
        hay = self._hay
        hits: bytearray | None = None  # the hits as a mask over the catalog, when it comes free
        if len(within) * 4 >= n * 3 and (len(previous) == n or previous_hits is not None):
            # Most of the catalog: test every program in one pass, and the mask a `Ranking`
            # reads comes with it (scattering 99,000 hits into one cost ~5 ms at 100,000).
            hits = bytearray(map(contains, hay, repeat(token)))
            if previous_hits is not None and len(previous) != n:
                hits = _both(hits, previous_hits)
            exact = list(compress(range(n), hits))
        else:
            exact = list(compress(within, map(contains, map(hay.__getitem__, within), repeat(token))))
        fuzzy_ids: set[int] = set()
        for word in self.fuzzy_words(token):
            if token not in word:
                fuzzy_ids.update(self._postings[word])
        found = exact
        if fuzzy_ids:  # typo matches: looked up afresh, never narrowed from a shorter token
            # among the previous hits, those without the token as typed (an exact hit holds it:
            # the shorter forms narrowed nothing away from the previous hits that holds it)
            extra = [i for i in fuzzy_ids if token not in hay[i]]
            if len(previous) != n:
                if previous_hits is not None:
                    extra = list(compress(extra, map(previous_hits.__getitem__, extra)))
                else:
                    extra = [i for i in extra if _holds(previous, i)]
            if extra:
                found = sorted(exact + extra)  # two sorted runs: one merge
                typo = typo | frozenset(extra)
                if hits is not None:
                    deque(map(hits.__setitem__, extra, repeat(1)), maxlen=0)
        return self._remember(self._matches, (key, tokens), _Matches(found, exact, typo, hits=hits))

    def _levels(self, phrase: str, matches: _Matches) -> list[list[int]]:
        """The matches by quality level: whole name, name start, phrase, every word, typo
        (each in catalog order)."""
        found = matches.found
        typos: list[int] = []
        if matches.typo:
            is_typo = list(map(matches.typo.__contains__, found))
            typos = list(compress(found, is_typo))
            found = list(compress(found, map(not_, is_typo)))
        lab = self._lab
        spaced = " " + phrase
        in_phrase = list(map(contains, map(lab.__getitem__, found), repeat(spaced)))
        phrase_hits = list(compress(found, in_phrase))
        every_word = list(compress(found, map(not_, in_phrase)))
        at_start = list(map(contains, map(lab.__getitem__, phrase_hits), repeat("\n" + spaced)))
        start_hits = list(compress(phrase_hits, at_start))
        phrase_only = list(compress(phrase_hits, map(not_, at_start)))
        whole = list(map(contains, map(lab.__getitem__, start_hits), repeat("\n" + spaced + "\n")))
        return [
            list(compress(start_hits, whole)),
            list(compress(start_hits, map(not_, whole))),
            phrase_only,
            every_word,
            typos,
        ]

    def _order(self, sort: SortKey) -> list[int]:
        return {
            SortKey.FIT: self._order_fit,
            SortKey.NAME: self._order_name,
            SortKey.STATE: self._order_state,
            SortKey.GAP: self._order_gap,
        }[sort]

    def _filtered(self, f: Filters) -> list[int]:
        """The programs passing the non-text filters, in catalog order (each pass a C-level
        `compress`)."""
        result: list[int] = list(range(len(self.programs)))

        def keep(column: Sequence[Any], test: Callable[[Any, Any], object], value: object) -> list[int]:
            return list(compress(result, map(test, map(column.__getitem__, result), repeat(value))))

        if f.specialty:
            result = keep(self._specialty, eq, f.specialty)
        if f.place:
            place = f.place
            if place in STATE_REGION:
                result = keep(self._state, eq, place)
            else:
                states = {
                    s for s in STATE_REGION if STATE_REGION[s] == place or STATE_DIVISION.get(s) == place
                }
                in_states, state_of = states.__contains__, self._state.__getitem__
                result = list(compress(result, map(in_states, map(state_of, result))))
        if f.setting:
            result = keep(self._setting, is_, f.setting)
        if f.tier:
            result = keep(self._tier, is_, f.tier)
        if f.klass:
            result = keep(self._klass, is_, f.klass)
        if f.near:
            places, centre, miles = self.places(), f.near.place, f.near.miles
            result = [i for i in result if (p := places[i]) is not None and miles_between(centre, p) <= miles]
        return list(result)

    def places(self) -> list[Place | None]:
        """Each program's place in the gazetteer (None without a city or coordinates)."""
        if self._places is None:
            self._places = [locate(p.city, p.state) for p in self.programs]
        return self._places


class Ranking(Sequence[int]):
    """The hits of one search in display order (quality level first, then the sort order),
    ranked as far as they are read.

    Ranking every hit cost ~45 ms a key at 100,000 programs for a query matching 94,000
    ("synthetic pro": label passes over every hit, then each level put in the sort order)
    while the list shows ~30 rows (issue 26, keys26e). Here:
    - the whole-name level is a dictionary look-up;
    - the name-start level is read from the sort order itself in chunks (2,048 positions, then
      twice as many): its rows come in display order, so a screenful of "synthetic pro" is
      known after one chunk;
    - if that does not fill the rows asked for within `LAZY_READ` positions (an eighth of the
      order at most: few names begin with the query, "medical center"), the phrase levels are
      found in one pass over the hits and put in order, and the every-word level is read from
      the sort order in chunks the same way, until as many rows as it holds are read (its
      size is known once the phrase levels are: the rest of the order is not scanned);
    - the typo level last: put in order when few, else read from the order in chunks too
      ("clevland" at 100,000: 7,900 typo hits and a screenful to show);
    - `everything` ranks every hit at once in catalog order (`CatalogIndex._ranked`: reading
      the strings in a sort order is ~2x slower, cache misses).
    Which rows are hits, and which of them are still to be read, are byte masks over the
    catalog, so each chunk is one C-level `compress` (keys26f: at 10,000 programs "m" read
    the name-start level over 8,192 positions, planned, then ranked every hit anyway).
    `len` is known at once (the hits are found first)."""

    FIRST_CHUNK = 2048
    LAZY_READ = 8192  # positions of the order read for name-start rows before the next plan

    def __init__(
        self,
        index: CatalogIndex,
        order: list[int],
        phrase: str,
        matches: _Matches,
        rank_all: Callable[[], list[int]],
        sort: SortKey,
        phrases: _PhraseHits | None = None,
    ) -> None:
        self._index = index
        self._order = order
        self._phrase = phrase
        self._found = matches.found
        self._rank_all = rank_all
        self._sort = sort
        self._total = len(matches.found)
        mask = matches.mask(len(order))
        self._is_hit: Callable[[int], int] = mask.__getitem__
        typo = matches.typo
        # the typo level: hits found only through a typo (the set may hold programs an earlier
        # word found that a later one did not)
        self._typos = list(compress(typo, map(mask.__getitem__, typo))) if typo else []
        best = [i for i in index._whole.get(phrase, ()) if mask[i] and i not in typo]
        if len(best) > 1:  # in the sort order (at C speed: a few names can have many programs)
            wanted = set(best)
            best = list(compress(order, map(wanted.__contains__, order)))
        self._best = best
        # The hits of the name-start, phrase and every-word levels not yet placed: what a chunk
        # of the order is read against.
        self._unread = bytearray(mask)
        _clear(self._unread, self._typos)
        _clear(self._unread, best)
        self._words_left = -1  # every-word rows still to read (known once the phrases are)
        self._names: bytearray | None = None  # while reading names: `_unread` among `name_starts`
        self._typo_mask: bytearray | None = None  # the typo rows to read from the order
        self._rows = list(best)  # the rows known so far, in display order
        self._phase = _NAMES
        self._scanned = 0  # positions of the order read so far (in this phase)
        self._chunk = self.FIRST_CHUNK
        self._phrases = phrases
        hint = phrases.shorter() if phrases is not None else None
        if hint is not None:  # the phrase levels lie within a shorter phrase's few hits
            self._plan_words(hint)

    # --- Sequence -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, at: int) -> int: ...

    @overload
    def __getitem__(self, at: slice) -> list[int]: ...

    def __getitem__(self, at: int | slice) -> int | list[int]:
        if isinstance(at, slice):
            if at.step not in (None, 1):
                return self.everything()[at]
            return self._known(at.indices(self._total)[1])[at]
        if at < 0:
            at += self._total
        if not 0 <= at < self._total:
            raise IndexError(at)
        return self._known(at + 1)[at]

    def __iter__(self) -> Iterator[int]:
        return iter(self.everything())

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and 0 <= value < len(self._order) and bool(self._is_hit(value))

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """The row of `value` (within rows `start` to `stop`, as `list.index`): with a `stop`,
        rows are ranked until `value`'s is reached (the cursor's program is usually among the
        first), never beyond `stop`; without, every hit may be."""
        if value not in self:
            raise ValueError(f"{value!r} is not a hit")
        with self._index._lock:
            if stop is None:
                rows = self._rows if value in self._rows else self.everything()
                return rows.index(value, start)
            known = 0
            while True:
                try:
                    return self._rows.index(value, max(start, known), stop)
                except ValueError:
                    known = len(self._rows)
                    if self._phase == _DONE or known >= stop:
                        raise
                    self._known(known + 1)

    def everything(self) -> list[int]:
        """Every hit, ranked."""
        with self._index._lock:
            if self._phase != _DONE:
                self._rows, self._phase = self._rank_all(), _DONE
            return self._rows

    # --- reading the order ----------------------------------------------------------------------
    def _known(self, rows: int) -> list[int]:
        """At least the first `rows` rows (or all)."""
        with self._index._lock:
            while self._phase != _DONE and len(self._rows) < rows:
                if self._phase == _NAMES:
                    limit = min(self.LAZY_READ, len(self._order) // 8)
                    if self._scanned < limit:
                        if self._names is None:  # the hits whose names may begin with the phrase
                            self._names = _both(self._unread, self._index.name_starts(self._phrase[0]))
                        self._read_chunk(self._names)
                    else:
                        self._plan_words()
                elif self._phase == _WORDS:
                    if self._words_left > 0 and self._scanned < len(self._order):
                        self._read_chunk(self._unread)
                    else:
                        self._plan_typos()
                else:
                    assert self._typo_mask is not None
                    self._read_chunk(self._typo_mask)
            return self._rows

    def _read_chunk(self, unread: bytearray) -> None:
        """The next chunk of the order's rows of the level being read (`unread`: its rows still
        to come, with the name-start test on top while reading names)."""
        order, start = self._order, self._scanned
        chunk = order[start : start + self._chunk]
        self._scanned = start + len(chunk)
        self._chunk *= 2
        hits = list(compress(chunk, map(unread.__getitem__, chunk)))
        if self._phase == _NAMES:
            lab, starts = self._index._lab, "\n " + self._phrase
            self._rows += compress(hits, map(contains, map(lab.__getitem__, hits), repeat(starts)))
        elif self._phase == _WORDS:
            self._rows += hits
            self._words_left -= len(hits)
        else:
            self._rows += hits
            if len(self._rows) >= self._total or self._scanned >= len(order):
                self._phase = _DONE

    def _plan_words(self, within: list[int] | None = None) -> None:
        """Few names begin with the query: find the phrase levels in one pass over the hits
        (or over `within`, a shorter phrase's phrase hits, which hold all of this one's), put
        them in order, and read the every-word rows from the order next."""
        index, n = self._index, len(self._order)
        lab, spaced = index._lab, " " + self._phrase
        unread = self._unread
        # a phrase hit has a label word starting with the phrase's first letter: look only at
        # those (few: "m" at 100,000 programs, 99,000 hits, 2,900 with an m-word in a name)
        candidates = index.word_starts(self._phrase[0])
        if len(self._found) < len(candidates):  # fewer hits than such programs ("sta")
            candidates = self._found
        if within is not None and len(within) < len(candidates):
            candidates = within
        plain = list(compress(candidates, map(unread.__getitem__, candidates)))
        in_phrase = list(compress(plain, map(contains, map(lab.__getitem__, plain), repeat(spaced))))
        if self._phrases is not None and len(in_phrase) * 16 <= n:
            # with the whole-name hits: a longer phrase may be in another label of theirs
            self._phrases.remember(self._best + in_phrase)
        at_start = list(map(contains, map(lab.__getitem__, in_phrase), repeat("\n" + spaced)))
        name_start = list(compress(in_phrase, at_start))
        phrase_only = list(compress(in_phrase, map(not_, at_start)))
        self._rows = (
            self._best + index._in_order(name_start, self._sort) + index._in_order(phrase_only, self._sort)
        )
        _clear(unread, in_phrase)
        self._words_left = self._total - len(self._typos) - len(self._rows)
        self._phase, self._scanned, self._chunk = _WORDS, 0, self.FIRST_CHUNK

    def _plan_typos(self) -> None:
        """The typo level: few are put in order at once; many are read from the order."""
        typos, n = self._typos, len(self._order)
        if len(typos) * 16 <= n:
            self._rows += self._index._in_order(typos, self._sort)
            self._phase = _DONE
            return
        mask = bytearray(n)
        deque(map(mask.__setitem__, typos, repeat(1)), maxlen=0)
        self._typo_mask = mask
        self._phase, self._scanned, self._chunk = _TYPOS, 0, self.FIRST_CHUNK


_NAMES, _WORDS, _TYPOS, _DONE = range(4)  # what a `Ranking` is reading from the order


def _both(a: bytearray, b: bytearray) -> bytearray:
    """The programs set in both masks (one big-integer AND: ~0.1 ms at 100,000)."""
    both = int.from_bytes(a, "little") & int.from_bytes(b, "little")
    return bytearray(both.to_bytes(len(a), "little"))


def _holds(ordered: list[int], value: int) -> bool:
    """Whether an ascending list holds `value` (a binary search)."""
    at = bisect_left(ordered, value)
    return at < len(ordered) and ordered[at] == value


def _clear(mask: bytearray, programs: Sequence[int]) -> None:
    """Unset `programs` in a mask over the catalog (at C speed)."""
    if programs:
        deque(map(mask.__setitem__, programs, repeat(0)), maxlen=0)


@dataclass
class _PhraseHits:
    """The index's memory of phrase hits (few per phrase) for one search: a longer phrase
    holds each of its words where the shorter one did ("medical c" within "medical"), so its
    phrase hits are among the shorter one's (same non-text filters)."""

    cache: OrderedDict[tuple[_BaseKey, str], list[int]]
    base: _BaseKey
    phrase: str

    def shorter(self) -> list[int] | None:
        """The fewest phrase hits remembered for a phrase this one begins with."""
        best: list[int] | None = None
        for (base, phrase), hits in self.cache.items():
            if (
                base == self.base
                and self.phrase.startswith(phrase)
                and (best is None or len(hits) < len(best))
            ):
                best = hits
        return best

    def remember(self, hits: list[int]) -> None:
        self.cache[(self.base, self.phrase)] = hits
        self.cache.move_to_end((self.base, self.phrase))
        if len(self.cache) > REMEMBERED:
            self.cache.popitem(last=False)
