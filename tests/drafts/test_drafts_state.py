"""The Drafts tab at 80x24 on a real TinyDB file, by keys: the text is always for the program the
selector shows, the default program follows the kind, kinds have human names, and an edited
draft is state (saved as typed per kind × program × variant, back on reopen, asked about before
a variant switch, never overwritten by a save)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from drafts_helpers import HENNEPIN, UTAH, make_profile
from textual.widgets import Select, Static, TextArea

from smartpick_tui.core.draft_checks import DRAFT_NAMES, DraftKind
from smartpick_tui.core.draft_edits import draft_key
from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.core.names import display_name
from smartpick_tui.core.programs import Program, Setting, Track
from smartpick_tui.core.rules import EmailKind
from smartpick_tui.core.trackers import OutreachEntry, ProgramMark
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, write_imports
from smartpick_tui.tui.app import SmartPickApp
from smartpick_tui.tui.panes.drafts import DraftsPane
from smartpick_tui.tui.screens.confirm import ConfirmScreen
from smartpick_tui.tui.screens.draft_edit import KeepOrDiscardScreen
from smartpick_tui.tui.screens.help import HelpScreen
from smartpick_tui.tui.widgets.draft_pickers import DraftPickers

TODAY = date(2026, 9, 20)
SIZE = (80, 24)
MAYO = Program(
    id="imp-mayo-im",
    name="Mayo Clinic Internal Medicine",
    institution="Mayo Clinic College of Medicine and Science",
    city="Rochester",
    state="MN",
    specialty="internal-medicine",
    track=Track.CATEGORICAL,
    setting=Setting.UNIVERSITY,
    imported=True,
)
TYPED = "P.S. I rotated nowhere yet"


def make_db(tmp_path: Path, marks: list[ProgramMark], outreach: tuple[OutreachEntry, ...] = ()) -> Path:
    path = tmp_path / "state.json"
    write_imports(imports_path(path), (UTAH, HENNEPIN, MAYO))
    with open_state(path) as state:
        state.set_profile(make_profile())
        for mark in marks:
            state.set_mark(mark)
        for entry in outreach:
            state.upsert_outreach(entry)
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path, [ProgramMark(UTAH.id, apply=True)])


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_drafts(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("alt+8")
    await settle(pilot)


def selected(app: SmartPickApp, widget_id: str) -> object:
    return app.query_one(f"#{widget_id}", Select).value


def editor(app: SmartPickApp) -> TextArea:
    return app.query_one("#draft-editor", TextArea)


def status(app: SmartPickApp) -> str:
    return str(app.query_one("#draft-status", Static).content)


def stored_edits(db: Path) -> dict:
    with open_state(db, readonly=True) as state:
        return state.draft_edits()


async def type_at_end(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    area = editor(pilot.app)
    area.focus()
    area.move_cursor(area.document.end)
    await pilot.press("enter", *text)
    await settle(pilot)


# --- 1. the text is for the program the selector shows ----------------------------------------


async def test_search_enter_and_the_highlighted_hit_write_to_that_program(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        assert selected(app, "draft-program") == UTAH.id and "Utah" in editor(app).text
        app.query_one("#draft-search").focus()
        await pilot.press(*"Hennepin")
        await settle(pilot)
        # While the hits are listed the choice has not moved, and the text agrees with it.
        assert selected(app, "draft-program") == UTAH.id and "Utah" in editor(app).text
        pickers = app.query_one(DraftPickers)
        hit = next(iter(pickers.programs.values()))  # the first hit (the imported or the shipped one)
        assert "Hennepin" in hit.name
        await pilot.press("enter")  # the program list opens on the first hit
        await settle(pilot)
        await pilot.press("enter")  # ... and enter picks it
        await settle(pilot)
        assert selected(app, "draft-program") == hit.id
        text = editor(app).text
        assert display_name(hit) in text and "Utah" not in text
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.clipboard == text
        await pilot.press("ctrl+t")
        await settle(pilot)
    with open_state(db, readonly=True) as state:
        [entry] = state.outreach()
    assert entry.program_id == hit.id


async def test_the_selector_never_moves_without_the_text(db):
    """Every search result, kind switch and disk refresh leaves selector and text agreeing."""
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        app.query_one("#draft-search").focus()
        for query in ("Mayo", "Hennepin Health", "Rochester", ""):
            await pilot.press("ctrl+u", *query)
            await settle(pilot)
            assert selected(app, "draft-program") == UTAH.id and "Utah" in editor(app).text, query
        await pilot.press("ctrl+u", *"Mayo Clinic Internal")
        await settle(pilot)
        app.query_one("#draft-program", Select).value = MAYO.id
        await settle(pilot)
        assert "Mayo Clinic" in editor(app).text
        app.query_one("#draft-kind", Select).value = DraftKind.RADAR.value
        await settle(pilot)
        assert selected(app, "draft-program") == MAYO.id and "Mayo Clinic" in editor(app).text


@pytest.mark.parametrize(
    "kind, expected",
    [
        (DraftKind.RADAR, MAYO.id),
        (DraftKind.AWAY_REQUEST, HENNEPIN.id),
        (DraftKind.PRE_RANK, HENNEPIN.id),
        (DraftKind.THANK_YOU, HENNEPIN.id),
    ],
)
async def test_the_default_program_follows_the_kind(tmp_path, kind, expected):
    # Utah (an 'apply' mark) is first in state and catalog order; each kind has its own program:
    # the email target, the away candidate, the program already thanked after its interview.
    db = make_db(
        tmp_path,
        [
            ProgramMark(UTAH.id, apply=True),
            ProgramMark(HENNEPIN.id, away_candidate=True),
            ProgramMark(MAYO.id, email_target=True),
        ],
        (OutreachEntry(HENNEPIN.name, EmailKind.THANK_YOU, "2026-09-01", program_id=HENNEPIN.id),),
    )
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        app.query_one("#draft-kind", Select).value = kind.value
        await settle(pilot)
        assert selected(app, "draft-program") == expected
        name = {UTAH.id: "Utah", HENNEPIN.id: "Hennepin", MAYO.id: "Mayo"}[expected]
        assert name in editor(app).text


@pytest.mark.parametrize(
    "kind, expected",
    [(DraftKind.THANK_YOU, MAYO.id), (DraftKind.PRE_RANK, UTAH.id)],
)
async def test_thank_you_and_pre_rank_go_first_to_the_interviews_logged(tmp_path, kind, expected):
    # Hennepin was already thanked (outreach), but the Interviews tab knows more: a completed
    # interview at Mayo gets the thank-you; a pre-rank letter goes to an interview still on the
    # way (Utah, scheduled) as well, and Utah comes first in catalog order.
    db = make_db(
        tmp_path,
        [ProgramMark(HENNEPIN.id, apply=True)],
        (OutreachEntry(HENNEPIN.name, EmailKind.THANK_YOU, "2026-09-01", program_id=HENNEPIN.id),),
    )
    with open_state(db) as state:
        state.upsert_interview(
            Interview(MAYO.name, id="i-mayo", program_id=MAYO.id, status=InterviewStatus.COMPLETED)
        )
        state.upsert_interview(
            Interview(UTAH.name, id="i-utah", program_id=UTAH.id, status=InterviewStatus.SCHEDULED)
        )
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        app.query_one("#draft-kind", Select).value = kind.value
        await settle(pilot)
        assert selected(app, "draft-program") == expected


# --- 3. human names ------------------------------------------------------------------------------


async def test_kinds_have_human_names_in_the_selector_palette_help_and_toasts(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        kind_select = app.query_one("#draft-kind", Select)
        prompts = [str(prompt) for prompt, _value in kind_select._options]
        assert prompts == [DRAFT_NAMES[DraftKind(value)] for _prompt, value in kind_select._options]
        assert not any(kind.value in " ".join(prompts) for kind in DraftKind)
        titles = {command.title for command in app.palette_commands()}
        assert {
            "Draft: Radar note",
            "Draft: PS: acknowledge",
            "Draft: No home program line",
        } <= titles
        [radar] = [c for c in app.palette_commands() if c.title == "Draft: Radar note"]
        radar.callback()
        await settle(pilot)
        assert selected(app, "draft-kind") == DraftKind.RADAR.value
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert any("radar note to" in str(n.message) for n in app._notifications)
        app.query_one("#draft-kind", Select).value = DraftKind.NO_HOME_LINE.value
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert any("(No home program line) is not sent" in str(n.message) for n in app._notifications)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text", Static).content)
        assert "PS: initiative" in help_text and "ps-initiative" not in help_text


# --- 4. an edit is state -------------------------------------------------------------------------


async def test_an_edit_is_on_disk_as_typed_and_back_on_reopen_until_reset(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        template = editor(app).text
        variant = app.query_one(DraftsPane)._draft.template.number  # type: ignore[union-attr]
        await type_at_end(pilot, TYPED)
        edited = editor(app).text
        assert edited.startswith(template.rstrip("\n")) and edited.endswith("\n" + TYPED)
        [edit] = stored_edits(db).values()
        assert (edit.key, edit.text) == (
            draft_key(DraftKind.AWAY_REQUEST, UTAH.id, variant),
            edited,
        )
        assert "Edited" in status(app) and "ctrl+r to reset to the template" in status(app)
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        assert editor(app).text == edited
        assert "ctrl+r to reset to the template" in status(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # kept
        await settle(pilot)
        assert editor(app).text == edited
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert editor(app).text == template
        assert "Edited" not in status(app)
    assert stored_edits(db) == {}


async def test_deleting_back_to_the_template_drops_the_stored_edit(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        template = editor(app).text
        await type_at_end(pilot, "xy")
        assert len(stored_edits(db)) == 1
        await pilot.press("backspace", "backspace", "backspace")  # "xy" and the newline
        await settle(pilot)
        assert editor(app).text == template
    assert stored_edits(db) == {}


async def test_switching_variant_with_an_edit_asks_keep_or_discard(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        pane = app.query_one(DraftsPane)
        first = pane._draft.template.number  # type: ignore[union-attr]
        other = 1 if first != 1 else 2
        await type_at_end(pilot, TYPED)
        edited = editor(app).text
        variant = app.query_one("#draft-variant", Select)
        variant.value = other
        await settle(pilot)
        assert isinstance(app.screen, KeepOrDiscardScreen)
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert variant.value != other and editor(app).text == edited
        variant.value = other
        await settle(pilot)
        await pilot.press("k")  # keep: the edit stays stored, the other variant is shown
        await settle(pilot)
        assert variant.value == other and TYPED not in editor(app).text
        assert draft_key(DraftKind.AWAY_REQUEST, UTAH.id, first) in stored_edits(db)
        variant.value = first  # no edit here: no question; the kept edit is back
        await settle(pilot)
        assert editor(app).text == edited
        variant.value = other
        await settle(pilot)
        await pilot.press("d")  # discard
        await settle(pilot)
        assert variant.value == other
    assert stored_edits(db) == {}


async def test_saves_never_overwrite_one_another(db):
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        first_text = editor(app).text
        await type_at_end(pilot, "Second version.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        second_text = editor(app).text
    folder = db.parent / "drafts"
    stem = f"{TODAY.isoformat()}-away-request-{UTAH.id}"
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{stem}-2.txt",
        f"{stem}-3.txt",
        f"{stem}.txt",
    ]
    assert (folder / f"{stem}.txt").read_text(encoding="utf-8") == first_text
    assert (folder / f"{stem}-2.txt").read_text(encoding="utf-8") == second_text
    assert (folder / f"{stem}-3.txt").read_text(encoding="utf-8") == second_text


async def test_a_kind_the_profile_no_longer_offers_takes_its_edit_off_screen(tmp_path):
    """Another session sets Step 1 to pass while an edited Step 1 snippet is shown: the kind
    selector moves, and so does the text (the edit stays on disk for its key)."""
    from smartpick_tui.core.profile import Step1Result

    db = make_db(tmp_path, [ProgramMark(UTAH.id, apply=True)])
    with open_state(db) as state:
        state.patch_profile(step1=Step1Result.FAIL_THEN_PASS)
    app = SmartPickApp(db, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_drafts(pilot)
        app.query_one("#draft-kind", Select).value = DraftKind.STEP1_TRAJECTORY.value
        await settle(pilot)
        await type_at_end(pilot, TYPED)
        with open_state(db, backup_on_open=False) as other:
            other.patch_profile(step1=Step1Result.PASS)
        app.refresh_panes()
        await settle(pilot)
        assert selected(app, "draft-kind") != DraftKind.STEP1_TRAJECTORY.value
        assert TYPED not in editor(app).text and editor(app).text.startswith("Subject: ")
    [edit] = stored_edits(db).values()
    assert edit.kind == DraftKind.STEP1_TRAJECTORY.value and edit.text.endswith(TYPED)
