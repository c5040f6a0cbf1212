"""Files and versions (issue 25, items 5 and 6), through the real `smartpick` entry point.

- A file written by a newer SmartPick is refused read-only: one line naming the version to
  install, exit 2, nothing moved and nothing created (it used to be moved to `.corrupt` and the
  next edit started an empty state).
- Each stored entry is validated on read as on write: a bad field or entry is set aside (and
  said), the good records stay; the whole file is never quarantined for one field. A record id
  that is a list crashes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from store_helpers import listing

from smartpick_tui import __version__
from smartpick_tui.cli import main
from smartpick_tui.core.interviews import Interview, RankOrder
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.trackers import Away, Letter, OutreachEntry
from smartpick_tui.store import open_state
from smartpick_tui.store.errors import NewerStateError


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def seed(db: Path) -> None:
    with open_state(db) as state:
        state.set_profile(Profile(specialty="internal-medicine", step2=250, name="Ann"))
        state.upsert_away(Away("Mayo Clinic", id="a1", start="2026-07-01"))
        state.upsert_away(Away("Yale", id="a2"))
        state.upsert_letter(Letter("Dr A", LetterKind.AWAY_SPECIALTY, id="l1"))
        state.upsert_letter(Letter("Dr B", LetterKind.AWAY_SPECIALTY, id="l2"))
        state.upsert_outreach(OutreachEntry("Mayo Clinic", EmailKind.RADAR, "2026-08-01", id="o1"))
        state.upsert_interview(Interview("Mayo Clinic", id="i1", invited_on="2026-10-01"))
        state.upsert_interview(Interview("Yale", id="i2", invited_on="2026-10-02"))
        state.set_rank_order(RankOrder(("i1", "i2")))


def edit_file(db: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(db.read_text())
    change(data)
    db.write_text(json.dumps(data))


def doc(data: dict[str, Any], table: str, record_id: str) -> dict[str, Any]:
    return next(d for d in data[table].values() if d.get("id") == record_id)


# --- item 5: a newer schema --------------------------------------------------------------------


def newer(data: dict[str, Any]) -> None:
    data["meta"] = {"1": {"schema_version": 99, "written_by": "9.4.0"}}
    data["profile"]["1"]["future_field"] = "kept by 9.4.0"


@pytest.mark.parametrize(
    "argv", [("profile", "set", "--step2", "251"), ("profile", "show"), ("export", "-"), ("interviews",)]
)
def test_a_newer_file_is_refused_in_one_line_and_nothing_moves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    db = tmp_path / "state.json"
    seed(db)
    edit_file(db, newer)
    for leftover in (db.with_name("state.json.lock"), *tmp_path.glob("state.json.backups")):
        if leftover.is_dir():
            for path in leftover.iterdir():
                path.unlink()
            leftover.rmdir()
        else:
            leftover.unlink()
    before = listing(tmp_path)
    code, out, err = run(capsys, db, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "install SmartPick 9.4.0 or newer" in err, err
    assert f"SmartPick {__version__} reads up to" in err
    assert listing(tmp_path) == before  # nothing moved aside, no lock, no backup, no new state


def test_the_app_start_refuses_a_newer_file_without_touching_it(tmp_path: Path) -> None:
    db = tmp_path / "state.json"
    seed(db)
    edit_file(db, newer)
    before = db.read_bytes()
    with pytest.raises(NewerStateError, match=r"install SmartPick 9\.4\.0 or newer"):
        open_state(db)  # the TUI's open: it shows this sentence and "Nothing was changed"
    assert db.read_bytes() == before and not list(tmp_path.glob("*.corrupt"))


def test_files_name_the_version_that_wrote_them(tmp_path: Path) -> None:
    db = tmp_path / "state.json"
    seed(db)
    assert json.loads(db.read_text())["meta"]["1"]["written_by"] == __version__


# --- item 6: validated on read, bad entries set aside one by one -----------------------------

BAD_FIELDS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "aways.start = 123": (lambda d: doc(d, "aways", "a1").update(start=123), "aways document"),
    "letters.writer = null": (lambda d: doc(d, "letters", "l1").update(writer=None), "letters document"),
    "step2 = 'abc'": (lambda d: d["profile"]["1"].update(step2="abc"), "field 'step2'"),
    "interview before its invitation": (
        lambda d: doc(d, "interviews", "i1").update(scheduled_for="2026-09-01"),
        "interviews document",
    ),
}


@pytest.mark.parametrize("case", BAD_FIELDS)
def test_one_bad_field_is_set_aside_and_the_plan_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    db = tmp_path / "state.json"
    seed(db)
    change, named = BAD_FIELDS[case]
    edit_file(db, change)
    edited = db.read_bytes()

    code, out, err = run(capsys, db, "profile", "show")  # a read says it, changes nothing
    assert code == 0 and "internal-medicine" in out
    assert err.count("\n") == 1 and "could not be used" in err and named in err, err
    assert db.read_bytes() == edited

    code, out, err = run(capsys, db, "profile", "set", "--name", "Ann Lee")  # a write sets it aside
    assert code == 0, err
    assert named in err and "set aside in" in err
    assert not list(tmp_path.glob("*.corrupt"))  # never the whole file
    (aside,) = tmp_path.glob("state.json.*.set-aside.json")
    assert json.loads(aside.read_text())["set_aside"][0]["reason"]
    with open_state(db, readonly=True) as state:
        assert state.profile().name == "Ann Lee" and state.profile().specialty == "internal-medicine"
        assert {a.id for a in state.aways()} == {"a1", "a2"}
        assert len(state.letters()) >= 1 and {i.id for i in state.interviews()} == {"i1", "i2"}
        assert [o.id for o in state.outreach()] == ["o1"]
        assert state.set_aside is None  # the file is clean now


LIST_IDS: dict[str, Callable[[dict[str, Any]], None]] = {
    "away": lambda d: doc(d, "aways", "a2").update(id=["a", "b"]),
    "letter": lambda d: doc(d, "letters", "l2").update(id=["a"]),
    "email": lambda d: doc(d, "outreach", "o1").update(id=[1]),
    "interview": lambda d: doc(d, "interviews", "i2").update(id=["i2"]),
    "rank order entry": lambda d: d["rank_order"]["1"].update(order=[["i1"], "i2"]),
    "rank order as text": lambda d: d["rank_order"]["1"].update(order="i1"),
}
COMMANDS = (
    ("export", "-"),
    ("interviews",),
    ("rank",),
    ("calendar",),
    ("profile", "set", "--step2", "252"),
)


@pytest.mark.parametrize("case", LIST_IDS)
def test_a_list_for_an_id_crashes_no_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    db = tmp_path / "state.json"
    seed(db)
    edit_file(db, LIST_IDS[case])
    for argv in COMMANDS:
        code, _out, err = run(capsys, db, *argv)
        assert code == 0, (argv, err)
        assert "Traceback" not in err and "unhashable" not in err
    with open_state(db, readonly=True) as state:
        assert state.profile().step2 == 252 and {i.id for i in state.interviews()} >= {"i1"}
