"""Issue 25, item 10: a full disk at start, escapes in argv, NUL and C1 in a hand-edited file.

- The app could not start on a full disk although it could show the plan: it now opens it
  read-only and says so; a change is "not saved", the file is left as it was.
- argparse quoted what was typed raw ("unrecognized arguments: ESC ]52;…"): an OSC 52 in argv
  reached the terminal (it can set the clipboard). Its error line is cleaned like every other.
- NUL and C1 characters in a hand-edited state file survived the app's next rewrite (only the
  record being changed was cleaned): every entry is kept as validated, so none reaches the disk.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest
from hardening_helpers import TODAY
from waiting import wait_until

from smartpick_tui.cli import main
from smartpick_tui.core.draft_edits import DraftEdit
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.trackers import Away, Letter, OutreachEntry
from smartpick_tui.store import open_state
from smartpick_tui.tui.app import SmartPickApp


async def test_a_full_disk_at_start_opens_the_plan_read_only_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(specialty="internal-medicine", step2=250))
    before = sorted(p.name for p in tmp_path.iterdir()), db.read_bytes()

    def full(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "mkstemp", full)  # the start-up's "can I save here?" probe
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.query("#open-error")  # not the "could not open" screen
        assert app.state.readonly and app.state.profile().step2 == 250
        # the notice comes with the first fill, after the first frame
        await wait_until(pilot, lambda: app._notifications, "the read-only notice")
        said = [str(n.message) for n in app._notifications]
        assert any("Opened read-only" in m and "No space left" in m for m in said), said
        assert not app.save(lambda state: state.patch_profile(step2=260))  # said: not saved
        await pilot.press("2", "1")
        assert app.is_running
    assert (sorted(p.name for p in tmp_path.iterdir()), db.read_bytes()) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["profile", "show", "\x1b]52;c;SGVsbG8=\x07"],
        ["--\x1b[2Jx"],
        ["profile", "show", "--\x9b2J"],
        ["serve", "--port", "\x1b]0;PWNED\x1b\\"],
    ],
)
def test_argparse_errors_never_echo_escapes(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("smartpick") and err.count("\n") == 1
    assert not any(ch in err for ch in "\x1b\x07\x9b\x00"), repr(err)


def test_nul_and_c1_in_a_hand_edited_file_do_not_survive_a_rewrite(tmp_path: Path) -> None:
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(specialty="internal-medicine", step2=250, name="Ann"))
        state.upsert_away(Away("Mayo", id="a1"))
        state.upsert_letter(Letter("Dr A", LetterKind.AWAY_SPECIALTY, id="l1"))
        state.upsert_outreach(OutreachEntry("Mayo", EmailKind.RADAR, "2026-08-01", id="o1"))
        state.upsert_interview(Interview("Mayo", id="i1"))
        state.patch_draft_edit(DraftEdit("radar", "p1", 1, "Dear Dr B"))
    data = json.loads(db.read_text())
    hostile = "x\x00y\x85z\x9b2J\x1b]0;T\x07"
    data["profile"]["1"]["name"] = hostile
    data["aways"]["1"]["notes"] = hostile
    data["letters"]["1"]["notes"] = hostile
    data["outreach"]["1"]["notes"] = hostile
    data["interviews"]["1"]["impressions"] = hostile
    data["drafts"]["1"]["text"] = hostile
    db.write_text(json.dumps(data))
    with open_state(db, backup_on_open=False) as state:
        state.patch_profile(step2=251)  # an unrelated change: the whole file is rewritten
    raw = db.read_text()
    for escaped in ("\\u0000", "\\u0085", "\\u009b", "\\u001b", "\\u0007"):
        assert escaped not in raw, escaped
    assert json.loads(raw)["aways"]["1"]["notes"] == "xyz2J]0;T"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_the_import_dialog_reads_only_regular_files(tmp_path: Path, kind: str) -> None:
    """Issue 25, item 4: the import preview opened whatever path it was given and showed the
    first line back ("Found: …"); a FIFO blocked its reader. Now only a regular file is read
    (the TUI's dialog and `programs import` share `parse_csv_file`)."""
    from smartpick_tui.core.csv_import import CsvImportError, parse_csv_file

    path = tmp_path / "programs.csv"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")  # a device that would read for ever
    with pytest.raises(CsvImportError, match="not a regular file"):
        parse_csv_file(path)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_the_figures_import_reads_only_regular_files(tmp_path: Path, kind: str) -> None:
    """The same rule for your own figures' CSV (`figures import`, the Programs `Y` import):
    it opened whatever path it was given, so a FIFO hung it. Both importers open files through
    `core.csv_reader.parse_csv_path`."""
    from smartpick_tui.core.own_figures_csv import CsvImportError, parse_figures_file

    path = tmp_path / "figures.csv"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")

    def no_program(*_: object) -> None:
        raise AssertionError("no row may be read")

    with pytest.raises(CsvImportError, match="not a regular file"):
        parse_figures_file(path, no_program)  # type: ignore[arg-type]
