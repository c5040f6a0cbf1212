"""The student's own figures as both front ends need them: read a CSV against the catalog the
Programs tab shows (shipped + imports), and each figure's effect on the chance for a profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.own_figures import OwnFigure, moved_by_own
from smartpick_tui.core.own_figures_csv import FiguresPreview, ProgramResolver, parse_figures_file
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.trackers import ProgramClass
from smartpick_tui.services.catalog import indexed_catalog


def preview_figures(path: Path, imports_path: Path, profile: Profile) -> FiguresPreview:
    """Every row of a figures CSV checked and resolved against the catalog (names in the
    profile's specialty unless the row says another); CsvImportError for the whole file."""
    catalog, index = indexed_catalog(imports_path)
    return parse_figures_file(path, ProgramResolver(catalog, index, profile.specialty))


@dataclass(frozen=True)
class FigureEffect:
    """One program's figures and what they do to its chance for a profile."""

    figure: OwnFigure
    program: Program | None  # None: no longer in the catalog (its import was removed)
    p_model: float | None
    p_yours: float | None
    klass: ProgramClass | None
    moved: bool
    factors: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "program_id": self.figure.program_id,
            "in_catalog": self.program is not None,
            "figures": self.figure.to_dict(),
            "summary": self.figure.summary(),
            "chance_from": "your figures" if self.moved else "estimate",
            "p_interview_model": None if self.p_model is None else round(self.p_model, 4),
            "p_interview": None if self.p_yours is None else round(self.p_yours, 4),
            "class": None if self.klass is None else self.klass.value,
            "factors": list(self.factors),
        }


def figure_effects(
    figures: Mapping[str, OwnFigure],
    imports_path: Path,
    profile: Profile,
    rotated: frozenset[str] = frozenset(),
) -> list[FigureEffect]:
    """For `smartpick figures list`: each figure, the model's chance and the one used."""
    _catalog, index = indexed_catalog(imports_path)
    position = {program.id: i for i, program in enumerate(index.programs)}
    effects: list[FigureEffect] = []
    for program_id in sorted(figures):
        figure = figures[program_id]
        i = position.get(program_id)
        if i is None:
            effects.append(FigureEffect(figure, None, None, None, None, False, ()))
            continue
        program, est = index.programs[i], index.estimates[i]
        model = fit_all(profile, [program], rotated, [est])[0]
        yours = fit_all(profile, [program], rotated, [est], own_figures={program_id: figure})[0]
        effects.append(
            FigureEffect(
                figure,
                program,
                model.p_interview,
                yours.p_interview,
                yours.klass,
                moved_by_own(yours),
                yours.factors,
            )
        )
    return effects
