"""Match Week and SOAP: the list from public fill history (core.soap over core.program_facts), the
texts from the shipped templates, `smartpick soap` and the Plan tab's `w`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.calendar import cycle
from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.soap import SOAP_APPLICATION_LIMIT, FillHistory, soap_plan
from smartpick_tui.core.trackers import Away, VsloStatus
from smartpick_tui.drafts.soap import SoapText
from smartpick_tui.services.soap import history_from_facts, soap_view
from smartpick_tui.store import open_state

PROFILE = Profile(
    step2=238, specialty="internal-medicine", backup_specialty="family-medicine", name="Ana Lee"
)


def _history(table: dict[str, FillHistory]):  # type: ignore[no-untyped-def]
    return lambda program: table.get(program.id)


def test_the_list_follows_the_groups_and_how_often_places_were_left() -> None:
    programs = [p for p in cached_catalog(None).programs if p.nrmp_code][:4000]
    im = [p for p in programs if p.specialty == "internal-medicine"][:3]
    fm = [p for p in programs if p.specialty == "family-medicine"][:2]
    prelim = [p for p in programs if p.specialty == "preliminary-medicine"][:1]
    table = {
        im[0].id: FillHistory(7, 1, 0.95),
        im[1].id: FillHistory(7, 6, 0.60),
        im[2].id: FillHistory(7, 0, 1.0),  # always filled: not a candidate
        fm[0].id: FillHistory(4, 4, 0.5),
        fm[1].id: FillHistory(7, 2, 0.9),
        prelim[0].id: FillHistory(7, 7, 0.3),
    }
    plan = soap_plan(PROFILE, programs, _history(table), size=20)
    assert [c.program.id for c in plan.candidates] == [
        im[1].id,
        im[0].id,
        fm[0].id,
        fm[1].id,
        prelim[0].id,
    ]
    assert [c.group for c in plan.candidates][:3] == ["your specialty", "your specialty", "your backup"]
    assert "6 of 7 Main Matches, 60% filled" in plan.candidates[0].reason
    assert "not this year's list" in plan.candidates[0].reason
    assert plan.unknown["internal-medicine"] > 0 and "only for Florida" in plan.notes[0]


def test_shipped_facts_give_a_short_list_with_every_group_represented() -> None:
    plan = soap_view(PROFILE, cached_catalog(None).programs).plan
    groups = [c.group for c in plan.candidates]
    assert len(plan.candidates) == 20 and plan.limit == SOAP_APPLICATION_LIMIT == 45
    assert groups.count("your specialty") == 10 and "your backup" in groups and "one-year positions" in groups
    assert all(history_from_facts(c.program).unfilled_years > 0 for c in plan.candidates)  # type: ignore[union-attr]


def test_texts_claim_only_booked_aways_and_the_score_only_when_an_asset() -> None:
    programs: list[Program] = list(cached_catalog(None).programs)
    plain = soap_view(PROFILE, programs).texts[SoapText.APPLICATION]
    assert "away" not in plain and "Step 2 CK" not in plain  # 238: FAQ 1 says keep it out
    assert "applying for a position in Internal Medicine through SOAP" in plain
    strong = soap_view(
        PROFILE.with_changes(step2=252),
        programs,
        [Away("Mayo Clinic", status=VsloStatus.COMPLETED), Away("Planned Place", status=VsloStatus.PLANNED)],
    ).texts
    assert "I scored 252 on Step 2 CK" in strong[SoapText.APPLICATION]
    assert "away rotations at Mayo Clinic." in strong[SoapText.APPLICATION]
    assert "Planned Place" not in strong[SoapText.CALL] and "only in R3" in strong[SoapText.CALL]


def test_match_week_is_in_the_calendar_with_its_sources() -> None:
    week = {e.id: e for e in cycle().events}
    assert week["match-week"].day.isoformat() == "2027-03-15" and week["match-week"].day.weekday() == 0
    assert week["soap-ends"].day.weekday() == 3 and week["match-day"].day.weekday() == 4
    assert "2026 Main Residency Match calendar" in week["match-week"].source


def test_soap_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(PROFILE)
    code, out, _err = run(capsys, "--db", str(db), "soap")
    assert code == 0 and "batch of 45 applications" in out
    assert "Programs to prepare before Monday (20; estimates" in out
    assert "Draft: SOAP application" in out and "Draft: SOAP call" in out
    code, out, _err = run(capsys, "--db", str(db), "soap", "--json")
    data = json.loads(out)
    assert code == 0 and data["estimate"] is True and len(data["programs"]) == 20
    assert [d["id"] for d in data["dates"]] == ["match-week", "soap-offers", "soap-ends", "match-day"]
