"""What no profile changes is built once per catalog and specialty (`SpecialtyFacts`, issue 26),
and never outlives the catalog it was built for: a list changed in place, or a new list of
other programs, gets its own."""

from __future__ import annotations

from dataclasses import replace

from sp_helpers import catalog

from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Track
from smartpick_tui.core.smartpick import engine, run_smartpick
from smartpick_tui.core.smartpick.engine import specialty_facts

PROFILE = Profile(step2=245, specialty="internal-medicine")
PHYSICIAN = "physician track (reserved for applicants with prior residency training)"


def test_the_same_programs_share_their_facts_even_in_a_new_list() -> None:
    programs = catalog(120)
    facts = specialty_facts(programs, "internal-medicine")
    assert specialty_facts(list(programs), "internal-medicine") is facts
    assert specialty_facts(programs, "family-medicine") is not facts
    assert len(facts.programs) == 120 and facts.closed == (None,) * 120


def test_a_catalog_changed_in_place_is_read_again() -> None:
    programs = catalog(120)
    first = run_smartpick(PROFILE, programs, n=20)
    assert dict(first.left_out).get(PHYSICIAN) is None
    listed = first.picks[0].program
    at = programs.index(listed)
    programs[at] = replace(listed, track=Track.PHYSICIAN)  # the same list, one program changed
    again = run_smartpick(PROFILE, programs, n=20)
    assert dict(again.left_out)[PHYSICIAN] == 1
    assert listed.id not in {pick.program.id for pick in again.picks}


def test_a_list_from_kept_facts_is_the_list_a_fresh_build_gives() -> None:
    programs = catalog(150)
    engine._facts.clear()
    fresh = run_smartpick(PROFILE, programs, n=30)  # builds the facts
    kept = run_smartpick(PROFILE.with_changes(step2=250), programs, n=30)  # reuses them
    engine._facts.clear()
    assert run_smartpick(PROFILE.with_changes(step2=250), programs, n=30) == kept
    assert run_smartpick(PROFILE, programs, n=30) == fresh
