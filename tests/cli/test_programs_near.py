"""`smartpick programs --near CITY --within MILES` on the shipped catalog, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.cli import main


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    return str(tmp_path / "state.json")


def test_near_lists_only_programs_within_the_radius_with_their_distance(db, capsys) -> None:
    code, out, _ = run(
        capsys,
        "programs",
        "--db",
        db,
        "--specialty",
        "EM",
        "--near",
        "Houston, TX",
        "--within",
        "60",
        "--json",
    )
    assert code == 0
    rows = json.loads(out)
    assert rows and all(r["miles"] <= 60 and r["specialty"] == "emergency-medicine" for r in rows)
    assert {r["city"] for r in rows} >= {"Houston", "Galveston"}
    code, text, _ = run(
        capsys,
        "programs",
        "--db",
        db,
        "--specialty",
        "EM",
        "--near",
        "houston texas",
        "--within",
        "60",
    )
    assert code == 0 and "Within 60 miles of Houston, TX" in text and " mi [" in text
    assert text.count(" mi [") == len(rows)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--near", "Houstn"], "did you mean"),
        (["--within", "50"], "--within needs --near CITY"),
        (["--near", "Boston", "--within", "0"], "outside 1-3000"),
        (["--near", "Boston", "--within", "ten"], "not a whole number of miles"),
    ],
)
def test_bad_places_and_radii_are_one_line_errors(db, capsys, argv, message) -> None:
    try:  # argparse exits on a bad --within; the command returns 2 on a bad place
        code = main(["programs", "--db", db, *argv])
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
