"""`smartpick figures`: your own per-program figures (import, list, set, remove, export).

Where you know better than the public facts (your Residency Explorer view, an advisor's sheet,
a program's stated cut-off or visa policy), your figure wins over the model's estimate for that
program, labelled "your figure", in the Programs tab, SmartPick, `programs`, `pick` and their
`--json` (`core.own_figures` has the rules; `core.own_figures_csv` the CSV format). Imports are
all or nothing: a file with a bad row stores nothing and lists every bad row.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from smartpick_tui.cli.common import (
    CliError,
    add_db_flag,
    add_profile_flags,
    db_path,
    print_json,
    resolve_profile,
    shown,
    write_output,
)
from smartpick_tui.core.names import names
from smartpick_tui.core.own_figures import FIGURE_FIELDS, OwnFigure
from smartpick_tui.core.sanitize import clean_line
from smartpick_tui.store.paths import imports_path

FORMAT_HINT = (
    "columns: program (id, NRMP code or name), interview_rate, invites_like_me, rate_for, "
    "step2_min, step2_typical, visa, takes_do, takes_img, note, source (README: 'Your own figures')"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "figures",
        help="your own per-program figures (interview rate, Step 2 cut-off, visa): they win over estimates",
        description="Your own figures for programs (from your Residency Explorer view, an advisor, "
        "the program's own page) replace or move the model's estimate for those programs, "
        "labelled 'your figure'. " + FORMAT_HINT,
    )
    add_db_flag(parser)
    parser.set_defaults(handler=run_list, json=False, profile_fields=False)
    actions = parser.add_subparsers(dest="figures_action", metavar="ACTION")

    importer = actions.add_parser(
        "import",
        help="import figures from a CSV file (all rows or none; preview with --dry-run)",
        description="Read a CSV of your figures, one program per row, and store them (each row "
        "replaces that program's figures). A file with any bad row stores nothing and lists "
        "every bad row with its line. " + FORMAT_HINT,
    )
    add_db_flag(importer)
    importer.add_argument("file", metavar="FILE.csv", type=Path)
    importer.add_argument("--dry-run", action="store_true", help="check and show only; store nothing")
    importer.set_defaults(handler=run_import)

    lister = actions.add_parser(
        "list",
        help="your figures and what they do to each program's chance",
        description="Each program with your figures: the figures, the model's estimate and the "
        "chance used now (for the stored profile, or the profile flags).",
    )
    add_db_flag(lister)
    add_profile_flags(lister)
    lister.add_argument("--json", action="store_true", help="print JSON (a stable interface)")
    lister.set_defaults(handler=run_list)

    setter = actions.add_parser(
        "set",
        help="set figures for one program (only the options given change)",
        description="Set your figures for one program; only the options given change, an empty "
        "value ('') clears that figure. Percent values are percents (0.5 = half a percent).",
    )
    add_db_flag(setter)
    setter.add_argument("program", metavar="PROGRAM", help="program id or NRMP code")
    for name in FIGURE_FIELDS:
        setter.add_argument(f"--{name.replace('_', '-')}", dest=f"figure_{name}", metavar="VALUE")
    setter.set_defaults(handler=run_set)

    remover = actions.add_parser("remove", help="remove your figures for programs (or --all)")
    add_db_flag(remover)
    remover.add_argument("programs", metavar="PROGRAM", nargs="*", help="program ids")
    remover.add_argument("--all", action="store_true", help="remove every figure")
    remover.set_defaults(handler=run_remove)

    exporter = actions.add_parser(
        "export",
        help="write your figures to a CSV (the import's format; '-' for stdout)",
        description="Write your figures in the import's format. Cells a spreadsheet would run "
        "as a formula start with '.",
    )
    add_db_flag(exporter)
    exporter.add_argument("file", metavar="FILE.csv")
    exporter.add_argument("--force", action="store_true", help="overwrite FILE.csv if it exists")
    exporter.set_defaults(handler=run_export)


def _stored(args: argparse.Namespace) -> dict[str, OwnFigure]:
    from smartpick_tui.store import open_state

    path = db_path(args)
    if not path.exists():
        return {}
    with open_state(path, readonly=True) as state:
        return state.own_figures()


def run_import(args: argparse.Namespace) -> int:
    from smartpick_tui.core.csv_import import CsvImportError
    from smartpick_tui.core.own_figures_csv import preview_lines
    from smartpick_tui.services.own_figures import preview_figures
    from smartpick_tui.store import open_state

    profile = resolve_profile(args)
    try:
        preview = preview_figures(args.file, imports_path(db_path(args)), profile)
    except CsvImportError as error:
        raise CliError(f"{error}; nothing was imported") from None
    lines = preview_lines(preview)
    if preview.errors:
        print("\n".join(lines))
        return 1
    print("\n".join(lines))
    if args.dry_run:
        print("Dry run: nothing stored.")
        return 0
    with open_state(db_path(args)) as state:
        state.import_own_figures([row.figure for row in preview.rows])
    print(
        f"Stored your figures for {len(preview.rows)} program{'s' if len(preview.rows) != 1 else ''}: "
        "they replace the model's estimate there (`smartpick figures list`)."
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from smartpick_tui.services.own_figures import figure_effects

    figures = _stored(args)
    profile = resolve_profile(args)
    effects = figure_effects(figures, imports_path(db_path(args)), profile)
    if args.json:
        print_json([effect.to_json() for effect in effects])
        return 0
    if not effects:
        print("No figures of your own yet. Add them with `smartpick figures import FILE.csv`, ")
        print("`smartpick figures set PROGRAM --interview-rate 12`, or y on the Programs tab.")
        return 0
    plural = "s" if len(effects) != 1 else ""
    print(f"Your own figures for {len(effects)} program{plural} (they win over estimates):")
    for effect in effects:
        figure = effect.figure
        if effect.program is None:
            print(f"  {clean_line(figure.program_id)}: not in the catalog now (its import was removed)")
            continue
        chance = ""
        if effect.p_model is not None and effect.p_yours is not None and effect.klass is not None:
            if effect.moved:
                chance = (
                    f" · model est. {effect.p_model:.0%} → your figure {effect.p_yours:.0%} "
                    f"({effect.klass.value})"
                )
            else:
                chance = f" · chance stays the model's est. {effect.p_model:.0%}"
        print(f"  {clean_line(figure.program_id)} {clean_line(names(effect.program).display)}{chance}")
        print(f"      {figure.summary()}")
        if figure.note:
            print(f"      note: {clean_line(figure.note)}")
        if figure.source:
            print(f"      source: {clean_line(figure.source)}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    from smartpick_tui.services.catalog import indexed_catalog
    from smartpick_tui.store import open_state

    changes = {
        name: getattr(args, f"figure_{name}")
        for name in FIGURE_FIELDS
        if getattr(args, f"figure_{name}") is not None
    }
    if not changes:
        raise CliError("give at least one figure (--interview-rate, --step2-min, --visa, ...)")
    catalog, _index = indexed_catalog(imports_path(db_path(args)))
    program_id = clean_line(args.program)
    if program_id not in catalog.by_id:
        code = program_id.upper()
        found = [p.id for p in catalog.programs if p.nrmp_code and p.nrmp_code.upper() == code]
        if not found:
            raise CliError(
                f"{program_id!r} is not a program id or NRMP code in the catalog (smartpick programs)"
            )
        program_id = found[0]
    try:
        with open_state(db_path(args)) as state:
            figure = state.patch_own_figure(program_id, **changes)
    except ValueError as error:
        raise CliError(str(error)) from None
    said = "removed (no figures left)" if figure.is_empty else figure.summary()
    print(f"{program_id}: {said}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from smartpick_tui.store import open_state

    if args.all == bool(args.programs):
        raise CliError("give program ids, or --all")
    with open_state(db_path(args)) as state:
        ids = list(state.own_figures()) if args.all else [clean_line(p) for p in args.programs]
        removed = state.delete_own_figures(ids)
    missing = len(ids) - removed
    print(f"Removed your figures for {removed} program{'s' if removed != 1 else ''}.")
    if missing and not args.all:
        print(f"{missing} of the ids had no figures.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from smartpick_tui.core.catalog import cached_catalog
    from smartpick_tui.core.own_figures_csv import figures_csv

    figures = _stored(args)
    catalog = cached_catalog(imports_path(db_path(args)))
    target = write_output(args.file, figures_csv(figures.values(), catalog.by_id), args.force)
    if target is not None:
        print(f"Wrote your figures for {len(figures)} programs to {shown(target)}.")
    return 0
