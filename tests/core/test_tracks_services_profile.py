"""Tracks in words, the application service per specialty, and the profile fields DO and IMG
applicants bring (issue 23)."""

from __future__ import annotations

import json

import pytest

from smartpick_tui.core.calendar import cycle
from smartpick_tui.core.costs import fees
from smartpick_tui.core.profile import (
    COMLEX_CONVERSION,
    Profile,
    VisaNeed,
    parse_profile,
    step2_from_comlex,
)
from smartpick_tui.core.programs import shipped_catalog
from smartpick_tui.core.tracks import TrackKind, labelled_name, track_of, unfit_reason
from smartpick_tui.store.schema import SCHEMA_VERSION, migrate


def by_code(code: str):  # type: ignore[no-untyped-def]
    return next(p for p in shipped_catalog() if p.nrmp_code == code)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("1802140C0", TrackKind.CATEGORICAL),  # Internal Medicine - George Washington
        ("1802140C1", TrackKind.SPONSORED_IMG),  # Int Med/Sponsored IMG
        ("1802140M0", TrackKind.PRIMARY_CARE),  # Medicine-Primary
        ("1261140C2", TrackKind.PSTP),  # Internal Medicine/PSTP - MGH
        ("1802140P0", TrackKind.PRELIMINARY),
        ("1802080A0", TrackKind.ADVANCED),  # Dermatology - GWU (advanced)
    ],
)
def test_the_track_is_read_from_the_nrmp_title_and_code(code: str, kind: TrackKind) -> None:
    assert track_of(by_code(code)).kind is kind


def test_every_catalog_row_with_a_subtitle_or_track_letter_says_its_track() -> None:
    for program in shipped_catalog():
        title = program.name.split(" - ")[0]
        letter = (program.nrmp_code or "        ")[7]
        if "/" in title or "(" in title or letter in "MAPR":
            if "Match)" in title or "Integrated" in title or program.specialty == "transitional-year":
                continue
            assert track_of(program).words, program.name


def test_numbered_tracks_say_so_and_identical_names_differ() -> None:
    c4 = [p for p in shipped_catalog() if "(NRMP track C4)" in p.name]
    assert c4 and all("NRMP track" in track_of(p).words for p in c4)
    mgh = [p for p in shipped_catalog() if p.nrmp_code and p.nrmp_code.startswith("1261140")]
    labels = [labelled_name(p, "MGH") for p in mgh]
    assert len(set(labels)) == len(labels)


def test_unfit_tracks_per_profile() -> None:
    sponsored, pstp = by_code("1802140C1"), by_code("1261140C2")
    assert unfit_reason(Profile(), sponsored) and unfit_reason(Profile(), pstp)
    img_no_visa = parse_profile({"school": "non-us-img"})[0]
    img_j1 = parse_profile({"school": "non-us-img", "visa": "J-1"})[0]
    assert unfit_reason(img_no_visa, sponsored) and unfit_reason(img_j1, sponsored) is None
    assert unfit_reason(Profile(research=8), pstp) is None


def test_application_service_per_specialty_with_fees_and_dates() -> None:
    table = fees()
    assert table.service("internal-medicine").name == "ERAS"
    assert table.application("internal-medicine", 60) == 30 * 11 + 30 * 30 == 1230
    for specialty in ("emergency-medicine", "obstetrics-gynecology"):
        assert table.service(specialty).name == "ResidencyCAS"
        assert table.application(specialty, 18) == 99
        assert table.application(specialty, 30) == 99 + 12 * 18
        assert table.application(specialty, 60) == 99 + 12 * 18 + 30 * 23 == 1005
        titles = [e.title for e in cycle().for_specialty(specialty)]
        assert any("ResidencyCAS" in t for t in titles) and not any("ERAS" in t for t in titles)
    assert table.service("ophthalmology").cost(40) is None  # SF Match: not in the table, said so
    assert "not in the app's table" in table.cost_text("ophthalmology", 40)
    assert table.service("urology").name.startswith("ERAS")
    before = cycle().event("eras-opens").day.replace(day=1)
    assert cycle().phase(before, "emergency-medicine").startswith("Before ResidencyCAS opens")
    assert cycle().phase(before, "internal-medicine").startswith("Before ERAS opens")


def test_every_service_names_its_source() -> None:
    for service in fees().services.values():
        assert service.source and service.to_programs


def test_comlex_conversion_is_monotone_and_anchored() -> None:
    c_mean, _, s_mean, _ = COMLEX_CONVERSION
    assert step2_from_comlex(round(c_mean)) == round(s_mean)
    values = [step2_from_comlex(c) for c in range(400, 900, 25)]
    assert values == sorted(values)
    profile = Profile(comlex2=620)
    assert profile.step2_from_comlex and profile.scored().step2 == step2_from_comlex(620)
    assert Profile(step2=250, comlex2=620).scored().step2 == 250  # Step 2 CK wins


@pytest.mark.parametrize(
    ("field", "raw", "value"),
    [
        ("comlex2", "615", 615),
        ("comlex2", "", None),
        ("visa", "H1B", VisaNeed.H1B),
        ("visa", "j-1", VisaNeed.J1),
        ("visa", "none", VisaNeed.NONE),
        ("grad_year", "2021", 2021),
        ("usce_months", "4", 4),
    ],
)
def test_new_profile_fields_parse(field: str, raw: str, value: object) -> None:
    profile, errors = parse_profile({field: raw})
    assert not errors and getattr(profile, field) == value
    assert Profile.from_dict(profile.to_dict()) == profile


@pytest.mark.parametrize(
    ("field", "raw"),
    [("comlex2", "1200"), ("comlex2", "abc"), ("visa", "F-1"), ("grad_year", "27"), ("usce_months", "-1")],
)
def test_new_profile_fields_refuse_bad_values(field: str, raw: str) -> None:
    _, errors = parse_profile({field: raw})
    assert field in errors


def test_a_v2_state_reads_in_v3_with_the_new_fields_at_their_defaults() -> None:
    v2 = {
        "meta": {"1": {"schema_version": 2}},
        "profile": {"1": {"step2": 250, "specialty": "internal-medicine"}},
    }
    tables, found = migrate(json.loads(json.dumps(v2)))
    assert found == 2 and SCHEMA_VERSION == 3 and tables["meta"]["1"]["schema_version"] == 3
    profile = Profile.from_dict(tables["profile"]["1"])
    assert (profile.comlex2, profile.visa, profile.grad_year, profile.usce_months) == (
        None,
        VisaNeed.NONE,
        None,
        0,
    )
