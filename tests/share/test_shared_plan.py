"""The plan for a mentor (§2, §5): `smartpick share` and the Plan tab's `s`, on a real state file,
rendered from the real shipped templates."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.catalog import cached_catalog
from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.core.rules import LetterKind
from smartpick_tui.core.trackers import Away, Letter, ProgramMark, VsloStatus
from smartpick_tui.drafts.shared_plan import ShareFormat, markdown_escape
from smartpick_tui.services.shared_plan import build_shared_plan, rendered_shared_plan
from smartpick_tui.store import open_state

TODAY = date(2026, 12, 7)
HOSTILE_NAME = "Ana <script>alert(1)</script> | [x](http://evil.example) \u202eLee"
PRIVATE = "PD seemed cold; do not tell anyone"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    path = tmp_path / "state.json"
    program = next(p for p in cached_catalog(None).programs if p.specialty == "internal-medicine")
    with open_state(path) as state:
        state.set_profile(
            Profile(step2=252, specialty="internal-medicine", school=SchoolType.US_DO, name=HOSTILE_NAME)
        )
        state.upsert_away(
            Away(
                "Mayo Clinic | <b>Rochester</b>",
                status=VsloStatus.ACCEPTED,
                start="2026-07-06",
                notes=PRIVATE,
            )
        )
        state.upsert_away(Away("Declined Place", status=VsloStatus.DECLINED))
        state.upsert_letter(Letter("Dr. Rivera", LetterKind.AWAY_SPECIALTY, notes=PRIVATE))
        state.set_mark(ProgramMark(program.id, apply=True, notes=PRIVATE))
    return path


def _page(db: Path, fmt: ShareFormat, notes: bool = False) -> str:
    with open_state(db, readonly=True) as state:
        return rendered_shared_plan(state, cached_catalog(None).programs, TODAY, fmt, notes)


def test_the_plan_holds_what_a_mentor_needs_and_no_note_unless_asked(db: Path) -> None:
    with open_state(db, readonly=True) as state:
        plan = build_shared_plan(state, cached_catalog(None).programs, TODAY)
    titles = [table.title for table in plan.tables]
    assert titles == ["Program list (SmartPick)", "Away rotations (§4)", "Letters (§5)", "Interviews (FAQ 5)"]
    picks = plan.tables[0].rows
    assert len(picks) == 50  # the DO volume size for IM (the diagnosis' list size)
    assert {row.cells[2] for row in picks} <= {"reach", "target", "safety"}
    assert all(row.cells[4] for row in picks)  # every pick says why
    aways = plan.tables[1].rows
    assert [row.cells[0] for row in aways] == ["Mayo Clinic | <b>Rochester</b>"]  # declined left out
    assert "match chance" in plan.list_headline and "estimates" in plan.list_headline
    assert any(step.startswith("F") for step in plan.todo)
    assert "\u202e" not in plan.title  # bidi override cleaned
    for fmt in ShareFormat:
        assert PRIVATE not in _page(db, fmt)
        assert PRIVATE in _page(db, fmt, notes=True)


def test_html_is_self_contained_and_prints_hostile_text_as_text(db: Path) -> None:
    page = _page(db, ShareFormat.HTML, notes=True)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page  # the name's script tag is escaped, and the page has none
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Rochester&lt;/b&gt;" in page
    # nothing fetched from elsewhere: no src= at all, the only link-like text is the escaped name
    assert not re.search(r"\ssrc=|<link|@import|url\(", page)
    assert not re.search(r'href="', page)
    assert html.unescape(page).count("Ana <script>alert(1)</script>") == 3  # <title>, <h1>, Name


def test_markdown_escapes_what_would_break_a_table_or_become_a_link(db: Path) -> None:
    page = _page(db, ShareFormat.MARKDOWN)
    assert r"Ana \<script\>alert(1)\</script\> \| \[x\](http://evil.example)" in page
    away_rows = [line for line in page.splitlines() if "Rochester\\<" in line]
    assert away_rows == [r"| Mayo Clinic \| \<b\>Rochester\</b\> | accepted | 2026-07-06 | no | "]
    assert markdown_escape("a\nb # c") == "a b # c"  # a note cannot start a heading


def test_share_cli_writes_a_new_file_each_time_and_never_over_one(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "--db", str(db), "share")
    assert code == 0 and "Wrote your plan for a mentor to" in out
    code, _out, _err = run(capsys, "--db", str(db), "share")
    written = sorted(p.name for p in (db.parent / "exports").iterdir())
    assert code == 0 and len(written) == 2 and any(name.endswith("-2.html") for name in written)

    target = db.parent / "mine.md"
    target.write_text("keep me")
    code, _out, err = run(capsys, "--db", str(db), "share", str(target), "--markdown")
    assert code == 2 and "exists; pass --force" in err and target.read_text() == "keep me"
    code, _out, _err = run(capsys, "--db", str(db), "share", str(target), "--markdown", "--force")
    assert code == 0 and target.read_text().startswith("# Ana")

    code, out, _err = run(capsys, "--db", str(db), "share", "-", "--markdown", "--notes")
    assert code == 0 and PRIVATE in out


def test_share_without_a_score_still_writes_and_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(Profile(specialty="pediatrics"))
    code, out, _err = run(capsys, "--db", str(db), "share", "-", "--markdown")
    assert code == 0
    assert "No program list yet" in out and "## Program list" not in out
