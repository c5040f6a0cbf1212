"""The form for your own figures on one program (Programs tab, `y`).

A `RecordForm` over `core.own_figures.OwnFigure`: the values are checked by the record's own
validation (a bad field's message appears under it), and saving writes only the fields this
form changed, over the figures as they are on disk (`State.patch_own_figure`), so another
session's edit of another field is kept. Escape cancels; every field empty removes the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smartpick_tui.core.own_figures import OwnFigure, Visa
from smartpick_tui.core.profile import SchoolType
from smartpick_tui.store import State
from smartpick_tui.tui.screens.form import FormField, RecordForm

UNSET = "-"  # the selects' "not given" choice (a figure left to the model)
YES_NO = ((UNSET, UNSET), ("yes", "yes"), ("no", "no"))

FIELDS = (
    FormField(
        "interview_rate", "Rate, type %", placeholder="% of your applicant type invited, e.g. 12 or 0.5"
    ),
    FormField("invites_like_me", "Like you %", placeholder="% of applicants like you invited (used as is)"),
    FormField(
        "rate_for",
        "Rate is for",
        "select",
        ((f"your type ({UNSET})", UNSET), *((school.label, school.value) for school in SchoolType)),
    ),
    FormField("step2_min", "Min Step 2", placeholder="their stated Step 2 CK cut-off"),
    FormField("step2_typical", "Typical Step2", placeholder="their stated typical (mean) Step 2 CK"),
    FormField(
        "visa",
        "Visas",
        "select",
        (
            (UNSET, UNSET),
            ("none", Visa.NONE.value),
            ("J-1", Visa.J1.value),
            ("H-1B", Visa.H1B.value),
            ("both", Visa.BOTH.value),
        ),
    ),
    FormField("takes_do", "Takes DO", "select", YES_NO),
    FormField("takes_img", "Takes IMG", "select", YES_NO),
    FormField("note", "Note"),
    FormField("source", "Source", placeholder="e.g. my Residency Explorer view, 2026-11"),
)


def form_values(figure: OwnFigure) -> dict[str, Any]:
    """The figure as the form's widgets hold it (text for numbers, UNSET for an empty select)."""
    data = figure.to_dict()
    values: dict[str, Any] = {}
    for spec in FIELDS:
        value = data.get(spec.name)
        if spec.kind == "select":
            if isinstance(value, bool):
                values[spec.name] = "yes" if value else "no"
            else:
                values[spec.name] = UNSET if value is None else str(value)
        else:
            values[spec.name] = (
                "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
            )
    return values


def figure_from_form(base: OwnFigure, values: dict[str, Any]) -> OwnFigure:
    """The figure the form holds (ValueError "field: message" for a bad one)."""
    changes: dict[str, Any] = {name: (None if value == UNSET else value) for name, value in values.items()}
    return OwnFigure(base.program_id, **changes).validated()


def own_figures_form(
    program_name: str,
    base: OwnFigure,
    save: Callable[[Callable[[State], object], str | None], bool],
) -> RecordForm[OwnFigure]:
    """The form for `base` (the figures on disk when it opened); `save` is the app's one write
    path (`SmartPickApp.save`)."""

    def commit(figure: OwnFigure) -> bool:
        before, after = base.to_dict(), figure.to_dict()
        changes = {name: after[name] for name in after if after[name] != before[name]}
        if not changes:
            return True
        done = (
            f"Your figures removed: {program_name}"
            if figure.is_empty
            else f"Your figures saved: {program_name} ({figure.summary()})"
        )
        return save(lambda state: state.patch_own_figure(base.program_id, **changes), done)

    return RecordForm(
        f"Your figures: {program_name} (they win over the estimate)",
        FIELDS,
        form_values(base),
        lambda values: figure_from_form(base, values),
        commit,
    )
