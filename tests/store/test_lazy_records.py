"""Opening a state file imports only the record modules of the tables it holds (issue 26: the
store imported every one at open, interviews with lint and the calendar it reads, draft edits
and checks, couples, own figures, ~40 ms of every start-up before the first screen)."""

import subprocess
import sys
from pathlib import Path

from smartpick_tui.core.trackers import Record
from smartpick_tui.store import open_state
from smartpick_tui.store.schema import TABLES, record_class
from smartpick_tui.store.state import EDITED_TABLES, _edited_kind

LATER = (
    "smartpick_tui.core.interviews",
    "smartpick_tui.core.lint",
    "smartpick_tui.core.calendar",
    "smartpick_tui.core.draft_edits",
    "smartpick_tui.core.draft_checks",
    "smartpick_tui.core.couples",
    "smartpick_tui.core.own_figures",
)


def _loaded_after(code: str) -> set[str]:
    """The `LATER` modules a fresh interpreter holds after running `code`."""
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {LATER!r} if m in sys.modules))"
    return set(
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout.split()
    )


def test_every_table_names_a_record_class_that_reads_its_documents():
    for name, spec in TABLES.items():
        kind = record_class(spec.kind)
        assert isinstance(kind, type) and callable(kind.from_dict), name
        assert kind.__name__ == spec.kind.rpartition(":")[2], name
    for table in EDITED_TABLES:
        kind, noun = _edited_kind(table)
        assert issubclass(kind, Record) and noun == EDITED_TABLES[table]


def test_opening_a_profile_and_reading_it_imports_no_other_record_module(tmp_path: Path):
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(state.profile())
        state.patch_settings(theme="textual-light")
    code = (
        "from smartpick_tui.store import open_state\n"
        "import smartpick_tui.tui.app\n"
        f"state = open_state({str(db)!r})\n"
        "state.profile(); state.settings(); state.marks(); state.verify(); state.close()"
    )
    assert _loaded_after(code) == set()


def test_a_table_in_the_file_brings_its_module_when_read(tmp_path: Path):
    from smartpick_tui.core.interviews import Interview

    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.upsert_interview(Interview("Yale"))
    code = f"from smartpick_tui.store import open_state\nprint(len(open_state({str(db)!r}).interviews()))"
    assert "smartpick_tui.core.interviews" in _loaded_after(code)
    with open_state(db) as state:  # and the records read as before
        assert [interview.program_name for interview in state.interviews()] == ["Yale"]
