"""The "within N miles of my city" wish, through the real parser and the real state file:
`profile set --home-city` reads places as `programs --near` does (did-you-mean errors), the
list weighs programs within the radius as a wish and says so per pick, and `pick --json`
carries it. Also: the signal counts say which cycle they are for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.profile import Profile, parse_field
from smartpick_tui.core.programs import shipped_catalog
from smartpick_tui.core.smartpick import run_smartpick
from smartpick_tui.core.smartpick.builder import NEAR_BONUS, PREFERRED_BONUS, base_want
from smartpick_tui.store import open_state


def test_profile_set_reads_the_city_like_programs_near_and_says_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "state.json")
    code, _out, err = run(capsys, "--db", db, "profile", "set", "--home-city", "Hustn, TX")
    assert code == 2 and "--home-city" in err and "did you mean Houston" in err and err.count("\n") == 1
    code, _out, err = run(capsys, "--db", db, "profile", "set", "--within-miles", "0")
    assert code == 2 and "--within-miles" in err and "outside 1-" in err
    code, out, err = run(
        capsys, "--db", db, "profile", "set", "--home-city", "houston texas", "--within-miles", "40"
    )
    assert code == 0, err
    with open_state(Path(db), readonly=True) as state:
        stored = state.profile()
    assert (stored.home_city, stored.near_miles, stored.within_miles) == ("Houston, TX", 40, 40)
    assert "Houston, TX" in out
    code, out, _err = run(capsys, "--db", db, "profile", "show", "--json")
    assert code == 0 and json.loads(out)["home_city"] == "Houston, TX"


def test_pick_json_carries_the_wish_and_each_pick_says_how_far(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "state.json")
    argv = ["--db", db, "pick", "--step2", "245", "--specialty", "EM", "--json"]
    code, out, err = run(capsys, *argv, "--home-city", "Houston, TX", "--within-miles", "40")
    assert code == 0, err
    data = json.loads(out)
    home = data["home_city"]
    assert home["city"] == "Houston, TX" and home["within_miles"] == 40 and home["found"]
    near = [
        pick
        for pick in data["picks"]
        if pick["miles_from_home"] is not None and pick["miles_from_home"] <= 40
    ]
    assert home["picks_within"] == len(near) >= 1
    assert all("Houston" in pick["reason"] for pick in near)
    far = [pick for pick in data["picks"] if (pick["miles_from_home"] or 0) > 40]
    assert far and not any("mi of Houston" in pick["reason"] for pick in far)
    assert any("Within 40 mi of Houston, TX" in note for note in data["notes"])
    code, out, _err = run(capsys, *argv)  # no city: no wish, no distances
    assert code == 0
    plain = json.loads(out)
    assert plain["home_city"] is None and all(pick["miles_from_home"] is None for pick in plain["picks"])


def test_the_wish_enters_the_objective_like_a_preferred_region() -> None:
    """A program within the radius is wanted NEAR_BONUS more (the optimiser's wish term); one
    just outside is not. Far from the city, nothing changes."""
    catalog = shipped_catalog()
    base = Profile(step2=245, specialty="emergency-medicine")
    near = run_smartpick(base.with_changes(home_city="Houston, TX", near_miles=40), catalog)
    plain = run_smartpick(base, catalog)
    wants = {c.index: c.want for c in plain.considered}
    estimates = estimate_all(list(plain.pool))
    raised = [c for c in near.considered if c.want > wants[c.index] + 1e-12]
    assert raised and all(abs(c.want - wants[c.index] - NEAR_BONUS) < 1e-9 for c in raised)
    assert all(near.pool[c.index].state == "TX" for c in raised)
    assert all(abs(wants[c.index] - base_want(estimates[c.index].selectivity)) < 1e-9 for c in raised)
    assert NEAR_BONUS == PREFERRED_BONUS  # weighed like a preferred region, as the reasons say


def test_a_stored_city_is_not_looked_up_again_but_a_typed_one_is() -> None:
    assert parse_field("home_city", "Hustn, TX")[1] is not None
    assert parse_field("home_city", "Hustn, TX", stored=True) == ("Hustn, TX", None)
    result = run_smartpick(
        Profile(step2=245, specialty="emergency-medicine", home_city="Hustn, TX"), shipped_catalog()
    )
    assert result.home is not None and not result.home.found
    assert any("not a place the app knows" in note for note in result.notes)


def test_signal_counts_say_their_cycle_on_screen_and_in_json() -> None:
    """No 2026-27 count was reachable: every row keeps the latest one, labelled with its cycle."""
    from smartpick_tui.core.smartpick.signals import load_signals

    result = run_smartpick(
        Profile(step2=245, specialty="emergency-medicine"), shipped_catalog(), signal_table=load_signals()
    )
    allowed = result.signals.to_json()["allowed"]
    assert allowed["counts_cycle"] == "ERAS 2025 (2024-25)" and allowed["confirmed_for_cycle"] is False
    assert "Counts of the ERAS 2025 (2024-25) cycle" in result.signals.note
