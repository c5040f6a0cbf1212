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
                "acgme-obgyn-2023",
            }, facts
        if facts.acgme_since is not None:
            assert "acgme-obgyn-2023" in keys and facts.acgme_id.startswith("220"), facts
        if facts.fill_years is not None:
            assert "nrmp-results-fl-2026" in keys, facts
        if facts.sponsor_acgme_series:
            assert keys & {"nrmp-directory-im-2024", "acgme-program-list-2019", "acgme-obgyn-2023"}, facts


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
        # a named site in a city where its sponsor runs main programs is main (McLaren's
        # "Family Medicine/Macomb" in Mount Clemens), and so is a sponsor whose only programs
        # are named sites (Boston Children's "Peds/Childrens Hosp")
        ("1866120C1", TrackType.CATEGORICAL, Campus.MAIN),
        ("1259320C0", TrackType.CATEGORICAL, Campus.MAIN),
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
def test_obgyn_list_matching_agrees_with_the_older_list(build_facts) -> None:  # type: ignore[no-untyped-def]
    """ACGME's 2023 OB/GYN list, matched by name to the catalog's OB/GYN programs, against the
    ids the 2017-19 list's matcher gave the same programs: the same id wherever the older
    list's program still exists, and the three it got wrong corrected (an id withdrawn since,
    or another program of the same city)."""
    with (DATA / "programs.csv").open(encoding="utf-8", newline="") as handle:
        programs = list(csv.DictReader(handle))
    titles = build_facts.nrmp_titles()
    new = build_facts.match_acgme_obgyn(programs, titles)
    old = build_facts.match_acgme_list(programs, titles)
    assert len(new) >= 250
    assert all(code[4:7] == "220" and acgme.startswith("220") for code, (acgme, _) in new.items())
    both = {code: (old[code], new[code][0]) for code in new if code in old}
    differ = {code for code, (a, b) in both.items() if a != b}
    assert len(both) >= 30
    assert differ == {"1877220C0", "1420220C0", "1449220C0", "1449220P0"}, differ
    # Riverside Community Hospital's program re-accredited under HCA in 2021; Brooklyn Hospital
    # Center and Jamaica Hospital had been given the withdrawn NYU Brooklyn and the Icahn/Queens ids.
    assert new["1877220C0"] == ("2200500001", "2021")
    assert new["1420220C0"] == ("2203512182", "1953")
    assert new["1449220C0"][0] == "2203521186"
    assert program_facts()["1420220C0"].acgme_id == "2203512182"


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


H1B_EXTRACTS = ("dol_lca_2025q2_residents.csv", "dol_lca_2025q2_fellows.csv", "dol_lca_2024q1_gme.csv")
# GME trainee titles (the filters of data/PROGRAMS.md) and what they leave out.
TRAINEE_TITLE = re.compile(r"resident|PGY|house officer|house staff|intern|fellow", re.I)
NOT_A_PHYSICIAN = re.compile(r"dental|dentist|pharm|podiatr|nurs|veterin|psycholog|naturopath|research", re.I)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_sources
def test_every_mapped_h1b_employer_names_a_sponsor_that_exists() -> None:
    employers = _read(DATA / "sources" / "h1b_lca_employers.csv")
    catalog_sponsors = {p.id[:4] for p in shipped_catalog()}
    sponsors = {r["institution_code"] for r in _read(DATA / "sponsors.csv")}
    keys = [(r["employer"], r["worksite_state"], r["worksite_city"]) for r in employers]
    assert len(keys) == len(set(keys)), "one row per employer and worksite"
    mapped = 0
    for row in employers:
        codes = set(filter(None, row["institution_codes"].split(";")))
        assert row["basis"], row
        assert codes <= sponsors and codes <= catalog_sponsors, row
        # A row left out says why; a mapped row does not say "not matched".
        assert row["basis"].startswith("not matched") == (not codes), row
        mapped += bool(codes)
    assert mapped >= 180


@needs_sources
def test_h1b_extracts_hold_gme_trainee_rows_only() -> None:
    for name in H1B_EXTRACTS:
        rows = _read(DATA / "sources" / name)
        assert rows, name
        for row in rows:
            assert TRAINEE_TITLE.search(row["JOB_TITLE"]), (name, row["JOB_TITLE"])
            assert not NOT_A_PHYSICIAN.search(row["JOB_TITLE"]), (name, row["JOB_TITLE"])
    assert len(_read(DATA / "sources" / "dol_lca_2025q2_residents.csv")) == 778
    assert len(_read(DATA / "sources" / "dol_lca_2025q2_fellows.csv")) == 345
    # The fellows extract adds rows the residents extract does not hold (no LCA counted twice).
    residents = {r["CASE_NUMBER"] for r in _read(DATA / "sources" / "dol_lca_2025q2_residents.csv")}
    fellows = [r["CASE_NUMBER"] for r in _read(DATA / "sources" / "dol_lca_2025q2_fellows.csv")]
    assert len(set(fellows)) == len(fellows) and not residents & set(fellows)
    fy2024 = _read(DATA / "sources" / "dol_lca_2024q1_gme.csv")
    assert len(fy2024) == 107
    # The FY2024 copy has no case numbers: its TRAINEE column says which filter kept the row.
    assert all(
        r["TRAINEE"] == ("fellow" if re.search("fellow", r["JOB_TITLE"], re.I) else "resident")
        for r in fy2024
    )
    assert Counter(r["TRAINEE"] for r in fy2024) == {"resident": 77, "fellow": 30}


@needs_sources
def test_h1b_counts_and_years_equal_the_extracts(build_facts) -> None:  # type: ignore[no-untyped-def]
    # The build's list of extracts is the one this test reads, with their fiscal years.
    assert [name for name, _ in build_facts.LCA_EXTRACTS] == list(H1B_EXTRACTS)
    assert dict(build_facts.LCA_EXTRACTS) == {
        "dol_lca_2025q2_residents.csv": 2025,
        "dol_lca_2025q2_fellows.csv": 2025,
        "dol_lca_2024q1_gme.csv": 2024,
    }
    table = build_facts.h1b_lca_employers()
    counts: Counter[str] = Counter()
    years: dict[str, set[int]] = {}
    for name, year in build_facts.LCA_EXTRACTS:
        for row in _read(DATA / "sources" / name):
            key = build_facts.h1b_lca_key(row)
            assert key in table, (name, key)  # every extract row is reviewed
            for code in table[key]:
                counts[code] += 1
                years.setdefault(code, set()).add(year)
    facts = program_facts()
    for fact in facts.values():
        code = fact.id[:4]
        assert fact.sponsor_h1b_resident_lcas == counts.get(code, 0), fact.id
        assert fact.sponsor_h1b_years == len(years.get(code, ())), fact.id
    # Figures checked by hand against the extracts:
    assert facts["3113320C0"].sponsor_h1b_resident_lcas == 30  # St Barnabas Hospital, Bronx
    # MGH: 43 Mass General Brigham resident LCAs (FY2025 Q2) + 22 Mass General Physicians
    # Organization fellows + 1 MGB resident (FY2024 Q1, no worksite city): both years.
    assert (facts["1261140C0"].sponsor_h1b_resident_lcas, facts["1261140C0"].sponsor_h1b_years) == (66, 2)
    # Cincinnati Children's files for fellows only in the quarter read: 0 before fellows counted.
    assert facts["1808320C0"].sponsor_h1b_resident_lcas == 3
    assert all(f.sponsor_h1b_years in (0, 1, 2) for f in facts.values())
    assert all((f.sponsor_h1b_resident_lcas > 0) == (f.sponsor_h1b_years > 0) for f in facts.values())


def test_sponsor_img_track_marks_the_sponsors_of_img_tracks() -> None:
    facts = program_facts()
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


@needs_sources
def test_sponsor_hospital_pairings_are_reviewed_and_name_catalog_sponsors(build_facts) -> None:  # type: ignore[no-untyped-def]
    rows = _read(DATA / "sources" / "sponsor_hospitals.csv")
    catalog = shipped_catalog()
    sponsor_state = {p.id[:4]: p.state for p in catalog}
    codes = [r["institution_code"] for r in rows]
    assert len(codes) == len(set(codes)), "one row per sponsor"
    reviewed = 0
    for row in rows:
        assert row["institution_code"] in sponsor_state, row
        if row["match"] == "rejected":
            # A rejected pairing keeps the candidate and the reason, and carries no CMS fact.
            assert not row["ccn"] and not row["ownership"] and not row["school_affiliation_code"], row
            assert "rejected on review:" in row["basis"], row
            continue
        assert row["match"] == "reviewed", row
        assert re.fullmatch(r"\d{2}[0-9A-Z]{4}", row["ccn"]), row  # CMS certification number
        assert row["hospital"] and row["city"] and row["basis"], row
        # The pairing never crosses a state line (the name match ran within the sponsor's state).
        assert row["state"] == sponsor_state[row["institution_code"]], row
        assert row["ownership"] in build_facts.OWNERSHIP, row
        assert row["school_affiliation_code"] in ("", *build_facts.SCHOOL_AFFILIATION), row
        reviewed += 1
    assert reviewed >= 450


def test_sponsor_ownership_and_school_affiliation_follow_the_paired_hospital() -> None:
    facts = program_facts()
    assert (facts["1261140C0"].sponsor_ownership, facts["1261140C0"].sponsor_school_affiliation) == (
        "nonprofit",
        "major",
    )  # Massachusetts General Hospital
    assert facts["1478140C0"].sponsor_ownership == "government"  # Harlem Hospital Center (NYC)
    jfk = [f for f in facts.values() if f.id.startswith("1384")]  # HCA Florida JFK Hospital
    assert jfk and all(
        f.sponsor_ownership == "for-profit" and f.sponsor_school_affiliation == "none" for f in jfk
    )
    # A sponsor whose automatic pairing was rejected (U Illinois paired with U Chicago) knows nothing.
    assert all(f.sponsor_ownership == "" for f in facts.values() if f.id.startswith("1150"))
    by_sponsor: dict[str, set[tuple[str, str]]] = {}
    for f in facts.values():
        by_sponsor.setdefault(f.id[:4], set()).add((f.sponsor_ownership, f.sponsor_school_affiliation))
        assert ("cms-hospitals-2025" in f.source.split(";")) == bool(f.sponsor_ownership), f.id
    assert all(len(values) == 1 for values in by_sponsor.values()), "a sponsor-level fact"
    values = Counter(f.sponsor_ownership for f in facts.values())
    assert set(values) == {"", "for-profit", "nonprofit", "government"}
    assert values["for-profit"] >= 100 and values["government"] >= 200


def test_a_for_profit_sponsor_hospital_is_a_fact_of_the_model() -> None:
    from smartpick_tui.core.program_features import FEATURES, feature_vector

    at = [f.key for f in FEATURES].index("for_profit_hospital")
    catalog = {p.id: p for p in shipped_catalog()}
    assert feature_vector(catalog["1384140C0"])[at] == 1.0  # HCA Florida JFK Hospital
    assert feature_vector(catalog["1261140C0"])[at] == 0.0  # Massachusetts General Hospital
    assert feature_vector(catalog["1150040C0"])[at] == 0.0  # U Illinois: no reviewed hospital, unknown


def test_geography_is_the_gazetteer_around_the_programs_city() -> None:
    """The build's geography columns (data/PROGRAMS.md) against the app's own gazetteer and
    distance: the city's population is the gazetteer's, the people within 30 miles include
    it, and the count of other sponsors' programs of the specialty within 50 miles is what
    `core.geo` measures over the shipped catalog."""
    from smartpick_tui.core.geo import locate, miles_between

    catalog = shipped_catalog()
    places = {p.id: locate(p.city, p.state) for p in catalog}
    checked = 0
    for p in catalog[::25]:
        facts = facts_for(p)
        assert facts is not None
        here = places[p.id]
        if here is None:
            assert (facts.city_population, facts.people_within_30mi, facts.peers_within_50mi) == (None,) * 3
            continue
        assert facts.city_population == here.population
        assert facts.people_within_30mi is not None and facts.people_within_30mi >= here.population
        near = sum(
            1
            for q in catalog
            if q.specialty == p.specialty
            and q.id[:4] != p.id[:4]
            and (there := places[q.id]) is not None
            and miles_between(here, there) <= 50
        )
        assert facts.peers_within_50mi == near, p.id
        checked += 1
    assert checked > 200
    boston = facts_for(next(p for p in catalog if p.id == "1259320C0"))  # Boston Children's peds
    assert boston is not None and boston.peers_within_50mi is not None and boston.peers_within_50mi >= 3
