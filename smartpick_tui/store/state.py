"""The repository API over the user's TinyDB file: records in, `core` dataclasses out.

Screens and commands call these methods and get `core` dataclasses back; TinyDB documents
never leave this module. The file itself — the lock, the one durable write path, repair,
the size/type checks and the refusal of a newer schema — is `StateFile` (store/state_file.py):
every change here runs inside its `_writing()`, one read-modify-write under the inter-process
lock, written once, atomically and durably, before the method returns.

Table objects are built fresh for every change: TinyDB's own `TinyDB.table()` caches them,
and a cached table remembers its next document id, which another session may already have
used ("Document with ID 7 already exists").

Edits from a screen are merged, never written whole: a form is saved as a three-way merge
against the version it opened on (`save_edit`), a profile field against the value it showed
when typing began (`save_profile_fields`), a draft against the text last seen
(`save_draft_text`); a toggle patches one field of the record as it is on disk.

A little over the ~450 lines a module aims at: one method or two per record kind (profile,
settings, marks, aways, letters, outreach, checklist, drafts, figures, interviews, rank order,
couple), kept on one class because callers hold one `State`; file handling is `StateFile`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb.table import Table

from smartpick_tui.core.merge import Choice, resolved, three_way
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.trackers import (
    Away,
    ChecklistEntry,
    Letter,
    OutreachEntry,
    ProgramMark,
    Record,
    Settings,
)
from smartpick_tui.store.errors import (
    DraftConflictError,
    MergeConflictError,
    RecordDeletedError,
)
from smartpick_tui.store.schema import TABLES, record_class
from smartpick_tui.store.state_file import LOCK_TIMEOUT_S, StateFile

if TYPE_CHECKING:  # imported where used: a start-up reads none of them (issue 26, schema.TableSpec)
    from smartpick_tui.core.couples import Couple
    from smartpick_tui.core.draft_edits import DraftEdit
    from smartpick_tui.core.interviews import Criteria, Interview, RankOrder
    from smartpick_tui.core.own_figures import OwnFigure

__all__ = ["EDITED_TABLES", "LOCK_TIMEOUT_S", "State", "open_state"]

# The tables of records with an `id` that forms edit, and the noun messages use (the record's
# class is the table's `schema.TABLES` kind: `_edited_kind`).
EDITED_TABLES: dict[str, str] = {
    "aways": "away rotation",
    "letters": "letter",
    "outreach": "email",
    "interviews": "interview",
}


def _edited_kind(table: str) -> tuple[type[Record], str]:
    kind: type[Record] = record_class(TABLES[table].kind)
    return kind, EDITED_TABLES[table]


R = TypeVar("R", bound=Record)
T = TypeVar("T")


class State(StateFile):
    """One user's state file and its records (`StateFile` opens, locks and writes it). Use as a
    context manager, or call `close()`; `open_state` makes one."""

    def update(self, change: Callable[[State], T]) -> T:
        """Run several reads and changes as one locked, atomic unit (e.g. accept 40 picks at
        once, or increment a counter): all of it is saved, or none of it."""
        with self._writing():
            return change(self)

    # --- generic helpers ------------------------------------------------------------------
    def _table(self, name: str) -> Table:
        return Table(self._storage, name, cache_size=0)

    def _rows(self, table: str) -> list[dict[str, Any]]:
        with self._thread_lock:  # the tables are shared until copied (see storage)
            return [dict(doc) for doc in self._tables().get(table, {}).values()]

    def _records(self, table: str, kind: type[R]) -> list[R]:
        with self._thread_lock:
            return self._cache.records(self._tables(), table, kind)

    def _upsert(self, table: str, key: str, record: Record) -> None:
        doc = record.to_dict()
        with self._writing():  # in place on the batch's copy, O(1): see store/record_cache.py
            tables = self._tables()
            self._cache.upsert(tables, table, key, doc, type(record))
            self._storage.write(tables)

    def _delete(self, table: str, key: str, value: str) -> None:
        with self._writing():
            tables = self._tables()
            self._cache.delete(tables, table, key, value)
            self._storage.write(tables)  # written even when nothing matched, as TinyDB did

    def _replace_single(self, table: str, doc: dict[str, Any]) -> None:
        with self._writing():
            self._table(table).truncate()
            self._table(table).insert(doc)

    # --- field-level edits of id'd records (forms, toggles) -----------------------------------
    def _doc(self, table: str, record_id: str) -> dict[str, Any] | None:
        for row in self._rows(table):
            if row.get("id") == record_id:
                return row
        return None

    def patch_record(self, table: str, record_id: str, **changes: Any) -> Record:
        """Only these fields, over the record as it is on disk, inside the locked write (a
        toggle from a screen's copy never rewrites the rest). A record deleted in another
        session is not brought back: RecordDeletedError."""
        kind, noun = _edited_kind(table)
        with self._writing():
            doc = self._doc(table, record_id)
            if doc is None:
                raise RecordDeletedError(noun)
            record = kind.from_dict(doc).with_changes(**changes)
            self._upsert(table, "id", record)
        return record

    def save_edit(
        self,
        table: str,
        base: R | None,
        mine: R,
        choices: dict[str, Choice] | None = None,
        recreate: bool = False,
    ) -> R:
        """Save what a form holds (`mine`) as a three-way merge against the version it was
        opened on (`base`; None for a new record) and the record on disk now (theirs), inside
        the locked write. Only the fields the form changed are written; a field both sessions
        changed differently raises MergeConflictError unless `choices` says how to resolve it;
        a record deleted meanwhile (a tombstone: base exists, disk does not) raises
        RecordDeletedError unless `recreate` (the user chose "keep mine")."""
        kind, noun = _edited_kind(table)
        mine = mine.validated()
        with self._writing():
            theirs = None if base is None else self._doc(table, str(base.to_dict()["id"]))
            if base is None or theirs is None:
                if base is not None and not recreate:
                    raise RecordDeletedError(noun)
                self._upsert(table, "id", mine)
                return mine
            theirs = kind.from_dict(theirs).to_dict()  # defaults filled, as the form's copies
            changes = _merged(noun, base.to_dict(), mine.to_dict(), theirs, choices)
            record = kind.from_dict({**theirs, **changes})
            if changes:
                self._upsert(table, "id", record)
        return record  # type: ignore[return-value]

    # --- profile and settings -------------------------------------------------------------
    def profile(self) -> Profile:
        rows = self._rows("profile")
        return Profile.from_dict(rows[0]) if rows else Profile()

    def set_profile(self, profile: Profile) -> None:
        """Stored as read back: validated and cleaned field by field (ProfileError, a
        ValueError, names a bad field), like every tracker record."""
        self._replace_single("profile", Profile.from_dict(profile.to_dict()).to_dict())

    def patch_profile(self, **changes: Any) -> Profile:
        """Like `patch_mark`, for profile fields: the field typed here, over the profile on disk."""
        with self._writing():
            profile = self.profile().with_changes(**changes)
            self.set_profile(profile)
        return profile

    def save_profile_fields(
        self,
        base: Mapping[str, Any],
        mine: Mapping[str, Any],
        choices: Mapping[str, Choice] | None = None,
    ) -> Profile:
        """Save profile fields edited on a screen (`mine`, parsed values) as a three-way merge,
        inside the locked write: `base` is what each field showed when the edit began (the
        value last seen from disk), theirs the profile on disk now. A field only this session
        changed is written over the profile on disk; one another session changed meanwhile to
        something else raises MergeConflictError (noun "profile") unless `choices` resolves it,
        so two sessions typing into the same field never end with the last writer winning
        silently. Nothing is written when the disk already holds every value."""
        with self._writing():
            current = self.profile()
            theirs = {name: getattr(current, name) for name in mine}
            changes = _merged("profile", base, mine, theirs, choices)
            if all(theirs[name] == value for name, value in changes.items()):
                return current
            profile = current.with_changes(**changes)
            self.set_profile(profile)
        return profile

    def settings(self) -> Settings:
        rows = self._rows("settings")
        return Settings.from_dict(rows[0]) if rows else Settings()

    def set_settings(self, settings: Settings) -> None:
        self._replace_single("settings", settings.validated().to_dict())

    def patch_settings(self, **changes: Any) -> Settings:
        """Only these settings, over the ones on disk (a theme switch keeps the cost estimates)."""
        with self._writing():
            settings = self.settings().with_changes(**changes).validated()
            self.set_settings(settings)
        return settings

    # --- program marks ----------------------------------------------------------------------
    def marks(self) -> dict[str, ProgramMark]:
        return {mark.program_id: mark for mark in self._records("marks", ProgramMark)}

    def mark(self, program_id: str) -> ProgramMark:
        with self._thread_lock:
            found = self._cache.record(self._tables(), "marks", ProgramMark, "program_id", program_id)
        return found or ProgramMark(program_id)

    def set_mark(self, mark: ProgramMark) -> None:
        """Store a mark; an empty mark removes the entry."""
        mark = mark.validated()
        if mark.is_empty:
            self._delete("marks", "program_id", mark.program_id)
        else:
            self._upsert("marks", "program_id", mark)

    def patch_mark(self, program_id: str, **changes: Any) -> ProgramMark:
        """Change only these fields of the mark as it is on disk, inside the locked write:
        another session's change to another field of the same mark is kept (writing a whole
        mark rebuilt from a screen's copy erased it)."""
        with self._writing():
            mark = self.mark(program_id).with_changes(**changes)
            self.set_mark(mark)
        return mark

    # --- aways, letters, outreach -------------------------------------------------------------
    def aways(self) -> list[Away]:
        return self._records("aways", Away)

    def upsert_away(self, away: Away) -> Away:
        away = away.validated()
        self._upsert("aways", "id", away)
        return away

    def delete_away(self, away_id: str) -> None:
        self._delete("aways", "id", away_id)

    def letters(self) -> list[Letter]:
        return self._records("letters", Letter)

    def upsert_letter(self, letter: Letter) -> Letter:
        letter = letter.validated()
        self._upsert("letters", "id", letter)
        return letter

    def delete_letter(self, letter_id: str) -> None:
        self._delete("letters", "id", letter_id)

    def outreach(self) -> list[OutreachEntry]:
        return self._records("outreach", OutreachEntry)

    def upsert_outreach(self, entry: OutreachEntry) -> OutreachEntry:
        entry = entry.validated()
        self._upsert("outreach", "id", entry)
        return entry

    def delete_outreach(self, entry_id: str) -> None:
        self._delete("outreach", "id", entry_id)

    # --- checklist ---------------------------------------------------------------------------
    def checklist(self) -> dict[str, ChecklistEntry]:
        return {entry.step_id: entry for entry in self._records("checklist", ChecklistEntry)}

    def set_checklist(self, entry: ChecklistEntry) -> None:
        self._upsert("checklist", "step_id", entry.validated())

    def patch_checklist(self, step_id: str, **changes: Any) -> ChecklistEntry:
        """Like `patch_mark`, for one plan step: a tick keeps the note another session typed."""
        with self._writing():
            entry = self.checklist().get(step_id, ChecklistEntry(step_id)).with_changes(**changes)
            self.set_checklist(entry)
        return entry

    # --- edited drafts --------------------------------------------------------------------------
    def draft_edits(self) -> dict[str, DraftEdit]:
        """Every edited draft, by `core.draft_edits.draft_key`."""
        from smartpick_tui.core.draft_edits import DraftEdit

        return {edit.key: edit for edit in self._records("drafts", DraftEdit)}

    def draft_edit(self, key: str) -> DraftEdit | None:
        return self.draft_edits().get(key)

    def patch_draft_edit(self, edit: DraftEdit) -> DraftEdit:
        """Store the text of one edited draft over whatever is on disk for its key, inside the
        locked write; other keys (another session's drafts) are kept as they are on disk."""
        edit = edit.validated()
        self._upsert("drafts", "key", edit)
        return edit

    def delete_draft_edit(self, key: str) -> None:
        """Back to the template: the edit for `key` is gone."""
        self._delete("drafts", "key", key)

    # --- the student's own per-program figures (core.own_figures) ------------------------------
    def own_figures(self) -> dict[str, OwnFigure]:
        """The figures entered or imported, by program id."""
        from smartpick_tui.core.own_figures import OwnFigure

        return {figure.program_id: figure for figure in self._records("figures", OwnFigure)}

    def patch_own_figure(self, program_id: str, **changes: Any) -> OwnFigure:
        """Like `patch_mark`: only these fields, over the program's figures as they are on disk
        (another session's other field is kept); figures left empty remove the entry."""
        from smartpick_tui.core.own_figures import OwnFigure

        with self._writing():
            figure = self.own_figures().get(program_id, OwnFigure(program_id)).with_changes(**changes)
            self._set_own_figure(figure)
        return figure

    def import_own_figures(self, figures: list[OwnFigure]) -> None:
        """Store every figure of an import in one locked write (all of them, or none): each
        replaces that program's figures."""
        checked = [figure.validated() for figure in figures]
        with self._writing():
            for figure in checked:
                self._set_own_figure(figure)

    def delete_own_figures(self, program_ids: list[str]) -> int:
        """Remove the figures of these programs (one write); how many were there."""
        with self._writing():
            present = set(self.own_figures())
            gone = [program_id for program_id in program_ids if program_id in present]
            for program_id in gone:
                self._delete("figures", "program_id", program_id)
        return len(gone)

    def _set_own_figure(self, figure: OwnFigure) -> None:
        figure = figure.validated()
        if figure.is_empty:
            self._delete("figures", "program_id", figure.program_id)
        else:
            self._upsert("figures", "program_id", figure)

    def save_draft_text(self, edit: DraftEdit, seen: str | None, force: bool = False) -> DraftEdit:
        """Store the typed text of one draft only if the text on disk is still the one this session last
        saw (`seen`; None: no edit stored then). Another session's typing since then raises
        DraftConflictError with their text, so one side is never lost silently; `force` writes
        mine anyway (the user chose "keep mine" or "both")."""
        edit = edit.validated()
        with self._writing():
            current = self.draft_edit(edit.key)
            theirs = current.text if current else None
            if not force and theirs != seen and theirs != edit.text:
                raise DraftConflictError(theirs)
            if theirs != edit.text:
                self._upsert("drafts", "key", edit)
        return edit

    def reset_draft(self, key: str, seen: str | None, force: bool = False) -> None:
        """Drop the edit for `key` (back to the template), unless another session typed into
        it since this one last saw it (DraftConflictError, as `save_draft_text`)."""
        with self._writing():
            current = self.draft_edit(key)
            theirs = current.text if current else None
            if not force and theirs not in (seen, None):
                raise DraftConflictError(theirs)
            if current is not None:
                self._delete("drafts", "key", key)

    # --- interviews and the rank order list ------------------------------------------------------
    def interviews(self) -> list[Interview]:
        from smartpick_tui.core.interviews import Interview

        return self._records("interviews", Interview)

    def upsert_interview(self, interview: Interview) -> Interview:
        interview = interview.validated()
        self._upsert("interviews", "id", interview)
        return interview

    def patch_interview(self, interview_id: str, **changes: Any) -> Interview:
        """Like `patch_mark`: only these fields, over the interview as it is on disk. One
        deleted in another session is not brought back (RecordDeletedError says so)."""
        from smartpick_tui.core.interviews import Interview

        interview = self.patch_record("interviews", interview_id, **changes)
        assert isinstance(interview, Interview)
        return interview

    def delete_interview(self, interview_id: str) -> None:
        from smartpick_tui.core.interviews import RankOrder

        with self._writing():
            self._delete("interviews", "id", interview_id)
            order = self.rank_order().order
            if interview_id in order:
                self.set_rank_order(RankOrder(tuple(i for i in order if i != interview_id)))

    def criteria(self) -> Criteria:
        from smartpick_tui.core.interviews import Criteria

        rows = self._rows("criteria")
        return Criteria.from_dict(rows[0]) if rows else Criteria()

    def patch_criteria(self, **changes: Any) -> Criteria:
        """Names and weights typed here, over the criteria on disk."""
        with self._writing():
            criteria = self.criteria().with_changes(**changes)
            self._replace_single("criteria", criteria.to_dict())
        return criteria

    def couple(self) -> Couple:
        from smartpick_tui.core.couples import Couple

        rows = self._rows("couple")
        return Couple.from_dict(rows[0]) if rows else Couple()

    def patch_couple(self, **changes: Any) -> Couple:
        """The partner's fields typed here, over the record on disk."""
        with self._writing():
            couple = self.couple().with_changes(**changes)
            self._replace_single("couple", couple.to_dict())
        return couple

    def rank_order(self) -> RankOrder:
        from smartpick_tui.core.interviews import RankOrder

        rows = self._rows("rank_order")
        return RankOrder.from_dict(rows[0]) if rows else RankOrder()

    def set_rank_order(self, order: RankOrder) -> None:
        self._replace_single("rank_order", order.validated().to_dict())

    def ranked_interviews(self) -> list[Interview]:
        from smartpick_tui.core.interviews import ranked

        return ranked(self.interviews(), self.rank_order().order, self.criteria())

    def move_in_rank(self, interview_id: str, delta: int) -> list[Interview]:
        """Move one program up (delta < 0) or down the list as it is on disk, in the locked
        write: a move in another session a moment ago is kept, not overwritten by this
        screen's older order."""
        from smartpick_tui.core.interviews import RankOrder, moved

        with self._writing():
            ids = [interview.id for interview in self.ranked_interviews()]
            self.set_rank_order(RankOrder(tuple(moved(ids, interview_id, delta))))
            return self.ranked_interviews()

    def sort_rank_by_score(self) -> list[Interview]:
        """Order the list by the weighted ratings (criteria and weights as on disk)."""
        from smartpick_tui.core.interviews import RankOrder, by_score

        with self._writing():
            self.set_rank_order(RankOrder(tuple(by_score(self.ranked_interviews(), self.criteria()))))
            return self.ranked_interviews()


def _merged(
    noun: str,
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    choices: Mapping[str, Choice] | None,
) -> dict[str, Any]:
    """The fields to write over theirs (`core.merge.three_way`), each conflict resolved by its
    choice; MergeConflictError with the ones no choice covers."""
    merge = three_way(base, mine, theirs)
    changes = dict(merge.changes)
    unresolved = []
    for conflict in merge.conflicts:
        choice = (choices or {}).get(conflict.name)
        if choice is None:
            unresolved.append(conflict)
        else:
            changes[conflict.name] = resolved(conflict, choice)
    if unresolved:
        raise MergeConflictError(noun, tuple(unresolved))
    return changes


def open_state(path: Path | str, readonly: bool = False, backup_on_open: bool = True) -> State:
    """Open the state file at `path` (created on the first change; never by a read-only open)."""
    return State(Path(path), readonly=readonly, backup_on_open=backup_on_open)
