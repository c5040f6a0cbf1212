"""The help screen: every key of the app, built from the live bindings so it never drifts."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from smartpick_tui.tui.keymap import remapped
from smartpick_tui.tui.panes.base import Pane

TEXT_FIELDS = (
    "In a text field, digits and letters are typed into the field: use alt+digit to switch "
    "tabs, tab / shift+tab to move between fields, escape to leave the field. A tab with a "
    "search opens on its list, so its letter keys work at once: / goes to the search, and "
    "enter, down or escape back to the list."
)
FORMS = (
    "In a table or the plan: arrows or j/k move, enter (or e) edits the highlighted row. "
    "In a form: enter in a text field or ctrl+s saves, escape closes without saving."
)
OURS = "smartpick_tui"


def own_bindings(node: DOMNode | type[DOMNode], keymap: Mapping[str, str]) -> list[Binding]:
    """The bindings our own classes declare for `node` (not Textual's built-in widget keys),
    with the keys the user's keymap (config.toml) gives them."""
    found: list[Binding] = []
    for cls in reversed((node if isinstance(node, type) else type(node)).__mro__):
        if not cls.__module__.startswith(OURS):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            found.append(remapped(binding if isinstance(binding, Binding) else Binding(*binding), keymap))
    return found


class HelpScreen(ModalScreen[None]):
    """`?` / F1: a scrollable list of every key, by where it applies: the keys of the tab the
    user is on first (`current`, a pane id), then the keys that work everywhere, then the
    other tabs. It used to open on "Everywhere", with the current tab's keys a page or more
    below at 80×24."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
        Binding("j", "scroll('down')", "Down", show=False, id="help.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="help.up"),
    ]

    def __init__(self, current: str | None = None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._text(), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()

    def _section(self, title: str, rows: list[tuple[str, str]]) -> list[Content]:
        """One line per description, its keys joined ("? / f1  Help")."""
        keys: dict[str, list[str]] = {}
        for key, description in rows:
            if key not in keys.setdefault(description, []):
                keys[description].append(key)
        lines = [Content.styled(title, "bold $accent")]
        for description, names in keys.items():
            lines.append(Content.assemble("  ", (f"{' / '.join(names):<16}", "bold"), description))
        lines.append(Content(""))
        return lines

    def _rows(self, bindings: list[Binding]) -> list[tuple[str, str]]:
        rows = []
        for binding in bindings:
            description = binding.description or binding.action
            if binding.key_display:
                rows.append((binding.key_display, description))
                continue
            # "down,j" is two keys: shown "↓ / j", as keys of one description are
            for key in binding.key.split(","):
                rows.append((self.app.get_key_display(Binding(key.strip(), binding.action)), description))
        return rows

    def _text(self) -> Content:
        app = self.app
        from smartpick_tui.tui.panes import PANES
        from smartpick_tui.tui.screens.rank import RankScreen
        from smartpick_tui.tui.screens.timeline import TimelineScreen

        last = len(PANES)
        everywhere = [
            (f"alt+1 … alt+{last}", f"Go to tab 1 … {last} (from anywhere)"),
            (f"1 … {last}", f"Go to tab 1 … {last} (outside text fields)"),
        ]
        keymap: Mapping[str, str] = getattr(app, "keymap", {})
        for binding in own_bindings(app, keymap):
            if (binding.id or "").startswith("tabs.") and binding.id not in keymap:  # said above
                continue
            everywhere.append((app.get_key_display(binding), binding.description or binding.action))
        everywhere += [
            ("ctrl+p", "Command palette: every action by name"),
            ("ctrl+q", "Quit (everything is already saved)"),
            ("tab / shift+tab", "Next / previous field or widget"),
        ]
        first: list[Content] = []
        tabs: list[Content] = []
        for pane in app.query(Pane):
            section: list[Content] = []
            rows = self._rows(own_bindings(pane, keymap))
            for widget in pane.query("*"):
                rows += self._rows(own_bindings(widget, keymap))
            here = pane.id is not None and pane.id == self.current
            if rows:
                section += self._section(f"{pane.KEY} {pane.TITLE}{' (this tab)' if here else ''}", rows)
            if note := getattr(pane, "HELP_NOTE", ""):  # what a tab's keys cannot say
                section += [Content(f"  {note}"), Content("")]
            if here:
                first = section
            else:
                tabs += section
        lines = [*first, *self._section("Everywhere", everywhere)]
        lines += [Content(TEXT_FIELDS), Content(FORMS), Content("")]
        lines += tabs
        for title, screen in (
            ("Rank order list (r on Interviews)", RankScreen),
            ("Season timeline (t on Plan)", TimelineScreen),
        ):
            lines += self._section(title, self._rows(own_bindings(screen, keymap)))
        closing = self._rows([remapped(HelpScreen.BINDINGS[0], keymap)])  # type: ignore[arg-type]
        lines.append(Content.styled(f"{' / '.join(key for key, _ in closing)} closes this screen.", "dim"))
        return Content("\n").join(lines)
