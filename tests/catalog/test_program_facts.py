"""data/program_facts.csv: every per-program fact is rebuilt from its sources, every catalog
program has one row, and the facts read what the NRMP titles and ACGME ids say."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from catalog_helpers import needs_sources, program

from smartpick_tui.core.program_facts import Campus, Osteopathic, TrackType, facts_for, program_facts
from smartpick_tui.core.programs import shipped_catalog

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def _load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_facts():  # type: ignore[no-untyped-def]
    saved = {k: sys.modules.get(k) for k in ("build_facts", "build_catalog")}
    try:
        yield _load("build_facts")
    finally:
        for key, module in saved.items():
            if module is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = module


@needs_sources
def test_facts_are_rebuilt_byte_for_byte(build_facts) -> None:  # type: ignore[no-untyped-def]
    assert build_facts.render(build_facts.build()) == (DATA / "program_facts.csv").read_text(encoding="utf-8")


def test_every_catalog_program_has_one_row_in_catalog_order() -> None:
    with (DATA / "program_facts.csv").open(encoding="utf-8", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert ids == [p.id for p in shipped_catalog()]
    assert all(facts_for(p) is not None for p in shipped_catalog())


def test_an_imported_program_has_no_shipped_facts() -> None:
    assert facts_for(program(1, imported=True)) is None


def test_every_fact_names_its_source() -> None:
    for facts in program_facts().values():
        keys = set(facts.source.split(";")) if facts.source else set()
        if facts.acgme_id:
            assert keys & {
                "nrmp-directory-im-2024",
                "acgme-urology-2019",
                "program-pages-2026",
                "acgme-program-list-2019",
            }, facts
        if facts.fill_years is not None:
            assert "nrmp-results-fl-2026" in keys, facts
        if facts.sponsor_acgme_series:
            assert keys & {"nrmp-directory-im-2024", "acgme-program-list-2019"}, facts


def _by_code(code: str):  # type: ignore[no-untyped-def]
    facts = program_facts()[code]
    return facts


@pytest.mark.parametrize(
    ("code", "track_type", "campus"),
    [
        ("1089140C0", TrackType.CATEGORICAL, Campus.MAIN),  # Yale IM
        ("1089140C2", TrackType.SITE, Campus.SITE),  # Internal Medicine/Yale-Waterbury
        ("1089140C1", TrackType.PSTP, Campus.MAIN),  # Int Med/Physician Scientist
        ("1089140M0", TrackType.PRIMARY_CARE, Campus.MAIN),  # Medicine-Primary
        ("1529120C1", TrackType.RURAL, Campus.RURAL),  # Duke Family Medicine/Rural
        ("1187120C3", TrackType.SITE, Campus.SITE),  # Indiana University Family Medicine/Jasper
        ("1007080A2", TrackType.RURAL, Campus.RURAL),  # UAB Dermatology/Rural
        ("1102140C0", TrackType.CATEGORICAL, Campus.MAIN),  # AdventHealth IM/Orlando: its own city
    ],
)
def test_track_type_and_campus_read_the_title(code: str, track_type: TrackType, campus: Campus) -> None:
    facts = _by_code(code)
    assert (facts.track_type, facts.campus) == (track_type, campus)


def test_every_track_type_comes_from_the_code_or_the_title() -> None:
    catalog = {p.id: p for p in shipped_catalog()}
    for facts in program_facts().values():
        p = catalog[facts.id]
        letter = p.nrmp_code[7] if p.nrmp_code else ""
        if letter == "R":
            assert facts.track_type is TrackType.PHYSICIAN
        elif facts.track_type is TrackType.PHYSICIAN:
            pytest.fail(f"{p.id} is a physician track without an R code")
        if facts.track_type in (
            TrackType.RESEARCH,
            TrackType.PSTP,
            TrackType.SPONSORED_IMG,
            TrackType.MILITARY,
        ):
            assert "/" in p.name.split(" - ")[0], p.name


def test_osteopathic_marks() -> None:
    facts = program_facts()
    assert facts["1102120C1"].osteopathic is Osteopathic.TRACK  # Fam Med/East Orlando/Osteopathic
    assert facts["1102120C0"].osteopathic is Osteopathic.SPONSOR_TRACK  # AdventHealth's other FM
    assert facts["2152080A0"].osteopathic is Osteopathic.TRACK  # Still OPTI Dermatology/Osteopathic
    still = [f for i, f in facts.items() if i.startswith("2158")]  # Philadelphia Coll of Osteo Med
    assert still and all(f.osteopathic in (Osteopathic.SPONSOR_SCHOOL, Osteopathic.TRACK) for f in still)
    assert facts["1261140C0"].osteopathic is Osteopathic.NONE  # MGH


def test_acgme_series_dates_the_program() -> None:
    facts = program_facts()
    # Yale-Waterbury (1400810910) is a newer program than Yale's own (old numbering).
    assert facts["1089140C2"].acgme_series == "new" and facts["1089140C2"].acgme_seq == 910
    assert facts["1089140C0"].acgme_series == "legacy" and facts["1089140C0"].acgme_seq is None
    for f in facts.values():
        assert (f.acgme_series == "new") == (f.acgme_seq is not None)
        assert bool(f.acgme_id) == bool(f.acgme_series)


def test_florida_fill_history() -> None:
    facts = program_facts()
    with_fill = [f for f in facts.values() if f.fill_years is not None]
    catalog = {p.id: p for p in shipped_catalog()}
    assert with_fill and all(catalog[f.id].state == "FL" for f in with_fill)
    for f in with_fill:
        if f.fill_rate is not None:
            assert 0.0 <= f.fill_rate <= 1.0
            assert f.unfilled_years is not None and f.fill_years is not None
            assert 0 <= f.unfilled_years <= f.fill_years <= 7


def test_coverage_is_what_data_programs_md_says() -> None:
    """The counts in data/PROGRAMS.md's table of per-program facts are the file's own."""
    text = (DATA / "PROGRAMS.md").read_text(encoding="utf-8")
    counts = Counter(f.track_type.value for f in program_facts().values())
    for kind, n in counts.items():
        assert f"`{kind}` {n:,}" in text, (kind, n)


@needs_sources
def test_acgme_list_matching_agrees_with_the_im_directory(build_facts) -> None:  # type: ignore[no-untyped-def]
    """The name matcher that gives ACGME ids to other specialties, measured where the truth is
    known: IM codes, whose ACGME id the NRMP directory publishes."""
    with (DATA / "programs.csv").open(encoding="utf-8", newline="") as handle:
        programs = list(csv.DictReader(handle))
    matched = build_facts.match_acgme_list(programs, build_facts.nrmp_titles())
    truth = {r.code: r.acgme for r in build_facts.build_catalog.read_im_directory()}
    checked = [(acgme, truth[code]) for code, acgme in matched.items() if truth.get(code, "").isdigit()]
    assert len(checked) >= 100
    same_id = sum(a == t for a, t in checked) / len(checked)
    same_series = sum(build_facts.acgme_series(a)[0] == build_facts.acgme_series(t)[0] for a, t in checked)
    assert same_id >= 0.9, same_id  # 146 of 153 on 2026-12-07 (the rest: a second IM program
    assert same_series == len(checked)  # of the same sponsor and city, of the same series)


@needs_sources
def test_every_reviewed_program_relation_cites_a_page() -> None:
    with (DATA / "sources" / "program_reviews.csv").open(encoding="utf-8", newline="") as handle:
        reviews = list(csv.DictReader(handle))
    assert reviews
    for review in reviews:
        assert review["url"].startswith(("http://", "https://")) and review["evidence"], review
        assert review["relation"] in ("principal", "affiliate", "none"), review
        assert bool(review["school_key"]) == (review["relation"] != "none"), review
    facts = program_facts()
    # Specialty leaders at non-university sponsors (issue 22), each a fact with its page.
    assert (facts["3128260C0"].reviewed_school, facts["3128260C0"].reviewed_relation) == (
        "Cornell-Weill",
        "principal",
    )
    assert facts["1860400C0"].reviewed_relation == "principal" and facts["1860400C0"].program_since == 1958
    assert facts["1068120C0"].program_since == 1968 and facts["1618120C0"].program_since == 1969
    assert all("program-reviews-2026" in f.source.split(";") for f in facts.values() if f.reviewed_relation)


@needs_sources
def test_h1b_lca_counts_come_from_the_dol_extract_and_the_reviewed_employer_table() -> None:
    with (DATA / "sources" / "h1b_lca_employers.csv").open(encoding="utf-8", newline="") as handle:
        employers = list(csv.DictReader(handle))
    sponsors = {p.id[:4] for p in shipped_catalog()}
    for row in employers:
        assert row["basis"], row
        assert set(filter(None, row["institution_codes"].split(";"))) <= sponsors, row
    with (DATA / "sources" / "dol_lca_2025q2_residents.csv").open(encoding="utf-8", newline="") as handle:
        lcas = list(csv.DictReader(handle))
    # Every extract row is a resident position (the filter of data/PROGRAMS.md), not a dentist.
    assert len(lcas) == 778
    assert all(
        re.search(r"resident|PGY|house officer|intern|house staff", r["JOB_TITLE"], re.I) for r in lcas
    )
    facts = program_facts()
    assert facts["3113320C0"].sponsor_h1b_resident_lcas == 30  # St Barnabas Hospital, Bronx
    assert facts["1261140C0"].sponsor_h1b_resident_lcas == 43  # Mass General Brigham employs MGH residents
    assert all(f.sponsor_h1b_resident_lcas >= 0 for f in facts.values())
    assert facts["1351320C0"].sponsor_img_track is False
    img = {
        f.id[:4] for f in facts.values() if f.track_type in (TrackType.SPONSORED_IMG, TrackType.IMG_PATHWAY)
    }
    assert img and all(f.sponsor_img_track == (f.id[:4] in img) for f in facts.values())


def test_tracks_at_site_counts_the_sponsors_tracks_of_one_specialty_in_one_city() -> None:
    catalog = [p for p in shipped_catalog() if p.nrmp_code]
    facts = program_facts()
    groups: Counter[tuple[str, str, str]] = Counter((p.id[:4], p.nrmp_code[4:7], p.city) for p in catalog)  # type: ignore[index]
    for p in catalog:
        assert facts[p.id].tracks_at_site == groups[(p.id[:4], p.nrmp_code[4:7], p.city)]  # type: ignore[index]
    assert all(f.tracks_at_site is None for f in facts.values() if "-" in f.id)
