"""What the plan costs: ERAS application fees for a list of programs and VSLO fees for away
applications, from data/fees.json (its cycle year and source go with every figure).

Why a data file: the AAMC changes the fees every cycle; the bands live in one place and the
screen, `advise --json` and `pick --json` say which year's fees they used. Travel, housing and
the NRMP's own fees are not in the table, and the figures say so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from smartpick_tui.locations import data_dir

NOT_INCLUDED = "ERAS and VSLO fees only: travel, housing and NRMP fees are not included"


@dataclass(frozen=True)
class Fees:
    year: int
    cycle: str
    bands: tuple[tuple[int | None, int], ...]  # (programs up to, fee each), in order
    eras_source: str
    vslo_each: int
    vslo_source: str

    def eras(self, programs: int) -> int:
        """ERAS fees for applying to `programs` programs of one specialty."""
        total, counted = 0, 0
        for up_to, each in self.bands:
            upper = programs if up_to is None else min(programs, up_to)
            if upper > counted:
                total += (upper - counted) * each
                counted = upper
        return total

    def vslo(self, applications: int) -> int:
        return applications * self.vslo_each

    def eras_json(self, programs: int) -> dict[str, Any]:
        return {
            "programs": programs,
            "eras_fees_usd": self.eras(programs),
            "fee_year": self.year,
            "source": self.eras_source,
            "not_included": NOT_INCLUDED,
        }


@lru_cache(maxsize=1)
def fees() -> Fees:
    raw = json.loads((data_dir() / "fees.json").read_text(encoding="utf-8"))
    bands = tuple((band["up_to"], band["each_usd"]) for band in raw["eras"]["bands"])
    return Fees(
        raw["year"],
        raw["cycle"],
        bands,
        raw["eras"]["source"],
        raw["vslo"]["each_usd"],
        raw["vslo"]["source"],
    )


def usd(amount: int) -> str:
    return f"${amount:,}"


@dataclass(frozen=True)
class SeasonCosts:
    """What the season costs so far, from the user's data and estimates (None: not entered)."""

    applied: int  # programs marked apply
    aways: int  # away rotations applied for (not declined)
    in_person: int  # in-person interviews (not declined or cancelled)
    housing_each: int | None
    travel_each: int | None

    def lines(self) -> list[str]:
        table = fees()
        lines = [f"ERAS: {self.applied} programs marked apply = {usd(table.eras(self.applied))}"]
        away = f"Aways: {self.aways} × VSLO {usd(table.vslo_each)} = {usd(table.vslo(self.aways))}"
        if self.housing_each is not None:
            away += (
                f" + housing {self.aways} × {usd(self.housing_each)} = "
                f"{usd(self.aways * self.housing_each)} (your estimate)"
            )
        lines.append(away)
        travel = f"Interviews: {self.in_person} in person"
        travel += (
            f" × travel {usd(self.travel_each)} = {usd(self.in_person * self.travel_each)} (your estimate)"
            if self.travel_each is not None
            else " (travel: no estimate entered)"
        )
        lines.append(travel)
        return lines

    @property
    def total(self) -> int:
        table = fees()
        return (
            table.eras(self.applied)
            + table.vslo(self.aways)
            + self.aways * (self.housing_each or 0)
            + self.in_person * (self.travel_each or 0)
        )
