"""What the Programs tab says about one program: its row flags and the detail under the list.

Name, class and reason first; facts and estimates on lines of their own, styled apart
(estimates in italics, labelled), so the two are never confused. Catalog and note text is
cleaned and drawn with `Text`, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from smartpick_tui.core.fit import Fit, level_word
from smartpick_tui.core.names import names
from smartpick_tui.core.own_figures import OWN_LABEL, OwnFigure, moved_by_own
from smartpick_tui.core.programs import Estimates, Program
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.sponsors import closed_to_students
from smartpick_tui.core.trackers import ProgramClass, ProgramMark

MARK_FIELDS: dict[str, str] = {
    "apply": "apply",
    "away_candidate": "away candidate",
    "email_target": "email target",
    "exclude": "excluded",
}


def row_flags(mark: ProgramMark | None, own: bool = False) -> str:
    """The marks as the list's flag column: A(pply) W(away) E(mail) X(cluded) N(otes), and
    Y when the program has your own figures (`core.own_figures`)."""
    if mark is None:
        return "Y" if own else ""
    return "".join(
        letter
        for letter, on in (
            ("A", mark.apply),
            ("W", mark.away_candidate),
            ("E", mark.email_target),
            ("X", mark.exclude),
            ("N", bool(mark.notes)),
            ("Y", own),
        )
        if on
    )


def program_detail(
    program: Program,
    est: Estimates,
    fit: Fit | None,
    klass: ProgramClass | None,
    mark: ProgramMark | None,
    specialty_names: Mapping[str, str],
    figure: OwnFigure | None = None,
) -> Text:
    """The detail of `program`; `klass` is the class shown (the user's own, or the fit's);
    `figure`: the student's own figures for it, which the fit has already applied."""
    text = Text(no_wrap=False, overflow="fold")
    known = names(program)
    text.append(clean_line(known.display), style="bold")
    if known.subtitle and not known.site:
        text.append(f" · {clean_line(known.subtitle)}")
    if program.imported:
        text.append("  (imported)", style="italic")
    marks = [label for field, label in MARK_FIELDS.items() if mark and getattr(mark, field)]
    if marks:
        text.append(" · marked: " + ", ".join(marks), style="bold")
    if mark and mark.notes:
        text.append(" · notes: " + clean_line(mark.notes))
    if fit is not None and klass is None:  # no Step 2 CK yet (services.catalog.fit_orders)
        text.append("\n NO CLASS ", style="bold reverse")
        text.append(
            " enter your Step 2 CK on the Profile tab (1) to class programs reach / target / safety;"
            f" read at its est. typical score: est. {fit.p_interview:.0%} interview chance",
            style="italic",
        )
    elif fit is not None:
        text.append(f"\n {(klass.value if klass else '').upper()} ", style="bold reverse")
        if mark and mark.class_override:
            text.append(" class set by you (o); model:", style="bold")
        if moved_by_own(fit):
            text.append(f" {OWN_LABEL}: {fit.p_interview:.0%} interview chance: ", style="bold")
            text.append(clean_line(fit.reason))
        else:
            text.append(f" est. {fit.p_interview:.0%} interview chance: {fit.reason}", style="italic")
    if figure is not None:
        text.append("\nYour figures (y edits): ", style="bold")
        text.append(figure.summary())
        if figure.note:
            text.append(" · note: " + clean_line(figure.note))
        if figure.source:
            text.append(" · source: " + clean_line(figure.source))
    closed = closed_to_students(program)
    if closed:
        text.append(f"\nNot open to students: {closed}; SmartPick leaves it out.", style="bold")
    text.append("\nFacts: ", style="bold")
    text.append(" · ".join(_facts(program, specialty_names)))
    moved = [*est.factors, *(fit.factors if fit is not None else ())]  # the program first, then you
    if moved:
        text.append("\nWhat moved it (estimates): ", style="bold italic")
        text.append(" · ".join(clean_line(factor) for factor in moved), style="italic")
    text.append("\nEstimates: ", style="bold italic")
    text.append(
        f"{est.tier.value} (selectivity {est.selectivity:.2f}) · typical Step 2 "
        f"{est.typical_step2} · outside rotators {level_word(est.takes_outside_rotators)} · "
        f"home saturation {level_word(est.home_saturation)} · DO {level_word(est.do_friendly)} · "
        f"US IMG {level_word(est.img_friendly)} · non-US IMG {level_word(est.non_us_img_friendly)}",
        style="italic",
    )
    return text


def _facts(program: Program, specialty_names: Mapping[str, str]) -> list[str]:
    known = names(program)
    facts = []
    if known.sponsor_nrmp != clean_line(program.institution):  # not already in the name
        facts.append(clean_line(program.institution))
    # Only NRMP rows carry NRMP's title; SF Match / AUA rows and imports are "listed as".
    facts += [
        f"{'NRMP' if program.nrmp_code else 'Listed as'}: {clean_line(program.name)}",
        ", ".join(part for part in (clean_line(program.city), program.state) if part),
        specialty_names.get(program.specialty, program.specialty),
        program.track.value,
        program.setting.value,
    ]
    if program.nrmp_code:
        facts.append(f"NRMP {clean_line(program.nrmp_code)}")
    if program.positions is not None:
        facts.append(
            f"{program.positions} positions"
            + (f" ({program.positions_year})" if program.positions_year else "")
        )
    if program.source:
        facts.append(f"source {clean_line(program.source)}")
    return facts
