"""Catalog merge (never duplicate), the imports file, and search / filter / sort."""

from __future__ import annotations

import itertools
import os
from dataclasses import replace

import pytest
from catalog_helpers import program, synthetic

from smartpick_tui.core import catalog as catalog_module
from smartpick_tui.core.catalog import (
    Catalog,
    decode_imports,
    encode_imports,
    load_catalog,
    merge_catalog,
    plan_merge,
)
from smartpick_tui.core.catalog_search import CatalogIndex, Filters, SortKey, within_one_edit
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Setting, Tier
from smartpick_tui.core.trackers import ProgramClass
from smartpick_tui.store import StoreError, StoreWriteError
from smartpick_tui.store import imports as store_imports
from smartpick_tui.store.imports import imports_path, read_imports, store_import, write_imports


def imported(number: int, **changes: object):
    return replace(
        program(number, **changes),
        id=f"imp-{number:05d}",
        imported=True,
        source="imported from test.csv",
    )


# --- merge -------------------------------------------------------------------------------------


def test_merge_by_code_then_by_normalised_name_city_specialty():
    shipped = [program(1, nrmp_code="9999140C0"), program(2)]
    incoming = [
        imported(10, nrmp_code="9999140c0"),  # same code as shipped 1 -> dropped
        imported(11, name="SYNTHETIC  program 00002!", city="cleveland"),  # same as shipped 2
        imported(12, name="Synthetic Program 00002", city="Cleveland", specialty="pediatrics"),
        imported(13),
    ]
    merged = merge_catalog(shipped, incoming)
    assert [p.id for p in merged] == ["syn-00001", "syn-00002", "imp-00012", "imp-00013"]
    assert len({p.id for p in merged}) == len(merged)


def test_plan_merge_counts_and_keeps_ids_on_reimport():
    shipped = [program(1, nrmp_code="9999140C0")]
    first = plan_merge(shipped, [], [imported(2), imported(3), imported(4, nrmp_code="9999140C0")])
    assert (first.added, first.updated, first.already_shipped) == (2, 0, 1)
    again = plan_merge(
        shipped, first.imports, [replace(imported(2), id="imp-new", positions=99), imported(5)]
    )
    assert (again.added, again.updated, again.already_shipped) == (1, 1, 0)
    ids = [p.id for p in again.imports]
    assert "imp-00002" in ids and "imp-new" not in ids  # marks on imp-00002 survive
    assert next(p for p in again.imports if p.id == "imp-00002").positions == 99


def test_imports_round_trip_and_bad_files():
    programs = [imported(1), imported(2, nrmp_code="9999140C0", positions=None)]
    assert list(decode_imports(encode_imports(programs))) == programs
    for data in (
        b"not json",
        b'{"schema": 99, "programs": []}',
        b'{"schema": 1, "programs": [{"id": "x"}]}',
    ):
        with pytest.raises(catalog_module.ImportsFileError):
            decode_imports(data)


def test_load_catalog_reports_a_broken_imports_file_and_keeps_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(catalog_module, "shipped_catalog", lambda: (program(1),))
    path = tmp_path / "imports.json"
    path.write_text("{broken", encoding="utf-8")
    catalog = load_catalog(path)
    assert [p.id for p in catalog.programs] == ["syn-00001"]
    assert catalog.warnings and str(path) in catalog.warnings[0]
    write_imports(path, [imported(2)])
    catalog = load_catalog(path)
    assert isinstance(catalog, Catalog) and catalog.by_id["imp-00002"].imported
    assert catalog.warnings == ()


def test_load_catalog_without_a_shipped_file_warns(monkeypatch):
    def missing():
        raise FileNotFoundError("data/programs.csv")

    monkeypatch.setattr(catalog_module, "shipped_catalog", missing)
    catalog = load_catalog(None)
    assert len(catalog) == 0 and "could not be read" in catalog.warnings[0]


# --- the imports file in the store ---------------------------------------------------------------


def test_imports_live_beside_the_state_file(tmp_path):
    assert imports_path(tmp_path / "state.json") == tmp_path / "imports.json"


def test_store_import_merges_and_writes_atomically(tmp_path, monkeypatch):
    monkeypatch.setattr(store_imports, "_shipped", lambda: [program(1, nrmp_code="9999140C0")])
    path = tmp_path / "sub" / "imports.json"
    plan = store_import(path, [imported(2), imported(3, nrmp_code="9999140C0")])
    assert (plan.added, plan.already_shipped) == (1, 1)
    assert [p.id for p in read_imports(path)] == ["imp-00002"]
    assert oct(path.stat().st_mode & 0o777) == "0o600"

    before = path.read_bytes()

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(StoreWriteError, match="disk is full"):
        store_import(path, [imported(4)])
    assert path.read_bytes() == before
    left = sorted(p.name for p in tmp_path.joinpath("sub").iterdir())
    assert left == ["imports.json", "imports.json.lock"]  # no temp left (the lock is ours)


def test_unreadable_imports_file_is_a_store_error(tmp_path):
    path = tmp_path / "imports.json"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(StoreError):
        read_imports(path)


# --- search ---------------------------------------------------------------------------------------


@pytest.fixture
def index() -> CatalogIndex:
    programs = synthetic(60, ("internal-medicine", "dermatology", "family-medicine"))
    programs.append(program(100, name="Synthetic Stanford Teaching Program", city="Palo Alto", state="CA"))
    idx = CatalogIndex(programs, estimate_all(programs))
    idx.set_fits(fit_all(Profile(step2=250, ties=("OH",)), programs))
    return idx


def names(idx: CatalogIndex, rows: list[int]) -> list[str]:
    return [idx.programs[i].name for i in rows]


def test_text_search_over_name_institution_and_city(index):
    assert names(index, index.search(Filters(text="00007"))) == ["Synthetic Program 00007"]
    assert len(index.search(Filters(text="medical center 0005"))) == 11  # 00005, 00050-00059
    by_city = index.search(Filters(text="cleve"))
    assert by_city and all(index.programs[i].city == "Cleveland" for i in by_city)
    assert index.search(Filters(text="nothing-like-this")) == []
    assert len(index.search(Filters(text="  "))) == len(index)


@pytest.mark.parametrize("typo", ["bostn", "bostom", "obston", "stanfrod", "STANFORDD"])
def test_search_tolerates_one_typo_in_a_word(index, typo):
    rows = index.search(Filters(text=typo))
    assert rows
    assert all(index.programs[i].city == "Boston" or "Stanford" in index.programs[i].name for i in rows)


def test_within_one_edit():
    assert within_one_edit("boston", "bostn") and within_one_edit("stanfrod", "stanford")
    assert within_one_edit("abc", "abd") and not within_one_edit("abc", "cba")
    assert not within_one_edit("boston", "bost")


def test_filters_combine(index):
    rows = index.search(Filters(specialty="family-medicine", place="Midwest"))
    assert rows and all(
        index.programs[i].specialty == "family-medicine" and index.programs[i].state in {"OH"} for i in rows
    )
    assert all(index.programs[i].state == "WA" for i in index.search(Filters(place="WA")))
    assert all(index.programs[i].state in {"WA", "CA"} for i in index.search(Filters(place="Pacific")))
    assert all(
        index.programs[i].setting is Setting.COMMUNITY
        for i in index.search(Filters(setting=Setting.COMMUNITY))
    )
    assert all(index.estimates[i].tier is Tier.COMMUNITY for i in index.search(Filters(tier=Tier.COMMUNITY)))
    for klass in ProgramClass:
        assert all(index.klass(i) is klass for i in index.search(Filters(klass=klass)))


def test_sorts(index):
    by_name = names(index, index.search(Filters(sort=SortKey.NAME)))
    assert by_name == sorted(by_name, key=str.casefold)
    states = [index.programs[i].state for i in index.search(Filters(sort=SortKey.STATE))]
    assert states == sorted(states)
    fits = index.fits
    p = [fits[i].p_interview for i in index.search(Filters(sort=SortKey.FIT))]
    assert p == sorted(p, reverse=True)
    gaps = [fits[i].score_gap for i in index.search(Filters(sort=SortKey.GAP))]
    assert gaps == sorted(gaps, reverse=True)


def test_class_override_wins(index):
    # a target (the synthetic FM programs are no longer safeties for a US MD 250 once the
    # class scale is not clipped at 1.5: opt23c, issue 23)
    first = index.search(Filters(klass=ProgramClass.TARGET))[0]
    index.set_overrides({first: ProgramClass.REACH})
    assert first in index.search(Filters(klass=ProgramClass.REACH))
    assert first not in index.search(Filters(klass=ProgramClass.TARGET))


def test_describe_lists_active_filters():
    f = Filters(
        text="bos",
        specialty="internal-medicine",
        place="CA",
        tier=Tier.TOP,
        klass=ProgramClass.TARGET,
    )
    assert f.describe({"internal-medicine": "Internal Medicine"}) == [
        '"bos"',
        "Internal Medicine",
        "CA",
        "tier top (est.)",
        "target",
    ]
    assert Filters().describe() == []


# --- everyday names and match quality (shipped catalog) ---------------------------------------


@pytest.fixture(scope="module")
def shipped_index() -> CatalogIndex:
    from smartpick_tui.core.programs import shipped_catalog

    programs = shipped_catalog()
    idx = CatalogIndex(programs, estimate_all(programs))
    idx.set_fits(fit_all(Profile(step2=250), programs))
    return idx


@pytest.mark.parametrize(
    ("query", "nrmp_name"),
    [
        ("Mass General", "Internal Medicine - Massachusetts Gen Hosp"),
        ("Massachusetts General", "Internal Medicine - Massachusetts Gen Hosp"),
        ("MGH", "Internal Medicine - Massachusetts Gen Hosp"),
        ("Hopkins", "Internal Medicine - Johns Hopkins Hosp"),
        ("UCSF", "Internal Medicine - UC San Francisco"),
        ("Stanford", "Internal Medicine - Stanford Health Care"),
        ("Cleveland Clinic", "Internal Medicine - Cleveland Clinic Fdn"),
        ("Brigham", "Internal Medicine - Brigham & Womens Hosp"),
        ("Wash U", "Internal Medicine - Barnes-Jewish Hosp"),
        ("Penn", "Internal Medicine - Hosp of the Univ of PA"),
        ("Mount Sinai", "Internal Medicine - ISMMS Mount Sinai Hospital"),
    ],
)
def test_everyday_names_put_the_intended_program_first_within_im(shipped_index, query, nrmp_name):
    """The intended sponsor's programs come first; among them the order is by fit, so a track
    of the same program (primary care, research) may lead when the fitted model gives it the
    higher chance (the measured rates do: primary-care tracks invite more of their applicants)."""
    rows = shipped_index.search(Filters(text=query, specialty="internal-medicine"))
    names = [shipped_index.programs[i].name for i in rows]
    sponsor = nrmp_name.split(" - ", 1)[1]
    leading = [name for name in itertools.takewhile(lambda n: n.endswith(f" - {sponsor}"), names)]
    assert nrmp_name in leading, names[:5]


def test_match_quality_comes_before_fit(shipped_index):
    """ "Stanford" once listed Stamford Hospital and Sanford first (one typo away, better fit)."""
    rows = shipped_index.search(Filters(text="Stanford"))
    first_typo = next(n for n, i in enumerate(rows) if "Stanford" not in shipped_index.programs[i].name)
    assert all("Stanford" in shipped_index.programs[i].name for i in rows[:first_typo])
    assert first_typo > 0 and any("Stamford" in shipped_index.programs[i].name for i in rows)


def test_the_hint_counts_hits_the_filters_hide(shipped_index):
    from smartpick_tui.core.catalog_search import elsewhere_hint

    em = Filters(text="Cleveland Clinic", specialty="emergency-medicine")
    shown = len(shipped_index.search(em))
    everywhere = shipped_index.count_text_matches(em.text)
    assert everywhere == len(shipped_index.search(Filters(text="Cleveland Clinic"))) > shown
    hint = elsewhere_hint(em, shown, everywhere, {"emergency-medicine": "Emergency Medicine"})
    assert hint == (
        f'"Cleveland Clinic": {shown} in Emergency Medicine · {everywhere - shown} in other specialties'
    )
    assert elsewhere_hint(Filters(text="Cleveland Clinic"), everywhere, everywhere) == ""
    assert "outside them" in elsewhere_hint(em.with_changes(place="OH"), 0, everywhere)
