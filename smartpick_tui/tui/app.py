"""SmartPickApp: tabs over one `State`, saved on every change.

Keys: a digit jumps to a tab when the focus is not in a text field (there the digit is typed);
alt+digit jumps from anywhere (a priority binding, so a text field never sees it). `?`/F1 open
the help screen, ctrl+p the command palette with every action by name.

Longer than the ~450 lines a module aims at: the app owns the one `State`, its disk poll, the
save path every pane calls, the tab switching and the read-error path; tab labels and key
routing already live beside it (`tab_labels`, `key_routing`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.notifications import Notify
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widgets import Input, Static, TabbedContent, TabPane, Tabs

from smartpick_tui.config import DEFAULTS, Config
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.store import State, StoreError, open_state
from smartpick_tui.store.errors import DiskFullError
from smartpick_tui.tui import key_routing, textual_fixes
from smartpick_tui.tui.commands import SmartPickCommands
from smartpick_tui.tui.contrast import focus_variables
from smartpick_tui.tui.lazy_tabbed import LazyTabbedContent
from smartpick_tui.tui.panes import PANE_BY_ID, PANES
from smartpick_tui.tui.panes.base import Pane, PaneCommand
from smartpick_tui.tui.tab_labels import tab_labels
from smartpick_tui.tui.textual_fixes import SettledFooter, SettledScreen

DISK_POLL_S = 1.0
# The first screen and the frames that settle it (the tab underline, the footer) are drawn
# within ~0.2 s of mount on a quiet machine, ~1 s on a busy one; start-up's deferred work (one
# garbage collection) waits this long after mount, so it never holds back one of those frames.
AFTER_START_UP_S = 2.0
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
    # app.tcss lays out narrow windows (< NARROW_BELOW columns) differently: the Profile tab
    # stacks. The "-narrow" class goes on the panes only (`_narrow`), not on the screen as
    # Textual's HORIZONTAL_BREAKPOINTS do: a class on the screen restyles every widget, and
    # did so once at every start-up (0.3 s, issue 26).
    NARROW_BELOW = 80
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
        after_start_up: Callable[[], None] | None = None,
    ) -> None:
        textual_fixes.apply()
        super().__init__()
        self.db_path = db_path
        # Run once, AFTER_START_UP_S after the first screen was composed (cli/tui.py turns the
        # garbage collector back on with it): not part of the first screen, nor of its frames.
        self.after_start_up = after_start_up
        # config.toml, read by the caller (cli.tui); a broken one arrives as `config_error`
        # with the defaults, and is said once the app is up
        self.config = config
        self._config_problems = [config_error] if config_error else []
        self.keymap: Mapping[str, str] = {}
        self.today: Callable[[], date] = today or date.today
        self.open_error: str | None = None
        self._stale: set[str] = set()
        self._composing: set[str] = set()  # panes being composed on their tab's first visit
        # Every pane in the DOM by id, in tab order once built (`_built`): looked up on every
        # save and tab switch, where a query walked every widget of every tab built so far.
        self._panes: dict[str, Pane] = {}
        self._filled = False  # `_first_fill` has run
        self._on_arrival: dict[str, list[str]] = {}  # palette commands (titles) waiting
        self._held_keys: list[events.Key] = []  # typed while a tab was being built
        self._replaying = False
        self._showing = ""  # the tab a key (or command) last asked for
        self._read_error: str | None = None  # the last read error said (said once)
        self.readonly_reason: str | None = None  # opened read-only because nothing can be saved
        try:
            self.state: State = open_state(db_path)
        except DiskFullError as error:  # the plan can still be read: open it read-only, say so
            try:
                self.state = open_state(db_path, readonly=True)
                self.readonly_reason = str(error)
            except StoreError:
                self.open_error = str(error)
        except StoreError as error:
            self.open_error = str(error)

    # --- layout and start-up -------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        return SettledScreen(id="_default")  # no whole-screen passes that change nothing

    def compose(self) -> ComposeResult:
        if self.open_error:
            yield Static(
                f"SmartPick could not open {self.db_path}:\n\n{self.open_error}\n\n"
                "Nothing was changed. Press ctrl+q to quit.",
                id="open-error",
                markup=False,
            )
            yield SettledFooter()
            return
        # Only the tab shown first is built now; each other tab's module is imported and its
        # pane composed when it is first shown (`_ensure_pane`), in a TabPane made then
        # (`LazyTabbedContent`): start-up pays for one tab. The labels fit the window already.
        first = PANES[0]
        labels = tab_labels(first.PANE_ID, self.size.width)
        titles = {f"tab-{spec.PANE_ID}": labels[spec.PANE_ID] for spec in PANES}
        with (
            LazyTabbedContent(titles, id="tabs"),
            TabPane(titles[f"tab-{first.PANE_ID}"], id=f"tab-{first.PANE_ID}"),
        ):
            yield self._built(first.load()(id=first.PANE_ID))
        yield SettledFooter()

    def on_mount(self) -> None:
        if self.after_start_up is not None:
            self.set_timer(AFTER_START_UP_S, self.after_start_up)
        self._apply_config()
        if self.open_error:
            return
        self._apply_saved_theme()
        self._fit_tab_labels()
        textual_fixes.preset_tab_underline(self.query_one(TabbedContent).query_one(Tabs))
        self._focus_active_pane()  # before the first frame: keys typed as the app opens go there
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # Fill the panes now, before the first frame: the first screen a user sees is the
        # whole one. (Filling after a first, empty frame drew and laid out the screen twice:
        # ~35 ms of CPU, a quarter of the bare app's start-up, issue 26.)
        self._first_fill()
        self.set_interval(DISK_POLL_S, self._poll_disk)

    def _apply_config(self) -> None:
        """The keymap's usable entries take effect; each problem with the file is one line."""
        from smartpick_tui.tui.keymap import BROWSER_KEYS, checked_keymap

        keymap, problems = checked_keymap(self.config)
        if self.is_web:  # keys the browser keeps for itself get an alternative (keymap.BROWSER_KEYS)
            keymap = MappingProxyType({**BROWSER_KEYS, **keymap})
        self.keymap = keymap  # what the help screen and toasts show
        self.set_keymap(keymap)
        if self.config.theme and self.config.theme not in self.available_themes:
            problems.append(f"{self.config.where('theme')}: no theme is called {self.config.theme!r}")
        for problem in [*self._config_problems, *problems]:  # keys in the file are user text
            self.notify(
                clean_line(problem), title="Config file", severity="warning", timeout=30, markup=False
            )

    def _first_fill(self) -> None:
        self._filled = True
        tabs = self.query_one(TabbedContent) if not self.open_error else None
        if tabs is not None and self._showing and tabs.active != f"tab-{self._showing}":
            tabs.active = f"tab-{self._showing}"  # a tab key read before this first fill wins
        self.refresh_panes()
        if self.readonly_reason:
            self.notify(
                f"Opened read-only: {self.readonly_reason}. You can look at your plan; "
                "changes will not be saved until there is space.",
                title="Read-only: the disk is full",
                severity="error",
                timeout=60,
                markup=False,
            )
        message = getattr(self.state, "recovery_message", None)
        if message:
            self.notify(
                str(message),
                title="State file recovered",
                severity="warning",
                timeout=30,
                markup=False,
            )
        self._focus_active_pane()

    def _focus_active_pane(self) -> None:
        """The active tab's main widget takes the focus, unless the user already moved it into
        the tab. Called from `on_mount`: Textual first focuses the tab bar, and keys read before
        the first fill moved the focus (Enter pressed as the app opens, to choose a specialty)
        went to the tab bar and were lost; and again after the first fill, which must not take
        the focus back from the drop-down that Enter opened."""
        active = self._active_pane()
        focused = self.screen.focused
        if (
            active is not None
            and active.id not in self._composing
            and (focused is None or active not in focused.ancestors_with_self)
        ):
            active.focus_main()
        if self._held_keys and not self._composing:
            self.call_later(self._replay_held_keys)

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
        if isinstance(event, events.Key) and event.key == "ctrl+j" and not event.is_forwarded:
            event = self._typed_enter(event)
        if (
            isinstance(event, events.Key)
            and event.key in self.ESC_DIGIT_PANES
            and self.check_action("show_pane", ())
        ):
            event.stop()
            event.prevent_default()
            self.action_show_pane(self.ESC_DIGIT_PANES[event.key])
            return
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and not self._replaying
            and (self._composing or self._held_keys)
        ):
            # A tab is being built on its first visit: its keys wait for it (typed ahead after
            # the tab's digit, they belong to it), then run in order (`_replay_held_keys`).
            self._held_keys.append(events.Key(event.key, event.character))
            event.stop()
            event.prevent_default()
            if not self._composing:
                self.call_later(self._replay_held_keys)
            return
        if isinstance(event, events.Key) and not event.is_forwarded and await self._run_focus_key(event.key):
            return
        await super().on_event(event)

    def _typed_enter(self, event: events.Key) -> events.Key:
        """Enter typed before Textual put the terminal in raw mode (as the app opens) was
        turned into a newline by the terminal (`ICRNL`) and arrives as ctrl+j, which nothing
        takes: the Specialty drop-down did not open. Read it as the Enter the user pressed,
        unless the keymap gives ctrl+j a meaning of its own."""
        if "ctrl+j" in ",".join(self.keymap.values()).replace(" ", "").split(","):
            return event
        return events.Key("enter", "\r")

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
        return self._panes.get((tabs.active or "").removeprefix("tab-"))

    def action_show_pane(self, pane_id: str) -> None:
        self._showing = pane_id
        self.query_one(TabbedContent).active = f"tab-{pane_id}"
        if self._ensure_pane(pane_id) is None:
            # Being composed: `pane_arrived` fills and focuses it. Until then the focus must
            # not stay in the tab left (Textual would move it to a field there, and back).
            self.screen.set_focus(None)
            return
        self._refresh_if_stale(pane_id)
        pane = self._active_pane()
        if pane is not None:
            pane.focus_main()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane_id = (event.pane.id or "").removeprefix("tab-")
        # A late "a widget was focused" from the tab just left (its pane arrived and took the
        # focus, then a key typed ahead moved on) re-activates it: stay where the focus is, or
        # on the tab being built.
        stay = self._tab_of_focus() or (self._showing if self._composing else None)
        if stay and stay != pane_id:
            self.query_one(TabbedContent).active = f"tab-{stay}"
            return
        if self._ensure_pane(pane_id) is not None:
            self._refresh_if_stale(pane_id)
        self._fit_tab_labels()

    def _tab_of_focus(self) -> str | None:
        """The pane id of the tab holding the focused widget, if a tab's widget has it."""
        for node in self.focused.ancestors_with_self if self.focused else ():
            if isinstance(node, Pane):
                return node.id
        return None

    def _mounted_pane(self, pane_id: str) -> Pane | None:
        return self._panes.get(pane_id)

    def _built(self, pane: Pane) -> Pane:
        """`pane`, registered by id (`_panes`) and with its "-narrow" class (`_narrow`), as it
        is put in the DOM (a pane is never removed)."""
        if pane.id:
            built = {**self._panes, pane.id: pane}
            self._panes = {spec.PANE_ID: built[spec.PANE_ID] for spec in PANES if spec.PANE_ID in built}
        return self._narrow(pane)

    def _ensure_pane(self, pane_id: str) -> Pane | None:
        """The tab's pane if it is composed; else start composing it (first visit) and None."""
        pane = self._mounted_pane(pane_id)
        if pane is not None or pane_id not in PANE_BY_ID or self.open_error:
            return pane
        if pane_id not in self._composing:
            self._composing.add(pane_id)
            pane = self._built(PANE_BY_ID[pane_id].load()(id=pane_id))
            self.query_one(LazyTabbedContent).holder(f"tab-{pane_id}").mount(pane)
        return None

    def pane_arrived(self, pane: Pane) -> None:
        """A pane composed on its tab's first visit (its `on_mount`): fill it from the state,
        focus it if its tab is still the one shown, run what waited for it. (The first tab, and
        one that arrives before the first fill, are filled by `_first_fill`.)"""
        if pane.id not in self._composing:
            return
        self._composing.discard(pane.id)
        if self._filled and self._active_pane() is pane:
            self._stale.discard(pane.id)
            self._refresh_pane(pane)
            pane.focus_main()
        elif self._filled and pane.id:  # built but not shown (the help reads its keys)
            self._stale.add(pane.id)
        for title in self._on_arrival.pop(pane.id or "", []):
            self._run_titled(pane, title)
        if self._filled and not self._composing:
            self.call_later(self._replay_held_keys)

    async def _replay_held_keys(self) -> None:
        """The keys held while a tab was built, in order, now that its pane has the focus."""
        self._replaying = True
        try:
            while self._held_keys and not self._composing:
                await self.on_event(self._held_keys.pop(0))
        finally:
            self._replaying = False

    def on_resize(self, event: events.Resize) -> None:
        self._fit_tab_labels(event.size.width)  # `self.size` may still hold the old width here
        for pane in list(self._panes.values()):
            self._narrow(pane, event.size.width)

    def _narrow(self, pane: Pane, width: int | None = None) -> Pane:
        """The "-narrow" class on `pane` when the window is narrow (app.tcss), before it is
        mounted where possible, so it is styled once."""
        width = self.size.width if width is None else width
        pane.set_class(0 < width < self.NARROW_BELOW, "-narrow")
        return pane

    def _fit_tab_labels(self, width: int | None = None) -> None:
        """Every tab label whole on screen at any width (`tab_labels`)."""
        try:
            tabs = self.query_one(TabbedContent)
        except NoMatches:
            return
        active = (tabs.active or "").removeprefix("tab-")
        for pane_id, label in tab_labels(active, width or self.size.width).items():
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

    async def action_help(self) -> None:
        from smartpick_tui.tui.screens.help import HelpScreen

        await self._compose_every_pane()  # the help lists every tab's keys, read off its widgets
        active = self._active_pane()
        self.push_screen(HelpScreen(current=active.id if active is not None else None))

    async def _compose_every_pane(self) -> None:
        """Build the tabs not shown yet (each filled when it is first shown, as stale)."""
        mounting = []
        for spec in PANES:
            if self._mounted_pane(spec.PANE_ID) is None and spec.PANE_ID not in self._composing:
                self._composing.add(spec.PANE_ID)
                pane = self._built(spec.load()(id=spec.PANE_ID))
                mounting.append(self.query_one(LazyTabbedContent).holder(f"tab-{spec.PANE_ID}").mount(pane))
        for mount in mounting:
            await mount

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
        for pane in list(self._panes.values()):
            if pane.id in self._composing:
                continue  # still being built: filled when it arrives (`pane_arrived`)
            if pane is active:
                self._refresh_pane(pane)
            elif pane.id:
                self._stale.add(pane.id)

    def _refresh_if_stale(self, pane_id: str) -> None:
        if pane_id in self._stale:
            self._stale.discard(pane_id)
            pane = self._panes.get(pane_id)
            if pane is not None:
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
        yield PaneCommand(
            "Show keys and help",
            "Every key of every tab (? or F1)",
            partial(self.call_later, self.action_help),  # a coroutine: it builds the tabs first
        )
        for spec in PANES:  # in tab order, whether or not the tab has been shown yet
            pane = self._mounted_pane(spec.PANE_ID)
            if pane is None:  # not built yet: listed from a stand-in, run on the pane built for it
                for command in spec.load()().commands():
                    yield PaneCommand(
                        command.title,
                        command.help,
                        partial(self._run_in_new_pane, spec.PANE_ID, command.title),
                    )
                continue
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

    def _run_in_new_pane(self, pane_id: str, title: str) -> None:
        """A palette command of a tab not shown before: show the tab, and run the command of
        that title on the pane built for it once it has arrived (`pane_arrived`)."""
        self.action_show_pane(pane_id)
        pane = self._mounted_pane(pane_id)
        if pane is not None and pane.id not in self._composing:
            self._run_titled(pane, title)
        else:
            self._on_arrival.setdefault(pane_id, []).append(title)

    @staticmethod
    def _run_titled(pane: Pane, title: str) -> None:
        for command in pane.commands():
            if command.title == title:
                command.callback()
                return

    async def action_quit(self) -> None:
        if not self.open_error:
            asking = [pane for pane in list(self._panes.values()) if not pane.flush()]
            if asking:
                return  # a conflict dialog is open; its answer quits (panes/profile.py)
        self.exit()

    def on_unmount(self) -> None:
        if not self.open_error:
            self.state.close()
