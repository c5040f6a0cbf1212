"""Couples (Plan tab, `c`): your SmartPick list paired with your partner's programs nearby, each
pair with a joint chance (an estimate), then your programs with no match for your partner, in
the order the NRMP couples rank order list takes. `e` edits the partner, `x` exports the CSV to
`exports/` (a new name each time); escape closes. The same list as `smartpick couples`."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from smartpick_tui.core.couples import Couple
from smartpick_tui.core.names import display_name
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import specialty_by_id
from smartpick_tui.services.couples import CouplesView

SHOWN_ROWS = 60


def specialty_name(specialty_id: str) -> str:
    return specialty_by_id(specialty_id).name


def couples_content(couple: Couple, view: CouplesView) -> Content:
    paired = sum(row.partner is not None for row in view.rows)
    cities = "; ".join(couple.partner_cities) or "no cities given"
    lines = [
        Content.styled(
            f"Partner: {specialty_name(couple.partner_specialty)}, Step 2 CK {couple.partner_step2}, "
            f"{couple.partner_school.label} · {cities} · within {couple.within_miles} mi",
            "$text-muted",
        ),
        Content.styled(f"{paired} pairs, then your programs alone (joint chance: estimate)", "bold $accent"),
    ]
    for rank, row in enumerate(view.rows[:SHOWN_ROWS], start=1):
        partner = display_name(row.partner.program) if row.partner else "No match for your partner"
        miles = "" if row.miles is None else f" · {round(row.miles)} mi"
        lines.append(Content(f"{rank:3}. " + clean_line(f"{display_name(row.yours.program)} + {partner}")))
        lines.append(Content.styled(f"      {round(row.joint * 100)}%{miles}", "$text-muted"))
    if len(view.rows) > SHOWN_ROWS:
        lines.append(Content(f"     … {len(view.rows) - SHOWN_ROWS} more in the CSV (x)"))
    if couple.partner_cities:
        lines.append(
            Content.styled(
                f"Your programs within {couple.within_miles} mi of your partner's cities: "
                f"{len(view.near_partner_cities)}",
                "bold",
            )
        )
        lines += [Content("  " + clean_line(display_name(c.program))) for c in view.near_partner_cities]
    lines += [
        Content.styled("! " + clean_line(f"{city!r}: no such place"), "$warning")
        for city in view.unknown_cities
    ]
    lines += [Content.styled(note, "$text-muted") for note in view.notes]
    return Content("\n").join(lines)


class CouplesScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="couples.close"),
        Binding("e", "edit", "Edit partner", id="couples.edit"),
        Binding("x", "export", "Export CSV", id="couples.export"),
    ]

    def __init__(
        self, couple: Couple, view: CouplesView, edit: Callable[[], None], export: Callable[[], None]
    ) -> None:
        super().__init__()
        self.couple, self.view = couple, view
        self._edit, self._export = edit, export

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="couples-box"):
            yield Static("Couples rank order list (a starting point)", classes="dialog-title", markup=False)
            yield Static(couples_content(self.couple, self.view), id="couples-text")
            yield Static(
                "e: edit partner · x: export CSV · escape: close", classes="dialog-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#couples-box").focus()

    def action_edit(self) -> None:
        self.dismiss(None)
        self._edit()

    def action_export(self) -> None:
        self._export()

    def action_close(self) -> None:
        self.dismiss(None)
