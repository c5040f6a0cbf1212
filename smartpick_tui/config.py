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
import stat as stat_module
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
# Far above any real config (a few KB): a bigger file, a FIFO or a device is refused unread.
MAX_CONFIG_BYTES = 1024 * 1024
# Arrays / inline tables nested deeper than this are refused before tomllib recurses into
# them (50,000 levels raised RecursionError); no SmartPick key nests more than 2.
MAX_NESTING = 32
# Python refuses to turn more digits than this into an int (a ValueError from tomllib).
MAX_DIGITS = 4300


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


def _hostile_value(text: str) -> tuple[str, int, str] | None:
    """(key, line, problem) for a value tomllib cannot be trusted with: nesting past
    MAX_NESTING or a number past MAX_DIGITS. A plain scan (strings skipped), so the check
    itself neither recurses nor builds the value."""
    table, key, key_line = "", "", 0
    depth = 0
    quote: str | None = None
    digits = 0
    for number, line in enumerate(text.splitlines(), 1):
        if depth == 0 and quote is None:
            if match := _TABLE.match(line):
                table = _dotted(match.group(1))
                continue
            if match := _KEY.match(line):
                inner = _dotted(match.group(1))
                key, key_line = (f"{table}.{inner}" if table else inner), number
        for char in line:
            if quote is not None:
                if char == quote:
                    quote = None
                continue
            if char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_NESTING and key:
                    return key, key_line, f"nested more than {MAX_NESTING} levels deep"
            elif char in "]}":
                depth = max(depth - 1, 0)
            if char.isdigit():
                digits += 1
                if digits > MAX_DIGITS:
                    return (
                        key or table or "?",
                        key_line or number,
                        f"a number longer than {MAX_DIGITS} digits",
                    )
            elif char != "_":
                digits = 0
        quote = None  # a string ends with its line (multi-line strings: approximate)
        digits = 0
    return None


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
    import tomllib  # here, not at the top: with no config file the app never pays for it (issue 26)

    lines = key_lines(text)
    if hostile := _hostile_value(text):
        key, line, problem = hostile
        raise ConfigError(f"{path} line {line}: {key}: {problem}")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except (RecursionError, ValueError, MemoryError) as error:  # past the scan: still one line
        raise ConfigError(f"{path}: cannot be read: {str(error)[:120]}") from None
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
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not hang the open
    except FileNotFoundError:
        return DEFAULTS
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat_module.S_ISREG(info.st_mode):
                raise ConfigError(f"{path}: cannot be read: not a regular file")
            if info.st_size > MAX_CONFIG_BYTES:
                raise ConfigError(f"{path}: cannot be read: larger than {MAX_CONFIG_BYTES // 1024} KB")
            text = handle.read(MAX_CONFIG_BYTES + 1).decode("utf-8")
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
