"""Every shipped template renders for every situation and school type, and passes its own checks."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest
from drafts_helpers import HENNEPIN, PROGRAMS, UTAH, make_profile, trackers

from smartpick_tui.core.draft_checks import DRAFT_SPECS, DraftKind, facts_for, score_mentions
from smartpick_tui.core.profile import SchoolType, Step1Result
from smartpick_tui.core.rules import Situation
from smartpick_tui.drafts.catalog import load_templates, stable_index
from smartpick_tui.drafts.render import Draft, DraftError, DraftRequest, Renderer


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(load_templates(include_user=False))


def test_every_kind_has_several_variants(renderer):
    for kind in DraftKind:
        assert len(renderer.templates.variants(kind)) >= 2, kind


@pytest.mark.parametrize("school", list(SchoolType))
@pytest.mark.parametrize("situation", list(Situation))
def test_every_template_renders_and_passes_its_checks(renderer, situation, school):
    aways, letters = trackers()
    rendered = 0
    for step2, step1 in ((258, Step1Result.FAIL_THEN_PASS), (238, Step1Result.PASS)):
        profile = make_profile(step2=step2, step1=step1, situation=situation, school=school)
        mention = facts_for(profile).mention_score
        for kind in DraftKind:
            spec = DRAFT_SPECS[kind]
            if spec.step1_fail_only and step1 is Step1Result.PASS:
                continue
            for ref in renderer.templates.variants(kind):
                for program in PROGRAMS:
                    for with_trackers in (True, False):
                        request = DraftRequest(
                            kind,
                            profile,
                            program,
                            aways if with_trackers else (),
                            letters if with_trackers else (),
                            ref.number,
                        )
                        draft = renderer.render(request)
                        where = (
                            f"{ref.name} {situation.value} {school.value} {step2} trackers={with_trackers}"
                        )
                        assert isinstance(draft, Draft), f"{where}: {draft}"
                        assert draft.findings == (), f"{where}: {[str(f) for f in draft.findings]}"
                        assert not re.search(r"\{\{|\}\}|\{%|%\}|\bNone\b|[Uu]ndefined", draft.text), where
                        assert "\n\n\n" not in draft.text and "  " not in draft.text, where
                        if spec.is_email:
                            assert draft.text.startswith("Subject: ") and draft.subject, where
                        else:
                            assert draft.subject is None and "\n\n" not in draft.text.strip(), where
                        scores = score_mentions(draft.text, step2)
                        if not spec.score_allowed or not spec.is_email or not mention:
                            assert scores == [], where
                        elif kind in (DraftKind.AWAY_REQUEST, DraftKind.RADAR):
                            assert len(scores) == 1, where
                        rendered += 1
    assert rendered > 150


def test_tracker_data_fills_the_draft(renderer):
    aways, letters = trackers()
    profile = make_profile()
    thanks = [
        renderer.render(DraftRequest(DraftKind.THANK_YOU, profile, UTAH, aways, letters, ref.number))
        for ref in renderer.templates.variants(DraftKind.THANK_YOU)
    ]
    # The completed away at Utah is mentioned; the mentor there is thanked in variant 1.
    assert all("rotation" in d.text for d in thanks)
    assert "Dr. Ana Lee" in thanks[0].text
    # An away request to Hennepin names the accepted month and the other program's rotation.
    away = renderer.render(DraftRequest(DraftKind.AWAY_REQUEST, profile, HENNEPIN, aways, letters, 1))
    assert "September 2026" in away.text
    assert (
        "through an away rotation at University of Utah Health Internal Medicine" in away.text
    )  # completed: one, said as done


def test_a_missing_profile_field_is_named_not_left_blank(renderer):
    draft = renderer.render(DraftRequest(DraftKind.AWAY_REQUEST, make_profile(name=""), UTAH, variant=1))
    assert isinstance(draft, DraftError)
    assert "your name is empty — set it in Profile" in str(draft)
    assert draft.template.name == "away-request/1.txt.j2" and draft.line is not None


def test_an_email_needs_a_program_and_the_step1_framing_needs_a_fail(renderer):
    assert "choose a program" in str(renderer.render(DraftRequest(DraftKind.RADAR, make_profile())))
    error = renderer.render(DraftRequest(DraftKind.STEP1_TRAJECTORY, make_profile(step1=Step1Result.PASS)))
    assert isinstance(error, DraftError) and "FAQ 3" in str(error)


def test_unknown_variant_lists_the_real_ones(renderer):
    error = renderer.render(DraftRequest(DraftKind.RADAR, make_profile(), UTAH, variant=9))
    assert isinstance(error, DraftError) and "variants: 1, 2, 3" in str(error)


def test_untrusted_program_text_arrives_clean_and_literal(renderer):
    nasty = dataclasses.replace(
        UTAH,
        name="Mercy [/] [@click=app.quit]x[/] \x1b]0;PWNED\x07 Hospital",
        city="Sioux\x9b City",
    )
    draft = renderer.render(DraftRequest(DraftKind.RADAR, make_profile(), nasty, variant=1))
    assert isinstance(draft, Draft)
    assert "Mercy [/] [@click=app.quit]x[/] ]0;PWNED Hospital" in draft.text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", draft.text)


CHOICES = (
    "from smartpick_tui.core.draft_checks import DraftKind;"
    "from smartpick_tui.drafts.catalog import stable_index;"
    "print([stable_index(k, f'p{i}', 3) for k in DraftKind for i in range(40)])"
)


def test_variant_choice_is_stable_across_processes_and_spread_across_programs(renderer):
    runs = {
        subprocess.run(
            [sys.executable, "-c", CHOICES],
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    picks = {stable_index(DraftKind.RADAR, f"p{i}", 3) for i in range(40)}
    assert picks == {0, 1, 2}
    profile = make_profile()
    first = renderer.render(DraftRequest(DraftKind.RADAR, profile, UTAH))
    again = renderer.render(DraftRequest(DraftKind.RADAR, profile, UTAH))
    assert first.text == again.text
    texts = {
        renderer.render(
            DraftRequest(DraftKind.RADAR, profile, dataclasses.replace(UTAH, id=f"imp-{i}"))
        ).template.number
        for i in range(20)
    }
    assert len(texts) > 1


def test_a_program_without_a_city_is_placed_by_its_state(renderer):
    no_city = dataclasses.replace(UTAH, city="")
    draft = renderer.render(DraftRequest(DraftKind.THANK_YOU, make_profile(), no_city, variant=1))
    assert isinstance(draft, Draft) and "patients you serve in Utah" in draft.text


def test_an_error_inside_a_partial_names_the_partial_and_both_lines(renderer):
    nowhere = dataclasses.replace(UTAH, city="", state="")
    error = renderer.render(DraftRequest(DraftKind.AWAY_REQUEST, make_profile(), nowhere, variant=1))
    assert isinstance(error, DraftError) and error.line == 8
    assert "in _partials/phrases.txt.j2, line" in str(error) and "has no place in the catalog" in str(error)


def _shipped_programs(step: int):  # type: ignore[no-untyped-def]
    from smartpick_tui.core.programs import shipped_catalog

    try:
        programs = shipped_catalog()
    except OSError:
        pytest.skip("the shipped catalog (data/programs.csv) is not there")
    return programs[::step]


# Words of NRMP's abbreviated names (core.names.NRMP_ABBREVIATIONS: Gen, Hosp, Hosps, Ctr, Ctrs,
# Cntr, Univ, U, Coll, Hlth, Sys, Inst, Mem, Reg, Comm, Fam, Affil, Educ, Grad, Fdn, Svcs, Sci,
# Med, Sch, SOM, COM, HSC, Osteo, Trk, Bkln, Mt, Ft, S&W) that no draft may contain.
_WORDS = re.compile(r"[A-Za-z&]+")
# The kinds written to a program (the personal-statement snippets name no program).
EMAIL_KINDS = (DraftKind.AWAY_REQUEST, DraftKind.RADAR, DraftKind.THANK_YOU, DraftKind.PRE_RANK)


def _render_all(renderer, programs) -> list[str]:  # type: ignore[no-untyped-def]
    """Every kind and variant for each program: renders, passes its checks, names the program
    by its display name, and never NRMP's abbreviations or the specialty glued to the name."""
    from smartpick_tui.core.names import NRMP_ABBREVIATIONS, names

    aways, letters = trackers()
    profile = make_profile(step1=Step1Result.FAIL_THEN_PASS)
    problems = []
    for program in programs:
        known = names(program)
        for kind in DraftKind:
            for ref in renderer.templates.variants(kind):
                draft = renderer.render(DraftRequest(kind, profile, program, aways, letters, ref.number))
                if not isinstance(draft, Draft) or draft.findings:
                    found = draft if isinstance(draft, DraftError) else draft.findings
                    problems.append(f"{program.id} {ref.name}: {found}")
                    continue
                abbreviations = set(_WORDS.findall(draft.text)) & NRMP_ABBREVIATIONS
                if abbreviations:
                    problems.append(f"{program.id} {ref.name}: NRMP abbreviations {sorted(abbreviations)}")
                if kind in EMAIL_KINDS and known.display not in draft.text:
                    problems.append(f"{program.id} {ref.name}: no display name {known.display!r}")
                if known.title and (known.title + " - ") in draft.text:
                    problems.append(f"{program.id} {ref.name}: the NRMP title is in the draft")
    return problems


def test_a_sample_of_the_shipped_catalog_renders_clean(renderer):
    """Real rows have gaps (564 without a city) and names like "Internal Med/St. Bernardine";
    every 20th program (~300, the same ones every run) through every template."""
    programs = _shipped_programs(20)
    assert len(programs) >= 290
    assert _render_all(renderer, programs) == []


def test_the_radar_subject_reads_specialty_at_the_programs_human_name(renderer):
    from smartpick_tui.core.programs import shipped_catalog

    mgh = next(p for p in shipped_catalog() if p.name == "Internal Medicine - Massachusetts Gen Hosp")
    draft = renderer.render(DraftRequest(DraftKind.RADAR, make_profile(), mgh, variant=3))
    assert isinstance(draft, Draft)
    assert (
        "Subject: Applicant introduction: Internal Medicine at Massachusetts General Hospital\n" in draft.text
    )


@pytest.mark.slow
def test_the_whole_shipped_catalog_renders_clean(renderer):
    assert _render_all(renderer, _shipped_programs(1)) == []
