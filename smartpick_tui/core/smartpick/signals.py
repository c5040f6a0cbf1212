"""ERAS program signals: how many a specialty allows this cycle, and where to spend them.

The counts live in `data/signals.json` (with the cycle year and its source) and can be
overridden per specialty by the user's own `signals.json` in `user_config_dir()`, because the
numbers change every cycle. A specialty in neither file is *unknown*: the app says so rather
than guess.

Effect of a signal (an estimate): it multiplies the odds of an interview invitation.
Published work finds signalled programs invite more often (e.g. Schafer et al., Am J Med
2024, internal medicine; otolaryngology's preference-signalling reports), but the size varies
by specialty and cycle, so the multipliers below are the app's own round numbers. Under an
odds multiplier the gain p' - p is largest for mid-range p and small at both ends, which is
exactly the article's advice: realistic and upper-target programs, not far reaches or sure
things.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smartpick_tui.config import current as current_config
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.trackers import ProgramClass
from smartpick_tui.locations import data_dir, user_config_dir

SIGNALS_FILE = "signals.json"
MAX_SIGNALS = 100  # sanity bound on a user-edited count
ODDS_MULTIPLIER = {"gold": 3.0, "silver": 1.8, "signal": 2.0}  # estimates (see module doc)
FAR_REACH_P = 0.05  # below this estimated chance a signal is judged wasted (a "far reach")


@dataclass(frozen=True)
class SpecialtySignals:
    gold: int = 0
    silver: int = 0
    signals: int = 0  # single-tier specialties
    basis: str = ""

    @property
    def tiered(self) -> bool:
        return self.gold > 0 or self.silver > 0

    @property
    def total(self) -> int:
        return self.gold + self.silver + self.signals

    def describe(self) -> str:
        if self.tiered:
            return f"{self.gold} gold + {self.silver} silver"
        return f"{self.signals} signals"


@dataclass(frozen=True)
class SignalTable:
    cycle: str
    year: int | None
    source: str
    specialties: dict[str, SpecialtySignals]
    notes: tuple[str, ...] = ()  # problems met while reading the user's file

    def for_specialty(self, specialty_id: str) -> SpecialtySignals | None:
        return self.specialties.get(specialty_id)


def _count(raw: Any, name: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_SIGNALS:
        raise ValueError(f"{name} must be a whole number from 0 to {MAX_SIGNALS}")
    return raw


def _entry(raw: Any) -> SpecialtySignals:
    if not isinstance(raw, dict):
        raise ValueError('each specialty needs {"gold": n, "silver": n} or {"signals": n}')
    return SpecialtySignals(
        gold=_count(raw.get("gold", 0), "gold"),
        silver=_count(raw.get("silver", 0), "silver"),
        signals=_count(raw.get("signals", 0), "signals"),
        basis=clean_line(str(raw.get("basis", "")))[:80],
    )


def _parse(data: Any) -> tuple[dict[str, Any], dict[str, SpecialtySignals]]:
    if not isinstance(data, dict) or not isinstance(data.get("specialties", {}), dict):
        raise ValueError('expected an object with a "specialties" object')
    entries = {clean_line(str(key)): _entry(value) for key, value in data.get("specialties", {}).items()}
    return data, entries


def load_signals(user_file: Path | None = None) -> SignalTable:
    """The shipped table with the user's overrides on top (a broken user file is reported in
    `notes` and ignored, never fatal)."""
    shipped, entries = _parse(json.loads((data_dir() / SIGNALS_FILE).read_text(encoding="utf-8")))
    cycle, year, source = str(shipped["cycle"]), shipped.get("year"), str(shipped["source"])
    notes: list[str] = []
    path = user_file if user_file is not None else user_config_dir() / SIGNALS_FILE
    if path.is_file():
        try:
            user, user_entries = _parse(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:  # JSONDecodeError is a ValueError
            notes.append(f"Ignored your {path}: {clean_line(str(error))[:200]}")
        else:
            entries = {**entries, **user_entries}
            if user_entries:
                source = f"{source} Your overrides: {path}."
            if "cycle" in user:
                cycle = clean_line(str(user["cycle"]))[:40]
            if isinstance(user.get("year"), int):
                year = user["year"]
    config = current_config()  # config.toml's [signals] over both files (docs/config.md)
    if config.signals:
        entries |= {
            key: SpecialtySignals(**counts, basis="config.toml") for key, counts in config.signals.items()
        }
        source = f"{source} Your overrides: {config.path}."
    return SignalTable(cycle=cycle, year=year, source=source, specialties=entries, notes=tuple(notes))


def with_signal(p: float, tier: str) -> float:
    """The invitation chance after a signal (estimate): odds times the tier's multiplier."""
    if p >= 1.0:
        return 1.0
    odds = p / (1.0 - p) * ODDS_MULTIPLIER[tier]
    return odds / (1.0 + odds)


@dataclass(frozen=True)
class SignalPick:
    index: int  # position in the candidate sequence given to `suggest_signals`
    tier: str  # "gold", "silver" or "signal"
    p_before: float
    p_after: float


def suggest_signals(
    probabilities: Sequence[float], classes: Sequence[ProgramClass], allowed: SpecialtySignals
) -> list[SignalPick]:
    """Where to spend the signals among the listed programs: the largest estimated gains,
    gold first where a specialty has tiers, never on safeties or far reaches."""
    eligible = [
        i
        for i, (p, klass) in enumerate(zip(probabilities, classes, strict=True))
        if klass is not ProgramClass.SAFETY and p >= FAR_REACH_P
    ]
    picks: list[SignalPick] = []
    tiers = (
        (("gold", allowed.gold), ("silver", allowed.silver))
        if allowed.tiered
        else (("signal", allowed.signals),)
    )
    for tier, count in tiers:
        ranked = sorted(
            eligible, key=lambda i: (-(with_signal(probabilities[i], tier) - probabilities[i]), i)
        )
        chosen = ranked[:count]
        picks += [SignalPick(i, tier, probabilities[i], with_signal(probabilities[i], tier)) for i in chosen]
        eligible = [i for i in eligible if i not in set(chosen)]
    return picks
