"""Marking a thank-you sent is one fact (issue 24 item 5): Drafts ctrl+t logged an Outreach
entry while Interviews still showed "Thx no" and `rank.csv` had `thank_you_sent=no`. Now the
Drafts ctrl+t and the Interviews `t` both reach the Interviews tab, the rank CSV, the CLI and
the §6 count of 10-20 emails; `t` again undoes both."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from cli_helpers import run
from tui_helpers import PROFILE, SMALL, settle, text_of

from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.widgets.record_table import RecordTable

MGH_IM = "1261140C0"
IM = replace(PROFILE, specialty="internal-medicine")


def thank_you_cell(app: SmartPickApp) -> str:
    table = app.query_one("#interviews-table", RecordTable)
    return str(table.get_row_at(0)[4].plain)


def rank_csv_thanks(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    out = tmp_path / "rank.csv"
    assert run(capsys, "rank", "--db", str(db), "export", str(out), "--force")[0] == 0
    with out.open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    return row["thank_you_sent"]


async def test_a_thank_you_marked_in_drafts_or_interviews_reaches_everything(
    make_app: Callable[..., SmartPickApp],
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = make_app(IM)
    with open_state(db) as state:
        state.upsert_interview(
            Interview(
                "Massachusetts General Hospital", program_id=MGH_IM, status=InterviewStatus.COMPLETED
            ).validated()
        )
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        assert thank_you_cell(app) == "no"
        await pilot.press("8")
        await settle(pilot)
        app.query_one("#drafts").select_kind(DraftKind.THANK_YOU)  # type: ignore[attr-defined]
        await settle(pilot)
        assert app.query_one("#drafts").program.id == MGH_IM  # type: ignore[attr-defined]
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        assert thank_you_cell(app) == "yes"
        assert "thank-you not sent" not in text_of(app.query_one("#interviews-lint"))
        await pilot.press("7")
        await settle(pilot)
        assert "1 of 10-20" in text_of(app.query_one("#outreach-lint"))  # §6's targeted emails
    assert rank_csv_thanks(db, tmp_path, capsys) == "yes"
    status, out, _err = run(capsys, "interviews", "--db", str(db), "--json")
    assert status == 0
    assert json.loads(out)["interviews"][0]["thank_you_sent"] is True

    # the Interviews tab's t: not sent takes the logged email away too; sent logs it again
    app = make_app(IM)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert thank_you_cell(app) == "no"
        with open_state(db, readonly=True) as state:
            assert not [e for e in state.outreach() if e.kind is EmailKind.THANK_YOU]
        await pilot.press("t")
        await settle(pilot)
        assert thank_you_cell(app) == "yes"
        with open_state(db, readonly=True) as state:
            (logged,) = state.outreach()
            assert logged.kind is EmailKind.THANK_YOU and logged.program_id == MGH_IM
    assert rank_csv_thanks(db, tmp_path, capsys) == "yes"
