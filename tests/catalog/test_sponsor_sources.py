"""Every reviewed sponsor-to-school row of data/sources/sponsor_schools.csv says what it rests
on, and the claims that can be checked against the other sources are checked here."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest
from catalog_helpers import needs_sources

from smartpick_tui.core.sponsors import Relation, sponsor_table

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
KINDS = ("nrmp-sponsor-name", "acgme-program-name", "no-school-named", "url", "reviewer")


def _kind(source: str) -> str:
    if source.startswith(("http://", "https://")):
        return "url"
    return source.split(":", 1)[0]


@pytest.fixture(scope="module")
def reviewed() -> list[dict[str, str]]:
    if not (DATA / "sources").is_dir():
        pytest.skip("data/sources/ is in the repository only (not in the sdist)")
    with (DATA / "sources" / "sponsor_schools.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def build_facts():  # type: ignore[no-untyped-def]
    saved = {k: sys.modules.get(k) for k in ("build_facts", "build_catalog")}
    spec = importlib.util.spec_from_file_location("build_facts", DATA / "build_facts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_facts"] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = value


def test_every_reviewed_row_names_what_it_rests_on(reviewed: list[dict[str, str]]) -> None:
    for row in reviewed:
        assert _kind(row["source"]) in KINDS, row
        if _kind(row["source"]) == "acgme-program-name":
            assert row["source"].split(":", 1)[1].strip(), row


@needs_sources
def test_checkable_sources_hold(reviewed: list[dict[str, str]], build_facts) -> None:  # type: ignore[no-untyped-def]
    """`no-school-named`: a `none` row whose NRMP name names no school; `acgme-program-name:X`:
    X is the ACGME name of one of the sponsor's programs (same ACGME id in program_facts.csv)."""
    with (DATA / "sources" / "acgme_programs_2019.csv").open(encoding="utf-8", newline="") as handle:
        names_by_id: dict[str, set[str]] = {}
        for entry in csv.DictReader(handle):
            names_by_id.setdefault(entry["acgme_id"], set()).add(entry["program"])
    with (DATA / "program_facts.csv").open(encoding="utf-8", newline="") as handle:
        sponsor_names: dict[str, set[str]] = {}
        for facts in csv.DictReader(handle):
            sponsor_names.setdefault(facts["id"][:4], set()).update(names_by_id.get(facts["acgme_id"], ()))
    for row in reviewed:
        kind = _kind(row["source"])
        if kind == "no-school-named":
            assert row["relation"] == "none" and not row["school_key"], row
            assert not build_facts.build_catalog.SCHOOL.search(row["institution"]), row
        elif kind == "acgme-program-name":
            assert row["source"].split(":", 1)[1] in sponsor_names.get(row["institution_code"], set()), row


def test_issue_22_corrections_rest_on_pages(reviewed: list[dict[str, str]]) -> None:
    by_code = {row["institution_code"]: row for row in reviewed}
    # U Central FL/HCA Healthcare GME: a consortium of HCA community hospitals, not principal.
    assert by_code["1587"]["relation"] == "affiliate" and by_code["1587"]["school_key"] == "UCF"
    # Johns Hopkins Bayview: a Johns Hopkins Medicine hospital taught by full-time SOM faculty,
    # second to the Johns Hopkins Hospital.
    assert by_code["1237"]["relation"] == "affiliate" and by_code["1237"]["school_key"] == "Johns Hopkins"
    # Ventura County Medical Center: affiliated with Keck (USC) since 2022.
    assert by_code["1068"]["relation"] == "affiliate" and by_code["1068"]["school_key"] == "Southern Cal-Keck"
    for code in ("1587", "1237", "1068"):
        assert _kind(by_code[code]["source"]) == "url", by_code[code]


def test_sponsor_facts_carry_the_relation_source() -> None:
    table = sponsor_table()
    assert table["1237"].relation is Relation.AFFILIATE and table["1237"].school.startswith("Johns Hopkins")
    assert table["1237"].relation_source.startswith("http")
    assert all(f.relation_source for f in table.values() if f.reviewed)


def test_programs_md_counts_what_each_row_rests_on(reviewed: list[dict[str, str]]) -> None:
    """The table of data/PROGRAMS.md that says how many rows rest on what is the file's own."""
    text = (DATA / "PROGRAMS.md").read_text(encoding="utf-8")
    counts = {kind: sum(_kind(r["source"]) == kind for r in reviewed) for kind in KINDS}
    labels = {
        "nrmp-sponsor-name": "`nrmp-sponsor-name`",
        "acgme-program-name": "`acgme-program-name:<name>`",
        "no-school-named": "`no-school-named`",
        "url": "a page address",
        "reviewer": "`reviewer`",
    }
    for kind, label in labels.items():
        assert f"| {label} | {counts[kind]:,} |" in text, (kind, counts[kind])
