"""Render a draft: pick the template variant, fill it, tidy it, check it.

Shipped templates render in-process in a normal `Environment` (they are the app's code);
the user's own render in the sandboxed child process (`drafts.worker`). Either way the
caller gets a `Draft` or a `DraftError` naming the template and line — never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from smartpick_tui.core.draft_checks import (
    DraftKind,
    Finding,
    check_draft,
    draft_spec,
    facts_for,
    kind_applies,
    split_draft,
)
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_text
from smartpick_tui.core.trackers import Away, Letter
from smartpick_tui.drafts.catalog import TemplateRef, TemplateSet, load_templates, stable_index
from smartpick_tui.drafts.context import build_context
from smartpick_tui.drafts.environment import (
    CONTAINED_ERRORS,
    describe_error,
    render_capped,
    trusted_environment,
)
from smartpick_tui.drafts.worker import render_in_child


@dataclass(frozen=True)
class DraftRequest:
    kind: DraftKind
    profile: Profile
    program: Program | None = None
    aways: Sequence[Away] = ()
    letters: Sequence[Letter] = ()
    variant: int | None = None  # a variant number; None: the program's stable choice
    today: date | None = None  # dates the wording and the checks (None: no date-based wording)


@dataclass(frozen=True)
class Draft:
    kind: DraftKind
    template: TemplateRef
    variants: tuple[TemplateRef, ...]
    text: str  # what is copied or saved: "Subject: ..." first for an email
    subject: str | None
    body: str
    findings: tuple[Finding, ...] = field(default=())


@dataclass(frozen=True)
class DraftError:
    kind: DraftKind
    message: str
    template: TemplateRef | None = None
    line: int | None = None
    variants: tuple[TemplateRef, ...] = ()

    def __str__(self) -> str:
        if self.template is None:
            return self.message
        where = str(self.template.path) if self.template.user else self.template.name
        line = f", line {self.line}" if self.line else ""
        return f"{where}{line}: {self.message}"


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?])")
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Undo what inline `{% if %}` blocks leave behind: double spaces, " ,", stacked blank lines.
    Strips terminal control characters (`clean_text`)."""
    lines = [_SPACES.sub(" ", line).strip() for line in clean_text(text).replace("\r\n", "\n").split("\n")]
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", "\n".join(lines))
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


class Renderer:
    """Renders drafts from one `TemplateSet` (shipped + user overrides)."""

    def __init__(self, templates: TemplateSet | None = None) -> None:
        self.templates = templates or load_templates()
        self._trusted = trusted_environment(self.templates.shipped_dir)

    def choose(self, request: DraftRequest) -> TemplateRef | DraftError:
        variants = self.templates.variants(request.kind)
        if not variants:
            return DraftError(request.kind, f"no template for {request.kind.value}")
        if request.variant is None:
            key = request.program.id if request.program else ""
            return variants[stable_index(request.kind, key, len(variants))]
        for ref in variants:
            if ref.number == request.variant:
                return ref
        numbers = ", ".join(str(ref.number) for ref in variants)
        return DraftError(
            request.kind,
            f"{request.kind.value} has no variant {request.variant}; variants: {numbers}",
            variants=variants,
        )

    def render(self, request: DraftRequest) -> Draft | DraftError:
        spec = draft_spec(request.kind)
        if spec.is_email and request.program is None:
            return DraftError(request.kind, f"choose a program for the {spec.title.lower()}")
        if not kind_applies(spec, request.profile):
            return DraftError(
                request.kind,
                f"{spec.title} is for a profile with a Step 1 fail ({spec.source}); set Step 1 in Profile",
            )
        ref = self.choose(request)
        if isinstance(ref, DraftError):
            return ref
        variants = self.templates.variants(request.kind)
        context = build_context(
            request.kind,
            ref.number,
            request.profile,
            request.program,
            request.aways,
            request.letters,
            request.today,
        )
        if ref.user:
            search = [p for p in (self.templates.user_dir, self.templates.shipped_dir) if p]
            result = render_in_child(search, ref.name, context)
            if result.text is None:
                return DraftError(
                    request.kind, result.error or "rendering failed", ref, result.line, variants
                )
            raw = result.text
        else:
            try:
                raw = render_capped(self._trusted.get_template(ref.name), context)
            except CONTAINED_ERRORS as error:
                message, line = describe_error(error, ref.name)
                return DraftError(request.kind, message, ref, line, variants)
        text = tidy(raw)
        parts = split_draft(text, spec.is_email)
        body = text
        if parts.subject is not None:
            body = text.split("\n", 1)[1].strip() + "\n" if "\n" in text else ""
        findings = check_draft(request.kind, text, facts_for(request.profile, request.today))
        return Draft(request.kind, ref, variants, text, parts.subject, body, tuple(findings))
