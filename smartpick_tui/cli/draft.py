"""`smartpick draft`: render an email or personal-statement draft, or check a text you wrote.

smartpick draft --list
smartpick draft KIND --program ID [--variant N] [--out FILE]
smartpick draft check FILE [--kind KIND]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from smartpick_tui.cli.common import (
    CliError,
    add_db_flag,
    add_profile_flags,
    check_replaceable,
    db_path,
    resolve_profile,
    shown,
)
from smartpick_tui.core.draft_checks import (
    DRAFT_SPECS,
    DraftKind,
    check_any,
    check_draft,
    draft_spec,
    facts_for,
)
from smartpick_tui.core.programs import Program
from smartpick_tui.core.sanitize import clean_line

CHECK = "check"
CHECK_MAX_BYTES = 1_000_000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "draft",
        help="render an email or personal-statement draft, or check a text you wrote",
        description="Render a draft from the shipped templates (and yours, in the config "
        "directory's templates/ folder), filled from the profile, the program and "
        "the trackers; or check your own text against the article's rules "
        "(`draft check FILE`, exit status 1 on a finding). With any profile flag, "
        "the flags describe the whole profile; without, the stored one is used.",
    )
    parser.add_argument("kind", nargs="?", metavar="KIND", help="kind of draft (see --list), or 'check'")
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="with 'check': the text to check ('-': stdin)"
    )
    parser.add_argument("--list", action="store_true", help="list the kinds of draft, one per line")
    parser.add_argument("--program", metavar="ID", help="program id (as in the catalog); needed for emails")
    parser.add_argument(
        "--variant",
        type=int,
        metavar="N",
        help="template variant (default: a stable choice per program)",
    )
    parser.add_argument("--out", metavar="FILE", help="write the draft to FILE instead of printing it")
    parser.add_argument("--force", action="store_true", help="with --out: replace FILE if it exists")
    parser.add_argument(
        "--kind",
        dest="check_kind",
        metavar="KIND",
        help="with 'check': the kind of draft the text is (adds its length and score rules)",
    )
    parser.add_argument(
        "--shipped-only",
        action="store_true",
        help="ignore your own templates in the config directory",
    )
    add_db_flag(parser)
    add_profile_flags(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.list:
        for spec in DRAFT_SPECS.values():
            note = ", only with a Step 1 fail" if spec.step1_fail_only else ""
            kind = "email" if spec.is_email else "snippet"
            print(f"{spec.kind.value:<17} {spec.title} ({kind}, {spec.source}{note})")
        return 0
    if args.kind is None:
        raise CliError("give a KIND (see `smartpick draft --list`) or `check FILE`")
    if args.kind == CHECK:
        return run_check(args)
    if args.file is not None:
        raise CliError(f"unexpected argument {args.file!r}; FILE goes with `draft check`")
    return run_render(args)


def parse_kind(raw: str, flag: str = "KIND") -> DraftKind:
    try:
        return DraftKind(raw.strip().lower())
    except ValueError:
        kinds = ", ".join(kind.value for kind in DraftKind)
        raise CliError(f"{flag}: {raw!r} is not a kind of draft; kinds: {kinds}") from None


def read_text(name: str) -> str:
    try:
        data = sys.stdin.buffer.read(CHECK_MAX_BYTES + 1) if name == "-" else Path(name).read_bytes()
    except OSError as error:
        raise CliError(f"cannot read {name}: {error.strerror or error}") from None
    if len(data) > CHECK_MAX_BYTES:
        raise CliError(f"{name} is larger than {CHECK_MAX_BYTES:,} bytes; is it really a draft?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{name} is not UTF-8 text") from None


def run_check(args: argparse.Namespace) -> int:
    if args.file is None:
        raise CliError("check: give the FILE to check ('-' for stdin)")
    text = read_text(args.file)
    facts = facts_for(resolve_profile(args), date.today())
    if args.check_kind:
        kind = parse_kind(args.check_kind, "--kind")
        findings = check_draft(kind, text, facts)
        checked_as = draft_spec(kind).title
    else:
        findings = check_any(text, facts)
        checked_as = "any draft (give --kind for the length and score rules of a kind)"
    for finding in findings:
        print(clean_line(str(finding)))
    if not findings:
        print(f"No findings; checked as {checked_as}.")
        return 0
    print(
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''}; checked as {checked_as}.",
        file=sys.stderr,
    )
    return 1


def find_program(args: argparse.Namespace, program_id: str) -> Program:
    from smartpick_tui.core.catalog import load_catalog
    from smartpick_tui.store.imports import imports_path

    catalog = load_catalog(imports_path(db_path(args)))
    program = catalog.by_id.get(program_id.strip())
    if program is None:
        problem = f" ({catalog.warnings[0]})" if catalog.warnings else ""
        raise CliError(f"--program: no program with id {program_id!r} in the catalog{problem}")
    return program


def run_render(args: argparse.Namespace) -> int:
    from smartpick_tui.drafts.catalog import load_templates
    from smartpick_tui.drafts.render import DraftError, DraftRequest, Renderer
    from smartpick_tui.store import open_state

    kind = parse_kind(args.kind)
    spec = draft_spec(kind)
    if args.variant is not None and args.variant < 1:
        raise CliError("--variant: variants are numbered from 1")
    program = find_program(args, args.program) if args.program else None
    if spec.is_email and program is None:
        raise CliError(f"--program: the {spec.title.lower()} is written to a program; give its id")
    profile = resolve_profile(args)
    with open_state(db_path(args), readonly=True) as state:
        aways, letters = state.aways(), state.letters()
    renderer = Renderer(load_templates(include_user=not args.shipped_only))
    draft = renderer.render(DraftRequest(kind, profile, program, aways, letters, args.variant, date.today()))
    if isinstance(draft, DraftError):
        raise CliError(clean_line(str(draft)))
    if args.out:
        from smartpick_tui.store.atomic import atomic_write_text

        out = Path(args.out).expanduser()
        check_replaceable(out, args.force, "--out")
        try:
            atomic_write_text(out, draft.text)
        except OSError as error:
            raise CliError(f"--out: cannot write {out}: {error.strerror or error}") from None
        print(f"Saved {spec.title.lower()} (variant {draft.template.label}) to {shown(out)}")
    else:
        sys.stdout.write(draft.text)
    for finding in draft.findings:
        print(f"check: {clean_line(str(finding))}", file=sys.stderr)
    return 0
