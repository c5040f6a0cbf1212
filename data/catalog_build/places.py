"""Where a program trains: the place its NRMP title's site names, the reviewed site table, or
its sponsor's home, with the `city_basis` that says which (data/PROGRAMS.md explains each)."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from smartpick_tui.core.geo import place_key

from .sources import DATA, SOURCES, SRC_CODES, SRC_IM, STATE_CODE, ImRow
from .sponsors import NrmpLists, strip_state_suffix

# Where a program trains. Titles often end in a site ("Family Medicine/Fort Smith"); others in a
# track or emphasis that trains at the sponsor itself ("Internal Medicine/Research"). The words
# below are the catalog's track suffixes (reviewed from every suffix of the NRMP list); any other
# suffix is a site, placed only when it names a place of the sponsor's state or is listed in the
# reviewed site table (data/sources/program_sites.csv).
TRACK_QUALIFIERS = frozenset(
    """
Research|Ophthalmology|Osteopathic|Neurology|Radiology|3-yr MD Path|3-Yr MD Path|Int Radiology|PSTP|
Preliminary|Dermatology|Phase 3-R|Anesthesiology|PM&R|Geriatrics|Child Psych|Physician Scientist|Child|
Global Health|Military|Funded|Radiation Onc|Urban|Non-Designated|Non-designated|Critical Care|
Child Neurology|Intl Scholars|Shabbos|ABIM Research Pathway|General|ABIM Research Path|NP|4 yr|
Child & Adolescent|Preventive Med|OMFS|MPH|Anesthesia|Hospitalist|Clinical|Military Funded|Adult Psych|
T32 Research|NDD|Designated|Research Pathway|Clin Scientist|CP|3 yr|Traditional|Addiction Medicine|
Forensic Psych|Research Scholars|Leadership in Med Ed|Sabbath Observed|Academic|IM|Research Trk|
Funded Intl|1 yr|Combined|Alabama First Track|Integ 4|3 CT Surgery|NuRad|ESIR Pathway|ESIR|
Dedicated Research|Occupational Med|OMS|Equity & Disparities|Critical Care Med|ACE Primary Care|
Innovations|Innovation|6 Yr Prog|Investigator Path|2+2 Scientists|Molecular Medicine|PLUS|Specialty|
2 Yr Research|HIV|Comb-Anat & Clin|Anatomic Only|Clinical Only|AP & NP|Combined Adult|Combined Adult/Child|
Funded Military|PhD Research|Urban Health|Molecular Imaging|Rad Oncology|Internationally Funded|
Undesignated|MD Scientist|Med Education|Health Services|Non-Desig|Comb General-Child|CP or AP Only|
CP Only|Health Equity-Urban Health|Peds|PG 1-4|IS|Adult|Child Psychiatry|AP only or AP|CP only|
Non-cardiac|Cardiac|Spanish|PPSTP|CI Research|Neuropathology|MN Immigrant IMG|Gen Surg & Neurosurg|
ASAP 5 yr|Clin & Anat Path|Research Track|Child Track|Geriatric Medicine|4 yr IM-PM|ROAP|CAP 5 yr|CAP|
Physician-Scientist|Gen Phys Sci Path|Apgar Research|Research COR 6 yr|RadOnc|Apprenticeship|ACES|
Diversity|Research Scholar|Clinical Sci|CCM-Periop Leadership|International Health|
International Scholar|CP Research|Vulnerable Pop|Clinical Base Year|Res Cardio|CCM|
2+2 Clinical Research|Cardiology|Dripps Scholars|Diversity & Comm|Clinical-5 yr|Research-6 yr|
Research Trk (EPSP)|Clin-4 yr|Research-4 yr|Inner City|Scientist Development Prog|PC Leadership Prog|
Global|Adult Child Integ|LEAP|Comm Hlth Ctr|Clin Scientist|Child/Adult Psych|Anatomic|Radiology-GT|
Intl Scholar|FIRST|LISOM Trk|Harrington Phys-Sci Path|Harrington|Comm Prim Care|Comm Public|
Health Equity|Funded International|Harvard Combined|BWH-Harvard|BWH-MGH|
Community|Clin Base Yr|Crit Care Comb|Bonica Scholar|2 yr|3 Yr|4 Yr|5 Yr|Investigator Trk|Trans|
StARR Research|
CP Comb|NP Comb|UCM Prelim|Scientist Development|AP and CP|AP-only or CP-only|Clinician Scientist|PSTP2|
Rad Research|Health Informatics|3 Yr MD Path|AMP|Neurology-COM|MDPhD|3yr MD|Opthalmology|Sabbath|Social|
Osteo|5yr Star|Tropical Med|Chronic Dz Mgmt|Comb Adult/Child|Phase-3-R|Geriatric Pysch|Accelerated Competency|
Child Fast Track|A-Prog|Radiation Oncology|Public|Traditional|Urban|Apprenticeship|
SACM|MIDocs|MIDOCS""".replace("\n", "").split("|")
)
# How a row's city was found (the `city_basis` column; PROGRAMS.md explains each).
CITY_DIRECTORY = "nrmp-im-directory"  # the program is listed in the NRMP IM directory
CITY_TITLE = "title-site"  # the title's site suffix names a place of the state
CITY_REVIEWED = "reviewed-site"  # the title's site is a hospital of the reviewed table
CITY_HOME = "sponsor-home"  # no site in the title: the city of the sponsor's IM
CITY_ACGME = "sponsor-acgme-name"  # no site; sponsor matched to an ACGME program name
CITY_ADDRESS = "sponsor-address"  # no site; the sponsor's published address (reviewed)
CITY_SPONSOR_NAME = "sponsor-name"  # no site; the sponsor's name carries its town
CITY_FL_RESULTS = "nrmp-results-fl"  # Florida results file (see merge_fl_results)
CITY_ACGME_LIST = "acgme-program-list"  # urology: the ACGME list's own city
HOME = ("", CITY_HOME)  # site(): the title names no site
# A place named inside a longer phrase ("St Lukes Lufkin", "Yale-New Haven Hosp") must be a
# town of this size: a small place sharing a word with a hospital name is not evidence.
MIN_PHRASE_POPULATION = 5000
# Words that are also the name of some town but, in a title or sponsor name, mean a hospital,
# a campus or a university ("Florida State University COM" is not in University, FL).
NOT_PLACES = {name.lower() for name in STATE_CODE} | {
    "university",
    "lakeside",
    "georgetown",
    "harvard",
    "midtown",
    "ozark",
    "highlands",
    "sunrise",
    "fairview",
    "horizon",
    "frontier",
    "union",
    "christ",
    "mercy",
    "community",
    "west",
    "mt sinai",
    "hillside",
}


@dataclass
class Places:
    """The places a title or sponsor name can name: GeoNames (data/places.csv) and the cities
    of the NRMP IM directory, by state."""

    names: dict[tuple[str, str], tuple[str, int]]

    @classmethod
    def load(cls, im_rows: list[ImRow]) -> Places:
        names: dict[tuple[str, str], tuple[str, int]] = {}
        with (DATA / "places.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names[(place_key(row["place"]), row["state"])] = (
                    row["place"],
                    int(row["population"]),
                )
        for r in im_rows:  # the directory's spelling, and cities GeoNames files under a borough
            known = names.get((place_key(r.city), r.state))
            names[(place_key(r.city), r.state)] = (
                r.city,
                known[1] if known else MIN_PHRASE_POPULATION,
            )
        return cls(names)

    def named_in(self, phrase: str, state: str, whole_ok: bool = True) -> str | None:
        """The place a phrase names in `state`: the whole phrase, else its longest run of words
        that is a town of MIN_PHRASE_POPULATION or more."""
        words = place_key(phrase).split()
        whole = " ".join(words)
        hit = self.names.get((whole, state)) if whole_ok and whole not in NOT_PLACES else None
        if hit and (hit[1] >= MIN_PHRASE_POPULATION or not whole.startswith("st ")):
            return hit[0]
        for size in range(min(len(words), 4), 0, -1):
            for start in range(len(words) - size + 1):
                key = " ".join(words[start : start + size])
                hit = self.names.get((key, state))
                if hit and hit[1] >= MIN_PHRASE_POPULATION and key not in NOT_PLACES:
                    return hit[0]
        return None

    def sponsor_city(self, sponsor: str, state: str) -> str | None:
        """A sponsor without IM programs placed by the town its name carries
        ("Methodist Hospital-Houston", "Sutter Med Ctr of Santa Rosa")."""
        return self.named_in(strip_state_suffix(sponsor), state, whole_ok=False)


def read_reviewed_sites() -> dict[tuple[str, str], tuple[str, str]]:
    """(sponsor code, title site) -> (city, state), from the reviewed table of hospital sites.
    The state is the site's own: a sponsor's track can train across a state line (Mayo's
    "Family Medicine/Eau Claire" is in Wisconsin)."""
    with (SOURCES / "program_sites.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["institution_code"], r["site"]): (r["city"], r["state"]) for r in csv.DictReader(handle)}


def title_sites(title: str) -> list[str]:
    """The parts of an NRMP title after the specialty that are not track qualifiers.

    A qualifier can itself hold a '/' ("Psychiatry/Comb Adult/Child"): two parts that
    together make one are a qualifier, not a site."""
    parts = [c.strip() for c in title.split("/")[1:]]
    sites: list[str] = []
    i = 0
    while i < len(parts):
        if i + 1 < len(parts) and f"{parts[i]}/{parts[i + 1]}" in TRACK_QUALIFIERS:
            i += 2
            continue
        if parts[i] not in TRACK_QUALIFIERS:
            sites.append(parts[i])
        i += 1
    return sites


def read_sponsor_cities() -> dict[str, tuple[str, str]]:
    """Sponsor code -> (city, basis) for sponsors without an IM program to place them: the city
    of the ACGME program whose name matched the sponsor's, or the sponsor's published address
    (data/sources/sponsor_cities.csv says which)."""
    with (SOURCES / "sponsor_cities.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["institution_code"]: (
                r["city"],
                CITY_ACGME if r["basis"].startswith("ACGME") else CITY_ADDRESS,
            )
            for r in csv.DictReader(handle)
        }


def same_place(a: str, b: str) -> bool:
    return bool(a) and place_key(a) == place_key(b)


class Siting:
    """Where each NRMP title places its program: the reviewed site table first, then the
    title's site suffix as a place of the state, else the sponsor's home (HOME)."""

    def __init__(
        self, titles: dict[str, str], places: Places, reviewed_sites: dict[tuple[str, str], tuple[str, str]]
    ) -> None:
        self.titles = titles
        self.places = places
        self.reviewed_sites = reviewed_sites

    def reviewed_place(self, code: str) -> tuple[str, str] | None:
        """(city, state) of the reviewed site table for a title: keyed by the whole title tail
        ("Urban" for Cahaba's Birmingham track, although "Urban" is a track qualifier), else by
        its sites joined ("UCLA/Santa Monica", "Royal Oak & Dearborn": a site of several parts,
        or two hospitals that the ACGME lists at one city)."""
        title = self.titles[code]
        tail = title.split("/", 1)[1].strip() if "/" in title else ""
        for key in (tail, "/".join(title_sites(title))):
            if key and (hit := self.reviewed_sites.get((code[:4], key))):
                return hit
        return None

    def site(self, code: str, state: str) -> tuple[str, str] | None:
        """Where a title's site suffix places the program: (city, basis), HOME when the title
        names no site, None when it names one that no source places."""
        reviewed = self.reviewed_place(code)
        if reviewed:
            return reviewed[0], CITY_REVIEWED
        sites = title_sites(self.titles[code])
        if not sites:
            return HOME
        if len(sites) > 1 or "&" in sites[0]:  # two sites ("Trenton & Dearborn"): no one city
            return None
        named = self.places.named_in(sites[0], state)
        return (named, CITY_TITLE) if named else None

    def home_cities(self, im_by_sponsor: dict[str, list[ImRow]]) -> dict[str, str]:
        """Sponsor code -> its home city: the one city of its IM programs that name no site (of
        all its IM programs when each names one), for sponsors with exactly one."""
        home: dict[str, str] = {}
        for code4, rows_of in im_by_sponsor.items():
            at_home = {r.city for r in rows_of if self.site(r.code, r.state) == HOME}
            cities = at_home or {r.city for r in rows_of}
            if len(cities) == 1:
                home[code4] = cities.pop()
        return home


class Placer:
    """A Main Match row's (city, city basis, state, source): the IM directory's own city for a
    program it lists; else the reviewed site table; else the title's site in the sponsor's
    state, or the sponsor's home city when the title names no site."""

    def __init__(self, lists: NrmpLists, siting: Siting, sponsor_cities: dict[str, tuple[str, str]]) -> None:
        self.lists = lists
        self.siting = siting
        self.home = siting.home_cities(lists.im_by_sponsor)
        self.sponsor_cities = sponsor_cities

    def place(self, code: str, code4: str) -> tuple[str, str, str, str]:
        if code in self.lists.im_by_code:
            listed = self.lists.im_by_code[code]
            return listed.city, CITY_DIRECTORY, listed.state, SRC_IM
        if reviewed := self.siting.reviewed_place(code):
            # A reviewed site carries its own city and state (a track can cross a state line).
            city, state = reviewed
            return city, CITY_REVIEWED, state, SRC_CODES
        state, placed = self._by_title(code, code4)
        if placed == HOME:
            city, basis = self._sponsor_home(code4, state)
        else:
            city, basis = placed or ("", "")
        return city, basis, state, SRC_CODES

    def _by_title(self, code: str, code4: str) -> tuple[str, tuple[str, str] | None]:
        """(state, the title's site or HOME). A sponsor with IM programs in two states places
        the others by their title site; one state ("" when unknown) places them in it."""
        states = sorted({s for _, s in self.lists.im_places.get(code4, set())}) or [
            self.lists.inst_state.get(code4, "")
        ]
        named = [(s, p) for s in states if s and (p := self.siting.site(code, s)) not in (None, HOME)]
        if len(named) == 1:
            return named[0]
        if len(states) == 1 and states[0]:
            return states[0], self.siting.site(code, states[0])
        return "", None

    def _sponsor_home(self, code4: str, state: str) -> tuple[str, str]:
        """A title that names no site trains at the sponsor: its IM programs' city, else its
        reviewed city, else the town its name carries ("" when none of them says)."""
        if code4 in self.home:
            return self.home[code4], CITY_HOME
        if code4 in self.sponsor_cities:
            return self.sponsor_cities[code4]
        if named := self.siting.places.sponsor_city(self.lists.inst_name.get(code4, ""), state):
            return named, CITY_SPONSOR_NAME
        return "", ""
