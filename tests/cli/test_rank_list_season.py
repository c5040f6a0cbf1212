"""The rank order list as a student meets it (issue 24 items 6 and 14): it opens by the
student's weighted ratings (the lowest-rated program, entered first, was #1), its safety net
reads the same match curve SmartPick uses, and `interviews.csv` and `rank.csv` name the rating
columns the same way. Real state file, the real CLI in-process."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rank import safety_net
from smartpick_tui.core.smartpick.engine import run_smartpick
from smartpick_tui.core.specialties import all_specialties
from smartpick_tui.store import open_state

ENTERED = [("Lowly Rated", 1), ("Middling", 3), ("Best Liked", 5)]  # the order they were entered


def completed(name: str, rating: int | None) -> Interview:
    return Interview(
        name,
        id=name.lower().replace(" ", "-"),
        status=InterviewStatus.COMPLETED,
        rating_1=rating,
        rating_2=rating,
    ).validated()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.set_profile(Profile(step2=250, specialty="internal-medicine"))
        for name, rating in ENTERED:
            state.upsert_interview(completed(name, rating))
        state.upsert_interview(completed("Not Rated", None))
        state.patch_criteria(name_1="Program quality", weight_1=3)
    return path


def test_the_list_opens_by_weighted_rating_and_keeps_the_students_own_order(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "rank", "--db", str(db), "--json")
    assert code == 0
    assert [r["program"] for r in json.loads(out)["ranks"]] == [
        "Best Liked",
        "Middling",
        "Lowly Rated",
        "Not Rated",
    ]
    with open_state(db) as state:  # a move is the student's order from then on
        state.move_in_rank("lowly-rated", -3)
    code, out, _ = run(capsys, "rank", "--db", str(db), "--json")
    assert json.loads(out)["ranks"][0]["program"] == "Lowly Rated"


def test_interviews_csv_and_rank_csv_name_the_ratings_the_same(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "sheets"
    assert run(capsys, "export", "--db", str(db), "--csv", str(out))[0] == 0

    def header(name: str) -> list[str]:
        with (out / name).open(encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle))

    interviews = [c for c in header("interviews.csv") if c.startswith("rating")]
    ranks = [c for c in header("rank.csv") if c.startswith("rating")]
    assert interviews == ranks
    assert "rating: Program quality (weight 3)" in interviews


@pytest.mark.parametrize("specialty", [s.id for s in all_specialties()][:25:6])
def test_the_safety_net_reads_smartpicks_own_match_curve(specialty: str) -> None:
    profile = Profile(step2=250, specialty=specialty)
    programs = cached_catalog(None).programs
    curve = run_smartpick(profile, programs, n=20).curve
    for n in (1, 6, 12, 20):
        ranked_list = [completed(f"P{i}", 3) for i in range(n)]
        net = safety_net(profile, ranked_list, None)
        assert net.p_match == curve.p_match(n)
        assert f"How the chance is estimated: {curve.label}." in net.lines
