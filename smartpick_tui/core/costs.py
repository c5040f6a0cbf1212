"""What the plan costs: the application service's fees for a list of programs and VSLO fees for
away applications, from data/fees.json (its cycle year and source go with every figure).

Why a data file: each application service changes its fees every cycle, and specialties move
between services (obstetrics and gynecology to ResidencyCAS in 2024-25, emergency medicine in
2025-26). The fee bands, the specialty -> service map and each service's wording live in one
place; the screen, `advise`, `pick` and the Plan tab say which service and which year's fees
they used. Travel, housing and the NRMP's own fees are not in the table, and the figures say so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from smartpick_tui.locations import data_dir

NOT_INCLUDED = "application and VSLO fees only: travel, housing and NRMP fees are not included"
DEFAULT_SERVICE = "eras"


@dataclass(frozen=True)
class Band:
    up_to: int | None  # last program of the band (None: no end)
    each: int = 0  # per program in the band
    flat: int = 0  # once, for the band's first program


@dataclass(frozen=True)
class Service:
    """One application service: its fees, wording and the cycle the figures come from."""

    id: str
    name: str  # "ERAS", "ResidencyCAS"
    long_name: str
    bands: tuple[Band, ...] | None  # None: the app has no fee table for it
    fee_cycle: str
    source: str
    to_programs: str  # when applications reach programs, in words
    extra: str  # fees on top that the table leaves out, in words ("" when none)

    def cost(self, programs: int) -> int | None:
        """Fees for applying to `programs` programs of one specialty (None: not in the table)."""
        if self.bands is None:
            return None
        total, counted = 0, 0
        for band in self.bands:
            upper = programs if band.up_to is None else min(programs, band.up_to)
            if upper > counted:
                total += band.flat + (upper - counted) * band.each
                counted = upper
        return total


@dataclass(frozen=True)
class SpecialtyService:
    service: Service
    since: str  # the cycle the specialty moved to it ("" when always)
    source: str


@dataclass(frozen=True)
class Fees:
    year: int
    cycle: str
    services: dict[str, Service]
    specialties: dict[str, SpecialtyService]
    vslo_each: int
    vslo_source: str

    def service(self, specialty_id: str | None = None) -> Service:
        """The application service of a specialty (ERAS unless the table says otherwise)."""
        entry = self.specialties.get(specialty_id or "")
        return entry.service if entry is not None else self.services[DEFAULT_SERVICE]

    def application(self, specialty_id: str | None, programs: int) -> int | None:
        return self.service(specialty_id).cost(programs)

    # ERAS, for callers that mean ERAS itself
    @property
    def eras_source(self) -> str:
        return self.services[DEFAULT_SERVICE].source

    def eras(self, programs: int) -> int:
        cost = self.services[DEFAULT_SERVICE].cost(programs)
        assert cost is not None
        return cost

    def vslo(self, applications: int) -> int:
        return applications * self.vslo_each

    def application_json(self, specialty_id: str | None, programs: int) -> dict[str, Any]:
        service = self.service(specialty_id)
        cost = service.cost(programs)
        return {
            "programs": programs,
            "service": service.name,
            "application_fees_usd": cost,
            # kept for readers of the earlier shape: the same figure, whatever the service
            "eras_fees_usd": cost,
            "fee_year": self.year,
            "fee_cycle": service.fee_cycle,
            "source": service.source,
            "extra": service.extra,
            "not_included": NOT_INCLUDED,
        }

    def eras_json(self, programs: int) -> dict[str, Any]:
        return self.application_json(None, programs)

    def cost_text(self, specialty_id: str | None, programs: int) -> str:
        """ "ResidencyCAS fees for 60 programs: $1,005" (or why there is no figure)."""
        service = self.service(specialty_id)
        cost = service.cost(programs)
        if cost is None:
            return f"{service.name} fees for {programs} programs: not in the app's table ({service.source})"
        extra = f" {service.extra}" if service.extra else ""
        return f"{service.name} fees for {programs} programs: {usd(cost)}{extra}"


def _service(key: str, raw: dict[str, Any]) -> Service:
    bands = raw.get("bands")
    return Service(
        key,
        raw["name"],
        raw["long_name"],
        None
        if bands is None
        else tuple(Band(b["up_to"], b.get("each_usd", 0), b.get("flat_usd", 0)) for b in bands),
        raw.get("fee_cycle", ""),
        raw["source"],
        raw["to_programs"],
        raw.get("extra", ""),
    )


@lru_cache(maxsize=1)
def fees() -> Fees:
    raw = json.loads((data_dir() / "fees.json").read_text(encoding="utf-8"))
    services = {key: _service(key, value) for key, value in raw["services"].items()}
    specialties = {
        key: SpecialtyService(services[value["service"]], value.get("since", ""), value.get("source", ""))
        for key, value in raw["specialties"].items()
    }
    return Fees(
        raw["year"], raw["cycle"], services, specialties, raw["vslo"]["each_usd"], raw["vslo"]["source"]
    )


def service_for(specialty_id: str | None) -> Service:
    return fees().service(specialty_id)


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
    specialty: str = ""  # the profile's specialty: its application service's fees

    def lines(self) -> list[str]:
        table = fees()
        service = table.service(self.specialty)
        cost = service.cost(self.applied)
        applied = usd(cost) if cost is not None else "not in the app's table"
        lines = [f"{service.name}: {self.applied} programs marked apply = {applied}"]
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
            (table.application(self.specialty, self.applied) or 0)
            + table.vslo(self.aways)
            + self.aways * (self.housing_each or 0)
            + self.in_person * (self.travel_each or 0)
        )
