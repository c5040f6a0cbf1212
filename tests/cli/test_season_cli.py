"""`smartpick interviews`, `smartpick rank` and `smartpick rank export` on a real state file."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import ProgramClass, ProgramMark
from smartpick_tui.store import open_state

SMARTPICK = Path(sys.executable).with_name("smartpick")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    path = tmp_path / "state.json"
    [first, second] = [p for p in cached_catalog(None).programs if p.specialty == "internal-medicine"][:2]
    with open_state(path) as state:
        state.set_profile(Profile(step2=250, specialty="internal-medicine"))
        state.upsert_interview(
            Interview(
                first.name,
                id="one",
                program_id=first.id,
                status=InterviewStatus.COMPLETED,
                rating_1=3,
            )
        )
        state.upsert_interview(
            Interview("@SUM(A1:A9)", id="two", status=InterviewStatus.COMPLETED, rating_1=5)
        )
        state.upsert_interview(
            Interview(second.name, id="three", program_id=second.id, status=InterviewStatus.COMPLETED)
        )
        state.set_mark(ProgramMark(second.id, class_override=ProgramClass.SAFETY))  # the user's own class
        state.upsert_interview(Interview("Later", id="four", status=InterviewStatus.INVITED))
        state.sort_rank_by_score()
    return str(path)


def test_interviews_prints_the_faq5_count(db, capsys) -> None:
    code, out, _ = run(capsys, "interviews", "--db", db)
    assert code == 0 and out.startswith("4 of 12-15 interviews (3 completed) (FAQ 5)")
    code, out, _ = run(capsys, "interviews", "--db", db, "--json")
    data = json.loads(out)
    assert data["count"] == 4 and data["target"] == [12, 15] and len(data["interviews"]) == 4


def test_rank_prints_the_list_the_check_and_the_nrmp_rule(db, capsys) -> None:
    _code, out, _ = run(capsys, "rank", "--db", db, "--json")
    data = json.loads(out)
    assert [r["id"] for r in data["ranks"]] == ["two", "one", "three"]  # by score, unrated last
    assert data["ranks"][2]["class_estimate"] == "safety"
    assert any("1 safety-class program ranked" in line for line in data["check"])
    assert "never one you would not attend" in data["nrmp_rule"]
    assert 0 < data["p_match_estimate"] < 1


def test_rank_export_csv_is_formula_safe_and_refuses_to_overwrite(db, tmp_path: Path, capsys) -> None:
    target = tmp_path / "rank.csv"
    code, out, _ = run(capsys, "rank", "export", str(target), "--db", db)
    assert code == 0 and "Exported 3 ranks" in out
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    assert rows[1][1] == "'@SUM(A1:A9)" and rows[3][5] == "safety"
    assert target.stat().st_mode & 0o077 == 0  # private, like the other exports
    code, _, err = run(capsys, "rank", "export", str(target), "--db", db)
    assert code == 2 and "exists; pass --force" in err


def test_the_real_binary_writes_the_csv_to_stdout(db) -> None:
    done = subprocess.run(
        [str(SMARTPICK), "--db", db, "rank", "export", "-"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(done.stdout.splitlines()))[1][1] == "'@SUM(A1:A9)"
