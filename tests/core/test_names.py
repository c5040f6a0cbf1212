"""Display names: NRMP's abbreviated titles and sponsors read as people say them."""

from __future__ import annotations

import re

import pytest

from smartpick_tui.core.names import (
    NRMP_ABBREVIATIONS,
    SHORT_MAX,
    display_name,
    expand,
    names,
    overrides,
    short_name,
)
from smartpick_tui.core.programs import Program, Setting, Track, shipped_catalog


def _program(name: str, institution: str, state: str = "TX") -> Program:
    return Program(
        id="x",
        name=name,
        institution=institution,
        city="",
        state=state,
        specialty="internal-medicine",
        track=Track.CATEGORICAL,
        setting=Setting.UNIVERSITY,
    )


@pytest.mark.parametrize(
    ("name", "institution", "state", "display"),
    [
        (
            "Internal Medicine - Massachusetts Gen Hosp",
            "Massachusetts Gen Hosp",
            "MA",
            "Massachusetts General Hospital",
        ),
        (
            "Emergency Medicine - B I Deaconess Med Ctr",
            "B I Deaconess Med Ctr",
            "MA",
            "Beth Israel Deaconess Medical Center",
        ),
        (
            "General Surgery - Brigham & Womens Hosp",
            "Brigham & Womens Hosp",
            "MA",
            "Brigham and Women's Hospital",
        ),
        (
            "Emergency Medicine - Baylor Coll Med-Houston",
            "Baylor Coll Med-Houston",
            "TX",
            "Baylor College of Medicine",
        ),
        (
            "Family Medicine/Sebring - AdventHealth Florida",
            "AdventHealth Florida",
            "FL",
            "AdventHealth Florida (Sebring)",
        ),
        (
            "Psychiatry/Research - Yale-New Haven Hosp",
            "Yale-New Haven Hosp",
            "CT",
            "Yale New Haven Hospital",
        ),
        (
            "Internal Medicine - U Arizona COM-Phoenix",
            "U Arizona COM-Phoenix",
            "AZ",
            "University of Arizona College of Medicine, Phoenix",
        ),
        (
            "Pediatrics - St Josephs Reg Med Ctr",
            "St Josephs Reg Med Ctr",
            "NJ",
            "St. Joseph's Regional Medical Center",
        ),
        (
            "Internal Medicine - Cleveland Clinic Fdn",
            "Cleveland Clinic Fdn",
            "OH",
            "Cleveland Clinic",
        ),
        (
            "Internal Medicine - Hackensack U Med Ctr",
            "Hackensack U Med Ctr",
            "NJ",
            "Hackensack University Medical Center",
        ),
        (
            "Internal Medicine - The MetroHealth Sys/Case Western",
            "The MetroHealth Sys/Case Western",
            "OH",
            "The MetroHealth System/Case Western",
        ),
    ],
)
def test_rules_and_overrides_give_the_human_name(name, institution, state, display):
    program = _program(name, institution, state)
    assert display_name(program) == display
    assert program.name == name  # NRMP's name is kept


def test_a_state_suffix_is_dropped_and_city_codes_spelled_out():
    assert (
        names(_program("Pediatrics - Example Med Ctr-TX", "Example Med Ctr-TX")).display
        == "Example Medical Center"
    )
    assert (
        names(_program("Pediatrics - St Marys Med Ctr-SF", "St Marys Med Ctr-SF", "CA")).display
        == "St. Mary's Medical Center, San Francisco"
    )


def test_the_title_gives_the_subtitle_and_only_a_site_joins_the_name():
    research = names(_program("Psychiatry/Research - Yale-New Haven Hosp", "Yale-New Haven Hosp", "CT"))
    assert (research.title, research.subtitle, research.site) == (
        "Psychiatry/Research",
        "Research",
        "",
    )
    site = names(_program("Family Medicine/Sebring - AdventHealth Florida", "AdventHealth Florida", "FL"))
    assert site.subtitle == site.site == "Sebring"


def test_an_imported_name_without_nrmp_shape_is_kept():
    own = _program("University of Utah Health Internal Medicine", "University of Utah Health", "UT")
    assert display_name(own) == "University of Utah Health Internal Medicine"


def test_expand_leaves_acronyms_and_hyphenated_names_alone():
    assert expand("UPMC Presbyterian Shadyside") == "UPMC Presbyterian Shadyside"
    assert expand("Cedars-Sinai Med Ctr") == "Cedars-Sinai Medical Center"
    assert expand("Johns Hopkins Hosp") == "Johns Hopkins Hospital"


def test_every_shipped_program_has_a_clean_display_name_and_a_short_one():
    sponsors = {p.institution for p in shipped_catalog()}
    assert set(overrides()) <= sponsors, "an override names a sponsor that is not in the catalog"
    for program in shipped_catalog():
        known = names(program)
        words = set(re.findall(r"[A-Za-z&]+", known.display))
        assert not words & NRMP_ABBREVIATIONS, (program.name, known.display)
        assert not known.title or f"{known.title} - " not in known.display, program.name
        assert 0 < len(short_name(program)) <= SHORT_MAX, known.short
