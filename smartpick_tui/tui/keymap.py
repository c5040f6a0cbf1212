"""The `[keymap]` of config.toml checked against Textual's key names and our binding ids.

Every binding of the app has an `id` ("programs.search"); `App.set_keymap` swaps the keys of
the bindings named in the keymap. Textual itself accepts any string as a key and the binding
then silently never fires, so a typo ("ctlr+f") or an id that does not exist is said here, in
one line naming the key and its line in the file, and that entry is left out.
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_TO_UNICODE_NAME, REPLACED_KEYS, Keys

from smartpick_tui.config import Config

OURS = "smartpick_tui"
# In a web browser (`smartpick serve`) the browser keeps ctrl+t (new tab), ctrl+r (reload) and
# ctrl+w (close tab) for itself: the page never sees them. These bindings get an alt+ key
# there, first, so the footer shows it; the ctrl+ key still works in a terminal. The user's
# own keymap entry for an id wins.
BROWSER_KEYS: Mapping[str, str] = MappingProxyType(
    {"drafts.sent": "alt+t,ctrl+t", "drafts.reset": "alt+r,ctrl+r"}
)
MODIFIERS = frozenset({"ctrl", "alt", "shift", "super", "meta", "hyper"})
NAMED_KEYS = frozenset(key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<"))


def known_key(key: str) -> bool:
    """Whether Textual can ever report `key` ("ctrl+f", "f2", "question_mark", "?", "slash")."""
    *modifiers, base = key.strip().split("+")
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1 or base in NAMED_KEYS:
        return True
    name = REPLACED_KEYS.get(base, base)
    try:
        unicodedata.lookup(KEY_TO_UNICODE_NAME.get(name, name.replace("_", " ").upper()))
    except KeyError:
        return False
    return True


def _our_classes(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for sub in cls.__subclasses__():
        if sub.__module__.startswith(OURS):
            yield sub
        yield from _our_classes(sub)


def binding_ids() -> dict[str, Binding]:
    """Every binding id our widgets, panes, screens and the app declare (imports the TUI's
    modules so that a screen not opened yet counts too)."""
    import smartpick_tui.tui as package

    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)
    found: dict[str, Binding] = {}
    for cls in _our_classes(DOMNode):
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, binding)
    return found


def checked_keymap(config: Config) -> tuple[MappingProxyType[str, str], list[str]]:
    """The entries of the config's keymap that can work, and one line per entry that cannot."""
    if not config.keymap:
        return MappingProxyType({}), []
    known = binding_ids()
    good: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in config.keymap.items():
        where = config.where(f"keymap.{binding_id}")
        if binding_id not in known:
            problems.append(f"{where}: no binding has this id (the ids are listed in docs/config.md)")
            continue
        bad = [key.strip() for key in keys.split(",") if not known_key(key)]
        if bad:
            problems.append(f"{where}: {bad[0]!r} is not a key name (e.g. ctrl+f, f2, slash, a)")
            continue
        good[binding_id] = keys
    return MappingProxyType(good), problems


def remapped(binding: Binding, keymap: Mapping[str, str]) -> Binding:
    """`binding` with the keys the keymap gives its id (what Textual's binding chain does),
    for lists built from the class BINDINGS: the help screen, a toast naming a key."""
    keys = keymap.get(binding.id or "")
    return binding.with_key(key=keys, key_display=None) if keys else binding
