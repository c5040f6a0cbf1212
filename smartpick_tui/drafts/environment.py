"""The two Jinja2 environments: trusted (shipped templates) and sandboxed (the user's own).

docs/pitfalls.md (Jinja2): a plain `Environment` lets a template reach `os`; the sandbox alone does
not stop exhaustion (`'x' * 500000000` built 500 MB). So a user template renders in an
`ImmutableSandboxedEnvironment` with `*`/`**` blocked, `range` bounded, the output capped —
and, because filters, `~` and string methods can still build huge strings, in a separate
process with memory and CPU limits (`drafts.worker`). This module imports only Jinja2 and
the standard library so that the worker starts fast.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

OUTPUT_MAX_CHARS = 20_000  # an email is a few hundred words; anything past this is a runaway
RANGE_MAX_ITEMS = 1_000  # per call, and in total per render
BLOCKED_BINOPS = frozenset({"*", "**"})
TEMPLATE_SUFFIX = ".txt.j2"


class Fields(dict[str, Any]):
    """A mapping of template variables that knows why a key is absent.

    Empty profile fields are left out rather than passed as "": with `StrictUndefined` the
    template then stops with `hint` ("your name is empty — set it in Profile") instead of
    sending an email with a blank where the name should be. An empty `Fields` is falsy, so
    `{% if away %}` works for optional records."""

    def __init__(
        self,
        values: dict[str, Any] | None = None,
        hints: dict[str, str] | None = None,
        missing: str | None = None,
    ) -> None:
        super().__init__(values or {})
        self._hints = dict(hints or {})
        self._missing = missing

    def hint(self, name: str) -> str | None:
        """Why `name` is absent; `{name}` in the catch-all message becomes the name."""
        if name in self._hints:
            return self._hints[name]
        return None if self._missing is None else self._missing.replace("{name}", name)

    def to_wire(self) -> dict[str, Any]:
        """JSON form, for the sandbox worker process."""
        return {
            "__fields__": {k: to_wire(v) for k, v in self.items()},
            "hints": self._hints,
            "missing": self._missing,
        }


def to_wire(value: Any) -> Any:
    if isinstance(value, Fields):
        return value.to_wire()
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    return value


def from_wire(value: Any) -> Any:
    if isinstance(value, dict):
        if "__fields__" in value:
            return Fields(
                {k: from_wire(v) for k, v in value["__fields__"].items()},
                value.get("hints"),
                value.get("missing"),
            )
        return {k: from_wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_wire(v) for v in value]
    return value


class DraftUndefined(StrictUndefined):
    """StrictUndefined whose message says what to fill in, when the variable knows."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint is None and isinstance(self._undefined_obj, Fields):
            hint = self._undefined_obj.hint(str(self._undefined_name))
            if hint:
                return hint
        return super()._undefined_message


# Vowel letters that sound like "you" or "won": 'a Urology residency', 'a US senior'.
_CONSONANT_SOUND = ("uro", "uni", "usu", "use", "us", "uti", "eu", "one")


def indefinite(word: Any) -> str:
    """'fourth-year' -> 'a fourth-year', 'osteopathic' -> 'an osteopathic', 'Urology' ->
    'a Urology' (by the first letter, and the sound of a few vowel starts)."""
    text = str(word)
    first = text[:1].lower()
    vowel = bool(first) and first in "aeiou" and not text.lower().startswith(_CONSONANT_SOUND)
    return f"{'an' if vowel else 'a'} {text}"


def join_and(items: Iterable[Any]) -> str:
    """['A', 'B', 'C'] -> 'A, B and C'."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


FILTERS = {"indef": indefinite, "join_and": join_and}


# How both environments read a template (shipped and user templates must render alike).
RENDERING: dict[str, Any] = {
    "undefined": DraftUndefined,
    "autoescape": False,
    "trim_blocks": False,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


def trusted_environment(shipped_dir: Path) -> Environment:
    """For the templates the app ships (reviewed code, rendered in-process)."""
    env = Environment(loader=FileSystemLoader(str(shipped_dir)), **RENDERING)
    env.filters.update(FILTERS)
    return env


class UserSandbox(ImmutableSandboxedEnvironment):
    """For templates from the user's config directory: no attribute escapes (the sandbox),
    no `*`/`**`, `range` bounded per call and per render, a small set of globals."""

    intercepted_binops = BLOCKED_BINOPS

    def __init__(self, loader: BaseLoader) -> None:
        super().__init__(loader=loader, **RENDERING)
        self.filters.update(FILTERS)
        self.globals.clear()  # no lipsum(n=10**6), no cycler/joiner objects to poke at
        self.globals["range"] = self._bounded_range
        self._range_budget = RANGE_MAX_ITEMS

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"the {operator!r} operator is disabled in user templates")

    def _bounded_range(self, *args: int) -> range:
        items = range(*args)
        self._range_budget -= len(items)
        if len(items) > RANGE_MAX_ITEMS or self._range_budget < 0:
            raise SecurityError(
                f"range() of {len(items):,} items: user templates may loop over at "
                f"most {RANGE_MAX_ITEMS:,} items in all"
            )
        return items


class OutputTooLong(TemplateError):
    pass


def render_capped(template: Template, context: dict[str, Any], limit: int = OUTPUT_MAX_CHARS) -> str:
    """Render, stopping as soon as the output passes `limit` characters."""
    parts: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > limit:
            raise OutputTooLong(f"the output passed {limit:,} characters; rendering stopped")
        parts.append(chunk)
    return "".join(parts)


CONTAINED_ERRORS = (
    TemplateError,
    SecurityError,
    OverflowError,
    TypeError,
    ValueError,
    AttributeError,
    KeyError,
    IndexError,
    ZeroDivisionError,
    RecursionError,
    MemoryError,
)


def error_location(error: BaseException, template_name: str) -> tuple[int | None, str | None, int | None]:
    """Where `error` happened: (line in `template_name`, other template file, line there).
    The other file is set when the deepest template frame is an imported partial."""
    if isinstance(error, TemplateSyntaxError):
        name = error.name or error.filename or template_name
        if name.endswith(template_name):
            return error.lineno, None, None
        return None, name, error.lineno
    own: int | None = None
    deepest: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith(template_name):
            own = frame.lineno
        if frame.filename.endswith(TEMPLATE_SUFFIX):
            deepest = (frame.filename, frame.lineno)
    file, line = deepest
    if file is None or file.endswith(template_name):
        return own, None, None
    return own, "/".join(Path(file).parts[-2:]), line


def describe_error(error: BaseException, template_name: str) -> tuple[str, int | None]:
    """(one-line message, line in `template_name`) for an error met while loading or rendering;
    when the error is in an imported file (a partial), the message names it and its line."""
    if isinstance(error, UndefinedError):
        message = str(error)
    elif isinstance(error, SecurityError):
        message = f"not allowed: {error}"
    elif isinstance(error, TemplateSyntaxError):
        message = f"syntax error: {error.message}"
    elif isinstance(error, RecursionError):
        message = "a macro calls itself too deeply"
    elif isinstance(error, MemoryError):
        message = "the template used too much memory"
    else:
        message = f"{type(error).__name__}: {error}"
    line, other, other_line = error_location(error, template_name)
    if other:
        message = f"in {other}, line {other_line}: {message}"
    return message, line
