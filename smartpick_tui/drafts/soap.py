"""The two SOAP texts (`templates/_soap/`): the application note and what to say when a program
calls. Rendered from the shipped templates with the profile's fields; the score appears only
when FAQ 1 says it is an asset (the diagnosis' `mention_score_in_emails`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

SOAP_DIR = "_soap"


class SoapText(str, Enum):
    APPLICATION = "application"
    CALL = "call"


def render_soap_text(which: SoapText, fields: dict[str, object], templates_dir: Path) -> str:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir / SOAP_DIR)),
        autoescape=False,  # plain text for an email body or a call, never HTML
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template(f"{which.value}.txt.j2").render(**fields)
