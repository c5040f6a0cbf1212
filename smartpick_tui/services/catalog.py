"""The classified catalog, built one way for the Programs tab and `smartpick programs`.

The pipeline is catalog (shipped + imports, `cached_catalog`) → estimates → search index →
fits for the profile and the programs rotated at → the user's own classes (marks). Both front
ends used to write it out themselves; a step added in one (the overrides) could be missed in
the other, and a script would then class a program differently from the screen. The steps are
separate functions because the Programs tab runs the first two once and the fit on every
profile change, in a worker thread; `classified_catalog` runs them all for the CLI.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from smartpick_tui.core.catalog import Catalog, cached_catalog
from smartpick_tui.core.catalog_search import CatalogIndex, FitOrders
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import fit_all
from smartpick_tui.core.own_figures import OwnFigure
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.programs import Program
from smartpick_tui.core.trackers import Away, ProgramClass, ProgramMark, rotated_program_ids


@dataclass(frozen=True)
class FitBasis:
    """What the classes depend on: a new basis means a refit."""

    profile: Profile
    rotated: frozenset[str] = frozenset()  # program ids the student rotated at (§4)
    figures: tuple[OwnFigure, ...] = ()  # the student's own figures (core.own_figures), by id

    @classmethod
    def of(cls, profile: Profile, aways: Iterable[Away], figures: Iterable[OwnFigure] = ()) -> FitBasis:
        return cls(profile, rotated_program_ids(aways), tuple(sorted(figures, key=lambda f: f.program_id)))

    @property
    def own_figures(self) -> dict[str, OwnFigure]:
        return {figure.program_id: figure for figure in self.figures}


_index_lock = threading.Lock()
_indexes: list[tuple[Catalog, CatalogIndex]] = []  # by catalog (shared by content), newest last
INDEXES_KEPT = 4  # as `core.catalog.CACHE_CATALOGS`


def indexed_catalog(imports_path: Path) -> tuple[Catalog, CatalogIndex]:
    """The merged catalog and its search index with every program's estimates, built once per
    catalog (`cached_catalog`: until the imports file changes). Slow at 50,000 programs the
    first time: call it from a worker thread in the TUI. Kept per catalog, so per imports
    content, not per path (one app per process holds it; tests run apps one after another).
    The Programs and Drafts tabs share the index; its fits and classes are the Programs tab's
    (`use_fits`), and the Drafts search neither reads nor sets them (text only, sorted by name)."""
    catalog = cached_catalog(imports_path)
    with _index_lock:  # a second thread waits for the index being built instead of repeating it
        for at, hit in enumerate(_indexes):
            if hit[0] is catalog:
                _indexes.append(_indexes.pop(at))
                return hit
        hit = (catalog, CatalogIndex(catalog.programs, estimate_all(catalog.programs)))
        _indexes.append(hit)
        del _indexes[:-INDEXES_KEPT]
        return hit


def fit_orders(index: CatalogIndex, basis: FitBasis) -> FitOrders:
    """Each program's fit for `basis`, as the orders and classes `CatalogIndex.use_fits` takes
    (pure: safe in a worker thread).

    Without a Step 2 CK there is no class: the fit reads every program at its own typical
    score, which put one class on all of them (every program "reach" on the Programs tab) —
    a claim about the student the profile cannot support. The user's own classes still show;
    the screens and the CLI say what to enter (`needs_step2`)."""
    scored = basis.profile.scored()  # Step 2 CK, or its COMLEX equivalent
    orders = index.fit_orders(
        fit_all(scored, index.programs, basis.rotated, index.estimates, own_figures=basis.own_figures)
    )
    if needs_step2(basis.profile):
        orders = replace(orders, klass=[None] * len(orders.klass))
    return orders


NO_CLASS_HINT = "no classes until you enter your Step 2 CK"


def needs_step2(profile: Profile) -> bool:
    """Whether programs go unclassed for want of a score (Step 2 CK, or COMLEX Level 2-CE)."""
    return profile.scored().step2 is None


def class_overrides(programs: Sequence[Program], marks: Mapping[str, ProgramMark]) -> dict[int, ProgramClass]:
    """The user's own class (`ProgramMark.class_override`) by position in `programs`."""
    chosen = {m.program_id: m.class_override for m in marks.values() if m.class_override}
    if not chosen:
        return {}
    return {i: chosen[p.id] for i, p in enumerate(programs) if p.id in chosen}


def classified_catalog(
    imports_path: Path, basis: FitBasis, marks: Mapping[str, ProgramMark]
) -> tuple[Catalog, CatalogIndex]:
    """Every step at once: the index holds the fits and the user's classes."""
    catalog, index = indexed_catalog(imports_path)
    index.use_fits(fit_orders(index, basis), class_overrides(index.programs, marks))
    return catalog, index
