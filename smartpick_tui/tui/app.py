"""SmartPickApp: tabs over one `State`, saved on every change.

Keys: a digit jumps to a tab when the focus is not in a text field (there the digit is typed);
alt+digit jumps from anywhere (a priority binding, so a text field never sees it). `?`/F1 open
the help screen, ctrl+p the command palette with every action by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.notifications import Notify
from textual.screen import ModalScreen
from textual.theme import Theme
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane

from smartpick_tui.config import DEFAULTS, Config
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.store import State, StoreError, open_state
from smartpick_tui.tui import key_routing, textual_fixes
from smartpick_tui.tui.commands import SmartPickCommands
from smartpick_tui.tui.contrast import focus_variables
from smartpick_tui.tui.panes import PANES
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.tab_labels import tab_labels

DISK_POLL_S = 1.0
DARK, LIGHT = "textual-dark", "textual-light"


def _tab_bindings() -> list[Binding]:
    bindings = []
    for index, pane in enumerate(PANES):
        action = f"show_pane('{pane.PANE_ID}')"
        bindings.append(
            Binding(pane.KEY, action, f"Go to {pane.TITLE}", show=False, id=f"tabs.{pane.PANE_ID}")
        )
        # One footer entry stands for all alt+digit keys; the tab labels show the digits.
        bindings.append(
            Binding(
                f"alt+{pane.KEY}",
                action,
                "Tabs" if index == 0 else f"Go to {pane.TITLE}",
                show=index == 0,
                priority=True,
                key_display=f"alt+1…{PANES[-1].KEY}" if index == 0 else None,
                id=f"tabs.{pane.PANE_ID}_alt",
            )
        )
    return bindings


class SmartPickApp(App[None]):
    TITLE = "SmartPick"
    CSS_PATH = "app.tcss"
    # app.tcss lays out narrow windows (< 80 columns) differently: the Profile tab stacks.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    COMMANDS = App.COMMANDS | {SmartPickCommands}
    BINDINGS = [
        *_tab_bindings(),
        Binding(
            "question_mark", "help", "Help", key_display="?", id="app.help", tooltip="Every key of every tab"
        ),
        Binding("f1", "help", "Help", show=False, id="app.help_f1"),
        Binding(
            "escape",
            "leave_field",
            "Leave a text field (for the tab's list)",
            show=False,
            id="app.leave_field",
        ),
    ]

    # ESC+digit keys -> pane id. Handled in `on_event`, before the focused widget sees the key:
    # Textual drops bindings for printable keys while a text field has focus, priority or not.
    ESC_DIGIT_PANES: ClassVar[dict[str, str]] = key_routing.esc_digit_panes()

    def __init__(
        self,
        db_path: Path,
        today: Callable[[], date] | None = None,
        config: Config = DEFAULTS,
        config_error: str | None = None,
    ) -> None:
        textual_fixes.apply()
        super().__init__()
        self.db_path = db_path
        # config.toml, read by the caller (cli.tui); a broken one arrives as `config_error`
        # with the defaults, and is said once the app is up
        self.config = config
        self._config_problems = [config_error] if config_error else []
        self.keymap: Mapping[str, str] = {}
        self.today: Callable[[], date] = today or date.today
        self.open_error: str | None = None
        self._stale: set[str] = set()
        self._read_error: str | None = None  # the last read error said (said once)
        try:
            self.state: State = open_state(db_path)
        except StoreError as error:
            self.open_error = str(error)

    # --- layout and start-up -------------------------------------------------------------
    def compose(self) -> ComposeResult:
        if self.open_error:
            yield Static(
                f"SmartPick could not open {self.db_path}:\n\n{self.open_error}\n\n"
                "Nothing was changed. Press ctrl+q to quit.",
                id="open-error",
                markup=False,
            )
            yield Footer()
            return
        with TabbedContent(id="tabs"):
            for pane in PANES:
                with TabPane(f"{pane.KEY} {pane.TITLE}", id=f"tab-{pane.PANE_ID}"):
                    yield pane(id=pane.PANE_ID)
        yield Footer()

    def on_mount(self) -> None:
        self._apply_config()
        if self.open_error:
            return
        self._apply_saved_theme()
        self._fit_tab_labels()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # Fill the panes right after the first frame: the tabs appear before any store read.
        self.call_after_refresh(self._first_fill)
        self.set_interval(DISK_POLL_S, self._poll_disk)

    def _apply_config(self) -> None:
        """The keymap's usable entries take effect; each problem with the file is one line."""
        from smartpick_tui.tui.keymap import checked_keymap

        keymap, problems = checked_keymap(self.config)
        self.keymap = keymap  # what the help screen and toasts show
        self.set_keymap(keymap)
        if self.config.theme and self.config.theme not in self.available_themes:
            problems.append(f"{self.config.where('theme')}: no theme is called {self.config.theme!r}")
        for problem in [*self._config_problems, *problems]:  # keys in the file are user text
            self.notify(
                clean_line(problem), title="Config file", severity="warning", timeout=30, markup=False
            )

    def _first_fill(self) -> None:
        self.refresh_panes()
        message = getattr(self.state, "recovery_message", None)
        if message:
            self.notify(
                str(message),
                title="State file recovered",
                severity="warning",
                timeout=30,
                markup=False,
            )
        active = self._active_pane()
        if active is not None:
            active.focus_main()

    @property
    def profile(self) -> Profile:
        return self.state.profile()

    # --- theme ---------------------------------------------------------------------------
    def get_css_variables(self) -> dict[str, str]:
        """Every theme's variables, with the cursor row and the focus edge made unmistakable
        (`tui.contrast` picks them per theme, 256 colours included)."""
        variables = super().get_css_variables()
        return {**variables, **focus_variables(variables)}

    def _apply_saved_theme(self) -> None:
        if self.config.theme in self.available_themes:  # config.toml's theme wins (docs/config.md)
            self.theme = self.config.theme
            return
        try:
            theme = self.state.settings().theme
        except (StoreError, ValueError):
            return
        if theme in self.available_themes:
            self.theme = theme

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name == self.config.theme:  # config.toml's theme is the file's to keep, not the state's
            return
        try:
            if self.state.settings().theme == theme.name:
                return
        except (StoreError, ValueError):
            pass
        self.save(lambda state: state.patch_settings(theme=theme.name))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    # --- navigation ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Tab keys must not switch the tabs behind an open form or dialog, nor exist without tabs.
        if action in ("show_pane", "help", "toggle_theme"):
            return not (self.open_error or isinstance(self.screen, ModalScreen))
        if action == "leave_field":  # only from a text field of a tab (a dialog closes itself)
            return isinstance(self.focused, Input) and not isinstance(self.screen, ModalScreen)
        return True

    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.Key)
            and event.key in self.ESC_DIGIT_PANES
            and self.check_action("show_pane", ())
        ):
            event.stop()
            event.prevent_default()
            self.action_show_pane(self.ESC_DIGIT_PANES[event.key])
            return
        if isinstance(event, events.Key) and not event.is_forwarded and await self._run_focus_key(event.key):
            return
        await super().on_event(event)

    async def _run_focus_key(self, key: str) -> bool:
        """Run a key that moves the focus now, before the keys read with it are handed on
        (`key_routing.focus_binding` says which and why)."""
        if self.open_error:
            return False
        found = key_routing.focus_binding(self.screen, key)
        if found is None:
            return False
        namespace, binding = found
        return bool(await self.run_action(binding.action, namespace))

    def _active_pane(self) -> Pane | None:
        try:
            tabs = self.query_one(TabbedContent)
        except NoMatches:
            return None
        pane_id = (tabs.active or "").removeprefix("tab-")
        for pane in self.query(Pane):
            if pane.id == pane_id:
                return pane
        return None

    def action_show_pane(self, pane_id: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{pane_id}"
        self._refresh_if_stale(pane_id)
        pane = self._active_pane()
        if pane is not None:
            pane.focus_main()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane_id = (event.pane.id or "").removeprefix("tab-")
        self._refresh_if_stale(pane_id)
        self._fit_tab_labels()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_tab_labels()

    def _fit_tab_labels(self) -> None:
        """Every tab label whole on screen at any width (`tab_labels`)."""
        try:
            tabs = self.query_one(TabbedContent)
        except NoMatches:
            return
        active = (tabs.active or "").removeprefix("tab-")
        for pane_id, label in tab_labels(active, self.size.width).items():
            tab = tabs.get_tab(f"tab-{pane_id}")
            if tab.label_text != label:
                tab.label = label

    def action_leave_field(self) -> None:
        """escape in a text field of a tab (what the help screen promises): the focus leaves
        it for the tab's main widget, so single-key shortcuts work again. Search fields
        (`widgets.search_input`) and the Profile form handle escape themselves."""
        self.screen.set_focus(None)
        pane = self._active_pane()
        if pane is not None:
            pane.focus_main()

    def action_help(self) -> None:
        from smartpick_tui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # --- saving and refreshing -------------------------------------------------------------
    def save(self, change: Callable[[State], object], done: str | None = None) -> bool:
        """Apply one change durably; on failure say it was NOT saved and keep the screen as is."""
        try:
            change(self.state)
        except (StoreError, ValueError) as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8, markup=False)
            return False
        if done:
            self.notify(done, markup=False)
        self.refresh_panes()
        return True

    def refresh_panes(self) -> None:
        """Redraw the visible pane now; the others just before they are shown."""
        active = self._active_pane()
        for pane in self.query(Pane):
            if pane is active:
                self._refresh_pane(pane)
            elif pane.id:
                self._stale.add(pane.id)

    def _refresh_if_stale(self, pane_id: str) -> None:
        if pane_id in self._stale:
            self._stale.discard(pane_id)
            for pane in self.query(Pane):
                if pane.id == pane_id:
                    self._refresh_pane(pane)

    def _refresh_pane(self, pane: Pane) -> None:
        """The one error path for reads: a state file that cannot be read (made unreadable,
        removed with its directory, a disk error) is said once, and the app keeps running
        with what the screen shows; the pane is refreshed again on the next change."""
        try:
            pane.refresh_from_state()
        except StoreError as error:
            if pane.id:
                self._stale.add(pane.id)
            message = str(error)
            if message != self._read_error:
                self._read_error = message
                self.notify(
                    f"Could not read your data: {message}",
                    title="Read error",
                    severity="error",
                    timeout=15,
                    markup=False,
                )
        else:
            self._read_error = None

    def _poll_disk(self) -> None:
        # Shutdown sets is_running False, then removes the screens while app timers still tick:
        # a poll in that window would redraw panes whose children are gone.
        if not self.is_running:
            return
        if self.state.changed_on_disk():
            recovery = self.state.verify()
            self.state.mark_seen()
            self._apply_saved_theme()
            self.refresh_panes()
            if recovery is not None:
                self.notify(
                    recovery.message,
                    title="State file repaired",
                    severity="warning",
                    timeout=30,
                    markup=False,
                )
            else:
                self.notify("Updated from another SmartPick session.")

    def on_notify(self, event: Notify) -> None:
        """Over a dialog, one toast at a time: the newest replaces the others, so toasts never
        stack over a form. Runs before Textual's own handler adds it."""
        if isinstance(self.screen, ModalScreen):
            self.clear_notifications()

    # --- command palette -------------------------------------------------------------------
    def palette_commands(self) -> Iterable[PaneCommand]:
        """Every action by name: app-wide ones, then each pane's (shown before it runs)."""
        if self.open_error:
            return
        for pane_class in PANES:
            yield PaneCommand(
                f"Go to {pane_class.TITLE}",
                f"Show the {pane_class.TITLE} tab "
                f"(key {pane_class.KEY}, or alt+{pane_class.KEY} from a text field)",
                partial(self.action_show_pane, pane_class.PANE_ID),
            )
        yield PaneCommand(
            "Toggle dark theme",
            "Switch between the dark and light theme (remembered)",
            self.action_toggle_theme,
        )
        yield PaneCommand("Show keys and help", "Every key of every tab (? or F1)", self.action_help)
        for pane in self.query(Pane):
            for command in pane.commands():
                yield PaneCommand(
                    command.title,
                    command.help,
                    partial(self._run_in_pane, pane, command.callback),
                )

    def _run_in_pane(self, pane: Pane, run: Callable[[], object]) -> None:
        if pane.id:
            self.action_show_pane(pane.id)
        run()

    async def action_quit(self) -> None:
        if not self.open_error:
            for pane in self.query(Pane):
                pane.flush()
        self.exit()

    def on_unmount(self) -> None:
        if not self.open_error:
            self.state.close()
