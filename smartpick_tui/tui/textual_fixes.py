"""The one place the app touches Textual's private names: guards for Textual 8.2.8 bugs that
crash the app or misread keys (each names the bug and its test), and the few private tables and
methods the app reads (each accessor says why). `apply()` installs the guards, once, when the
app starts (`SmartPickApp.__init__`), after checking that every private target — guarded or only
read — still exists: a Textual upgrade that moved one is a clear `TextualMismatch` at start-up,
not a silent no-op or an AttributeError mid-session. tests/core/test_import_hygiene.py fails
when a private Textual name appears in any other module.

The pin (`textual==8.2.8` in pyproject.toml) and these guards move together. Remove a guard when
the pinned Textual fixes its bug: its test in tests/hardening keeps passing either way. The Input
type-ahead fix is not a patch: it is the app's own `TextInput` subclass (widgets/text_input.py).

Longer than the ~450 lines a module aims at: every private Textual name the app reaches lives
here and nowhere else (tests/core/test_import_hygiene.py), so the start-up widgets built on them
(the light drop-down, the settled footer and first screen, the tab highlight) sit beside the
guards; split it by role (guards / start-up) if it grows further.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import textual
from rich.console import RenderableType
from rich.text import Text
from textual import events, on
from textual._xterm_parser import XTermParser
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList, Select, Tab, Tabs
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay
from textual.widgets._tabs import Underline

PINNED = "8.2.8"


class TextualMismatch(RuntimeError):
    """The installed Textual lacks a private target the guards need (upgraded past the pin)."""


def _require(owner: type, name: str, why: str) -> Callable[..., Any]:
    target: Callable[..., Any] | None = owner.__dict__.get(name)
    if not callable(target):
        raise TextualMismatch(
            f"textual {textual.__version__} has no {owner.__name__}.{name} (needed for {why}); "
            f"SmartPick is tested with textual=={PINNED}: reinstall it with pip install 'textual=={PINNED}'"
        )
    return target


def _require_property(owner: type, name: str, why: str) -> None:
    if not isinstance(owner.__dict__.get(name), property):
        raise TextualMismatch(
            f"textual {textual.__version__} has no {owner.__name__}.{name} (needed for {why}); "
            f"SmartPick is tested with textual=={PINNED}: reinstall it with pip install 'textual=={PINNED}'"
        )


def _require_module(module: str, names: Sequence[str], why: str) -> None:
    try:
        found = importlib.import_module(module)
    except ImportError:
        found = None
    for name in names:
        if found is None or not hasattr(found, name):
            raise TextualMismatch(
                f"textual {textual.__version__} has no {module}.{name} (needed for {why}); SmartPick "
                f"is tested with textual=={PINNED}: reinstall it with pip install 'textual=={PINNED}'"
            )


# --- private names the app reads (checked by `apply`) --------------------------------------
def binding_chain(screen: Screen[Any]) -> list[tuple[DOMNode, BindingsMap]]:
    """The bindings a key would meet, from the focused widget up, stopping at the last modal
    screen (`Screen._modal_binding_chain`): `key_routing.focus_binding` runs a focus-moving
    binding the moment its key is read, and must pick the binding Textual would pick."""
    chain: list[tuple[DOMNode, BindingsMap]] = screen._modal_binding_chain
    return chain


def escape_sequence_key(sequence: str) -> str | None:
    """The key name Textual gives a terminal escape sequence that it maps to one character
    (ESC 4 from xterm-style terminals is read as "¢", key "cent_sign"): the tables are
    `textual._ansi_sequences.ANSI_SEQUENCES_KEYS` and `textual.keys._character_to_key`. None
    if the sequence is not such a character (or the tables moved: `apply` then says so)."""
    try:
        from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
        from textual.keys import _character_to_key
    except ImportError:
        return None
    mapped = ANSI_SEQUENCES_KEYS.get(sequence)
    return _character_to_key(mapped) if isinstance(mapped, str) and len(mapped) == 1 else None


def widget_bindings(node: DOMNode, key: str) -> tuple[Binding, ...]:
    """The bindings `node` itself declares for `key` (its private `_bindings` map, with the
    user's keymap applied), for `keys_first_input`."""
    bindings: BindingsMap = node._bindings
    return tuple(bindings.key_to_bindings.get(key, ()))


def scroll_update(widget: Widget, virtual_size: Size) -> None:
    """Tell only `widget`'s scrollbars about a new virtual size (`Widget._scroll_update`, what
    Textual's own `_size_updated` calls) instead of setting the layout reactive `virtual_size`,
    which re-lays out the whole screen (~10 ms per keystroke in a long list)."""
    widget._scroll_update(virtual_size)


def report_refresh(widget: Widget) -> None:
    """Have `widget` tell its screen now what it needs redrawn, as it does at its next idle
    (`Widget._check_refresh`): `search_input.report_refreshes` puts a search's result in the
    key's own frame (issue 26)."""
    widget._check_refresh()


def select_overlay(select: Select[Any]) -> OptionList:
    """The drop-down list of a `Select` (`textual.widgets._select.SelectOverlay`, not exported),
    to highlight an option when the drafts tab opens it on search hits."""
    overlay: SelectOverlay = select.query_one(SelectOverlay)
    return overlay


def styled_when_mounted(node: DOMNode, animate: bool) -> None:
    """For a widget's `update_node_styles` (what a class change calls): restyle it now if it
    is in the app's DOM, else nothing, for it is styled when it is mounted (`App._register`
    applies the stylesheet to every widget it mounts, with its classes then). Textual restyles
    at once, mounted or not: each of the Profile form's fields set up its classes (compact,
    valid) while it was built, before it was mounted, and was styled for each, then styled
    again on mounting (issue 26: 25 of the first screen's ~260 stylings)."""
    if node.is_attached:
        DOMNode.update_node_styles(node, animate)


class ChoiceCurrent(SelectCurrent):
    """A closed drop-down's line drawn by one widget: the choice and its arrow. Textual's
    `SelectCurrent` composes three Statics for it; the Profile form has seven drop-downs, and
    every widget at start-up is styled and laid out several times (issue 26). One line high:
    for compact drop-downs (the Profile form's), which have no border."""

    COMPONENT_CLASSES = {"choice-current--arrow"}
    DEFAULT_CSS = """
    ChoiceCurrent {
        height: 1;
        color: $foreground 50%;
        &.-has-value { color: $foreground; }
        & > .choice-current--arrow { color: $foreground 50%; }
    }
    """

    def compose(self) -> ComposeResult:
        return iter(())  # drawn by `render`, not by children

    def update_node_styles(self, animate: bool = True) -> None:
        styled_when_mounted(self, animate)

    def update(self, label: RenderableType | NoSelection) -> None:
        self.label = label
        self.has_value = label is not Select.NULL
        self.refresh()

    def render(self) -> Text:
        label = self.placeholder if isinstance(self.label, NoSelection) else self.label
        shown = label.copy() if isinstance(label, Text) else Text(str(label))  # never markup
        shown.no_wrap = True
        room = max(0, self.content_size.width - 2)
        shown.truncate(room, overflow="ellipsis", pad=True)
        expanded = isinstance(self.parent, Select) and self.parent.expanded
        arrow = self.get_component_rich_style("choice-current--arrow")
        return shown + Text(" ▲" if expanded else " ▼", style=arrow)


class LightSelect(Select[Any]):
    """A `Select` that is one widget while closed (`ChoiceCurrent`) and builds its list of
    options (Textual's private `SelectOverlay`) the first time it opens: the Profile form's
    seven drop-downs were 35 widgets at start-up (issue 26). Overrides Textual's private
    `_setup_options_renderables`, `_watch_value` and `_watch_expanded` (checked in `apply`)."""

    def compose(self) -> ComposeResult:
        # Built showing the value it was given (mounted, the Select sets it again: no change,
        # so no restyle of the line for its "-has-value" class).
        current = ChoiceCurrent(self.prompt)
        for prompt, option in self._options:
            if option == self._value and option != self.NULL:
                current.update(prompt)
                break
        yield current

    def update_node_styles(self, animate: bool = True) -> None:
        styled_when_mounted(self, animate)

    def _overlay(self) -> SelectOverlay | None:
        found = self.query_children(SelectOverlay)
        return found.first() if found else None

    def _setup_options_renderables(self) -> None:
        if self._overlay() is not None:  # nothing to fill before the list is first opened
            super()._setup_options_renderables()

    def _watch_value(self, value: Any) -> None:
        """Textual's, without requiring the options list to exist."""
        self._value = value
        try:
            current = self.query_one(ChoiceCurrent)
        except NoMatches:
            return
        overlay = self._overlay()
        if value == self.NULL:
            current.update(self.NULL)
        else:
            for index, (prompt, option) in enumerate(self._options):
                if option == value:
                    if overlay is not None:
                        overlay.highlighted = index
                    current.update(prompt)
                    break
        self.post_message(self.Changed(self, value))

    def _watch_expanded(self, expanded: bool) -> None:
        super()._watch_expanded(expanded)
        for current in self.query_children(ChoiceCurrent):
            current.refresh()  # its arrow turns

    # Async (Textual's is not): the list is mounted and filled before it opens, and keys typed
    # meanwhile wait in this widget's queue, so "enter, down, enter" typed fast still picks.
    async def action_show_overlay(self) -> None:  # type: ignore[override]
        if self._overlay() is None:
            overlay = SelectOverlay(type_to_search=self._type_to_search)
            overlay.compact = self.compact  # (Textual data-binds it in compose; fixed here)
            await self.mount(overlay)
            self._setup_options_renderables()
        super().action_show_overlay()

    @on(SelectCurrent.Toggle)
    async def _toggle(self, event: SelectCurrent.Toggle) -> None:
        """A click on the closed line opens it (building the list first if need be)."""
        event.stop()
        event.prevent_default()  # Select's own handler would open a list not built yet
        if self.expanded:
            self.expanded = False
        else:
            await self.action_show_overlay()


def preset_tab_underline(tabs: Tabs) -> None:
    """Put the tab bar's highlight under its first tab now, before the first frame, when that
    tab is the active one: Textual places it after the first frame (`Tabs._highlight_active`
    waits for a refresh to read where the tab is), so the first screen was drawn once more for
    the underline alone, ~70 ms after the rest (issue 26). The first tab starts the bar, so
    its span is its left padding and its label; Textual's own placement then finds the
    underline where it goes and changes nothing. Reads the bar's `Underline` (in Textual's
    private `textual.widgets._tabs`, checked in `apply`)."""
    found = tabs.query(Tab)
    first = found.first() if found else None
    if first is None or tabs.active not in ("", first.id):  # (none yet: Tabs picks the first)
        return
    for underline in tabs.query(Underline):
        start = first.styles.padding.left
        underline.highlight_start = start
        underline.highlight_end = start + first.label.cell_length


class SettledFooter(Footer):
    """Textual's `Footer` that rebuilds its keys once per frame, and only when what it shows
    has changed. Textual's recomposes on every bindings update, each one a focus change: at
    start-up (the tab bar focused, then the Profile form's first field, the app's own focus
    event) it removed, re-mounted and re-styled its keys six times, the last of them after
    the screen was otherwise drawn, so the first screen settled ~80 ms later (issue 26); and
    it drew no keys in the first frame.
    Overrides Textual's `bindings_changed` and reads its private `_bindings_ready` (checked
    in `apply`)."""

    _rebuild_asked = False
    _composed_for: tuple[object, ...] | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Its keys are in the first frame: Textual's composes an empty footer and fills it
        # after the first bindings update, a frame or more after the rest of the screen.
        self.set_reactive(Footer._bindings_ready, True)

    def _shows(self) -> tuple[object, ...]:
        """Everything `Footer.compose` reads: the shown bindings as drawn, and its options."""
        app = self.app
        return (
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            self.compact,
            self.combine_groups,
            tuple(
                (key, binding, app.get_key_display(binding), enabled, tooltip)
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )

    def compose(self) -> ComposeResult:
        self._composed_for = self._shows()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_asked:  # one rebuild per frame, however many updates came
            self._rebuild_asked = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_asked = False
        if self.is_attached and self._shows() != self._composed_for:
            await self.recompose()


class SettledScreen(Screen[Any]):
    """The app's first screen, without two whole-screen passes Textual makes at start-up that
    change nothing there (issue 26):

    - the restyle of every widget on its first `ScreenResume`: each was styled when it was
      mounted, moments before, and every change since (the focus, a class, the theme) restyled
      what it touched;
    - a layout and repaint of the whole screen for a `Resize` of the size it is already laid
      out at: Textual's first layout sends the screen one, as a widget just shown, and the
      terminal's first size report another, each a full reflow and a full frame.

    A real resize (another size) and later resumes (a dialog closed) are Textual's as before.
    Reads Textual's private `Screen._compositor` and `App._background_screens` (checked in
    `apply`)."""

    _resumed = False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.ScreenResume) and not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        elif (
            isinstance(event, events.Resize)
            and event.size == self._compositor.size
            and not self.app._background_screens
        ):
            event.stop()
            return
        await super().on_event(event)


InputT = TypeVar("InputT", bound=type[Input])


def keys_first_input(cls: InputT) -> InputT:
    """Make an Input subclass run its own bound keys when they arrive (Textual #6605, fix
    proposed in PR #6631): Textual 8.2 ran an Input's bound keys (backspace, ctrl+u, arrows,
    enter…) after the printable keys queued behind them, so "backspace 9" typed ahead saved
    "29" for "2". Installs `_on_key` (Input's private key handler) on `cls` only: Textual's
    Input and other subclasses are left as they are (tests/hardening/test_typeahead.py)."""

    async def _on_key(self: Input, event: events.Key) -> None:
        if event.is_printable:
            return  # Input's own handler (next in the MRO) types it
        bindings = widget_bindings(self, event.key)
        if bindings:
            event.stop()
            event.prevent_default()  # Input's handler does not see it a second time
            await self.run_action(bindings[0].action)

    cls._on_key = _on_key  # type: ignore[method-assign]
    return cls


def fixed_size_input(cls: InputT) -> InputT:
    """Make a one-line Input of fixed size (1fr wide) stop re-laying out the whole screen on
    every keystroke: Input's private watcher `_watch_value` sets the layout reactive
    `virtual_size`; this sets it without layout and tells only the field's own scrollbars
    (`scroll_update`), after which Input's own assignment is a no-op."""

    owner: type[Input] = cls

    def _watch_value(self: Input, value: str) -> None:
        size = Size(self.content_width, 1)
        if size != self.virtual_size:
            self.set_reactive(Input.virtual_size, size)
            scroll_update(self, size)
        super(owner, self)._watch_value(value)  # type: ignore[misc]  # Input's own `virtual_size = ...` is now a no-op

    cls._watch_value = _watch_value  # type: ignore[method-assign]
    return cls


# --- guards -------------------------------------------------------------------------------
def _guard_option_list_paging(move_page: Callable[..., Any]) -> None:
    """pageup/pagedown on an OptionList that has no content region yet (a Select dropdown with no
    room at 40x15) raised KeyError from `_index_to_line`, which is empty until the list is laid
    out; found by the monkey test (tests/hardening/test_option_list_paging.py)."""

    def move_page_guarded(self: OptionList, direction: int) -> None:
        if (self.highlighted or 0) not in self._index_to_line:
            return
        move_page(self, direction)

    OptionList._move_page = move_page_guarded  # type: ignore[method-assign]


def _guard_escape_then_key(to_key_events: Callable[..., Any]) -> None:
    """ESC and a character in one read (typed quickly, or held back by tmux's `escape-time`,
    500 ms by default) is the escape key, then that key — as when typed slowly. Textual 8.2 read
    it as alt+<letter> (so "Esc j j" in the search typed "jj") and dropped the ESC before
    punctuation (so "Esc ?" typed "?"); tests/hardening/test_pty_keys.py. alt+digit (the tab
    keys) is a whole sequence of its own and does not come through here."""

    def escape_then_key(self: XTermParser, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if alt and len(sequence) == 1:
            yield events.Key("escape", "\x1b")
            alt = False
        yield from to_key_events(self, sequence, alt)

    XTermParser._sequence_to_key_events = escape_then_key  # type: ignore[method-assign]


_applied = False


def apply() -> None:
    """Install every guard once; TextualMismatch (before anything is patched) if a target is gone."""
    global _applied
    if _applied:
        return
    _require(Input, "_on_key", "TextInput's type-ahead fix")  # keys_first_input replaces it
    _require(Input, "_watch_value", "SearchInput's keystroke without a re-layout")
    _require(Widget, "_scroll_update", "scroll_update")
    _require(Widget, "_check_refresh", "report_refresh")
    _require_property(Screen, "_modal_binding_chain", "the focus keys' routing")
    if not isinstance(getattr(DOMNode(), "_bindings", None), BindingsMap):
        raise TextualMismatch(
            f"textual {textual.__version__} has no DOMNode._bindings (needed for TextInput's type-ahead "
            f"fix); SmartPick is tested with textual=={PINNED}: reinstall it with pip install "
            f"'textual=={PINNED}'"
        )
    _require_module("textual._ansi_sequences", ["ANSI_SEQUENCES_KEYS"], "alt+digit from xterm terminals")
    _require_module("textual.keys", ["_character_to_key"], "alt+digit from xterm terminals")
    _require_module("textual.widgets._select", ["SelectOverlay"], "the drafts tab's program drop-down")
    _require_module(
        "textual.widgets._select", ["SelectCurrent", "NoSelection"], "LightSelect (the Profile form)"
    )
    _require(Footer, "bindings_changed", "SettledFooter")
    _require_module("textual.widgets._tabs", ["Underline"], "the tab underline in the first frame")
    _require_property(App, "_background_screens", "SettledScreen")
    if "_compositor" not in Screen.__init__.__code__.co_names:
        raise TextualMismatch(
            f"textual {textual.__version__} has no Screen._compositor (needed for SettledScreen); "
            f"SmartPick is tested with textual=={PINNED}: reinstall it with pip install "
            f"'textual=={PINNED}'"
        )
    if "_bindings_ready" not in Footer.__dict__:
        raise TextualMismatch(
            f"textual {textual.__version__} has no Footer._bindings_ready (needed for SettledFooter); "
            f"SmartPick is tested with textual=={PINNED}: reinstall it with pip install "
            f"'textual=={PINNED}'"
        )
    for name in ("_setup_options_renderables", "_watch_value", "_watch_expanded"):
        _require(Select, name, "LightSelect (the Profile form)")
    move_page = _require(OptionList, "_move_page", "the OptionList paging guard")
    to_key_events = _require(XTermParser, "_sequence_to_key_events", "the Esc-then-key guard")
    _guard_option_list_paging(move_page)
    _guard_escape_then_key(to_key_events)
    _applied = True
