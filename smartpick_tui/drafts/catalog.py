"""Which templates exist for each kind of draft, shipped and the user's, and which variant a
program gets.

Layout (same in `templates/` and in `<user config dir>/templates/`):
`<kind>/<n>.txt.j2` is variant n of a kind; `_partials/` holds shared macros. A user file
with the same path as a shipped one replaces it; a new number adds a variant. Folders that
are not a kind are listed in `ignored` so the UI can say why they do nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.drafts.environment import TEMPLATE_SUFFIX
from smartpick_tui.locations import templates_dir, user_config_dir

_VARIANT_FILE = re.compile(r"^([1-9]\d{0,2})" + re.escape(TEMPLATE_SUFFIX) + "$")


@dataclass(frozen=True)
class TemplateRef:
    kind: DraftKind
    number: int  # the variant number, from the file name
    name: str  # loader name: "away-request/2.txt.j2"
    path: Path
    user: bool  # from the user's config dir: rendered in the sandbox

    @property
    def label(self) -> str:
        return f"{self.number}{' (yours)' if self.user else ''}"


@dataclass(frozen=True)
class TemplateSet:
    shipped_dir: Path
    user_dir: Path | None
    by_kind: dict[DraftKind, tuple[TemplateRef, ...]]
    ignored: tuple[str, ...] = ()

    def variants(self, kind: DraftKind) -> tuple[TemplateRef, ...]:
        return self.by_kind.get(kind, ())


def user_templates_dir() -> Path:
    return user_config_dir() / "templates"


def _scan(root: Path, user: bool) -> tuple[dict[DraftKind, dict[int, TemplateRef]], list[str]]:
    found: dict[DraftKind, dict[int, TemplateRef]] = {}
    ignored: list[str] = []
    if not root.is_dir():
        return found, ignored
    kinds = {kind.value: kind for kind in DraftKind}
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith(("_", ".")):
            continue
        kind = kinds.get(folder.name)
        if kind is None:
            ignored.append(f"{folder}: not a kind of draft")
            continue
        for file in sorted(folder.iterdir()):
            match = _VARIANT_FILE.match(file.name)
            if match and file.is_file():
                number = int(match.group(1))
                found.setdefault(kind, {})[number] = TemplateRef(
                    kind, number, f"{kind.value}/{file.name}", file, user
                )
            elif user and not file.name.startswith("."):
                ignored.append(f"{file}: name it <number>{TEMPLATE_SUFFIX} (1{TEMPLATE_SUFFIX})")
    return found, ignored


def load_templates(
    shipped_dir: Path | None = None, user_dir: Path | None = None, include_user: bool = True
) -> TemplateSet:
    """Shipped variants overlaid with the user's (`include_user=False` for shipped only)."""
    shipped_dir = shipped_dir or templates_dir()
    if include_user and user_dir is None:
        user_dir = user_templates_dir()
    merged, _ = _scan(shipped_dir, user=False)
    ignored: list[str] = []
    if include_user and user_dir is not None:
        user_found, ignored = _scan(user_dir, user=True)
        for kind, refs in user_found.items():
            merged.setdefault(kind, {}).update(refs)
    by_kind = {kind: tuple(refs[n] for n in sorted(refs)) for kind, refs in merged.items()}
    return TemplateSet(shipped_dir, user_dir if include_user else None, by_kind, tuple(ignored))


def stable_index(kind: DraftKind, program_id: str, count: int) -> int:
    """The variant index (0-based) for a program: the same on every run and machine (SHA-256,
    not Python's per-process randomised `hash`), and usually different between programs."""
    if count <= 0:
        raise ValueError("no variants")
    digest = hashlib.sha256(f"{kind.value}|{program_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % count
