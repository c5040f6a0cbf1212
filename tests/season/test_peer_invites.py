"""Invitations reported by others: the CSV (core.peer_invites), the file beside the state, `smartpick
peers` and the Programs tab's detail line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_helpers import run
from waiting import wait_until

from smartpick_tui.core.peer_invites import PeerFileError, parse_peer_csv, summaries
from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.store import open_state
from smartpick_tui.store.peer_invites import peer_invites_path

UTMB = "1714140C0"
CSV = (
    "program,date,applicant_type,comment\n"
    f"{UTMB},2026-10-14,us-md,first wave\n"
    "Internal Medicine - U Texas Med Branch-Galveston,2026-10-20,DO,\n"
    '=HYPERLINK("x"),2026-10-01,\n'
    f"{UTMB},14/10/2026,\n"
    f"{UTMB},2026-10-21,dentist\n"
    "\n"
)


def test_rows_are_read_or_rejected_with_their_reason() -> None:
    known = {UTMB: object()}

    def resolve(text: str):  # type: ignore[no-untyped-def]
        from smartpick_tui.core.catalog import cached_catalog

        return cached_catalog(None).by_id.get(UTMB) if text in known or "Galveston" in text else None

    parsed = parse_peer_csv(CSV.encode(), resolve)
    assert parsed.rows == 5 and len(parsed.invites) == 2
    assert [line for line, _why in parsed.rejected] == [4, 5, 6]
    assert "no such program" in parsed.rejected[0][1] and "YYYY-MM-DD" in parsed.rejected[1][1]
    assert "use us-md" in parsed.rejected[2][1]
    [summary] = summaries(parsed.invites).values()
    assert summary.text == (
        "2 invites reported by others (crowd-reported, unverified): "
        "2026-10-14 to 2026-10-20 (1 US MD, 1 US DO)"
    )
    for bad, why in ((b"", "empty"), (b"name,when\nx,y\n", "no 'program' column"), (b"\x00\x01", "binary")):
        with pytest.raises(PeerFileError, match=why):
            parse_peer_csv(bad, resolve)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.set_profile(Profile(step2=246, specialty="internal-medicine", school=SchoolType.US_DO))
    return path


def test_peers_cli_import_show_clear(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = db.parent / "invites.csv"
    sheet.write_text(CSV)
    code, out, _err = run(capsys, "--db", str(db), "peers", "import", str(sheet))
    assert code == 0 and "2 reports kept, 3 rejected; 2 reports stored in all" in out
    code, out, _err = run(capsys, "--db", str(db), "peers", "import", str(sheet))  # again: kept once
    assert "2 reports stored in all" in out
    stored = json.loads(peer_invites_path(db).read_text())
    assert stored["format"] == "smartpick-peer-invites" and len(stored["invites"]) == 2
    code, out, _err = run(capsys, "--db", str(db), "peers", "--json")
    [program] = json.loads(out)["programs"]
    assert program["id"] == UTMB and program["by_type"] == {"us-md": 1, "us-do": 1}
    code, out, _err = run(capsys, "--db", str(db), "peers")
    assert "University of Texas Medical Branch: 2 invites reported by others" in out
    code, _out, err = run(capsys, "--db", str(db), "peers", "import", "/dev/null")
    assert code == 2 and "not a regular file" in err
    fifo = db.parent / "fifo.csv"
    os.mkfifo(fifo)
    code, _out, err = run(capsys, "--db", str(db), "peers", "import", str(fifo))  # never blocks
    assert code == 2 and "not a regular file" in err
    code, out, _err = run(capsys, "--db", str(db), "peers", "clear")
    code, out, _err = run(capsys, "--db", str(db), "peers")
    assert "No reported invitations" in out


async def test_the_programs_detail_line_shows_the_reports(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from smartpick_tui.tui.app import SmartPickApp

    sheet = db.parent / "invites.csv"
    sheet.write_text(CSV)
    run(capsys, "--db", str(db), "peers", "import", str(sheet))
    app = SmartPickApp(db)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("2")
        pane = app.query_one("#programs")
        await wait_until(pilot, lambda: pane.index is not None, "the catalog loaded")
        await pilot.press("slash", *"utmb", "enter")
        await wait_until(pilot, lambda: app.query_one("#program-search").value == "utmb", "utmb typed")
        detail = str(app.query_one("#program-detail").render())
    assert "2 invites reported by others (crowd-reported, unverified)" in detail
