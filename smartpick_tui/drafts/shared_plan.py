"""The shared plan as a file: self-contained HTML (printable, no script, no outside asset) or
Markdown, rendered from the shipped templates in `templates/_share/`.

Everything in a `SharedPlan` is the student's text or the app's, so the HTML environment
autoescapes (a program name holding `<script>` prints as text) and the Markdown one escapes the
characters Markdown reads as markup or inline HTML.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from smartpick_tui.core.shared_plan import SharedPlan

SHARE_DIR = "_share"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")


class ShareFormat(str, Enum):
    HTML = "html"
    MARKDOWN = "md"

    @property
    def template(self) -> str:
        return f"plan.{self.value}.j2"


def markdown_escape(value: object) -> str:
    """Backslash-escape what Markdown would read as markup; newlines become spaces so a note
    cannot start a heading or a table row."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir / SHARE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    return env


def render_shared_plan(plan: SharedPlan, fmt: ShareFormat, templates_dir: Path) -> str:
    return _environment(templates_dir).get_template(fmt.template).render(plan=plan)
