"""What the NRMP lists say about a sponsoring institution: its state (the institution list is
grouped by state; a '-XX' suffix names it) and its setting (university, university-affiliated,
community: from its name and the reviewed teaching hospitals)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .sources import (
    STATE_CODE,
    STATE_CODES,
    STATE_ORDER,
    ImRow,
    read_im_directory,
    read_institutions,
    read_program_codes,
)

# --- setting (university / university-affiliated / community) -------------------------------
# Derived from the sponsoring institution, as documented in PROGRAMS.md:
#  * university: the sponsor is a university / medical school, or a hospital whose published
#    sponsor name is the school's own hospital ("U ... Med Ctr", "Univ ... Hosp", "... SOM");
#  * university-affiliated: the sponsor name pairs a hospital or health system with a school
#    ("HCA Healthcare/USF Morsani", "Jacobi Med Ctr/Einstein", "Olive View-UCLA Med Ctr");
#  * community: no school in the sponsor name.
# ACADEMIC_SPONSORS lists principal teaching hospitals whose NRMP sponsor name does not carry
# the school's name; each entry names the school it belongs to (see PROGRAMS.md).
SCHOOL = re.compile(
    r"(\bUniv\b|\bUniversity\b|^U |/U |-U |\bU of\b|\bSOM\b|\bCOM\b|\bCHM\b|School|"
    r"Coll of|Coll Med|Coll Osteo|Medical College|Med Coll|\bUC |UCLA|\bLSU|\bSUNY\b|\bUAMS\b|"
    r"UMass Chan|\bISMMS\b|NYU|Zucker SOM|Rutgers|NEOMED|\bUSF\b|/Einstein|Columbia|Cornell|"
    r"Case Western|Baylor Coll|Texas Tech U|\bNYMC\b|MSUCHM|\bUAB\b|\bUT |CMSRU|\bWSU\b|"
    r"Med Sch|Dell Medical|Tulane|Meharry|Morehouse|Creighton|Loma Linda|Emory|Duke|"
    r"Vanderbilt|Dartmouth|Georgetown|George Washington|Temple Univ|Thomas Jefferson|"
    r"Penn State|Ohio State|Oregon Health|Medical University|Med Univ|Wake Forest|"
    r"Wright State|Wayne State|Loyola|Northwestern McGaw|Univ Hosps|University Hosps)"
)
# Sponsors whose name leads with a hospital or system and adds a school: affiliated.
AFFILIATED_LEAD = re.compile(
    r"^(HCA|Prisma Health|Carilion|Olive View|Harbor-UCLA|Jacobi|Akron Gen|Canton|Summa|"
    r"Western Reserve|Rutgers-(?!New Jersey Medical School|R W Johnson)|NYMC-|"
    r"ISMMS (?!Mount Sinai Hospital)|Zucker SOM|Montefiore-New Rochelle|Brown Univ/Kent|"
    r"Texas Tech U Affil|U Michigan Health-|U Maryland (Capital|Med Ctr Midtown|Mercy)|"
    r"U Central FL/HCA|U Miami MSOM/Holy Cross|Jefferson Health|Memorial Health|"
    r"Jersey Shore Univ|St Josephs Univ|Nassau Univ|Richmond Univ|Hoboken Univ|"
    r"St Peters University|Midwestern University OPTI|Med Univ of SC Regional|UT Ascension|"
    r"St Francis-Emory|Univ Hosps Community|Detroit Med Ctr|Spectrum Health/|Ascension|"
    r"Stamford Hospital|RFUMS|Meharry/Metro|Riverside University|Loma Linda Univ Med Ctr-)"
)
# Sponsors that are the school's own hospital although the name carries a '/'.
UNIVERSITY_LEAD = re.compile(
    r"^(U |Univ |University |Case Western/Univ|Brown Univ/Rhode Island|Northwestern McGaw|"
    r"Montefiore Med Ctr/Einstein|CMSRU/Cooper)"
)


def classify_setting(code4: str, institution: str, academic: dict[str, str]) -> str:
    if code4 in academic:
        return academic[code4]
    if not SCHOOL.search(institution):
        return "community"
    if AFFILIATED_LEAD.search(institution):
        return "university-affiliated"
    if UNIVERSITY_LEAD.search(institution) or "/" not in institution:
        return "university"
    return "university-affiliated"


def suffix_state(name: str) -> str | None:
    match = re.search(r"-([A-Z]{2})$", name)
    return match.group(1) if match and match.group(1) in STATE_CODES else None


def institution_states(rows: list[tuple[str, str]], log: list[str]) -> dict[str, str]:
    """State of each sponsor from the NRMP institution list, which is grouped by state.

    A '-XX' suffix names the state; a sponsor without one takes the state of its group when the
    nearest suffixed sponsors before and after it agree, or, at the border between two state
    groups, the one of the two states that its own name spells out ("U New Mexico SOM").
    Otherwise it stays unknown here (the IM directory, which carries the state explicitly, may
    still place it)."""
    suffixes = [suffix_state(name) for name, _ in rows]
    states: dict[str, str] = {}
    for i, (name, code) in enumerate(rows):
        state = suffixes[i]
        if state is None:
            before = next((s for s in reversed(suffixes[:i]) if s), None)
            after = next((s for s in suffixes[i + 1 :] if s), None)
            named = state_named_in(name) & states_between(before, after)
            if before and before == after:
                state = before
            elif len(named) == 1:
                state = named.pop()
            else:
                log.append(
                    f"institution {code} {name!r}: state not determined by list order ({before} / {after})"
                )
                continue
        states.setdefault(code, state)
    return states


def states_between(before: str | None, after: str | None) -> set[str]:
    """The two neighbouring state groups and any state group that lies between them."""
    lo = STATE_ORDER.index(before) if before else 0
    hi = STATE_ORDER.index(after) if after else len(STATE_ORDER) - 1
    return set(STATE_ORDER[min(lo, hi) : max(lo, hi) + 1])


def state_named_in(name: str) -> set[str]:
    """States whose full name or two-letter code appears as a word in a sponsor name."""
    found = {code for full, code in STATE_CODE.items() if re.search(rf"\b{full}\b", name)}
    found |= {w for w in re.findall(r"\b[A-Z]{2}\b", name) if w in STATE_CODES}
    return found


def strip_state_suffix(name: str) -> str:
    """NRMP appends '-XX' (the sponsor's state) to many sponsor names; the state has its own
    column, so the suffix is dropped from the display name."""
    return name[:-3] if suffix_state(name) else name


@dataclass
class NrmpLists:
    """The NRMP lists joined: titles by 9-character program code; sponsors' names, states, IM
    directory rows and IM places by 4-character sponsor code."""

    im_rows: list[ImRow]
    titles: dict[str, str]
    inst_name: dict[str, str]
    inst_state: dict[str, str]
    im_by_code: dict[str, ImRow]
    im_places: dict[str, set[tuple[str, str]]]
    im_by_sponsor: dict[str, list[ImRow]]

    @classmethod
    def read(cls, log: list[str]) -> NrmpLists:
        im_rows = read_im_directory()
        inst_rows = read_institutions()
        inst_name: dict[str, str] = {}
        for name, code in inst_rows:
            inst_name.setdefault(code, name)
        inst_state = institution_states(inst_rows, log)

        im_places: dict[str, set[tuple[str, str]]] = defaultdict(set)
        im_by_sponsor: dict[str, list[ImRow]] = defaultdict(list)
        for r in im_rows:
            im_places[r.code[:4]].add((r.city, r.state))
            im_by_sponsor[r.code[:4]].append(r)
            inst_name.setdefault(r.code[:4], r.institution)
            listed = inst_state.get(r.code[:4])
            if listed and listed != r.state:
                log.append(
                    f"institution {r.code[:4]}: list order says {listed}, IM directory says "
                    f"{r.state} ({r.city}); using the directory"
                )

        titles: dict[str, str] = {}
        for title, code in read_program_codes():
            titles.setdefault(code, title)
        for r in im_rows:
            if r.code not in titles:
                titles[r.code] = {"P": "Medicine-Preliminary", "M": "Medicine-Primary"}.get(
                    r.code[7], "Internal Medicine"
                )
        return cls(
            im_rows, titles, inst_name, inst_state, {r.code: r for r in im_rows}, im_places, im_by_sponsor
        )
