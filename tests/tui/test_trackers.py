"""Aways, letters, outreach: add / edit / delete in forms, counters and §9 warnings that follow."""

from datetime import date

from tui_helpers import SMALL, settle, text_of

from smartpick_tui.core.lint import ERAS_OPENS
from smartpick_tui.core.trackers import LetterStatus, VsloStatus
from smartpick_tui.store import open_state
from smartpick_tui.tui.widgets.record_table import RecordTable


def lint_text(app, pane: str) -> str:
    return text_of(app.query_one(f"#{pane}-lint"))


async def test_add_edit_delete_an_away(make_app, db):
    app = make_app()  # emergency medicine: competitive, 2-3 aways (§4)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert "0 of 2-3 aways" in lint_text(app, "aways")
        assert "Underusing aways" in lint_text(app, "aways")

        # a: the catalog picker first (no program matches: its only line keeps the typed text)
        await pilot.press("a", *"[bold]Mayo[/", "enter")
        await settle(pilot)
        await pilot.press("tab", "tab", *"2026-07-01", "tab", *"2026-07-28", "ctrl+s")
        await settle(pilot)
        table = app.query_one("#aways-table", RecordTable)
        assert table.row_count == 1
        assert table.get_row_at(0)[0].plain == "[bold]Mayo[/"  # literal, not markup
        assert "1 of 2-3 aways" in lint_text(app, "aways")

        await pilot.press("enter", "end", *" C", "tab", "enter", "down", "enter", "ctrl+s")  # edit
        await settle(pilot)
        await pilot.press("a", *"Zeta Clinic", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Underusing aways" not in lint_text(app, "aways")  # 2 of 2-3: the warning is gone
        with open_state(db) as state:
            aways = {away.program_name: away for away in state.aways()}
        assert aways["[bold]Mayo[/ C"].status is VsloStatus.APPLIED
        assert aways["[bold]Mayo[/ C"].start == "2026-07-01"

        await pilot.press("k", "d", "n")  # asked, answered no: kept
        await settle(pilot)
        assert table.row_count == 2
        await pilot.press("d", "y")
        await settle(pilot)
        assert table.row_count == 1
        assert "Underusing aways" in lint_text(app, "aways")  # back below target
    with open_state(db) as state:
        assert [away.program_name for away in state.aways()] == ["Zeta Clinic"]


async def test_escape_closes_a_form_without_saving(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("5", "a", *"Nowhere", "escape")
        await settle(pilot)
        assert app.query_one("#aways-table", RecordTable).row_count == 0
    with open_state(db) as state:
        assert state.aways() == []


async def test_empty_name_is_refused_in_the_form(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("6", "a", "ctrl+s")
        await settle(pilot)
        assert "enter who writes the letter" in text_of(app.screen.query_one("#error-writer"))
        await pilot.press("escape")
    with open_state(db) as state:
        assert state.letters() == []


async def test_letters_sorted_by_priority_uploaded_and_generic_warning(make_app, db):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("6")
        # a research-mentor letter (kind option 4 in EM, after the SLOE), then an away letter
        await pilot.press("a", *"Dr Lab", "tab", "enter", "down", "down", "down", "enter", "ctrl+s")
        await settle(pilot)
        assert "Lower-priority letters carry your file (Dr Lab)" in lint_text(app, "letters")
        await pilot.press("a", *"Dr Away", "enter")
        await settle(pilot)
        table = app.query_one("#letters-table", RecordTable)
        assert [table.get_row_at(row)[1].plain for row in range(2)] == ["Dr Away", "Dr Lab"]
        assert "0 of 2-3 strong letters uploaded (2 more not uploaded yet)" in lint_text(app, "letters")
        assert "Lower-priority" not in lint_text(app, "letters")

        table.move_cursor(row=0)
        await pilot.press("u")
        await settle(pilot)
        assert "1 of 2-3 strong letters uploaded (1 more not uploaded yet)" in lint_text(app, "letters")

        # mark Dr Lab generic: the narrative warning appears, the strong count drops
        table.move_cursor(row=1)
        await pilot.press("e", "tab", "tab", "tab", "tab", "tab", "space", "ctrl+s")
        await settle(pilot)
        assert "Disorganized narrative: Generic letter from Dr Lab" in lint_text(app, "letters")
        assert "1 of 2-3 strong letters uploaded" in lint_text(app, "letters")
        assert "more not uploaded" not in lint_text(app, "letters")
    with open_state(db) as state:
        letters = {letter.writer: letter for letter in state.letters()}
    assert letters["Dr Away"].status is LetterStatus.UPLOADED and letters["Dr Lab"].generic


async def test_radio_silence_appears_after_eras_opens_and_goes_with_an_email(make_app, db):
    app = make_app(today=ERAS_OPENS)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert "⚠ Radio silence" in lint_text(app, "outreach")
        assert "0 of 10-20 targeted emails" in lint_text(app, "outreach")
        await pilot.press("a", *"Yale", "enter")  # the program, from the catalog search
        await settle(pilot)
        await pilot.press("enter")  # the form: sent today by default
        await settle(pilot)
        assert "⚠ Radio silence" not in lint_text(app, "outreach")
        assert "1 of 10-20 targeted emails" in lint_text(app, "outreach")
    with open_state(db) as state:
        [entry] = state.outreach()
    assert entry.sent_on == ERAS_OPENS.isoformat()


async def test_radar_reminder_before_eras(make_app):
    app = make_app(today=date(2026, 5, 4))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert "opens 2026-06-03 (in 30 days)" in lint_text(app, "outreach")


async def test_letters_offer_a_sloe_in_emergency_medicine_only(make_app, db):
    from smartpick_tui.core.profile import Profile
    from smartpick_tui.core.rules import LetterKind

    app = make_app(Profile(step2=250, specialty="emergency-medicine"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("6", "a", *"Dr SLOE", "ctrl+s")  # the default kind is EM's first: a SLOE
        await settle(pilot)
        table = app.query_one("#letters-table", RecordTable)
        assert "SLOE (EM)" in table.get_row_at(0)[2].plain
        assert table.get_row_at(0)[0].plain == "1"  # the §5 priority, under a "§5" heading
    with open_state(db) as state:
        assert state.letters()[0].kind is LetterKind.SLOE
    other = make_app(Profile(step2=250, specialty="internal-medicine"))
    async with other.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("6", "a")
        await settle(pilot)
        kinds = [str(option[0]) for option in other.screen.query_one("#field-kind")._options]
        assert not any("SLOE" in kind for kind in kinds)


async def test_an_email_logged_from_the_catalog_knows_its_program(make_app, db, tmp_path):
    """Outreach's Program comes from the catalog as in Aways and Interviews: the entry keeps the
    catalog id (drafts and the Plan count it per program), free text still allowed."""
    from smartpick_tui.core.programs import shipped_catalog

    app = make_app(today=ERAS_OPENS)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("a", *"mass general", "enter", "enter")
        await settle(pilot)
    with open_state(db) as state:
        [entry] = state.outreach()
    assert entry.program_id in {program.id for program in shipped_catalog()}
    assert "Massachusetts General" in entry.program_name
