"""Interviews tab (9): pick from the catalog or type a program, edit, delete, the FAQ 5 count
and its warnings; the rank order list: moves, sort by weighted ratings, the safety-net check
and the CSV export. Real TinyDB file, real catalog, the app driven with Pilot."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from textual import events
from tui_helpers import PROFILE, SMALL, settle, text_of
from waiting import wait_until

from smartpick_tui.core.interviews import Interview, InterviewStatus
from smartpick_tui.store import open_state
from smartpick_tui.tui.widgets.record_table import RecordTable

IM_PROFILE = replace(PROFILE, specialty="internal-medicine")


def lint_text(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.query_one("#interviews-lint"))


def table(app) -> RecordTable:  # type: ignore[no-untyped-def]
    return app.query_one("#interviews-table", RecordTable)


async def test_add_from_catalog_and_free_text_edit_delete_and_count(make_app, db):
    app = make_app(profile=IM_PROFILE)  # internal medicine: the article's own 12-15 (FAQ 5)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        assert "0 of 12-15 interviews (FAQ 5)" in lint_text(app)
        assert "below the safe zone" in lint_text(app) and "backup specialty" in lint_text(app)
        assert "app's estimate" not in lint_text(app)  # the article's number for core specialties

        # from the catalog: type, the picker lists matches, enter takes the first
        await pilot.press("a", *"massachusetts general boston")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # free text: a program not in the catalog, with markup-looking text kept literal
        await pilot.press("a", *"[bold]Nowhere General[/")
        await settle(pilot)
        await pilot.press("up", "enter")  # the typed text is the last option (and the only one)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert table(app).row_count == 2
        names = {table(app).get_row_at(row)[0].plain for row in range(2)}
        assert "[bold]Nowhere General[/" in names
        assert "2 of 12-15 interviews (FAQ 5)" in lint_text(app)
        with open_state(db) as state:
            by_name = {interview.program_name: interview for interview in state.interviews()}
        free = by_name.pop("[bold]Nowhere General[/")
        assert free.program_id is None and free.status is InterviewStatus.INVITED
        [picked] = by_name.values()
        assert picked.program_id is not None and "Massachusetts General" in picked.program_name

        # edit the free-text one: completed, a date, two ratings; then the thank-you reminder
        row = [table(app).get_row_at(r)[0].plain for r in range(2)].index("[bold]Nowhere General[/")
        table(app).move_cursor(row=row)
        await pilot.press("e", "tab", "enter", "down", "down", "enter")  # status: completed
        await pilot.press("tab", "tab", "tab", *"2026-12-10", "tab", "tab", "4", "tab", "5", "ctrl+s")
        await settle(pilot)
        with open_state(db) as state:
            edited = {i.id: i for i in state.interviews()}[free.id]
        assert edited.status is InterviewStatus.COMPLETED and edited.scheduled_for == "2026-12-10"
        assert (edited.rating_1, edited.rating_2, edited.rating_3) == (4, 5, None)
        assert "thank-you not sent yet" in lint_text(app) and "(1 completed)" in lint_text(app)
        row = [table(app).get_row_at(r)[0].plain for r in range(2)].index("[bold]Nowhere General[/")
        table(app).move_cursor(row=row)
        await pilot.press("t")
        await settle(pilot)
        assert "thank-you not sent yet" not in lint_text(app)
        assert table(app).get_row_at(row)[5].plain == "4.5"  # weighted score, equal weights

        # a bad rating is refused in the form, nothing saved
        await pilot.press("e", "tab", "tab", "tab", "tab", "tab", "tab", "9", "ctrl+s")
        await settle(pilot)
        assert "rate 1-5" in text_of(app.screen.query_one("#error-rating_1"))
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("d", "y")
        await settle(pilot)
        assert table(app).row_count == 1
        assert "1 of 12-15 interviews" in lint_text(app)
    with open_state(db) as state:
        assert [i.id for i in state.interviews()] == [picked.id]


async def test_declined_and_cancelled_do_not_count_and_safe_zone_reached(make_app, db):
    with open_state(db) as state:
        state.set_profile(IM_PROFILE)
        for n in range(12):
            state.upsert_interview(Interview(f"Program {n:02}", status=InterviewStatus.SCHEDULED))
        state.upsert_interview(Interview("Declined one", status=InterviewStatus.DECLINED))
        state.upsert_interview(Interview("Cancelled one", status=InterviewStatus.CANCELLED))
        state.upsert_interview(Interview("Waitlist one", status=InterviewStatus.WAITLISTED))
    app = make_app(profile=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        text = lint_text(app)
        assert "12 of 12-15 interviews (1 waitlisted)" in text
        assert "in the safe zone" in text and "slightly above the average" in text
        assert "below the safe zone" not in text


async def test_competitive_target_is_labelled_the_apps_estimate(make_app):
    app = make_app()  # emergency medicine: competitive; FAQ 5 gives no number
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        text = lint_text(app)
        assert "0 of 14-17 interviews" in text
        assert "the app's estimate, not the article's" in text


async def test_two_enters_in_one_read_save_once_and_do_not_crash(make_app, db):
    """Type-ahead (several keys in one read over SSH): the second Enter reached the closed form,
    saved a duplicate and popped the last screen (ScreenStackError) before the form guarded it."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("5", "a", *"Typed Away", "enter")  # the picker, then the shared form
        await settle(pilot)
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("enter", "\r"))
        await wait_until(pilot, lambda: len(app.screen_stack) == 1, "the form closed")
        await pilot.press("9", "a", *"Typed Program")
        await settle(pilot)
        await pilot.press("enter")  # the picker: the typed text
        await settle(pilot)
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("enter", "\r"))
        await wait_until(pilot, lambda: len(app.screen_stack) == 1, "the form closed")
        assert len(app.screen_stack) == 1
    with open_state(db) as state:
        assert [away.program_name for away in state.aways()] == ["Typed Away"]
        assert [interview.program_name for interview in state.interviews()] == ["Typed Program"]


async def test_rank_list_moves_sorts_checks_and_exports(make_app, db):
    ortho = replace(PROFILE, specialty="orthopaedic-surgery", step2=250)
    with open_state(db) as state:
        state.set_profile(ortho)
        for name, rating in (("Alpha", 2), ("Beta", 5), ('=HYPERLINK("x")', 4)):
            state.upsert_interview(
                Interview(name, id=name[:5].lower(), status=InterviewStatus.COMPLETED, rating_1=rating)
            )
        state.upsert_interview(Interview("Later", id="later", status=InterviewStatus.SCHEDULED))
        state.patch_criteria(name_1="gut", weight_2=0)
    app = make_app(profile=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("9", "r")
        await settle(pilot)
        rank_table = app.screen.query_one("#rank-table", RecordTable)
        shown = lambda: [rank_table.get_row_at(r)[1].plain for r in range(rank_table.row_count)]  # noqa: E731
        # not placed yet: by the weighted ratings (Beta 5, =HYPERLINK 4, Alpha 2), not by name
        assert shown() == ["Beta", '=HYPERLINK("x")', "Alpha"]
        check = text_of(app.screen.query_one("#rank-check"))
        assert "3 contiguous ranks" in check and "at or below the unmatched mean (6.5, NRMP)" in check
        assert "matched applicants ranked 12.3" in check and "1 interview still to come" in check
        assert "never one you would not attend" in text_of(app.screen.query_one("#rank-rule"))
        assert "not in the catalog or cannot be classed" in check  # typed names: no class

        rank_table.move_cursor(row=0)
        await pilot.press("J")  # Beta down one
        await settle(pilot)
        assert shown() == ['=HYPERLINK("x")', "Beta", "Alpha"]
        assert rank_table.cursor_row == 1  # the cursor follows the program
        await pilot.press("J", "J")  # down twice: clamped at the bottom
        await settle(pilot)
        assert shown() == ['=HYPERLINK("x")', "Alpha", "Beta"]
        with open_state(db) as state:
            assert state.rank_order().order == ("=hype", "alpha", "beta")

        await pilot.press("s")  # by the weighted ratings: Beta 5, =HYPERLINK 4, Alpha 2
        await settle(pilot)
        assert shown() == ["Beta", '=HYPERLINK("x")', "Alpha"]

        await pilot.press("x")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.screen_stack) == 1
    [exported] = (db.parent / "exports").glob("rank-list-*.csv")
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert rows[0][:2] == ["rank", "program"] and rows[0][7] == "rating: gut (weight 1)"
    assert [row[1] for row in rows[1:]] == ["Beta", '\'=HYPERLINK("x")', "Alpha"]
    assert [row[6] for row in rows[1:]] == ["5.00", "4.00", "2.00"]


def seed_season(db) -> None:  # type: ignore[no-untyped-def]
    with open_state(db) as state:
        state.set_profile(IM_PROFILE)
        state.upsert_interview(
            Interview(
                "[bold]Yale[/ New Haven IM",
                id="i1",
                status=InterviewStatus.COMPLETED,
                invited_on="2026-10-01",
                scheduled_for="2026-11-03",
                rating_1=4,
                rating_2=5,
                thank_you_sent=True,
            )
        )
        state.upsert_interview(
            Interview(
                "Highland Hospital IM",
                id="i2",
                status=InterviewStatus.COMPLETED,
                scheduled_for="2026-11-10",
                rating_1=3,
                format="in person",
            )
        )
        state.upsert_interview(
            Interview(
                "Kaiser Oakland IM",
                id="i3",
                status=InterviewStatus.SCHEDULED,
                scheduled_for="2026-12-01",
            )
        )
        state.upsert_interview(Interview("UCSF Fresno IM", id="i4", status=InterviewStatus.DECLINED))


async def _show_interviews(pilot, rank: bool = False) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("alt+9")
    await settle(pilot)
    if rank:
        await pilot.press("r")
        await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


def test_interviews_pane_80x24(snap_compare, make_app, db):  # type: ignore[no-untyped-def]
    seed_season(db)
    assert snap_compare(make_app(seeded=False), terminal_size=SMALL, run_before=_show_interviews)


def test_rank_screen_80x24(snap_compare, make_app, db):  # type: ignore[no-untyped-def]
    seed_season(db)
    assert snap_compare(
        make_app(seeded=False),
        terminal_size=SMALL,
        run_before=lambda pilot: _show_interviews(pilot, rank=True),
    )


async def test_rank_list_follows_a_move_made_in_another_session(make_app, db):
    with open_state(db) as state:
        state.set_profile(IM_PROFILE)
        for name in ("Alpha", "Beta"):
            state.upsert_interview(Interview(name, id=name.lower(), status=InterviewStatus.COMPLETED))
    app = make_app(profile=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("9", "r")
        await settle(pilot)
        rank_table = app.screen.query_one("#rank-table", RecordTable)
        assert rank_table.get_row_at(0)[1].plain == "Alpha"
        with open_state(db, backup_on_open=False) as other:  # a second terminal
            other.move_in_rank("beta", -1)
        await wait_until(  # the screen's disk poll runs every second
            pilot, lambda: rank_table.get_row_at(0)[1].plain == "Beta", "the poll showed the new order"
        )
        assert [rank_table.get_row_at(r)[1].plain for r in range(2)] == ["Beta", "Alpha"]
