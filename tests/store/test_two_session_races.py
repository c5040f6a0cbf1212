"""Two sessions on one state file, for real (issue 25, items 1-3): each pair runs two real
SmartPick processes and interleaves them the way the issue's attacks did, ROUNDS times (every
case at least once; 100 rounds with `-m slow`), and counts what was lost. 0 is the bar.

- form vs toggle: session A opens an edit form (interview / away / letter) and types; session B
  toggles another field of the same record (thank-you, letter asked, uploaded); A saves.
  Before the three-way merge, A's save wrote the toggle back.
- form vs delete: A's form is open, B deletes the record, A saves: A is asked (keep mine /
  drop it) and the answer is what the file holds; the record never comes back silently.
- draft vs draft: both type into one draft; the second is asked (keep mine / theirs / both)
  when the first wrote since its screen last read the file (every other round), not when it
  had read it, and what it typed after is always kept.
- TUI vs CLI: A's form is open while `smartpick profile set` runs; both changes land.
- TUI vs browser session: B is the app in a browser (`smartpick serve`, its websocket, with the
  launch's token) pressing `t` on the interview while A's form is open.
- profile field vs profile field: A types into a Profile field, B types another value into the
  same field and saves; A saves (Enter, or leaving the field): A is asked (keep mine / keep
  theirs / both for a list) every round, and the file holds what A chose. The same with B as
  `smartpick profile set` (profile TUI vs CLI). Before, A's save silently replaced B's value.

Sessions are `app_session_worker.py` processes (the real app, headless, keys through Pilot);
the parent waits for each step's answer (or for the file to change), never for a clock. Cost:
one pair of app processes serves every pair of this module (`pair`, module-scoped: an app
start and each tab's first visit cost more CPU than a round), rounds are grouped by tab so a
session switches tab a few times, not every round, and the workers run the app's disk poll
and save-on-pause only when told (their clocks are set far away), so no step waits for one.
"""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from smartpick_tui.core.catalog import load_catalog
from smartpick_tui.core.geography import STATE_NAME
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rules import LetterKind
from smartpick_tui.core.trackers import Away, Letter, LetterStatus
from smartpick_tui.store import open_state

# The default run's rounds are the fewest that meet every case of every pair at least once: each
# kind of record twice (form vs delete: keep and drop), each draft choice on a stale screen and
# a fresh one, each profile field with each choice and both ways of saving (enter, tab). More:
# `RACE_ROUNDS=20`; the `slow` twins run 100 rounds of each pair.
ROUNDS = int(os.environ.get("RACE_ROUNDS", "6"))
PROFILE_ROUNDS = max(ROUNDS, 9)  # 3 fields, the list field with 3 choices (mine, theirs, both)
SLOW_ROUNDS = 100
SLOW_TIMEOUT_S = 1800  # 100 rounds on a loaded box: the suite's 300 s per test catches hangs in 20
WORKER = Path(__file__).with_name("app_session_worker.py")
DEADLINE_S = 180  # one step of a session: a hang, not a busy machine
TOKENS = "CDEFGHJKLNOPQRSUVWXYZ"  # upper case: no binding of the conflict questions (m, t, b)

pytestmark = pytest.mark.serial


def token(prefix: str, number: int) -> str:
    digits = []
    while True:
        number, rest = divmod(number, len(TOKENS))
        digits.append(TOKENS[rest])
        if not number:
            break
    return prefix + "".join(digits)


def isolated_env(tmp_path: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("SMARTPICK_")}
    return env | {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}


class Session:
    """One real app process (`app_session_worker.py`)."""

    def __init__(self, db: Path, tmp_path: Path, name: str) -> None:
        self.name = name
        self.tab: str | None = None
        self.log = (tmp_path / f"{name}.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            env=isolated_env(tmp_path),
            cwd=tmp_path,
        )
        self.answer = self._read()
        assert self.answer.get("ready"), self.answer

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], DEADLINE_S)
        assert ready, f"session {self.name} gave no answer in {DEADLINE_S} s"
        line = self.process.stdout.readline()
        assert line, f"session {self.name} ended: see {self.log.name}"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def do(self, op: str, **arguments: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps({"op": op, **arguments}) + "\n").encode())
        self.process.stdin.flush()
        self.answer = self._read()
        assert "error" not in self.answer, (self.name, op, arguments, self.answer)
        return self.answer

    @property
    def screen(self) -> str:
        return str(self.answer["screen"])

    def go(self, tab: str) -> None:
        """Show tab `tab` (a no-op when it is showing: a tab switch redraws the pane)."""
        if self.tab != tab:
            self.do("tab", key=tab)
            self.tab = tab

    @property
    def usable(self) -> bool:
        """Alive and on the main screen (a failed test may leave a dialog open)."""
        if self.process.poll() is not None:
            return False
        try:
            return self.do("look")["screen"] == "Screen"
        except AssertionError:
            return False

    def close(self) -> None:
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(b'{"op": "quit"}\n')
            self.process.stdin.close()
            self.process.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.log.close()


@dataclass
class Pair:
    """Two app sessions A and B on one state file, shared by this module's tests (each test
    uses its own records, fields or draft text, so what one leaves does not decide another)."""

    db: Path
    tmp_path: Path
    a: Session
    b: Session

    def fresh(self) -> tuple[Session, Session]:
        """Both sessions usable: one a failed test left behind is started again."""
        for name in ("a", "b"):
            session: Session = getattr(self, name)
            if not session.usable:
                session.close()
                setattr(self, name, Session(self.db, self.tmp_path, name.upper()))
        return self.a, self.b


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    tmp_path = tmp_path_factory.mktemp("races")
    db = seed(tmp_path)
    started = Pair(db, tmp_path, Session(db, tmp_path, "A"), Session(db, tmp_path, "B"))
    try:
        yield started
    finally:
        started.a.close()
        started.b.close()


def seed(tmp_path: Path) -> Path:
    db = tmp_path / "state.json"
    program = next(p for p in load_catalog(None).programs if p.specialty == "internal-medicine")
    with open_state(db) as state:
        state.set_profile(
            Profile(specialty="internal-medicine", step2=250, name="Test Student", school_name="Test School")
        )
        state.patch_mark(program.id, away_candidate=True)  # the Drafts tab's first program
        state.upsert_interview(Interview("Mayo Clinic", id="i1", invited_on="2026-09-01"))
        state.upsert_away(Away("Mayo Clinic", id="a1"))
        state.upsert_letter(Letter("Dr A", LetterKind.AWAY_SPECIALTY, id="l1"))
    return db


def on_disk(db: Path, table: str, record_id: str) -> dict[str, Any] | None:
    with open_state(db, readonly=True) as state:
        records = {"interviews": state.interviews, "aways": state.aways, "letters": state.letters}[table]()
    found = next((r for r in records if r.id == record_id), None)
    return None if found is None else found.to_dict()


# --- form vs toggle -------------------------------------------------------------------------------

# tab key, table, record, the field A's form types into, B's key, the field B's key changes
TOGGLES = (
    ("9", "interviews", "i1", "impressions", "t", "thank_you_sent"),
    ("5", "aways", "a1", "notes", "l", "letter_asked"),
    ("6", "letters", "l1", "notes", "u", "status"),
)


def kind_of(number: int, rounds: int, kinds: int) -> int:
    """Rounds in runs of one kind (one tab), every kind about as often: a tab switch per kind,
    not per round."""
    return number * kinds // rounds


def form_vs_toggle(pair: Pair, rounds: int) -> None:
    a, b = pair.fresh()
    db = pair.db
    lost: list[str] = []
    for number in range(rounds):
        tab, table, record, field, key, toggled = TOGGLES[kind_of(number, rounds, len(TOGGLES))]
        if table == "letters":  # "uploaded" is not a toggle: start each round from "asked"
            with open_state(db, backup_on_open=False) as state:
                (letter,) = [item for item in state.letters() if item.id == record]
                state.upsert_letter(letter.with_changes(status=LetterStatus.ASKED))
        for session in (a, b):
            session.go(tab)
            session.do("poll")
        before = on_disk(db, table, record)
        assert before is not None
        typed = token("A", number)
        a.do("select", id=record)
        assert a.do("press", keys=["e"])["screen"] == "RecordForm"
        a.do("set", field=field, text=typed)
        b.do("select", id=record)
        b.do("press", keys=[key])
        flipped = on_disk(db, table, record)
        assert flipped is not None and flipped[toggled] != before[toggled]  # B's change is on disk
        assert a.do("press", keys=["ctrl+s"])["screen"] != "RecordForm", a.answer  # saved, closed
        after = on_disk(db, table, record)
        assert after is not None
        if after[field] != typed:
            lost.append(f"round {number}: A's {table}.{field}")
        if after[toggled] != flipped[toggled]:
            lost.append(f"round {number}: B's {table}.{toggled}")
    assert lost == [], lost


def test_form_vs_toggle(pair: Pair) -> None:
    form_vs_toggle(pair, ROUNDS)


@pytest.mark.slow
@pytest.mark.timeout(SLOW_TIMEOUT_S)
def test_form_vs_toggle_long(pair: Pair) -> None:
    form_vs_toggle(pair, SLOW_ROUNDS)


# --- form vs delete -------------------------------------------------------------------------------


def form_vs_delete(pair: Pair, rounds: int) -> None:
    a, b = pair.fresh()
    db = pair.db
    silent: list[str] = []
    for number in range(rounds):
        tab, table, _record, field, _key, _toggled = TOGGLES[kind_of(number, rounds, len(TOGGLES))]
        record = f"del{rounds}-{number}"
        with open_state(db, backup_on_open=False) as state:  # a fresh record for the round
            if table == "interviews":
                state.upsert_interview(Interview(f"Program {number}", id=record))
            elif table == "aways":
                state.upsert_away(Away(f"Program {number}", id=record))
            else:
                state.upsert_letter(Letter(f"Dr {number}", LetterKind.AWAY_SPECIALTY, id=record))
        for session in (a, b):
            session.go(tab)
            session.do("poll")
        typed = token("A", number)
        a.do("select", id=record)
        assert a.do("press", keys=["e"])["screen"] == "RecordForm"
        a.do("set", field=field, text=typed)
        b.do("select", id=record)
        b.do("press", keys=["d"])
        assert b.do("press", keys=["y"])["screen"] != "ConfirmScreen"
        assert on_disk(db, table, record) is None  # deleted in B
        asked = a.do("press", keys=["ctrl+s"])["screen"]
        if asked != "DeletedElsewhereScreen":
            silent.append(f"round {number}: A was not asked ({asked})")
            continue
        keep = number % 2 == 0
        answered = a.do("press", keys=["k" if keep else "d"])["screen"]
        assert answered not in ("RecordForm", "DeletedElsewhereScreen"), answered
        after = on_disk(db, table, record)
        if keep and (after is None or after[field] != typed):
            silent.append(f"round {number}: 'keep mine' did not save A's {field}")
        if not keep and after is not None:
            silent.append(f"round {number}: 'drop it' brought the record back")
        with open_state(db, backup_on_open=False) as state:  # the shared file as it was seeded
            {"interviews": state.delete_interview, "aways": state.delete_away}.get(
                table, state.delete_letter
            )(record)
    assert silent == [], silent


def test_form_vs_delete(pair: Pair) -> None:
    form_vs_delete(pair, ROUNDS)


@pytest.mark.slow
@pytest.mark.timeout(SLOW_TIMEOUT_S)
def test_form_vs_delete_long(pair: Pair) -> None:
    form_vs_delete(pair, SLOW_ROUNDS)


# --- draft vs draft -------------------------------------------------------------------------------


def stored_draft_texts(db: Path) -> list[str]:
    with open_state(db, readonly=True) as state:
        return [edit.text for edit in state.draft_edits().values()]


def type_resolving(session: Session, text: str, choice: str) -> bool:
    """Type `text` at the end of the draft; a conflict met on the first key is answered with
    `choice`, then the rest is typed (as a user goes on after the question). True if asked."""
    asked = session.do("type", text=text[0])["screen"] == "MergeConflictScreen"
    if asked:
        assert session.do("press", keys=[choice])["screen"] != "MergeConflictScreen"
    session.do("type", text=text[1:])
    return asked


def draft_vs_draft(pair: Pair, rounds: int) -> None:
    a, b = pair.fresh()
    db = pair.db
    lost: list[str] = []
    asked_rounds = 0
    for session in (a, b):
        session.go("8")
    for number in range(rounds):
        a.do("poll")
        mine_a, mine_b = token(f" A{rounds}", number), token(f" B{rounds}", number)
        choice = "bmt"[(number // 2) % 3]
        type_resolving(a, mine_a, "b")  # A's base is fresh: not asked
        stale = number % 2 == 1  # B's screen: stale every other round, else it read A's typing
        if not stale:
            b.do("poll")
        asked = type_resolving(b, mine_b, choice)  # B is asked when its screen is stale
        asked_rounds += asked
        texts = stored_draft_texts(db)
        assert len(texts) == 1, texts  # one draft, one key
        (text,) = texts
        # the first key meets the question; what is typed after it must be there
        if mine_b[1:] not in text:
            lost.append(f"round {number}: B's typing ({mine_b!r} not in {text[-80:]!r}; {b.answer})")
        if mine_a[1:] not in text and not (asked and choice == "m"):  # 'keep mine' drops A by choice
            lost.append(f"round {number}: A's typing (asked={asked}, choice={choice})")
        if asked != stale:
            lost.append(f"round {number}: B {'was not' if stale else 'was'} asked (stale={stale})")
    assert lost == [], lost
    assert asked_rounds == rounds // 2  # every stale round met the question


def test_draft_vs_draft(pair: Pair) -> None:
    draft_vs_draft(pair, ROUNDS)


@pytest.mark.slow
@pytest.mark.timeout(SLOW_TIMEOUT_S)
def test_draft_vs_draft_long(pair: Pair) -> None:
    draft_vs_draft(pair, SLOW_ROUNDS)


# --- TUI vs CLI -----------------------------------------------------------------------------------


def profile_set(pair: Pair, *arguments: str) -> None:
    """`smartpick profile set ...` in another terminal: a process of its own each time."""
    done = subprocess.run(
        [sys.executable, "-m", "smartpick_tui", "--db", str(pair.db), "profile", "set", *arguments],
        capture_output=True,
        text=True,
        env=isolated_env(pair.tmp_path),
        timeout=DEADLINE_S,
    )
    assert done.returncode == 0, done.stderr


def tui_vs_cli(pair: Pair, rounds: int) -> None:
    a, _b = pair.fresh()
    db = pair.db
    lost: list[str] = []
    a.go("9")
    for number in range(rounds):
        a.do("poll")
        typed = token("A", number)
        a.do("select", id="i1")
        assert a.do("press", keys=["e"])["screen"] == "RecordForm"
        a.do("set", field="impressions", text=typed)
        profile_set(pair, "--step2", str(200 + number % 60))
        assert a.do("press", keys=["ctrl+s"])["screen"] != "RecordForm"
        with open_state(db, readonly=True) as state:
            if state.profile().step2 != 200 + number % 60:
                lost.append(f"round {number}: the CLI's step2")
            if next(i for i in state.interviews() if i.id == "i1").impressions != typed:
                lost.append(f"round {number}: the form's impressions")
    assert lost == [], lost


def test_tui_vs_cli(pair: Pair) -> None:
    tui_vs_cli(pair, ROUNDS)


@pytest.mark.slow
@pytest.mark.timeout(SLOW_TIMEOUT_S)
def test_tui_vs_cli_long(pair: Pair) -> None:
    tui_vs_cli(pair, SLOW_ROUNDS)


# --- profile field vs profile field -----------------------------------------------------------------

STATES = tuple(STATE_NAME)
PROFILE_FIELDS = ("step2", "name", "ties")


def profile_values(field: str, number: int) -> tuple[str, str]:
    """What A and B type into `field` in round `number`: valid, different from each other and
    from what an earlier round of the field left (the base), so each round is a real conflict."""
    if field == "step2":
        return str(200 + number % 40), str(241 + number % 40)  # (the seed's 250 is neither)
    if field == "ties":
        return STATES[(2 * number) % len(STATES)], STATES[(2 * number + 1) % len(STATES)]
    return token("Ana ", number), token("Bo ", number)


def kept(field: str, choice: str, mine: str, theirs: str) -> object:
    """The field's stored value after `choice` (m / t / b), as the store keeps it."""
    if field == "ties":
        return {"m": (mine,), "t": (theirs,)}.get(choice, (theirs, mine))
    value = mine if choice == "m" else theirs
    return int(value) if field == "step2" else value


def stored_field(db: Path, field: str) -> object:
    with open_state(db, readonly=True) as state:
        return getattr(state.profile(), field)


def save_over_other(pair: Pair, a: Session, other: Any, rounds: int) -> None:
    """Each round: A types into a Profile field (not saved yet), `other(field, text)` saves
    another value into the same field, A saves (Enter, or leaving the field with tab): A must
    be asked every round, the file must hold what A chose, and A's field must show it saved."""
    db = pair.db
    lost: list[str] = []
    asked = 0
    a.go("1")
    for number in range(rounds):
        field = PROFILE_FIELDS[kind_of(number, rounds, len(PROFILE_FIELDS))]
        a.do("poll")  # A shows the disk: its base is the value there now
        mine, theirs = profile_values(field, number)
        assert a.do("profile", field=field, text=mine)["label"].endswith("*")  # typed, not saved
        other(field, theirs)
        assert stored_field(db, field) == kept(field, "t", mine, theirs)  # the other's save landed
        trigger = ["enter", "tab"][number % 2]
        if a.do("press", keys=[trigger])["screen"] != "MergeConflictScreen":
            lost.append(f"round {number}: A's {field} was saved without asking ({trigger})")
            continue
        asked += 1
        assert stored_field(db, field) == kept(field, "t", mine, theirs)  # nothing written yet
        choices = "mtb" if field == "ties" else "mt"
        choice = choices[number % len(choices)]
        assert a.do("press", keys=[choice])["screen"] == "Screen"
        wanted = kept(field, choice, mine, theirs)
        if stored_field(db, field) != wanted:
            lost.append(f"round {number}: {field} is {stored_field(db, field)!r}, chose {choice}: {wanted!r}")
        if a.do("look", field=field)["label"].endswith(("*", "!")):
            lost.append(f"round {number}: A's {field} still marked after its choice was saved")
    assert lost == [], lost
    assert asked == rounds  # every conflict surfaced


def profile_vs_profile(pair: Pair, rounds: int) -> None:
    a, b = pair.fresh()
    b.go("1")

    def b_saves(field: str, text: str) -> None:
        b.do("poll")
        assert b.do("profile", field=field, text=text, keys=["enter"])["screen"] == "Screen"

    save_over_other(pair, a, b_saves, rounds)


def test_profile_vs_profile(pair: Pair) -> None:
    profile_vs_profile(pair, PROFILE_ROUNDS)


@pytest.mark.slow
@pytest.mark.timeout(SLOW_TIMEOUT_S)
def test_profile_vs_profile_long(pair: Pair) -> None:
    profile_vs_profile(pair, SLOW_ROUNDS)


def profile_tui_vs_cli(pair: Pair, rounds: int) -> None:
    a, _b = pair.fresh()
    option = {"step2": "--step2", "name": "--name", "ties": "--ties"}
    save_over_other(pair, a, lambda field, text: profile_set(pair, option[field], text), rounds)


def test_profile_tui_vs_cli(pair: Pair) -> None:
    profile_tui_vs_cli(pair, PROFILE_ROUNDS)


@pytest.mark.slow
@pytest.mark.timeout(SLOW_TIMEOUT_S)
def test_profile_tui_vs_cli_long(pair: Pair) -> None:
    profile_tui_vs_cli(pair, SLOW_ROUNDS)


# --- TUI vs browser session --------------------------------------------------------------------


class Browser:
    """A browser session of `smartpick serve`: the page's websocket, authorised by the launch's
    token cookie, sending keys as the page does (["stdin", key]); what it draws is drained."""

    def __init__(self, db: Path, tmp_path: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.server = subprocess.Popen(
            [sys.executable, "-m", "smartpick_tui", "--db", str(db), "serve", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=isolated_env(tmp_path),
            text=True,
        )
        assert self.server.stdout is not None
        line = self.server.stdout.readline()
        self.url = line.split(": ", 1)[1].split()[0]
        self.base = self.url.split("/?", 1)[0]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.received = 0
        self._call(self._connect(), timeout=DEADLINE_S)

    def _call(self, coroutine: Any, timeout: float = DEADLINE_S) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _connect(self) -> None:
        for _ in range(600):  # the server prints its address before it listens
            try:
                self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
                await self.session.get(self.url)
                break
            except aiohttp.ClientConnectorError:
                await self.session.close()
                await asyncio.sleep(0.1)
        self.ws = await self.session.ws_connect(
            f"{self.base}/ws?width=100&height=40", headers={"Origin": self.base}
        )
        self.loop.create_task(self._drain())

    async def _drain(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += len(message.data)

    def wait_drawn(self, at_least: int) -> None:
        deadline = time.monotonic() + DEADLINE_S
        while self.received < at_least:
            assert time.monotonic() < deadline, "the browser session drew nothing"
            time.sleep(0.05)

    def press(self, key: str) -> None:
        assert self.ws is not None
        self._call(self.ws.send_str(json.dumps(["stdin", key])))

    def close(self) -> None:
        try:
            if self.ws is not None:
                self._call(self.ws.close(), timeout=30)
            self._call(self.session.close(), timeout=30)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()


def wait_for(check: Any, what: str) -> None:
    """Until `check()` holds: the file is what the other session's key changed (driven by the
    change itself, with a deadline only against a hang)."""
    deadline = time.monotonic() + DEADLINE_S
    while not check():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def tui_vs_browser(pair: Pair, rounds: int) -> None:
    a, _b = pair.fresh()
    db = pair.db
    lost: list[str] = []
    browser = Browser(db, pair.tmp_path)
    try:
        browser.wait_drawn(1000)  # the app is up in the page
        a.go("9")
        browser.press("9")  # the browser session on the Interviews tab, its cursor on i1
        for number in range(rounds):
            a.do("poll")
            before = on_disk(db, "interviews", "i1")
            assert before is not None
            typed = token("A", number)
            a.do("select", id="i1")
            assert a.do("press", keys=["e"])["screen"] == "RecordForm"
            a.do("set", field="impressions", text=typed)
            browser.press("t")
            wait_for(
                lambda before=before: (
                    (on_disk(db, "interviews", "i1") or {}).get("thank_you_sent") != before["thank_you_sent"]
                ),
                "the browser's thank-you toggle",
            )
            assert a.do("press", keys=["ctrl+s"])["screen"] != "RecordForm"
            after = on_disk(db, "interviews", "i1")
            assert after is not None
            if after["impressions"] != typed:
                lost.append(f"round {number}: the terminal's impressions")
            if after["thank_you_sent"] == before["thank_you_sent"]:
                lost.append(f"round {number}: the browser's thank-you")
    finally:
        browser.close()
    assert lost == [], lost


def test_tui_vs_browser(pair: Pair) -> None:
    tui_vs_browser(pair, ROUNDS)


@pytest.mark.slow
@pytest.mark.timeout(SLOW_TIMEOUT_S)
def test_tui_vs_browser_long(pair: Pair) -> None:
    tui_vs_browser(pair, SLOW_ROUNDS)
