"""`smartpick programs`: the classified, filtered catalog for scripts; `programs import FILE.csv`.

The list uses the same core as the Programs tab (`core.catalog_search`, `core.fit`), so a
script and the screen agree. `--specialty` filters; without it the list is the profile's own
specialty, as on the Programs tab (`--all-specialties` lists every one). The other profile
flags describe a whole persona as in `smartpick advise` (without them, the stored profile is
used). A program's class depends on the program's own specialty, never on the profile's
target specialty, so `--specialty` alone keeps the stored profile. Each text line starts
with the program id that `smartpick draft KIND --program ID` takes.

A little over the ~450 lines a module aims at: `list`, `export`, `import` and `clear` are the
verbs of one command and share its flags and their reading (`_add_list_flags`, `_filters`,
`_listing`); split per verb, each would import the others' privates to stay in step with them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from smartpick_tui.cli.common import (
    CliError,
    add_db_flag,
    add_profile_flags,
    apply_profile_flags,
    check_replaceable,
    db_path,
    given_profile_fields,
    print_json,
    stored_profile,
)
from smartpick_tui.core.catalog_search import CatalogIndex, Filters, Near, SortKey, elsewhere_hint
from smartpick_tui.core.estimates import estimates_json
from smartpick_tui.core.export import export_csv, is_marked
from smartpick_tui.core.fit import CLASS_NOTE
from smartpick_tui.core.geo import (
    DEFAULT_MILES,
    PlaceError,
    miles_between,
    parse_miles,
    parse_place,
)
from smartpick_tui.core.geography import STATE_REGION, normalise_state, normalise_tie
from smartpick_tui.core.names import names
from smartpick_tui.core.own_figures import OWN_LABEL, OwnFigure, moved_by_own
from smartpick_tui.core.profile import Profile, parse_specialty
from smartpick_tui.core.programs import Program, Track
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.core.specialties import all_specialties, specialty_by_id
from smartpick_tui.core.sponsors import closed_to_students
from smartpick_tui.core.trackers import Away, ProgramClass, ProgramMark
from smartpick_tui.services.catalog import FitBasis, classified_catalog
from smartpick_tui.store.paths import imports_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "programs",
        help="list programs classed reach/target/safety for a profile; import a CSV",
        description="List the program catalog (shipped + your imports), filtered and classed "
        "reach / target / safety for the stored profile or the profile flags. "
        "Classes and the 'estimates' object are the app's estimates, not program data.",
    )
    add_db_flag(parser)
    _add_list_flags(parser, None)
    parser.add_argument("--json", action="store_true", help="print JSON (a stable interface)")
    parser.set_defaults(handler=run_list)

    actions = parser.add_subparsers(dest="programs_action", metavar="ACTION")
    importer = actions.add_parser(
        "import",
        help="import programs from a CSV file (preview with --dry-run)",
        description="Read a CSV (spreadsheet export or NRMP program results table), show the "
        "rows accepted and rejected (with line numbers), and add the accepted "
        "programs to your imports file beside the state file.",
    )
    add_db_flag(importer)
    importer.add_argument("file", metavar="FILE.csv", type=Path)
    importer.add_argument("--dry-run", action="store_true", help="preview only; store nothing")
    importer.set_defaults(handler=run_import)
    exporter = actions.add_parser(
        "export",
        help="write the listed (or marked) programs to a CSV file",
        description="Write the programs the same flags would list (or, with --marked, the ones "
        "you marked, noted or classed yourself) to a CSV file for a spreadsheet: "
        "facts, the app's estimates (headers say '(est.)'), your marks and notes. "
        "Cells a spreadsheet would run as a formula start with '.",
    )
    add_db_flag(exporter)
    exporter.add_argument("file", metavar="FILE.csv", type=Path)
    exporter.add_argument(
        "--marked",
        action="store_true",
        help="only programs you marked (apply, away, email, exclude), noted or gave your own class",
    )
    exporter.add_argument("--force", action="store_true", help="overwrite FILE.csv if it exists")
    _add_list_flags(exporter, argparse.SUPPRESS)
    exporter.set_defaults(handler=run_export)
    clear = actions.add_parser("clear-imports", help="remove every imported program")
    add_db_flag(clear)
    clear.set_defaults(handler=run_clear)


def _miles(text: str) -> int:
    """argparse type of --within (core.geo.parse_miles)."""
    try:
        return parse_miles(text)
    except PlaceError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _near(args: argparse.Namespace) -> Near | None:
    if not args.near:
        if args.within is not None:
            raise CliError("--within needs --near CITY")
        return None
    try:
        place = parse_place(clean_line(args.near))
    except PlaceError as error:
        raise CliError(f"--near: {error}") from None
    return Near(place, args.within if args.within is not None else DEFAULT_MILES)


def _add_list_flags(parser: argparse.ArgumentParser, default: object) -> None:
    """The filters of the list, on `programs` and again on `programs export` (there with
    `argparse.SUPPRESS`, so the flags work before or after the word `export`)."""
    add_profile_flags(parser, default)  # includes --specialty, used here as the filter too
    parser.add_argument(
        "--all-specialties",
        action="store_true",
        default=default,
        help="every specialty (without --specialty: the profile's specialty; "
        "with export --marked: every specialty)",
    )
    parser.add_argument(
        "--state",
        metavar="XX",
        default=default,
        help="only programs in this state: code or name (CA, Texas)",
    )
    parser.add_argument(
        "--region",
        metavar="R",
        default=default,
        help="only programs in this Census region or division (West, Pacific...)",
    )
    parser.add_argument(
        "--query",
        metavar="TEXT",
        default=default,
        help="search names, everyday names (MGH, Hopkins), institution and city "
        "(typo-tolerant; best match first)",
    )
    parser.add_argument(
        "--near",
        metavar="CITY",
        default=default,
        help="only programs near this city ('Houston, TX'; see --within)",
    )
    parser.add_argument(
        "--within",
        metavar="MILES",
        type=_miles,
        default=default,
        help=f"with --near: how far, in miles (default {DEFAULT_MILES})",
    )
    parser.add_argument(
        "--class",
        dest="klass",
        choices=[c.value for c in ProgramClass],
        default=default,
        help="only reach, target or safety programs",
    )
    parser.add_argument(
        "--sort",
        choices=[k.value for k in SortKey],
        default=SortKey.FIT.value if default is None else default,
        help="fit (default), name, state or gap (score gap)",
    )
    parser.add_argument(
        "--track",
        choices=[t.value for t in Track],
        default=default,
        help="only this NRMP track (physician: for applicants with prior GME)",
    )
    parser.add_argument(
        "--students-only",
        action="store_true",
        default=default,
        help="leave out physician tracks and military programs (as SmartPick does)",
    )
    parser.add_argument("--limit", type=int, metavar="N", default=default, help="at most N programs")


# --- listing -----------------------------------------------------------------------------------


def _profile(args: argparse.Namespace) -> Profile:
    fields = given_profile_fields(args)
    if set(fields) - {"specialty"}:
        return apply_profile_flags(args, Profile())
    profile = stored_profile(args)
    return apply_profile_flags(args, profile) if fields else profile


def _stored_marks_and_aways(
    args: argparse.Namespace,
) -> tuple[dict[str, ProgramMark], list[Away], dict[str, OwnFigure]]:
    """The marks, aways and the student's own figures (`smartpick figures`)."""
    from smartpick_tui.store import open_state

    path = db_path(args)
    if not path.exists():
        return {}, [], {}
    with open_state(path, readonly=True) as state:
        return state.marks(), state.aways(), state.own_figures()


def _filters(args: argparse.Namespace, profile: Profile, marked_only: bool = False) -> Filters:
    """The flags as search filters. No --specialty: the profile's specialty (what the Programs
    tab opens on), unless --all-specialties, or --marked (marks span specialties)."""
    every = bool(getattr(args, "all_specialties", False))
    if every and args.profile_specialty:
        raise CliError("give --specialty or --all-specialties, not both")
    try:
        specialty = parse_specialty(args.profile_specialty) if args.profile_specialty else None
    except ValueError as error:
        raise CliError(f"--specialty: {error}") from None
    if specialty is None and not (every or marked_only):
        specialty = profile.specialty
    if args.state and args.region:
        raise CliError("give --state or --region, not both")
    place = None
    if args.state:
        try:
            place = normalise_state(args.state)
        except ValueError as error:
            raise CliError(f"--state: {error}") from None
    elif args.region:
        try:
            place = normalise_tie(args.region)
        except ValueError as error:
            raise CliError(f"--region: {error}") from None
        if place in STATE_REGION:
            raise CliError("--region takes a Census region or division; use --state for a state")
    return Filters(
        text=clean_line(args.query or ""),
        specialty=specialty,
        place=place,
        klass=ProgramClass(args.klass) if args.klass else None,
        sort=SortKey(args.sort),
        near=_near(args),
    )


@dataclass(frozen=True)
class _Listing:
    """What `programs` lists: the catalog, its index with fits, the rows in order."""

    programs: Sequence[Program]
    index: CatalogIndex
    rows: list[int]
    marks: dict[str, ProgramMark]
    profile: Profile
    hint: str
    near: Near | None
    specialty: str | None  # the specialty listed (None: every one)
    figures: dict[str, OwnFigure]  # the student's own figures, by program id


def _listing(args: argparse.Namespace, marked_only: bool = False) -> _Listing:
    """The list and export share this: the same filters, classes and order."""
    profile = _profile(args)
    filters = _filters(args, profile, marked_only)
    marks, aways, figures = _stored_marks_and_aways(args)
    basis = FitBasis.of(profile, aways, figures.values())
    catalog, index = classified_catalog(imports_path(db_path(args)), basis, marks)
    for warning in catalog.warnings:
        print(f"smartpick: warning: {warning}", file=sys.stderr)
    rows = index.search(filters)
    if getattr(args, "track", None):
        rows = [i for i in rows if catalog.programs[i].track.value == args.track]
    if getattr(args, "students_only", False):
        rows = [i for i in rows if closed_to_students(catalog.programs[i]) is None]
    if marked_only:
        rows = [i for i in rows if is_marked(marks.get(catalog.programs[i].id))]
    hint = ""
    if filters.narrowed and filters.text:
        hint = elsewhere_hint(
            filters,
            len(rows),
            index.count_text_matches(filters.text),
            {s.id: s.name for s in all_specialties()},
        )
    if args.limit is not None:
        rows = rows[: max(0, args.limit)]
    return _Listing(
        catalog.programs, index, rows, marks, profile, hint, filters.near, filters.specialty, figures
    )


def run_list(args: argparse.Namespace) -> int:
    listing = _listing(args)
    index, rows, profile, hint = listing.index, listing.rows, listing.profile, listing.hint
    programs, estimates, fits = listing.programs, index.estimates, index.fits
    assert fits is not None
    near = listing.near
    if args.json:
        print_json([program_json(programs[i], index, i, near, listing.figures) for i in rows])
        return 0
    where = f"in {specialty_by_id(listing.specialty).name}" if listing.specialty else "in every specialty"
    print(f"{len(rows):,} program{'' if len(rows) == 1 else 's'} {where} · {CLASS_NOTE}")
    if near:
        unplaced = sum(1 for place in index.places() if place is None)
        print(
            f"Within {near.miles} miles of {near.place.name}, {near.place.state} (between city "
            f"centres); {unplaced:,} programs without a known city are not included."
        )
    if hint:
        print(f"note: {hint} (--all-specialties and fewer filters list them)")
    if profile.step2 is None:
        print(
            "No Step 2 CK in the profile: no reach / target / safety class (set one with --step2 or "
            "`smartpick profile set --step2 N`); each chance is read at the program's typical score."
        )
    if own := sum(1 for i in rows if moved_by_own(fits[i])):
        print(f"{own} of these use your own figures, not the estimate (`smartpick figures list`).")
    width = max((len(programs[i].id) for i in rows), default=2)
    if rows:
        print(
            f"{'id':<{width}}  {'class':<7}{'chance':>6} {'gap':>4}  program "
            "(the id is what draft --program takes)"
        )
    for i in rows:
        program = programs[i]
        known = names(program)
        fit = fits[i]
        klass = index.klass(i)
        gap = "" if fit.score_gap is None else f"{fit.score_gap:+d}"
        where = ", ".join(part for part in (clean_line(program.city), program.state) if part)
        if near:
            where += f" · {distance(near, index, i):.0f} mi"
        track = f" · {clean_line(known.subtitle)}" if known.subtitle and not known.site else ""
        yours = f"; {OWN_LABEL}s used" if moved_by_own(fit) else ""
        print(
            f"{clean_line(program.id):<{width}}  {(klass.value if klass else ''):<7}"
            f"{fit.p_interview:>6.0%} {gap:>4}  "
            f"{clean_line(known.display)} — {where} [{program.specialty}{track}; "
            f"est. {estimates[i].tier.value}, typical {estimates[i].typical_step2}{yours}]"
        )
    return 0


def distance(near: Near, index: CatalogIndex, i: int) -> float:
    place = index.places()[i]
    assert place is not None  # the distance filter keeps located programs only
    return miles_between(near.place, place)


def program_json(
    program: Program,
    index: CatalogIndex,
    i: int,
    near: Near | None = None,
    figures: Mapping[str, OwnFigure] | None = None,
) -> dict[str, object]:
    """One program of the `programs --json` list (keys are a stable interface; `miles` only
    with --near). `chance_from` says whether `p_interview` is the model's estimate or comes
    from the student's own figures (`your_figures`, null when none)."""
    figure = (figures or {}).get(program.id)
    fit = index.fits[i] if index.fits is not None else None
    klass = index.klass(i)
    known = names(program)
    return {
        "id": program.id,
        "name": clean_line(program.name),
        "display_name": clean_line(known.display),
        "short_name": clean_line(known.short),
        "subtitle": clean_line(known.subtitle),
        "institution": clean_line(program.institution),
        "city": clean_line(program.city),
        "state": program.state,
        "region": program.region,
        "division": program.division,
        "specialty": program.specialty,
        "track": program.track.value,
        "setting": program.setting.value,
        "nrmp_code": program.nrmp_code,
        "positions": program.positions,
        "positions_year": program.positions_year,
        "source": clean_line(program.source),
        "imported": program.imported,
        "class": klass.value if klass else None,
        "class_is_override": bool(fit and klass is not fit.klass),
        "p_interview": round(fit.p_interview, 3) if fit else None,
        "score_gap": fit.score_gap if fit else None,
        "reason": fit.reason if fit else "",
        "estimates": estimates_json(index.estimates[i]),
        "factors": list(fit.factors) if fit else [],
        "chance_from": "your figures" if fit and moved_by_own(fit) else "estimate",
        "your_figures": figure.to_dict() if figure else None,
        "closed_to_students": closed_to_students(program),
        **({"miles": round(distance(near, index, i), 1)} if near else {}),
    }


def run_export(args: argparse.Namespace) -> int:
    """Write the list to FILE.csv; refuses to overwrite an existing file without --force."""
    from smartpick_tui.store.atomic import atomic_write_bytes

    target: Path = args.file
    if target.is_dir():
        raise CliError(f"{target} is a folder; give a file name such as programs.csv")
    check_replaceable(target, args.force)
    listing = _listing(args, marked_only=args.marked)
    data = export_csv(
        (program_json(listing.programs[i], listing.index, i) for i in listing.rows), listing.marks
    )
    try:
        atomic_write_bytes(target, data.encode("utf-8"))
    except OSError as error:
        raise CliError(f"could not write {target}: {error.strerror or error}") from None
    what = "marked programs" if args.marked else "programs"
    print(f"Wrote {len(listing.rows):,} {what} to {target} (classes and '(est.)' columns are estimates).")
    return 0


# --- import ------------------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    """The preview the Programs tab's import dialog shows (`services.catalog_import`), every
    rejected row listed; without --dry-run, then stored."""
    from smartpick_tui.core.catalog import plan_lines
    from smartpick_tui.core.csv_import import CsvImportError
    from smartpick_tui.services.catalog_import import csv_preview_lines, preview_csv, preview_lines
    from smartpick_tui.store.imports import store_import

    target = imports_path(db_path(args))
    try:
        found = preview_csv(args.file, target)
    except CsvImportError as error:
        raise CliError(str(error)) from None
    accepted = found.preview.accepted
    if args.dry_run or not accepted:
        print("\n".join(csv_preview_lines(found)))
        print("Dry run: Nothing stored." if accepted else "Nothing to import.")
        return 0 if accepted else 1
    plan = store_import(target, accepted)
    print("\n".join(preview_lines(found.preview) + plan_lines(plan)))
    print(
        f"Imported: {plan.added:,} added, {plan.updated:,} updated, "
        f"{plan.already_shipped:,} already in the shipped catalog (skipped) -> {target}"
    )
    return 0


def run_clear(args: argparse.Namespace) -> int:
    from smartpick_tui.store.imports import clear_imports

    count = clear_imports(imports_path(db_path(args)))
    print(f"Removed {count:,} imported programs.")
    return 0
