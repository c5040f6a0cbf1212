"""The catalog's rows for the specialties that match outside the NRMP Main Match."""

from __future__ import annotations

from collections import defaultdict

from .places import CITY_ACGME, CITY_ACGME_LIST, CITY_ADDRESS, CITY_HOME, CITY_REVIEWED, CITY_SPONSOR_NAME
from .sources import (
    SRC_OPH_LIST,
    SRC_OPH_PGY1,
    SRC_PAGES,
    SRC_URO,
    ImRow,
    read_program_codes,
    read_source_csv,
)
from .sponsors import classify_setting
from .write import catalog_row

# Ophthalmology (SF Match) and Urology (AUA Urology Match) are not in NRMP's lists. Their rows
# come from their own extracts, are joined to the NRMP sponsor (reviewed `institution_code`
# column) so sponsor facts and the setting rule apply as for every other row, and get ids that
# cannot collide with a 9-character NRMP code: "<sponsor code>-SFM" (one ophthalmology program
# per sponsor) and "<sponsor code>-AUA-<ACGME program id>" ("<sponsor code>-AUA" when the page
# that names the program gives no ACGME id). nrmp_code stays empty.
OUTSIDE_TITLE = {"ophthalmology": "Ophthalmology (SF Match)", "urology": "Urology (AUA Match)"}


def outside_main_match_rows(
    nrmp_rows: list[dict[str, str]], im_rows: list[ImRow], academic: dict[str, str], log: list[str]
) -> list[dict[str, str]]:
    """Ophthalmology and urology rows (see PROGRAMS.md for the sources and rules).

    * urology: each ACGME urology program of `acgme_urology_programs.csv` with the ACGME list's
      own city and state; rows whose `note` says "dropped:" (a closed hospital) are left out;
      then each urology program of `program_pages_2026.csv` whose sponsor has none yet;
    * ophthalmology: one row per NRMP sponsor that is named in the 2020 SF Match
      interview-date list (`ophthomatch_2020_programs.csv`) or in `program_pages_2026.csv`, or
      lists an NRMP PGY-1 track designated for ophthalmology ("Med-Prelim/Ophthalmology") and
      is a medical school's own teaching hospital (`principal` in `sponsor_schools.csv`): an
      affiliate's or community hospital's designated PGY-1 can serve another sponsor's
      ophthalmology program, so it is not taken as a program of its own.
    City of the rows without an ACGME list city: the sponsor's city in the IM directory when
    it has one; state: the sponsor's state in the NRMP rows. Empty city when that is not one.
    """
    return sorted(_Outside(nrmp_rows, academic, log).rows(), key=lambda r: r["id"])


class _Outside:
    """The NRMP sponsors as the Main Match rows place them, and the rows added to them."""

    def __init__(self, nrmp_rows: list[dict[str, str]], academic: dict[str, str], log: list[str]) -> None:
        self.academic = academic
        self.log = log
        self.sponsor_name: dict[str, str] = {}
        self.sponsor_states: dict[str, set[str]] = defaultdict(set)
        site_states: dict[str, set[str]] = defaultdict(set)
        for r in nrmp_rows:
            self.sponsor_name.setdefault(r["id"][:4], r["institution"])
            # A reviewed hospital site can lie in another state than its sponsor (Mayo's Eau
            # Claire track): the sponsor's state is that of its other programs.
            states = site_states if r["city_basis"] == CITY_REVIEWED else self.sponsor_states
            states[r["id"][:4]].add(r["state"])
        for code4, states_of in site_states.items():
            self.sponsor_states.setdefault(code4, states_of)
        # The sponsor's own city: where its NRMP programs that name no site train (see `site`).
        self.home_cities: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        for r in nrmp_rows:
            if r["city_basis"] in (CITY_HOME, CITY_ACGME, CITY_ADDRESS, CITY_SPONSOR_NAME):
                self.home_cities[r["id"][:4]].add((r["city"], r["state"], r["city_basis"]))

    def rows(self) -> list[dict[str, str]]:
        pages = read_source_csv("program_pages_2026.csv")
        return self.urology(pages) + self.ophthalmology(pages)

    def row(
        self,
        row_id: str,
        specialty: str,
        track: str,
        code4: str,
        city: str,
        state: str,
        basis: str,
        source: str,
    ) -> dict[str, str]:
        institution = self.sponsor_name[code4]
        return catalog_row(
            row_id,
            f"{OUTSIDE_TITLE[specialty]} - {institution}",
            institution,
            (city, state, basis if city else ""),
            specialty,
            track,
            classify_setting(code4, institution, self.academic),
            "",
            source,
        )

    def sponsor_place(self, code4: str, what: str) -> tuple[str, str, str] | None:
        """(city, state, city basis): the sponsor's own city, as its site-less programs have it."""
        states = self.sponsor_states[code4]
        if len(states) != 1:
            self.log.append(f"{what} {code4}: sponsor in {sorted(states)}, skipped")
            return None
        state = next(iter(states))
        homes = {(city, basis) for city, st, basis in self.home_cities[code4] if st == state}
        cities = {city for city, _ in homes}
        if len(cities) == 1:
            city = next(iter(cities))
            return city, state, next(basis for c, basis in sorted(homes) if c == city)
        return "", state, ""

    def urology(self, pages: list[dict[str, str]]) -> list[dict[str, str]]:
        out = []
        for uro in read_source_csv("acgme_urology_programs.csv"):
            code4 = uro["institution_code"]
            if uro["note"].startswith("dropped:"):
                self.log.append(f"urology {uro['acgme_id']} {uro['program']!r}: {uro['note']}")
                continue
            if uro["state"] not in self.sponsor_states[code4]:
                raise SystemExit(f"urology {uro['acgme_id']}: sponsor {code4} is not in {uro['state']}")
            out.append(
                self.row(
                    f"{code4}-AUA-{uro['acgme_id']}",
                    "urology",
                    "categorical",
                    code4,
                    uro["city"],
                    uro["state"],
                    CITY_ACGME_LIST,
                    SRC_URO,
                )
            )
        with_urology = {r["id"][:4] for r in out}
        for page in (p for p in pages if p["specialty"] == "urology"):
            code4 = page["institution_code"]
            place = self.sponsor_place(code4, "urology")
            if code4 in with_urology or place is None:
                self.log.append(f"urology {code4}: already listed or not placed, page {page['url']} not used")
                continue
            with_urology.add(code4)
            suffix = f"-{page['acgme_id']}" if page["acgme_id"] else ""
            out.append(self.row(f"{code4}-AUA{suffix}", "urology", "categorical", code4, *place, SRC_PAGES))
        return out

    def ophthalmology(self, pages: list[dict[str, str]]) -> list[dict[str, str]]:
        out = []
        listed = {r["institution_code"] for r in read_source_csv("ophthomatch_2020_programs.csv")}
        principal = {
            r["institution_code"]
            for r in read_source_csv("sponsor_schools.csv")
            if r["relation"] == "principal"
        }
        pgy1 = {code[:4] for title, code in read_program_codes() if "/Ophthal" in title}
        paged = {p["institution_code"] for p in pages if p["specialty"] == "ophthalmology"}
        for code4 in sorted(listed | paged | (pgy1 & principal)):
            keys = [
                key
                for key, has in (
                    (SRC_OPH_LIST, code4 in listed),
                    (SRC_PAGES, code4 in paged),
                    (SRC_OPH_PGY1, code4 in pgy1),
                )
                if has
            ]
            place = self.sponsor_place(code4, "ophthalmology")
            if place is not None:
                out.append(
                    self.row(f"{code4}-SFM", "ophthalmology", "advanced", code4, *place, ";".join(keys))
                )
        for code4 in sorted(pgy1 - principal - listed - paged):
            self.log.append(f"ophthalmology {code4}: designated PGY-1 at a non-principal sponsor, no row")
        return out
