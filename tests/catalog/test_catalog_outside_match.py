"""Ophthalmology (SF Match) and urology (AUA Match) rows through every consumer of a program id:
listing and search, the sponsor join of the estimates, export, re-import and drafts. Their ids
are not NRMP codes ("1147-AUA-4801631046", "1630-SFM"), so each path that once assumed one is
run here through the real entry point with a real state file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import open_state

RUSH_URO = "1147-AUA-4801631046"
WILLS = "1630-SFM"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state.json"


@pytest.mark.parametrize(
    ("specialty", "count", "subtitle"),
    [("Urology", 105, "AUA Match"), ("Ophthalmology", 100, "SF Match")],
)
def test_listing_joins_each_row_to_its_sponsor_facts(capsys, db, specialty, count, subtitle):
    code, out, err = run(capsys, "--db", str(db), "programs", "--specialty", specialty, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == count
    for row in rows:
        assert row["nrmp_code"] is None and row["subtitle"] == subtitle, row["id"]
        assert "Match" not in row["display_name"], row["display_name"]  # the label is no site
        assert row["estimates"]["typical_step2"] > 0
    # A sponsor that sponsors.csv ties to a school: its NIH rank reaches the estimate.
    with_school = [r for r in rows if any("NIH rank" in f for f in r["estimates"]["factors"])]
    assert len(with_school) > count // 2


def test_search_finds_a_urology_program_by_its_everyday_name(capsys, db):
    code, out, err = run(
        capsys, "--db", str(db), "programs", "--specialty", "Uro", "--query", "Rush", "--json"
    )
    assert code == 0, err
    rows = json.loads(out)
    assert rows[0]["id"] == RUSH_URO
    assert (rows[0]["display_name"], rows[0]["city"]) == (
        "Rush University Medical Center",
        "Chicago",
    )


def test_marked_rows_export_and_reimport_as_the_same_programs(capsys, db, tmp_path):
    with open_state(db) as state:
        state.set_mark(ProgramMark(RUSH_URO, apply=True))
        state.set_mark(ProgramMark(WILLS, email_target=True))
    out_file = tmp_path / "marked.csv"
    code, out, err = run(capsys, "--db", str(db), "programs", "export", str(out_file), "--marked")
    assert code == 0 and "Wrote 2 marked programs" in out, err
    text = out_file.read_text(encoding="utf-8")
    assert RUSH_URO in text and WILLS in text and "acgme-urology-2019" in text
    code, out, err = run(capsys, "--db", str(db), "programs", "import", str(out_file), "--dry-run")
    assert code == 0, err
    assert "Importing adds 0, updates 0; 2 already in the catalog." in out


def test_an_away_request_draft_names_the_urology_program_without_its_match_label(capsys, db):
    code, out, err = run(
        capsys,
        "draft",
        "away-request",
        "--db",
        str(db),
        "--program",
        RUSH_URO,
        "--step2",
        "255",
        "--specialty",
        "Urology",
        "--name",
        "Ana Test",
        "--school-name",
        "Test SOM",
    )
    assert code == 0, err
    assert "Urology rotation at Rush University Medical Center." in " ".join(out.split())
    assert "AUA Match" not in out
