"""The Programs list's search is ranked only as far as it is read (`CatalogIndex.search_ranked`,
a `Ranking`, issue 26): whatever part is read — the first rows, a slice, every row, the row of
one program — is what a search from scratch gives, and reading the first rows of a big result
does not rank every hit."""

from __future__ import annotations

import random

import pytest
from test_search_incremental import FILTERS, from_scratch, keystrokes

from smartpick_tui.core.catalog_search import CatalogIndex, Filters, Ranking, SortKey
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program, Setting, Track, shipped_catalog


@pytest.fixture(scope="module")
def index() -> CatalogIndex:
    """Shipped programs and enough synthetic ones that a query can have thousands of name hits
    beyond the first chunk a `Ranking` reads."""
    shipped = list(shipped_catalog())[:2000]
    synthetic = [
        Program(
            id=f"synthetic-{i:05d}",
            name=f"Synthetic Program {i:05d}",
            institution=f"Synthetic Medical Center {i % 97:02d}",
            city="Boston",
            state="MA",
            specialty="internal-medicine",
            track=Track.CATEGORICAL,
            setting=Setting.COMMUNITY,
            positions=1 + i % 30,
        )
        for i in range(6000)
    ]
    programs = shipped + synthetic
    built = CatalogIndex(programs, estimate_all(programs))
    built.set_fits(fit_all(Profile(step2=245), programs, frozenset(), built.estimates))
    return built


def fresh(index: CatalogIndex, filters: Filters) -> Ranking:
    """A new ranking (not one an earlier read has already ranked)."""
    index._matches.clear()
    ranked = index.search_ranked(filters)
    assert isinstance(ranked, Ranking)
    return ranked


@pytest.mark.parametrize("seed", range(3))
def test_every_way_of_reading_gives_the_search_from_scratch(index: CatalogIndex, seed: int) -> None:
    rng = random.Random(seed)
    names = [p.name for p in index.programs[:2000]] + ["synthetic program", "medical center", "bostn"]
    for text in keystrokes(rng, names, 80):
        if not text.strip():
            continue
        filters = rng.choice(FILTERS).with_changes(text=text)
        expected = from_scratch(index, filters)
        # typed: the ranking of each key starts from what earlier keys left (phrase hits)
        ranked = index.search_ranked(filters)
        assert len(ranked) == len(expected)
        assert list(ranked[:40]) == expected[:40], filters
        assert [ranked[i] for i in range(min(25, len(expected)))] == expected[:25]
        if expected:
            assert ranked[-1] == expected[-1]
        assert fresh(index, filters)[: len(expected)] == expected
        assert list(fresh(index, filters)) == expected
        for program in expected[:: max(1, len(expected) // 7)]:
            assert fresh(index, filters).index(program) == expected.index(program)
            within = fresh(index, filters)
            if expected.index(program) < 50:
                assert within.index(program, 0, 50) == expected.index(program)
            else:
                with pytest.raises(ValueError):
                    within.index(program, 0, 50)


def test_the_first_rows_of_many_name_hits_do_not_rank_every_hit(
    index: CatalogIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    filters = Filters(text="synthetic pro", sort=SortKey.FIT)
    expected = from_scratch(index, filters)
    assert len(expected) == 6000

    def rank_everything(*_args: object) -> list[int]:
        raise AssertionError("every hit was ranked")

    monkeypatch.setattr(CatalogIndex, "_ranked", rank_everything)
    ranked = fresh(index, filters)
    assert ranked[:30] == expected[:30] and len(ranked) == 6000
    assert ranked.index(expected[3], 0, 1000) == 3


def test_a_program_that_is_no_hit_is_said_at_once(index: CatalogIndex) -> None:
    ranked = fresh(index, Filters(text="synthetic program 0004"))
    outside = next(
        i
        for i in range(len(index))
        if i not in set(from_scratch(index, Filters(text="synthetic program 0004")))
    )
    assert outside not in ranked
    with pytest.raises(ValueError):
        ranked.index(outside)


def test_many_phrase_hits_are_ranked_only_as_far_as_read(
    index: CatalogIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "program" is inside 6,000 names but begins none: the first rows, and the row of the
    cursor's program, come without ranking every hit (it once planned the phrase levels, found
    them many and ranked all 6,000 for a screenful)."""
    filters = Filters(text="program", sort=SortKey.FIT)
    expected = from_scratch(index, filters)
    assert len(expected) > 6000

    def rank_everything(*_args: object) -> list[int]:
        raise AssertionError("every hit was ranked")

    monkeypatch.setattr(CatalogIndex, "_ranked", rank_everything)
    ranked = fresh(index, filters)
    assert ranked[:30] == expected[:30]
    assert ranked.index(expected[7], 0, 1000) == 7
    assert ranked[5000:5010] == expected[5000:5010]


def test_many_typo_hits_are_read_from_the_order(index: CatalogIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "synthetc" finds 6,000 programs, every one through a typo: a screenful of them is read
    from the sort order, not all 6,000 put in order first."""
    filters = Filters(text="synthetc", sort=SortKey.NAME)
    expected = from_scratch(index, filters)
    assert len(expected) == 6000
    in_order = CatalogIndex._in_order

    def few_in_order(self: CatalogIndex, programs: list[int], sort: SortKey) -> list[int]:
        assert len(programs) <= 100, f"{len(programs)} programs put in order"
        return in_order(self, programs, sort)

    monkeypatch.setattr(CatalogIndex, "_in_order", few_in_order)
    ranked = fresh(index, filters)
    assert ranked[:30] == expected[:30] and len(ranked) == 6000
    assert ranked[-1] == expected[-1]


@pytest.mark.parametrize("filters", [FILTERS[0], FILTERS[2], FILTERS[3]])
def test_typos_among_words_most_programs_hold(index: CatalogIndex, filters: Filters) -> None:
    """The typo path where a word is tested over the whole catalog (most programs hold it) and
    the hits so far are a mask: a typo in the second word, in the first, both, and a typo word
    that is also a prefix of real words."""
    queries = [
        "synthetic medcal",
        "synthetc medical",
        "synthetc medcal centr",
        "medical centr",
        "boston synthetc",
        "bostn medical",
        "medic",
        "centr",
    ]
    for query in queries:
        index._matches.clear()
        for end in range(4, len(query) + 1):  # typed key by key (typos count from 4 letters)
            typed = filters.with_changes(text=query[:end])
            assert index.search(typed) == from_scratch(index, typed), typed
        assert index.count_text_matches(query) == len(from_scratch(index, Filters(text=query)))
