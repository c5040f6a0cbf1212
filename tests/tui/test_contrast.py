"""`tui.contrast.focus_variables` for every theme the app offers, without drawing the app: the
cursor row and the focused field reach their contrast ratio in truecolor and in 256 colours
against what the theme draws them on. The Pilot tests in test_focus_contrast.py check, for three
themes, that the drawn cells are these colours (so this model of the rows is the real one)."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

from smartpick_tui.tui.contrast import BLURRED_MIN, FOCUSED_MIN, focus_variables, worst_contrast

THEMES = sorted(BUILTIN_THEMES)


def theme_variables(theme: Theme) -> dict[str, str]:
    """A theme's CSS variables as `App.get_css_variables` builds them before the app adds its own."""
    return {**theme.to_color_system().generate(), **theme.variables}


def over(variables: dict[str, str], name: str, under: Color) -> Color:
    return under + Color.parse(variables[name])


def grounds(variables: dict[str, str]) -> tuple[tuple[Color, ...], tuple[Color, ...]]:
    """(what a list row is drawn on: surface, the zebra row, background; what a compact field
    sits on: surface, panel, background)."""
    background = over(variables, "background", Color(0, 0, 0))
    surface = over(variables, "surface", background)
    zebra = surface.blend(over(variables, "surface-lighten-1", surface), 0.5)
    panel = over(variables, "panel", background)
    return (surface, zebra, background), (surface, panel, background)


def test_the_app_offers_every_builtin_theme_dark_and_light() -> None:
    assert {"textual-dark", "textual-light", "solarized-dark", "solarized-light", "ansi-dark"} <= set(THEMES)


@pytest.mark.parametrize("name", [name for name in THEMES if not name.startswith("ansi")])
def test_cursor_row_and_focus_edge_reach_their_ratio(name: str) -> None:
    variables = theme_variables(BUILTIN_THEMES[name])
    chosen = focus_variables(variables)
    rows, fields = grounds(variables)
    cursor = Color.parse(chosen["block-cursor-background"])
    blurred = Color.parse(chosen["block-cursor-blurred-background"])
    focus, edge = Color.parse(chosen["sp-focus"]), Color.parse(chosen["sp-edge"])
    assert worst_contrast(cursor, rows) >= FOCUSED_MIN, (name, "cursor row with focus")
    assert worst_contrast(blurred, rows) >= BLURRED_MIN, (name, "cursor row without focus")
    assert worst_contrast(focus, fields) >= FOCUSED_MIN, (name, "focused edge vs what it sits on")
    assert worst_contrast(focus, [edge]) >= FOCUSED_MIN, (name, "focused vs unfocused edge")
    text = Color.parse(chosen["block-cursor-foreground"])
    assert worst_contrast(text, [cursor]) >= FOCUSED_MIN, (name, "text on the cursor row")
    assert chosen["block-cursor-text-style"] == "bold"


@pytest.mark.parametrize("name", [name for name in THEMES if name.startswith("ansi")])
def test_ansi_themes_use_bold_reverse_which_every_palette_shows(name: str) -> None:
    chosen = focus_variables(theme_variables(BUILTIN_THEMES[name]))
    assert chosen["block-cursor-text-style"] == "bold reverse"
    assert chosen["block-cursor-blurred-text-style"] == "reverse"


def test_the_themes_own_cursor_colours_are_what_needed_fixing() -> None:
    """Guard on the guard: without `focus_variables` some themes miss the ratio (solarized-dark's
    cursor row 1.9:1), so the test above checks something the themes do not give for free."""
    too_faint = []
    for name in THEMES:
        if name.startswith("ansi"):
            continue
        variables = theme_variables(BUILTIN_THEMES[name])
        rows, _ = grounds(variables)
        own = over(variables, "block-cursor-background", rows[0])
        if worst_contrast(own, rows) < FOCUSED_MIN:
            too_faint.append(name)
    assert "solarized-dark" in too_faint, too_faint
