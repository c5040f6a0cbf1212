"""Strategy lint: counters against the article's targets and the §9 mistakes in the data."""

from datetime import timedelta

from smartpick_tui.core.lint import ERAS_OPENS, PRESTIGE_MIN_PROGRAMS, letters_by_priority, lint
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import EmailKind, LetterKind, Mistake
from smartpick_tui.core.trackers import (
    Away,
    Letter,
    LetterStatus,
    OutreachEntry,
    ProgramClass,
    VsloStatus,
)

BEFORE = ERAS_OPENS - timedelta(days=30)
ORTHO = Profile(step2=255, specialty="orthopaedic-surgery")  # very competitive: 2-3 aways
IM = Profile(step2=250, specialty="internal-medicine")  # moderate: 1-2 aways


def mistakes(result):
    return {finding.mistake for finding in result.mistakes}


def away(name, status=VsloStatus.PLANNED, letter=False):
    return Away(name, status=status, letter_asked=letter).validated()


def test_away_counter_uses_the_specialty_target():
    result = lint(ORTHO, [away("A")], [], [], BEFORE)
    assert result.aways.text == "1 of 2-3 aways (sometimes 4)"
    assert result.aways.below
    assert lint(IM, [away("A")], [], [], BEFORE).aways.text == "1 of 1-2 aways"


def test_underusing_aways_appears_and_disappears():
    assert Mistake.UNDERUSING_AWAYS in mistakes(lint(ORTHO, [], [], [], BEFORE))
    # a declined away does not count
    declined = [away("A"), away("B", VsloStatus.DECLINED)]
    assert Mistake.UNDERUSING_AWAYS in mistakes(lint(ORTHO, declined, [], [], BEFORE))
    assert Mistake.UNDERUSING_AWAYS not in mistakes(lint(ORTHO, [away("A"), away("B")], [], [], BEFORE))


def test_completed_away_without_letter_is_a_reminder():
    result = lint(IM, [away("Mayo", VsloStatus.COMPLETED)], [], [], BEFORE)
    reminders = [f for f in result.for_area("aways") if not f.warning]
    assert len(reminders) == 1 and "Mayo" in reminders[0].text
    assert not [
        f
        for f in lint(IM, [away("Mayo", VsloStatus.COMPLETED, letter=True)], [], [], BEFORE).for_area("aways")
        if not f.warning
    ]


def test_radio_silence_only_once_eras_has_opened():
    assert Mistake.RADIO_SILENCE not in mistakes(lint(IM, [], [], [], ERAS_OPENS - timedelta(days=1)))
    assert Mistake.RADIO_SILENCE in mistakes(lint(IM, [], [], [], ERAS_OPENS))
    email = OutreachEntry("X", EmailKind.RADAR, "2026-05-01").validated()
    assert Mistake.RADIO_SILENCE not in mistakes(lint(IM, [], [], [email], ERAS_OPENS))


def test_email_counters_count_radar_programs_once():
    entries = [
        OutreachEntry(name, kind, "2026-05-01").validated()
        for name, kind in (
            ("A", EmailKind.RADAR),
            ("a", EmailKind.RADAR),
            ("B", EmailKind.RADAR),
            ("C", EmailKind.AWAY_REQUEST),
        )
    ]
    result = lint(IM, [], [], entries, BEFORE)
    assert result.emails.text == "4 of 10-20 targeted emails"
    assert result.radar.count == 2


def test_generic_and_low_priority_letters():
    generic = Letter("Dr Preceptor", LetterKind.HOME_INDIVIDUAL, generic=True).validated()
    research = Letter("Dr Lab", LetterKind.RESEARCH_MENTOR).validated()
    backup = Letter("Dr Ward", LetterKind.BACKUP_SUBI).validated()
    result = lint(IM, [], [generic, research, backup], [], BEFORE)
    assert Mistake.DISORGANIZED_NARRATIVE in mistakes(result)
    # the generic one is not strong; none is uploaded, so none counts yet
    assert result.letters.text == "0 of 2-3 strong letters uploaded (2 more not uploaded yet)"
    assert any("Lower-priority" in f.text for f in result.for_area("letters"))

    away_letter = Letter("Dr Away", LetterKind.AWAY_SPECIALTY, status=LetterStatus.UPLOADED).validated()
    home = Letter("Dr Home", LetterKind.HOME_INDIVIDUAL).validated()
    result = lint(IM, [], [away_letter, home, research], [], BEFORE)
    assert not any("Lower-priority" in f.text or f.mistake for f in result.for_area("letters"))
    assert result.letters.text == "1 of 2-3 strong letters uploaded (2 more not uploaded yet)"


def test_letters_sorted_by_section_5_priority():
    letters = [
        Letter("Z", LetterKind.BACKUP_SUBI),
        Letter("Y", LetterKind.AWAY_SPECIALTY, generic=True),
        Letter("B", LetterKind.AWAY_SPECIALTY),
        Letter("A", LetterKind.RESEARCH_MENTOR),
        Letter("C", LetterKind.AWAY_SPECIALTY, status=LetterStatus.UPLOADED),
    ]
    assert [letter.writer for letter in letters_by_priority(letters)] == ["C", "B", "Y", "A", "Z"]


def test_prestige_needs_a_mostly_reach_list():
    reach, target = ProgramClass.REACH, ProgramClass.TARGET
    assert Mistake.PRESTIGE not in mistakes(lint(IM, [], [], [], BEFORE, None))
    small = [reach] * (PRESTIGE_MIN_PROGRAMS - 1)
    assert Mistake.PRESTIGE not in mistakes(lint(IM, [], [], [], BEFORE, small))
    assert Mistake.PRESTIGE in mistakes(lint(IM, [], [], [], BEFORE, [reach] * 4 + [target] * 2))
    assert Mistake.PRESTIGE not in mistakes(lint(IM, [], [], [], BEFORE, [reach] * 3 + [target] * 3))
