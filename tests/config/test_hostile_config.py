"""A hostile config.toml (issue 25, item 9): 50,000 nested arrays raised RecursionError and a
5,001-digit number ValueError, as tracebacks, and the TUI died. Now each is one line naming the
key and its line (exit 2 for a command); the TUI starts with the defaults and says it, and
every reader deep in the app (`config.current`) falls back to the defaults. A FIFO at the
config path is refused unread instead of hanging."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from smartpick_tui.config import DEFAULTS, ConfigError, current, load_config

HOSTILE = {
    "deep nesting": (
        'theme = "x"\n[costs]\naway_housing_usd = ' + "[" * 50_000 + "]" * 50_000 + "\n",
        "line 3: costs.away_housing_usd: nested more than",
    ),
    "inline tables": (
        "[signals]\ninternal-medicine = " + "{a = " * 5_000 + "1" + "}" * 5_000 + "\n",
        "line 2: signals.internal-medicine: nested more than",
    ),
    "huge number": (
        "[costs]\n\ntravel_per_interview_usd = " + "9" * 5_001 + "\n",
        "line 3: costs.travel_per_interview_usd: a number longer than 4300 digits",
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_one_line_naming_key_and_line(tmp_path: Path, case: str) -> None:
    text, said = HOSTILE[case]
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert said in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("case", HOSTILE)
def test_the_command_exits_2_with_one_line(tmp_path: Path, case: str) -> None:
    text, said = HOSTILE[case]
    path = tmp_path / "config.toml"
    path.write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTPICK_")} | {
        "SMARTPICK_CONFIG": str(path)
    }
    done = subprocess.run(
        [sys.executable, "-m", "smartpick_tui", "--db", str(tmp_path / "s.json"), "profile", "show"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("case", HOSTILE)
def test_readers_in_the_app_fall_back_to_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HOSTILE[case][0])
    monkeypatch.setenv("SMARTPICK_CONFIG", str(path))
    assert current() is DEFAULTS


def test_a_fifo_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(path)  # used to block for ever in open()
