"""Rebuild data/programs.csv from the raw source extracts in data/sources/.

Why a script: every row of the shipped catalog must be traceable to a source that was read, so the
catalog is never edited by hand. This script is deterministic (same sources -> same bytes) and
says, on stderr, which rows it dropped and why. Provenance and rules are in data/PROGRAMS.md.

The stages live in the `catalog_build` package beside this script, one module each (read the
sources, sponsors, places, rows, the outside-the-Match rows, write or check); this file is the
entry point and the names the sibling build scripts (build_facts, build_sponsors, build_places)
and the tests read from it.

Run:  python data/build_catalog.py            (writes data/programs.csv)
      python data/build_catalog.py --check    (exit 1 if programs.csv is stale)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent
# the app's own rules (place names, state names, the catalog's columns), so build and app agree;
# and data/ itself, for the catalog_build package when this file is loaded from elsewhere (tests)
sys.path[:0] = [str(DATA.parent), str(DATA)]
from catalog_build.places import TRACK_QUALIFIERS, Places, same_place, title_sites  # noqa: E402
from catalog_build.rows import build, disambiguate, merge_fl_results  # noqa: E402
from catalog_build.sources import (  # noqa: E402
    SOURCES,
    FlResult,
    ImRow,
    read_fl_results,
    read_im_directory,
    read_institutions,
    read_program_codes,
)
from catalog_build.sponsors import SCHOOL, classify_setting, institution_states  # noqa: E402
from catalog_build.write import catalog_row, render, write_or_check  # noqa: E402

OUT = DATA / "programs.csv"

__all__ = [
    "DATA",
    "OUT",
    "SCHOOL",
    "SOURCES",
    "TRACK_QUALIFIERS",
    "FlResult",
    "ImRow",
    "Places",
    "build",
    "catalog_row",
    "classify_setting",
    "disambiguate",
    "institution_states",
    "main",
    "merge_fl_results",
    "read_fl_results",
    "read_im_directory",
    "read_institutions",
    "read_program_codes",
    "render",
    "same_place",
    "title_sites",
    "write_or_check",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if programs.csv is stale")
    parser.add_argument("--verbose", action="store_true", help="print every dropped row")
    args = parser.parse_args()
    log: list[str] = []
    rows = build(log)
    text = render(rows)
    if args.verbose:
        print("\n".join(log), file=sys.stderr)
    print(f"{len(rows)} programs; {len(log)} notes (use --verbose)", file=sys.stderr)
    status = write_or_check(OUT, text, args.check)
    # The per-program facts are derived from programs.csv: rebuilt (or checked) with it.
    import build_facts

    return status or write_or_check(build_facts.OUT, build_facts.render(build_facts.build()), args.check)


if __name__ == "__main__":
    sys.exit(main())
