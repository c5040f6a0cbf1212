"""Focus and the cursor row, visible in every theme, in truecolor and in 256 colours.

Textual's themes draw the cursor row of a list in `$block-cursor-background` (some themes at
under 2:1 against the rows: solarized-dark 1.9, flexoki 2.4, catppuccin-latte 2.9), the cursor
of a list without focus at 30% of it (1.05-3.3:1; textual-dark: colour 23 on 234 in 256
colours) and a focused compact field only 5% lighter (235 vs 234). So the app recomputes those
variables per theme (`focus_variables`, from `SmartPickApp.get_css_variables`): each is the
theme's own colour when it reaches the WCAG contrast ratio wanted against what it is drawn on,
in truecolor and after the terminal's 256-colour rounding, else the next candidate: the
theme's text colour, then white or black (solarized-dark's text is 2.2:1 on its rows in 256
colours).

The ANSI themes take the terminal's own palette, unknown here: they keep their colours and get
bold reverse, which every palette shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.color import ColorSystem
from textual.color import Color, ColorParseError

FOCUSED_MIN = 3.0  # WCAG 2.x "non-text contrast" (1.4.11): UI components and focus indicators
BLURRED_MIN = 2.0  # the cursor of a list without focus: visible, and quieter than with focus
MARGIN = 0.4  # headroom for the tints Textual adds (zebra rows, the 5% focus tint)
BLURRED_ALPHAS = (0.45, 0.6, 0.75, 0.9, 1.0)


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio, 1 (same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def in_256(color: Color) -> Color:
    """The colour a 256-colour terminal shows for `color` (Rich's rounding, as Textual sends it)."""
    rounded = color.rich_color.downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    return Color(rounded.red, rounded.green, rounded.blue)


def worst_contrast(color: Color, grounds: Iterable[Color]) -> float:
    """The lowest ratio against any ground, in truecolor or in 256 colours."""
    return min(min(contrast(color, ground), contrast(in_256(color), in_256(ground))) for ground in grounds)


def first_visible(candidates: Iterable[Color], grounds: Iterable[Color], wanted: float) -> Color:
    """The first candidate reaching `wanted` against every ground, else the best of them."""
    options = list(candidates)
    grounds = list(grounds)
    for color in options:
        if worst_contrast(color, grounds) >= wanted:
            return color
    return max(options, key=lambda color: worst_contrast(color, grounds))


def _parse(variables: Mapping[str, str], name: str, under: Color) -> Color | None:
    try:
        return under + Color.parse(variables[name])  # alpha composited over what is below
    except (KeyError, ColorParseError):
        return None


def focus_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """The cursor-row and focus-edge variables for one theme's CSS variables."""
    if variables.get("background", "").startswith("ansi_"):
        return {
            "block-cursor-text-style": "bold reverse",
            "block-cursor-blurred-text-style": "reverse",
            "sp-focus": variables.get("accent", "ansi_bright_white"),
            "sp-edge": "ansi_default",
        }
    background = _parse(variables, "background", Color(0, 0, 0)) or Color(0, 0, 0)
    surface = _parse(variables, "surface", background) or background
    panel = _parse(variables, "panel", background) or background
    text = _parse(variables, "foreground", background) or Color(255, 255, 255)
    zebra = surface.blend(_parse(variables, "surface-lighten-1", surface) or surface, 0.5)
    rows = (surface, zebra, background)
    wanted = FOCUSED_MIN + MARGIN
    own = [
        color
        for color in (
            _parse(variables, name, surface) for name in ("block-cursor-background", "primary", "accent")
        )
        if color is not None
    ]
    extremes = (Color(255, 255, 255), Color(0, 0, 0))  # when even the theme's text is too faint
    cursor = first_visible([*own, text, *extremes], rows, wanted)
    cursor_text = max((background, text), key=lambda color: contrast(color, cursor))
    blurred = first_visible(
        [surface.blend(cursor, alpha) for alpha in BLURRED_ALPHAS], rows, BLURRED_MIN + MARGIN
    )
    fields = (surface, panel, background)  # a compact field sits on a tab or a dialog
    focus = first_visible([*own[1:], *own[:1], text, *extremes], fields, wanted)
    return {
        "block-cursor-background": cursor.hex,
        "block-cursor-foreground": cursor_text.hex,
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": blurred.hex,
        "block-cursor-blurred-foreground": text.hex,
        "block-cursor-blurred-text-style": "bold",
        "sp-focus": focus.hex,
        "sp-edge": surface.hex,  # an unfocused field's edge: the field itself (invisible)
    }
