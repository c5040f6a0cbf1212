"""Couples: the pair list (core.couples), the partner record on a real state file, `smartpick
couples` (set, show, export) and the Plan tab's `c`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.couples import Chance, Couple, pair_list
from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.core.programs import Program
from smartpick_tui.store import open_state

PROGRAMS = [p for p in cached_catalog(None).programs if p.nrmp_code][:6]


def _chance(index: int, p: float) -> Chance:
    return Chance(PROGRAMS[index], p)


def test_pairs_within_reach_by_joint_chance_then_each_of_yours_alone() -> None:
    yours = [_chance(0, 0.5), _chance(1, 0.2)]
    partners = [_chance(2, 0.4), _chance(3, 0.9), _chance(4, 0.6)]
    far = {(PROGRAMS[1].id, PROGRAMS[3].id)}  # everything else 10 miles apart

    def miles(a: Program, b: Program) -> float | None:
        return 500.0 if (a.id, b.id) in far else 10.0

    rows = pair_list(yours, partners, 50, miles)
    described = [(r.yours.program.id, r.partner.program.id if r.partner else None) for r in rows]
    assert described == [
        (PROGRAMS[0].id, PROGRAMS[3].id),  # 0.45
        (PROGRAMS[0].id, PROGRAMS[4].id),  # 0.30
        (PROGRAMS[0].id, PROGRAMS[2].id),  # 0.20
        (PROGRAMS[1].id, PROGRAMS[4].id),  # 0.12
        (PROGRAMS[1].id, PROGRAMS[2].id),  # 0.08
        (PROGRAMS[0].id, None),  # alone: 0.5
        (PROGRAMS[1].id, None),  # alone: 0.2
    ]
    assert rows[0].joint == pytest.approx(0.45) and rows[-1].joint == pytest.approx(0.2)


def test_the_partner_record_validates_and_names_the_bad_field() -> None:
    couple = Couple("psych", "241", "us-do", "Houston, TX; ;Boston", "25").validated()  # type: ignore[arg-type]
    assert couple.partner_specialty == "psychiatry" and couple.partner_step2 == 241
    assert couple.partner_school is SchoolType.US_DO and couple.partner_cities == ("Houston, TX", "Boston")
    assert couple.within_miles == 25 and couple.complete
    for bad, field in (
        (Couple("nonsense"), "partner_specialty"),
        (Couple("psych", 999), "partner_step2"),
        (Couple("psych", 240, within_miles=0), "within_miles"),
    ):
        with pytest.raises(ValueError, match=field):
            bad.validated()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.set_profile(Profile(step2=246, specialty="internal-medicine"))
    return path


def test_couples_cli_set_show_export(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", str(db), "couples")
    assert code == 2 and "enter your partner's specialty and Step 2 CK first" in err
    code, out, _err = run(
        capsys, "--db", str(db), "couples", "set", "--partner-specialty", "psych", "--partner-step2", "240"
    )
    assert code == 0 and "Partner: psychiatry, Step 2 CK 240" in out
    code, out, _err = run(capsys, "--db", str(db), "couples", "set", "--partner-cities", "Houston, TX")
    with open_state(db, readonly=True) as state:
        assert state.couple().partner_specialty == "psychiatry"  # a later set keeps the other fields
    code, out, _err = run(capsys, "--db", str(db), "couples", "--json")
    data = json.loads(out)
    pairs = [p for p in data["pairs"] if p["partner"]]
    assert code == 0 and data["estimate"] and pairs
    assert all(p["miles"] <= 50 for p in pairs)
    joints = [p["joint_estimate"] for p in pairs]
    assert joints == sorted(joints, reverse=True)
    assert all(p["partner"] is None for p in data["pairs"][len(pairs) :])  # the "no match" rows last
    code, out, _err = run(capsys, "--db", str(db), "couples", "export", "-")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[0]["rank"] == "1" and rows[-1]["partner_program"] == "No match"
    assert len(rows) == len(data["pairs"])


async def test_c_on_plan_asks_for_the_partner_then_shows_the_pairs(tmp_path: Path) -> None:
    from textual.widgets import Input

    from smartpick_tui.tui.app import SmartPickApp
    from smartpick_tui.tui.screens.couples import CouplesScreen
    from smartpick_tui.tui.screens.form import RecordForm

    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(step2=246, specialty="internal-medicine"))
    app = SmartPickApp(db)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await pilot.press("tab", *"238", "enter")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CouplesScreen)
        shown = str(app.screen.query_one("#couples-text").render())
        assert (
            "Partner: Internal Medicine, Step 2 CK 238" in shown
            and "pairs, then your programs alone" in shown
        )
        await pilot.press("x")
        await pilot.pause()
        exported = list((tmp_path / "exports").glob("couples-*.csv"))
        assert len(exported) == 1 and exported[0].read_text().startswith("rank,your_program")
        assert not app.screen.query(Input)  # the list screen, not a form
    with open_state(db, readonly=True) as state:
        assert state.couple().partner_step2 == 238
