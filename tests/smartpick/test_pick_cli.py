"""`smartpick pick` as a user runs it: a real subprocess, a real state file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import open_state


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "SMARTPICK_DB": str(tmp_path / "state.json"),
    }
    return subprocess.run(
        [sys.executable, "-m", "smartpick_tui", "pick", *args],
        capture_output=True,
        text=True,
        cwd="/",
        env=env,
        timeout=60,
    )


def test_json_interface(tmp_path: Path) -> None:
    result = run(tmp_path, "--step2", "255", "--specialty", "IM", "--ties", "OH", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {
        "picks",
        "expected_interviews",
        "interviews_80",
        "match_estimate",
        "aways",
        "signals",
        "assumptions",
    } <= set(data)
    assert len(data["picks"]) == data["programs_to_apply"] == 40
    for pick in data["picks"]:
        assert {"id", "name", "display_name", "track", "class", "p_interview", "reason"} <= set(pick)
        assert {"contribution", "marginal_match_points", "swing"} <= set(pick)
        assert pick["class"] in ("reach", "target", "safety") and 0 <= pick["p_interview"] <= 1
        assert pick["display_name"] and pick["display_name"] != pick["name"]  # the NRMP title is gone
        assert pick["marginal_match_points"] == round(pick["contribution"] * 100, 2)
    assert data["application_service"] == "ERAS" and data["costs"]["service"] == "ERAS"
    low, high = data["interviews_80"]
    assert low <= data["expected_interviews"] <= high
    assert 0 <= data["match_estimate"] <= 1 and data["estimate"] is True
    assert len(data["aways"]) == 2  # IM: 1-2 aways (§4)
    allowed = data["signals"]["allowed"]
    assert (allowed["gold"], allowed["silver"], allowed["signals"]) == (3, 12, 0)
    assert "AAMC" in allowed["basis"] and "Romanoski" in allowed["effect_basis"]
    assert all(s["why"] for s in data["signals"]["suggestions"])
    assert any("estimate" in line for line in data["assumptions"])


def test_n_and_report(tmp_path: Path) -> None:
    result = run(tmp_path, "--step2", "248", "--specialty", "EM", "--n", "30")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "30 programs" in out and "estimate" in out
    assert "+10 programs:" in out and "-10 programs:" in out
    assert "How this is computed" in out and "Away-rotation candidates" in out


def test_stored_profile_and_marks_are_used(tmp_path: Path) -> None:
    first = json.loads(run(tmp_path, "--step2", "250", "--json").stdout)
    excluded = first["picks"][0]["id"]
    with open_state(tmp_path / "state.json") as state:
        state.set_profile(Profile(step2=250))
        state.set_mark(ProgramMark(excluded, exclude=True))
    stored = json.loads(run(tmp_path, "--json").stdout)
    assert excluded not in {p["id"] for p in stored["picks"]}
    ignored = json.loads(run(tmp_path, "--json", "--no-marks").stdout)
    assert excluded in {p["id"] for p in ignored["picks"]}


def test_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    for args, needle in (
        (("--step2", "250", "--n", "0"), "--n"),
        (("--step2", "abc"), "--step2"),
        ((), "--step2"),
    ):  # no stored profile: no Step 2 CK yet
        result = run(tmp_path, *args)
        assert result.returncode == 2
        assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_em_and_obgyn_cost_residencycas_fees_everywhere(tmp_path: Path) -> None:
    """ResidencyCAS: $99 for programs 1-18, +$18 each for 19-30, +$23 each from 31."""
    em = json.loads(run(tmp_path, "--step2", "245", "--specialty", "EM", "--n", "60", "--json").stdout)
    assert em["application_service"] == "ResidencyCAS"
    assert em["costs"]["application_fees_usd"] == 99 + 12 * 18 + 30 * 23 == 1005
    assert {w["n"]: w["application_fees_usd"] for w in em["what_if"]} == {
        50: 99 + 12 * 18 + 20 * 23,
        70: 99 + 12 * 18 + 40 * 23,
    }
    report = run(tmp_path, "--step2", "245", "--specialty", "OB/GYN", "--n", "60").stdout
    assert "ResidencyCAS fees for 60 programs: $1,005" in report and "ERAS" not in report.split("Away")[0]
    advise = subprocess.run(
        [sys.executable, "-m", "smartpick_tui", "advise", "--specialty", "EM", "--step2", "245"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "SMARTPICK_DB": str(tmp_path / "s.json"),
        },
        timeout=60,
    ).stdout
    assert "ResidencyCAS" in advise and "October 1" in advise
    assert "ERAS applications open" not in advise and "ERAS fees" not in advise


def test_budget_and_comlex_only(tmp_path: Path) -> None:
    data = json.loads(
        run(
            tmp_path, "--comlex", "600", "--school", "DO", "--specialty", "IM", "--budget", "500", "--json"
        ).stdout
    )
    assert data["costs"]["application_fees_usd"] <= 500 < data["costs"]["application_fees_usd"] + 30
    assert data["picks"] and any("COMLEX" in note for note in data["notes"])
