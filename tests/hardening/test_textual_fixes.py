"""The guards of `tui/textual_fixes.py` are installed by an explicit call that first checks
every private Textual target exists: a Textual that moved one fails at start-up with a message
naming it and the pin, and nothing is half-patched."""

from __future__ import annotations

import pytest
from textual._xterm_parser import XTermParser
from textual.widgets import Input, OptionList

from smartpick_tui.tui import textual_fixes
from smartpick_tui.tui.widgets.text_input import TextInput


def test_a_missing_target_stops_start_up_with_the_pin_and_patches_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(textual_fixes, "_applied", False)
    monkeypatch.delattr(XTermParser, "_sequence_to_key_events")
    before = OptionList.__dict__["_move_page"]
    named = r"XTermParser\._sequence_to_key_events.*textual==8\.2\.8"
    with pytest.raises(textual_fixes.TextualMismatch, match=named):
        textual_fixes.apply()
    assert OptionList.__dict__["_move_page"] is before


def test_apply_installs_each_guard_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual_fixes, "_applied", False)
    monkeypatch.setattr(OptionList, "_move_page", OptionList.__dict__["_move_page"])
    parse = XTermParser.__dict__["_sequence_to_key_events"]
    monkeypatch.setattr(XTermParser, "_sequence_to_key_events", parse)
    original = OptionList.__dict__["_move_page"]
    textual_fixes.apply()
    guarded = OptionList.__dict__["_move_page"]
    assert guarded is not original
    textual_fixes.apply()  # a second app in the same process
    assert OptionList.__dict__["_move_page"] is guarded


def test_the_type_ahead_fix_is_scoped_to_the_apps_own_field() -> None:
    """Textual's Input is left as it is; only the app's TextInput runs its keys on arrival."""
    assert "_on_key" in TextInput.__dict__
    assert Input.__dict__["_on_key"].__module__.startswith("textual.")


async def test_every_text_field_of_every_tab_is_the_apps_own(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A plain Input somewhere would lose typed-ahead keys again: every tab's fields are TextInputs."""
    from smartpick_tui.tui.app import SmartPickApp
    from smartpick_tui.tui.panes import PANES

    app = SmartPickApp(tmp_path / "state.json")
    async with app.run_test(size=(80, 24)) as pilot:
        for pane in PANES:
            app.action_show_pane(pane.PANE_ID)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        fields = list(app.query(Input))
        assert fields and all(isinstance(field, TextInput) for field in fields), [
            (type(f).__name__, f.id) for f in fields if not isinstance(f, TextInput)
        ]
