"""Which aways count as "rotated there" (§4: an away is the proxy home) — one definition in
core, read by the fit bonus, SmartPick and the drafts' claims alike."""

from __future__ import annotations

from smartpick_tui.core.trackers import ROTATED_STATUSES, Away, VsloStatus, rotated_program_ids
from smartpick_tui.drafts.context import rotation_names


def test_accepted_and_completed_aways_count_the_rest_do_not():
    aways = [Away(f"Program {s.value}", program_id=f"p-{s.value}", status=s) for s in VsloStatus]
    aways.append(Away("No catalog program", status=VsloStatus.COMPLETED))  # typed, not linked
    assert rotated_program_ids(aways) == {"p-accepted", "p-completed"}
    assert {VsloStatus.ACCEPTED, VsloStatus.COMPLETED} == ROTATED_STATUSES


def test_the_drafts_name_the_same_aways_completed_first():
    aways = [Away(f"Program {s.value}", program_id=f"p-{s.value}", status=s) for s in VsloStatus]
    assert rotation_names(aways) == ["Program completed", "Program accepted"]
