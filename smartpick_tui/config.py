"""The user's one config file, `$XDG_CONFIG_HOME/smartpick/config.toml`: read, validated, typed.

Why one file: theme, keymap, the default state file, the signal and calendar overrides and the
user's cost estimates were scattered (a JSON file here, a form there). Every key and its default
is documented in docs/config.md. A broken file is ONE line naming the file, the key and its
line ("config.toml line 4: keymap.programs_search: ..."): the CLI prints it and exits 2, the
TUI shows it and starts with the defaults. Stdlib only (tomllib), so any layer may read it.

Key names in `[keymap]` are checked here only for shape (a string of comma-separated keys);
whether Textual knows each key and each binding id exists is checked by the TUI
(`tui.keymap`), which knows the live bindings.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from smartpick_tui.locations import data_dir, user_config_dir

CONFIG_FILE = "config.toml"
CONFIG_ENV = "SMARTPICK_CONFIG"  # a config file elsewhere (tests, a second profile)
MAX_USD = 100_000  # the same bound as the Plan's cost form (core.trackers._usd)
SIGNAL_FIELDS = ("gold", "silver", "signals")
MAX_SIGNALS = 100
TOP_KEYS = frozenset({"theme", "state_path", "keymap", "costs", "signals", "calendar"})
COST_KEYS = ("away_housing_usd", "travel_per_interview_usd")


class ConfigError(ValueError):
    """The config file cannot be used; `str()` is the one line to show."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # None: no file, every key at its default
    theme: str | None = None
    state_path: Path | None = None
    keymap: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    costs: MappingProxyType[str, int] = field(default_factory=lambda: MappingProxyType({}))
    signals: MappingProxyType[str, MappingProxyType[str, int]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    calendar: MappingProxyType[str, date] = field(default_factory=lambda: MappingProxyType({}))
    # dotted key -> line, so a later check (the TUI's keymap) can name the line too
    lines: MappingProxyType[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def where(self, key: str) -> str:
        """ "/…/config.toml line 4: keymap.x" — the prefix of every message about `key`."""
        line = self.lines.get(key)
        return f"{self.path or CONFIG_FILE}{f' line {line}' if line else ''}: {key}"


DEFAULTS = Config()


def config_path() -> Path:
    """Where the config file is read from: `$SMARTPICK_CONFIG`, else the XDG config dir."""
    env = os.environ.get(CONFIG_ENV, "").strip()
    return Path(env).expanduser() if env else user_config_dir() / CONFIG_FILE


# --- where each key is written (tomllib gives values, not positions) -------------------------

_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*""")


def _dotted(text: str) -> str:
    return ".".join(part.strip("\"'") for part in _PART.findall(text))


def key_lines(text: str) -> dict[str, int]:
    """Dotted key -> the line it is set on (tables too), for messages that name the line."""
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        if match := _TABLE.match(line):
            table = _dotted(match.group(1))
            found.setdefault(table, number)
        elif match := _KEY.match(line):
            key = _dotted(match.group(1))
            full = f"{table}.{key}" if table else key
            found.setdefault(full, number)
            for end in range(full.count(".")):  # "signals.im.gold" also places "signals.im"
                found.setdefault(full.rsplit(".", end + 1)[0], number)
    return found


# --- validation -------------------------------------------------------------------------------


class _Checker:
    def __init__(self, path: Path, lines: dict[str, int]) -> None:
        self.path, self.lines = path, lines

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(
            f"{Config(path=self.path, lines=MappingProxyType(self.lines)).where(key)}: {problem}"
        )

    def string(self, raw: Any, key: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise self.fail(key, "expected a non-empty string in quotes")
        if any(ord(c) < 32 for c in raw):
            raise self.fail(key, "control characters are not allowed")
        return raw.strip()

    def table(self, raw: Any, key: str) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(key, f"expected a table ([{key}])")
        return raw

    def whole(self, raw: Any, key: str, top: int) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= top:
            raise self.fail(key, f"expected a whole number from 0 to {top:,}")
        return raw


def _shipped_ids(name: str, list_key: str) -> frozenset[str]:
    raw = json.loads((data_dir() / name).read_text(encoding="utf-8"))
    rows = raw[list_key]
    return frozenset(rows) if isinstance(rows, dict) else frozenset(row["id"] for row in rows)


def parse_config(text: str, path: Path) -> Config:
    """The validated config in `text` (read from `path`), or ConfigError naming key and line."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    lines = key_lines(text)
    check = _Checker(path, lines)
    for key in raw:
        if key not in TOP_KEYS:
            raise check.fail(key, f"unknown key (known: {', '.join(sorted(TOP_KEYS))})")
    theme = check.string(raw["theme"], "theme") if "theme" in raw else None
    state_path = (
        Path(check.string(raw["state_path"], "state_path")).expanduser() if "state_path" in raw else None
    )
    keymap = {
        binding_id: check.string(keys, f"keymap.{binding_id}")
        for binding_id, keys in check.table(raw.get("keymap", {}), "keymap").items()
    }
    costs = {}
    for key, value in check.table(raw.get("costs", {}), "costs").items():
        if key not in COST_KEYS:
            raise check.fail(f"costs.{key}", f"unknown key (known: {', '.join(COST_KEYS)})")
        costs[key] = check.whole(value, f"costs.{key}", MAX_USD)
    signals: dict[str, MappingProxyType[str, int]] = {}
    specialty_ids = _shipped_ids("signals.json", "specialties") | _shipped_ids(
        "specialties.json", "specialties"
    )
    for specialty, counts in check.table(raw.get("signals", {}), "signals").items():
        key = f"signals.{specialty}"
        if specialty not in specialty_ids:
            raise check.fail(key, "unknown specialty id (e.g. internal-medicine; docs/config.md lists them)")
        entry = {}
        for name, value in check.table(counts, key).items():
            if name not in SIGNAL_FIELDS:
                raise check.fail(f"{key}.{name}", f"unknown key (known: {', '.join(SIGNAL_FIELDS)})")
            entry[name] = check.whole(value, f"{key}.{name}", MAX_SIGNALS)
        signals[specialty] = MappingProxyType(entry)
    calendar = {}
    event_ids = _shipped_ids("calendar.json", "events")
    for event_id, day in check.table(raw.get("calendar", {}), "calendar").items():
        key = f"calendar.{event_id}"
        if event_id not in event_ids:
            raise check.fail(key, f"unknown event id (known: {', '.join(sorted(event_ids))})")
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day)
            except ValueError:
                pass
        if not isinstance(day, date):
            raise check.fail(key, "expected a date, e.g. 2026-06-03")
        calendar[event_id] = day
    return Config(
        path=path,
        theme=theme,
        state_path=state_path,
        keymap=MappingProxyType(keymap),
        costs=MappingProxyType(costs),
        signals=MappingProxyType(signals),
        calendar=MappingProxyType(calendar),
        lines=MappingProxyType(lines),
    )


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default `config_path()`); no file is every default; ConfigError
    when the file exists but cannot be used."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DEFAULTS
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ConfigError(f"{path}: cannot be read: {reason}") from None
    return parse_config(text, path)


@lru_cache(maxsize=4)
def _cached(path: Path, stamp: tuple[int, int]) -> Config:
    return load_config(path)


def current() -> Config:
    """The config for readers deep in the app (signals, calendar, costs): the file's values,
    or the defaults when it is missing or broken — the broken file is reported once at start
    (cli.main, the TUI), never by the reader that happens to need it."""
    try:
        path = config_path()
        stat = path.stat()
    except (OSError, RuntimeError):  # no file, or no home directory to find it in
        return DEFAULTS
    try:
        return _cached(path, (stat.st_mtime_ns, stat.st_size))
    except ConfigError:
        return DEFAULTS
