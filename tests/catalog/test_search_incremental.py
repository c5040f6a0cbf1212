"""The keystroke search (issue 26) answers exactly what a search from scratch answers.

`CatalogIndex.search` narrows from the previous query's hits, keeps recent results and ranks with
C-level passes. `from_scratch` below is the plain algorithm it replaced — every program, every
token, every label, one pass over the sort order — and the two must agree on every query a
student types: words, extensions, typos, backspaces and retyping, under every filter and sort.
"""

from __future__ import annotations

import random

import pytest

from smartpick_tui.core.catalog_search import (
    EVERY_WORD,
    NAME_PHRASE,
    NAME_START,
    NO_MATCH,
    TYPO,
    WHOLE_NAME,
    CatalogIndex,
    Filters,
    SortKey,
    fold,
)
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program, Setting, shipped_catalog
from smartpick_tui.core.trackers import ProgramClass


def from_scratch(index: CatalogIndex, filters: Filters) -> list[int]:
    """The search before issue 26, kept as the reference (it reads the index's columns)."""
    tokens = fold(filters.text).split()
    allowed = set(index._filtered(filters))
    found = [i for i in range(len(index)) if i in allowed]
    typo_only: set[int] = set()
    for token in tokens:
        exact = [i for i in found if token in index._hay[i]]
        fuzzy: set[int] = set()
        for word in index.fuzzy_words(token):
            if token not in word:
                fuzzy.update(index._postings[word])
        exact_set = set(exact)
        extra = [i for i in found if i in fuzzy and i not in exact_set]
        typo_only.update(extra)
        found = exact + extra
    phrase = " ".join(tokens)
    quality = {}
    for i in found:
        if not phrase:
            quality[i] = WHOLE_NAME
            continue
        if i in typo_only:
            quality[i] = TYPO
            continue
        level = EVERY_WORD
        for label in index._labels[i]:
            if label == " " + phrase:
                level = WHOLE_NAME
                break
            if label.startswith(" " + phrase):
                level = NAME_START
            elif level > NAME_PHRASE and " " + phrase in label:
                level = NAME_PHRASE
        quality[i] = level
    order = index._order(filters.sort)
    return sorted(
        (i for i in order if quality.get(i, NO_MATCH) != NO_MATCH),
        key=lambda i: quality[i],  # stable: the sort order within a level
    )


def keystrokes(rng: random.Random, names: list[str], count: int) -> list[str]:
    """What a student types: parts of real names, typos (swap, drop, double), backspaces."""
    texts, text = [], ""
    while len(texts) < count:
        roll = rng.random()
        if roll < 0.25 and text:
            text = text[: -rng.randint(1, min(4, len(text)))]
        elif roll < 0.35:
            text = ""
        else:
            word = rng.choice(rng.choice(names).split() or ["x"])
            if len(word) > 4 and rng.random() < 0.4:
                at = rng.randrange(len(word) - 1)
                word = rng.choice(
                    [word[:at] + word[at + 1] + word[at] + word[at + 2 :], word[:at] + word[at + 1 :]]
                )
            for char in (" " if text else "") + word[: rng.randint(1, len(word))]:
                text += char
                texts.append(text)
            continue
        texts.append(text)
    return texts


@pytest.fixture(scope="module")
def index() -> CatalogIndex:
    shipped = list(shipped_catalog())
    programs: list[Program] = shipped[:2500] + [p for p in shipped[2500:] if "Stanford" in p.name]
    built = CatalogIndex(programs, estimate_all(programs))
    built.set_fits(fit_all(Profile(step2=245), programs, frozenset(), built.estimates))
    return built


FILTERS = [
    Filters(),
    Filters(sort=SortKey.NAME),
    Filters(specialty="internal-medicine", sort=SortKey.GAP),
    Filters(place="Midwest", sort=SortKey.STATE),
    Filters(place="TX", setting=Setting.UNIVERSITY),
    Filters(klass=ProgramClass.TARGET),
]


@pytest.mark.parametrize("seed", range(4))
def test_typing_gives_what_a_search_from_scratch_gives(index: CatalogIndex, seed: int) -> None:
    rng = random.Random(seed)
    names = [program.name for program in index.programs] + ["mgh", "hopkins", "bostn", "stanfrod"]
    for text in keystrokes(rng, names, 120):
        filters = rng.choice(FILTERS).with_changes(text=text)
        assert index.search(filters) == from_scratch(index, filters), filters
        everywhere = Filters(text=text)
        assert index.count_text_matches(text) == len(from_scratch(index, everywhere))


def test_a_longer_typo_finds_what_its_prefix_did_not(index: CatalogIndex) -> None:
    """Narrowing applies to exact hits only: "stanfro" (two edits from Stanford) misses it,
    "stanfrod" (one swap) finds it, though it extends the query before."""
    before = index.search(Filters(text="stanfro"))
    after = index.search(Filters(text="stanfrod"))
    stanford = [i for i in after if "stanford" in index.programs[i].name.casefold()]
    assert stanford and not set(stanford) & set(before)


def test_new_classes_drop_remembered_results(index: CatalogIndex) -> None:
    filters = Filters(text="medical", klass=ProgramClass.REACH)
    first = index.search(filters)
    index.set_fits(fit_all(Profile(step2=270), index.programs, frozenset(), index.estimates))
    try:
        assert index.search(filters) == from_scratch(index, filters) != first
    finally:
        index.set_fits(fit_all(Profile(step2=245), index.programs, frozenset(), index.estimates))


def test_a_result_handed_out_is_the_caller_s_own(index: CatalogIndex) -> None:
    rows = index.search(Filters(text="boston"))
    rows.clear()
    assert index.search(Filters(text="boston"))
