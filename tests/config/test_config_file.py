"""config.toml: every key parsed and validated; a broken file is one line naming key and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from smartpick_tui import config
from smartpick_tui.cli import main
from smartpick_tui.config import ConfigError, load_config, parse_config

FULL = """\
theme = "nord"
state_path = "~/plans/state.json"

[keymap]
"programs.search" = "ctrl+f"

[costs]
away_housing_usd = 1500
travel_per_interview_usd = 600

[signals.internal-medicine]
gold = 4
silver = 10

[calendar]
eras-opens = 2026-06-05
"rol-deadline" = "2027-03-04"
"""


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty XDG config home (and data home) for the test; returns the config file path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    monkeypatch.delenv("SMARTPICK_CONFIG", raising=False)
    path = tmp_path / "cfg" / "smartpick" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def test_every_key_parses(tmp_path: Path) -> None:
    parsed = parse_config(FULL, tmp_path / "config.toml")
    assert parsed.theme == "nord"
    assert parsed.state_path == Path("~/plans/state.json").expanduser()
    assert dict(parsed.keymap) == {"programs.search": "ctrl+f"}
    assert dict(parsed.costs) == {"away_housing_usd": 1500, "travel_per_interview_usd": 600}
    assert dict(parsed.signals["internal-medicine"]) == {"gold": 4, "silver": 10}
    assert parsed.calendar == {"eras-opens": date(2026, 6, 5), "rol-deadline": date(2027, 3, 4)}


def test_no_file_is_every_default(tmp_path: Path) -> None:
    assert load_config(tmp_path / "missing.toml") == config.DEFAULTS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'theme = "nord"\n\n[costs]\naway_housing_usd = "lots"\n',
            "line 4: costs.away_housing_usd: expected a whole",
        ),
        ("[costs]\nhotel = 3\n", "line 2: costs.hotel: unknown key"),
        ('colour = "red"\n', "line 1: colour: unknown key"),
        ("[signals.not-a-specialty]\ngold = 1\n", "line 1: signals.not-a-specialty: unknown specialty id"),
        (
            "[signals.internal-medicine]\ngold = 1000\n",
            "line 2: signals.internal-medicine.gold: expected a whole",
        ),
        ('[calendar]\n"eras-opens" = "June"\n', "line 2: calendar.eras-opens: expected a date"),
        ("[calendar]\nnew-year = 2027-01-01\n", "line 2: calendar.new-year: unknown event id"),
        (
            "[keymap]\n\n'programs.search' = 5\n",
            "line 3: keymap.programs.search: expected a non-empty string",
        ),
        ("theme = [\n", "not valid TOML"),
    ],
)
def test_a_bad_value_names_the_key_and_its_line(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(text, tmp_path / "config.toml")
    message = str(raised.value)
    assert expected in message and "\n" not in message
    assert message.startswith(str(tmp_path / "config.toml"))


def test_broken_config_stops_a_command_with_one_line(config_home: Path, capsys) -> None:
    config_home.write_text("[costs]\naway_housing_usd = -5\n")
    assert main(["locate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{config_home} line 2: costs.away_housing_usd" in err


def test_locate_prints_the_config_file(config_home: Path, capsys) -> None:
    assert main(["locate"]) == 0
    out = capsys.readouterr().out
    assert f"config file   {config_home}  (not created yet)" in out


def test_state_path_from_config_yields_to_db_and_env(
    config_home: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    chosen = tmp_path / "elsewhere" / "mine.json"
    config_home.write_text(f'state_path = "{chosen}"\n')
    assert main(["locate", "--json"]) == 0
    assert str(chosen) in capsys.readouterr().out
    monkeypatch.setenv("SMARTPICK_DB", str(tmp_path / "env.json"))
    assert main(["locate", "--json"]) == 0
    assert str(tmp_path / "env.json") in capsys.readouterr().out
    assert main(["--db", str(tmp_path / "flag.json"), "locate", "--json"]) == 0
    assert str(tmp_path / "flag.json") in capsys.readouterr().out


def test_calendar_and_signals_overrides_reach_the_commands(config_home: Path, capsys) -> None:
    from smartpick_tui.core.smartpick.signals import load_signals

    config_home.write_text(FULL)
    assert main(["calendar"]) == 0
    out = capsys.readouterr().out
    assert "2026-06-05  MyERAS opens to applicants (your entry)" in out
    assert load_signals().for_specialty("internal-medicine").describe() == "4 gold + 10 silver"
    config_home.unlink()
    assert load_signals().for_specialty("internal-medicine").describe() != "4 gold + 10 silver"


def test_costs_from_config_fill_what_the_plan_form_left_empty(config_home: Path, tmp_path: Path) -> None:
    from smartpick_tui.services.season import season_costs
    from smartpick_tui.store import open_state

    config_home.write_text(FULL)
    with open_state(tmp_path / "state.json") as state:
        costs = season_costs(state)
        assert (costs.housing_each, costs.travel_each) == (1500, 600)
        state.patch_settings(away_housing_usd=900)
        costs = season_costs(state)
        assert (costs.housing_each, costs.travel_each) == (900, 600)
