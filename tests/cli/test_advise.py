"""`smartpick advise` as a user runs it: a real subprocess, from another directory."""

import json
import os
import subprocess
import sys

import pytest

PERSONAS = [
    # (flags, expected subset of the JSON)
    (
        [
            "--step2",
            "258",
            "--specialty",
            "Internal Medicine",
            "--situation",
            "no-home-program",
            "--school",
            "us-md",
        ],
        {
            "leverage": 8,
            "score_band": "255-264",
            "competitiveness": "moderate",
            "programs_to_apply": 40,
            "aways": {"min": 1, "max": 2},
            "interviews": {
                "min": 12,
                "max": 15,
                "is_article": True,
                "basis": "FAQ 5: 12-15 interviews is a fairly safe zone for core specialties.",
            },
            "step2_power": "High",
            "home_support_importance": "Medium",
            "mention_score_in_emails": True,
            "extrapolated": False,
        },
    ),
    (
        ["--step2", "252", "--specialty", "ENT", "--situation", "indifferent", "--school", "us-md"],
        {
            "leverage": 6,
            "score_band": "245-254",
            "competitiveness": "very competitive",
            "programs_to_apply": 80,
            "aways": {"min": 2, "max": 3},
            "step2_power": "Medium",
            "home_support_importance": "Very High",
            "mention_score_in_emails": False,
        },
    ),
    (
        [
            "--step2",
            "240",
            "--specialty",
            "Anesthesia",
            "--situation",
            "discouraging",
            "--school",
            "us-md",
        ],
        {
            "leverage": 4,
            "score_band": "235-244",
            "competitiveness": "competitive",
            "programs_to_apply": 60,
            "step2_power": "High",
            "home_support_importance": "Medium",
            "mention_score_in_emails": False,
        },
    ),
    (
        [
            "--step2",
            "266",
            "--specialty",
            "EM",
            "--situation",
            "do-img",
            "--school",
            "us-do",
            "--step1",
            "fail",
        ],
        {
            "leverage": 9,
            "score_band": "265+",
            "programs_to_apply": 60,
            "step2_power": "Medium-High",
            "home_support_importance": "High",
            "extrapolated": True,
        },
    ),
    (
        ["--step2", "228", "--specialty", "TY", "--school", "us-md"],
        {
            "leverage": 2,
            "score_band": "<235",
            "competitiveness": "prelim/ty",
            "programs_to_apply": 25,
            "extrapolated": True,
        },
    ),
]


def run(*args, env=None, cwd="/"):
    return subprocess.run(
        [sys.executable, "-m", "smartpick_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(("flags", "expected"), PERSONAS)
def test_personas_json(flags, expected, tmp_path):
    result = run("advise", *flags, "--json", "--db", str(tmp_path / "s.json"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {k: data[k] for k in expected} == expected
    for key in ("tier_guidance", "situation", "letters", "mistakes_to_avoid", "notes"):
        assert key in data
    assert set(data["situation"]) >= {"type", "step2_helps", "workaround"}
    assert not (tmp_path / "s.json").exists(), "advise with flags must not create a state file"


def test_report_draws_the_leverage_chart():
    result = run("advise", "--step2", "258", "--specialty", "IM")
    assert result.returncode == 0
    lines = [line for line in result.stdout.splitlines() if "█" in line]
    assert len(lines) == 5
    assert sum("◀ you" in line for line in lines) == 1 and "255-264" in next(
        line for line in lines if "◀ you" in line
    )


@pytest.mark.parametrize(
    ("flags", "field"),
    [
        (["--step2", "400"], "--step2"),
        (["--step2", "abc"], "--step2"),
        (["--step2", "250", "--specialty", "Astrology"], "--specialty"),
        (["--step2", "250", "--school", "harvard"], "--school"),
        (["--step2", "250", "--situation", "sad"], "--situation"),
        (["--step2", "250", "--ties", "Narnia"], "--ties"),
    ],
)
def test_bad_input_is_one_clear_line(flags, field):
    result = run("advise", *flags)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0]


def test_stored_profile_without_step2_asks_for_it(tmp_path):
    env = {**os.environ, "SMARTPICK_DB": str(tmp_path / "none.json")}
    result = run("advise", env=env)
    assert result.returncode == 2 and "Step 2 CK" in result.stderr and "Traceback" not in result.stderr


def test_version_and_help():
    assert run("--version").stdout.startswith("smartpick ")
    assert "advise" in run("--help").stdout


@pytest.mark.parametrize(
    ("specialty", "line"),
    [
        ("Ophthalmology", "Match                 SF Match — SF Match (CAS) application"),
        ("Urology", "Match                 AUA Urology Match — Applications through ERAS"),
        ("IM", "Match                 NRMP Main Residency Match — applications reach"),
    ],
)
def test_report_says_which_match_and_calendar_apply(specialty, line):
    result = run("advise", "--step2", "255", "--specialty", specialty)
    assert result.returncode == 0, result.stderr
    assert line in result.stdout
