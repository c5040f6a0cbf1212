"""Program signals (ERAS and ResidencyCAS): how many a specialty allows, what one is worth, and
the signal table's data.

The counts live in `data/signals.json`, each with the cycle it was last confirmed for and its
source, and can be overridden per specialty by the user's own `signals.json` in
`user_config_dir()`, because the numbers change every cycle. A specialty in neither file is
*unknown*: the app says so rather than guess.

Effect of a signal: it multiplies the odds of an interview invitation, by a measured factor
(`effects` in the data file: Romanoski et al., JGME 2024, 2.71 to 9.07 by specialty; the app
uses the smallest where it has no specialty figure, and a specialty's own figure where the
file gives one). Where to spend them is the list optimiser's job (`engine`): jointly with the
list, where a signal moves the estimated match chance most. Under an odds multiplier the gain
p' - p is largest for mid-range p and small at both ends, which is the article's advice too:
realistic and upper-target programs, not far reaches or sure things.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from smartpick_tui.config import current as current_config
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.locations import data_dir, user_config_dir

SIGNALS_FILE = "signals.json"
MAX_SIGNALS = 100  # sanity bound on a user-edited count
DEFAULT_EFFECT = 2.71  # Romanoski et al., JGME 2024: the smallest measured signal effect
GOLD_OVER_SILVER = 1.5  # the app's estimate (see data/signals.json)
FAR_REACH_P = 0.05  # below this estimated chance a signal is judged wasted (a "far reach")


@dataclass(frozen=True)
class SpecialtySignals:
    gold: int = 0
    silver: int = 0
    signals: int = 0  # single-tier specialties
    basis: str = ""  # where the count comes from (source, cycle)
    cycle: str = ""  # the application cycle the count was last confirmed for ("ERAS 2025 (2024-25)")
    effect: float = DEFAULT_EFFECT  # odds multiplier of a (silver or single-tier) signal
    effect_basis: str = ""
    gold_over_silver: float = GOLD_OVER_SILVER

    def multiplier(self, tier: str) -> float:
        return self.effect * (self.gold_over_silver if tier == "gold" else 1.0)

    def tiers(self) -> tuple[tuple[str, int], ...]:
        """(tier, count), strongest first."""
        if self.tiered:
            return (("gold", self.gold), ("silver", self.silver))
        return (("signal", self.signals),)

    @property
    def tiered(self) -> bool:
        return self.gold > 0 or self.silver > 0

    @property
    def total(self) -> int:
        return self.gold + self.silver + self.signals

    def confirmed_for(self, cycle_years: str) -> bool:
        """True when the count is confirmed for `cycle_years` ("2026-27")."""
        return cycle_years in self.cycle

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


def _effect(raw: Any, default: float) -> float:
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 1.0 <= raw <= 50.0:
        raise ValueError("a signal effect is an odds multiplier from 1 to 50")
    return float(raw)


def _entry(raw: Any, effects: dict[str, Any]) -> SpecialtySignals:
    if not isinstance(raw, dict):
        raise ValueError('each specialty needs {"gold": n, "silver": n} or {"signals": n}')
    basis = raw.get("basis") or "; ".join(str(part) for part in (raw.get("source"), raw.get("cycle")) if part)
    default = _effect(effects.get("signal"), DEFAULT_EFFECT)
    return SpecialtySignals(
        gold=_count(raw.get("gold", 0), "gold"),
        silver=_count(raw.get("silver", 0), "silver"),
        signals=_count(raw.get("signals", 0), "signals"),
        basis=clean_line(str(basis))[:300],
        cycle=clean_line(str(raw.get("cycle") or ""))[:80],
        effect=_effect(raw.get("effect"), default),
        effect_basis=clean_line(str(raw.get("effect_basis") or effects.get("basis", "")))[:600],
        gold_over_silver=_effect(effects.get("gold_over_silver"), GOLD_OVER_SILVER),
    )


def _parse(
    data: Any, effects: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, SpecialtySignals]]:
    if not isinstance(data, dict) or not isinstance(data.get("specialties", {}), dict):
        raise ValueError('expected an object with a "specialties" object')
    own = data.get("effects")
    effects = {**(effects or {}), **(own if isinstance(own, dict) else {})}
    entries = {
        clean_line(str(key)): _entry(value, effects) for key, value in data.get("specialties", {}).items()
    }
    return data, entries


def load_signals(user_file: Path | None = None) -> SignalTable:
    """The shipped table with the user's overrides on top (a broken user file is reported in
    `notes` and ignored, never fatal)."""
    shipped, entries = _parse(json.loads((data_dir() / SIGNALS_FILE).read_text(encoding="utf-8")))
    shipped_effects = shipped.get("effects", {})
    cycle, year, source = str(shipped["cycle"]), shipped.get("year"), str(shipped["source"])
    notes: list[str] = []
    path = user_file if user_file is not None else user_config_dir() / SIGNALS_FILE
    if path.is_file():
        try:
            user, user_entries = _parse(json.loads(path.read_text(encoding="utf-8")), shipped_effects)
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
        entries |= {  # the counts are yours; the measured effect stays the shipped one
            key: replace(
                entries.get(key, SpecialtySignals()),
                gold=counts.get("gold", 0),
                silver=counts.get("silver", 0),
                signals=counts.get("signals", 0),
                basis="config.toml",
            )
            for key, counts in config.signals.items()
        }
        source = f"{source} Your overrides: {config.path}."
    return SignalTable(cycle=cycle, year=year, source=source, specialties=entries, notes=tuple(notes))


def with_signal(p: float, multiplier: float) -> float:
    """The invitation chance after a signal (estimate): odds times the multiplier."""
    if p >= 1.0:
        return 1.0
    odds = p / (1.0 - p) * multiplier
    return odds / (1.0 + odds)
