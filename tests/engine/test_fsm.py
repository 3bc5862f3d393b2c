"""The state table, checked pair by pair against RFC 9293 as written out again here.

The expectations below are a second, independent transcription of RFC 9293 sections
3.10.1-3.10.8 (and Figure 5 with its notes), in a different form from the table in
tcpquiz/engine/fsm.py, so a slip in either shows up as a mismatch.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tcpquiz.engine import fsm
from tcpquiz.engine.fsm import Event, Machine, Origin, State, TransitionRefused
from tcpquiz.errors import TcpquizError

# "STATE EVENT [origin] [name=value ...] -> NEXT [FLAGS]", "STATE EVENT [...] dropped", "STATE EVENT
# refused [REPLY]" or "STATE EVENT no-window". The conditions are RFC 5961 section 3.2 for a RST
# (seq), 3.10.7.3 for a RST in SYN-SENT (ack), 3.6.1 MAY-2 with RFC 6191 for a SYN in TIME-WAIT
# (syn), 3.6 SHLD-2 for a CLOSE with unread data (unread), and Linux's full SYN queue (queue) and
# accept queue (accept).
EXPECTED = """
CLOSED passive-open -> LISTEN
CLOSED active-open -> SYN-SENT SYN
CLOSED send refused connection does not exist
CLOSED close refused connection does not exist
CLOSED abort refused connection does not exist
CLOSED rcv-syn -> CLOSED RST,ACK
CLOSED rcv-syn-ack -> CLOSED RST
CLOSED rcv-ack -> CLOSED RST
CLOSED rcv-fin -> CLOSED RST
CLOSED rcv-fin-ack -> CLOSED RST
CLOSED rcv-fin-no-ack -> CLOSED RST,ACK
CLOSED rcv-rst dropped
CLOSED rcv-unacceptable no-window
CLOSED timeout-2msl refused
CLOSED timeout-fin-wait-2 refused

LISTEN passive-open refused connection already exists
LISTEN active-open -> SYN-SENT SYN
LISTEN send -> SYN-SENT SYN
LISTEN close -> CLOSED
LISTEN abort -> CLOSED
LISTEN rcv-syn queue=room -> SYN-RECEIVED SYN,ACK
LISTEN rcv-syn queue=full dropped
LISTEN rcv-syn queue=cookie -> LISTEN SYN,ACK
LISTEN rcv-syn queue=accept-full dropped
LISTEN rcv-syn-ack -> LISTEN RST
LISTEN rcv-ack -> LISTEN RST
LISTEN rcv-fin -> LISTEN RST
LISTEN rcv-fin-ack -> LISTEN RST
LISTEN rcv-fin-no-ack dropped
LISTEN rcv-rst dropped
LISTEN rcv-unacceptable no-window
LISTEN timeout-2msl refused
LISTEN timeout-fin-wait-2 refused

SYN-SENT passive-open refused connection already exists
SYN-SENT active-open refused connection already exists
SYN-SENT send -> SYN-SENT
SYN-SENT close -> CLOSED
SYN-SENT abort -> CLOSED
SYN-SENT rcv-syn -> SYN-RECEIVED SYN,ACK
SYN-SENT rcv-syn-ack -> ESTABLISHED ACK
SYN-SENT rcv-ack dropped
SYN-SENT rcv-fin dropped
SYN-SENT rcv-fin-ack -> SYN-SENT RST
SYN-SENT rcv-fin-no-ack dropped
SYN-SENT rcv-rst ack=ours -> CLOSED
SYN-SENT rcv-rst ack=not-ours dropped
SYN-SENT rcv-unacceptable no-window
SYN-SENT timeout-2msl refused
SYN-SENT timeout-fin-wait-2 refused

SYN-RECEIVED passive-open refused connection already exists
SYN-RECEIVED active-open refused connection already exists
SYN-RECEIVED send -> SYN-RECEIVED
SYN-RECEIVED close -> FIN-WAIT-1 FIN
SYN-RECEIVED abort -> CLOSED RST
SYN-RECEIVED rcv-syn passive -> LISTEN
SYN-RECEIVED rcv-syn active -> SYN-RECEIVED ACK
SYN-RECEIVED rcv-syn-ack -> SYN-RECEIVED ACK
SYN-RECEIVED rcv-ack accept=room -> ESTABLISHED
SYN-RECEIVED rcv-ack accept=full dropped
SYN-RECEIVED rcv-ack accept=full-abort -> LISTEN RST
SYN-RECEIVED rcv-fin accept=room -> CLOSE-WAIT ACK
SYN-RECEIVED rcv-fin accept=full dropped
SYN-RECEIVED rcv-fin accept=full-abort -> LISTEN RST
SYN-RECEIVED rcv-fin-ack -> SYN-RECEIVED RST
SYN-RECEIVED rcv-fin-no-ack dropped
SYN-RECEIVED rcv-rst passive seq=at-rcv-nxt -> LISTEN
SYN-RECEIVED rcv-rst active seq=at-rcv-nxt -> CLOSED
SYN-RECEIVED rcv-rst seq=in-window -> SYN-RECEIVED ACK
SYN-RECEIVED rcv-rst seq=outside-window dropped
SYN-RECEIVED rcv-unacceptable -> SYN-RECEIVED ACK
SYN-RECEIVED timeout-2msl refused
SYN-RECEIVED timeout-fin-wait-2 refused

ESTABLISHED passive-open refused connection already exists
ESTABLISHED active-open refused connection already exists
ESTABLISHED send -> ESTABLISHED ACK
ESTABLISHED close unread=none -> FIN-WAIT-1 FIN
ESTABLISHED close unread=pending -> CLOSED RST
ESTABLISHED abort -> CLOSED RST
ESTABLISHED rcv-syn -> ESTABLISHED ACK
ESTABLISHED rcv-syn-ack -> ESTABLISHED ACK
ESTABLISHED rcv-ack -> ESTABLISHED
ESTABLISHED rcv-fin -> CLOSE-WAIT ACK
ESTABLISHED rcv-fin-ack -> ESTABLISHED ACK
ESTABLISHED rcv-fin-no-ack dropped
ESTABLISHED rcv-rst seq=at-rcv-nxt -> CLOSED
ESTABLISHED rcv-rst seq=in-window -> ESTABLISHED ACK
ESTABLISHED rcv-rst seq=outside-window dropped
ESTABLISHED rcv-unacceptable -> ESTABLISHED ACK
ESTABLISHED timeout-2msl refused
ESTABLISHED timeout-fin-wait-2 refused

FIN-WAIT-1 passive-open refused connection already exists
FIN-WAIT-1 active-open refused connection already exists
FIN-WAIT-1 send refused connection closing
FIN-WAIT-1 close refused connection closing
FIN-WAIT-1 abort -> CLOSED RST
FIN-WAIT-1 rcv-syn -> FIN-WAIT-1 ACK
FIN-WAIT-1 rcv-syn-ack -> FIN-WAIT-1 ACK
FIN-WAIT-1 rcv-ack -> FIN-WAIT-2
FIN-WAIT-1 rcv-fin -> CLOSING ACK
FIN-WAIT-1 rcv-fin-ack -> TIME-WAIT ACK
FIN-WAIT-1 rcv-fin-no-ack dropped
FIN-WAIT-1 rcv-rst seq=at-rcv-nxt -> CLOSED
FIN-WAIT-1 rcv-rst seq=in-window -> FIN-WAIT-1 ACK
FIN-WAIT-1 rcv-rst seq=outside-window dropped
FIN-WAIT-1 rcv-unacceptable -> FIN-WAIT-1 ACK
FIN-WAIT-1 timeout-2msl refused
FIN-WAIT-1 timeout-fin-wait-2 refused

FIN-WAIT-2 passive-open refused connection already exists
FIN-WAIT-2 active-open refused connection already exists
FIN-WAIT-2 send refused connection closing
FIN-WAIT-2 close refused connection closing
FIN-WAIT-2 abort -> CLOSED RST
FIN-WAIT-2 rcv-syn -> FIN-WAIT-2 ACK
FIN-WAIT-2 rcv-syn-ack -> FIN-WAIT-2 ACK
FIN-WAIT-2 rcv-ack -> FIN-WAIT-2
FIN-WAIT-2 rcv-fin -> TIME-WAIT ACK
FIN-WAIT-2 rcv-fin-ack -> TIME-WAIT ACK
FIN-WAIT-2 rcv-fin-no-ack dropped
FIN-WAIT-2 rcv-rst seq=at-rcv-nxt -> CLOSED
FIN-WAIT-2 rcv-rst seq=in-window -> FIN-WAIT-2 ACK
FIN-WAIT-2 rcv-rst seq=outside-window dropped
FIN-WAIT-2 rcv-unacceptable -> FIN-WAIT-2 ACK
FIN-WAIT-2 timeout-2msl refused
FIN-WAIT-2 timeout-fin-wait-2 -> CLOSED

CLOSE-WAIT passive-open refused connection already exists
CLOSE-WAIT active-open refused connection already exists
CLOSE-WAIT send -> CLOSE-WAIT ACK
CLOSE-WAIT close unread=none -> LAST-ACK FIN
CLOSE-WAIT close unread=pending -> CLOSED RST
CLOSE-WAIT abort -> CLOSED RST
CLOSE-WAIT rcv-syn -> CLOSE-WAIT ACK
CLOSE-WAIT rcv-syn-ack -> CLOSE-WAIT ACK
CLOSE-WAIT rcv-ack -> CLOSE-WAIT
CLOSE-WAIT rcv-fin -> CLOSE-WAIT ACK
CLOSE-WAIT rcv-fin-ack -> CLOSE-WAIT ACK
CLOSE-WAIT rcv-fin-no-ack dropped
CLOSE-WAIT rcv-rst seq=at-rcv-nxt -> CLOSED
CLOSE-WAIT rcv-rst seq=in-window -> CLOSE-WAIT ACK
CLOSE-WAIT rcv-rst seq=outside-window dropped
CLOSE-WAIT rcv-unacceptable -> CLOSE-WAIT ACK
CLOSE-WAIT timeout-2msl refused
CLOSE-WAIT timeout-fin-wait-2 refused

CLOSING passive-open refused connection already exists
CLOSING active-open refused connection already exists
CLOSING send refused connection closing
CLOSING close refused connection closing
CLOSING abort -> CLOSED
CLOSING rcv-syn -> CLOSING ACK
CLOSING rcv-syn-ack -> CLOSING ACK
CLOSING rcv-ack -> TIME-WAIT
CLOSING rcv-fin -> CLOSING ACK
CLOSING rcv-fin-ack -> TIME-WAIT ACK
CLOSING rcv-fin-no-ack dropped
CLOSING rcv-rst seq=at-rcv-nxt -> CLOSED
CLOSING rcv-rst seq=in-window -> CLOSING ACK
CLOSING rcv-rst seq=outside-window dropped
CLOSING rcv-unacceptable -> CLOSING ACK
CLOSING timeout-2msl refused
CLOSING timeout-fin-wait-2 refused

LAST-ACK passive-open refused connection already exists
LAST-ACK active-open refused connection already exists
LAST-ACK send refused connection closing
LAST-ACK close refused connection closing
LAST-ACK abort -> CLOSED
LAST-ACK rcv-syn -> LAST-ACK ACK
LAST-ACK rcv-syn-ack -> LAST-ACK ACK
LAST-ACK rcv-ack -> CLOSED
LAST-ACK rcv-fin -> LAST-ACK ACK
LAST-ACK rcv-fin-ack -> CLOSED
LAST-ACK rcv-fin-no-ack dropped
LAST-ACK rcv-rst seq=at-rcv-nxt -> CLOSED
LAST-ACK rcv-rst seq=in-window -> LAST-ACK ACK
LAST-ACK rcv-rst seq=outside-window dropped
LAST-ACK rcv-unacceptable -> LAST-ACK ACK
LAST-ACK timeout-2msl refused
LAST-ACK timeout-fin-wait-2 refused

TIME-WAIT passive-open refused connection already exists
TIME-WAIT active-open refused connection already exists
TIME-WAIT send refused connection closing
TIME-WAIT close refused connection closing
TIME-WAIT abort -> CLOSED
TIME-WAIT rcv-syn syn=not-newer -> TIME-WAIT ACK
TIME-WAIT rcv-syn syn=ts-older -> TIME-WAIT ACK
TIME-WAIT rcv-syn syn=seq-above -> SYN-RECEIVED SYN,ACK
TIME-WAIT rcv-syn syn=ts-newer -> SYN-RECEIVED SYN,ACK
TIME-WAIT rcv-syn-ack -> TIME-WAIT ACK
TIME-WAIT rcv-ack dropped
TIME-WAIT rcv-fin -> TIME-WAIT ACK
TIME-WAIT rcv-fin-ack -> TIME-WAIT ACK
TIME-WAIT rcv-fin-no-ack dropped
TIME-WAIT rcv-rst seq=at-rcv-nxt -> CLOSED
TIME-WAIT rcv-rst seq=in-window -> TIME-WAIT ACK
TIME-WAIT rcv-rst seq=outside-window dropped
TIME-WAIT rcv-unacceptable -> TIME-WAIT ACK
TIME-WAIT timeout-2msl -> CLOSED
TIME-WAIT timeout-fin-wait-2 refused
"""


Expectation = tuple[State, Event, Origin | None, dict[str, str], str, tuple[str, ...]]


def _expectations() -> list[Expectation]:
    rows = []
    for line in EXPECTED.strip().splitlines():
        if not line.strip():
            continue
        words = line.split()
        state, event, rest = State(words[0]), Event(words[1]), words[2:]
        origin = None
        if rest[0] in ("passive", "active"):
            origin, rest = Origin(rest[0]), rest[1:]
        conditions = {}
        while "=" in rest[0]:
            name, value = rest[0].split("=")
            conditions[name], rest = value, rest[1:]
        rows.append((state, event, origin, conditions, rest[0], tuple(rest[1:])))
    return rows


EXPECTATIONS = _expectations()


def test_the_expectations_cover_every_pair() -> None:
    pairs = {(state, event) for state, event, *_ in EXPECTATIONS}
    assert len(pairs) == 11 * len(Event) == 11 * 15


@pytest.mark.parametrize(("state", "event", "origin", "conditions", "outcome", "rest"), EXPECTATIONS,
                         ids=[f"{s}:{e}" + (f":{o}" if o else "") + "".join(f":{v}" for v in c.values())
                              for s, e, o, c, _, _ in EXPECTATIONS])
def test_each_state_and_event(state: State, event: Event, origin: Origin | None, conditions: dict[str, str],
                              outcome: str, rest: tuple[str, ...]) -> None:
    if outcome == "refused":
        with pytest.raises(TransitionRefused) as refused:
            fsm.transition(state, event, origin)
        if rest:
            assert refused.value.refusal.reply == " ".join(rest)
        return
    if outcome == "no-window":
        with pytest.raises(ValueError, match="receive window"):
            fsm.transition(state, event, origin)
        return
    row = fsm.transition(state, event, origin, **conditions)
    if outcome == "dropped":
        assert (row.ignored, row.next, row.send) == (True, state, "")
        return
    assert outcome == "->"
    assert row.next == State(rest[0])
    assert row.send == (rest[1] if len(rest) > 1 else "")
    assert not row.ignored


def test_rows_carry_flags_sections_and_both_languages() -> None:
    for row in fsm.TRANSITIONS:
        assert row.send in ("SYN", "SYN,ACK", "ACK", "FIN", "RST", "RST,ACK", "")
        assert row.rfc.startswith("3.") or row.rfc in ("Linux tcp_fin_timeout", "Linux tcp_abort_on_overflow",
                                                        "Linux tcp_syncookies",
                                                        "Linux net/ipv4/tcp_input.c (tcp_conn_request)")
        assert row.en.strip() and row.zh.strip()
        if row.ignored:
            assert row.send == "" and row.next is row.state
    for refusal in fsm.REFUSALS:
        assert refusal.rfc.startswith(("3.10", "Linux")) and refusal.en.strip() and refusal.zh.strip()


def test_every_row_is_transcribed_once() -> None:
    transcribed = [e for e in EXPECTATIONS if e[4] in ("->", "dropped")]
    assert len(transcribed) == len(fsm.TRANSITIONS)


def _assignments(names: list[str]) -> list[dict[str, str]]:
    values = {"origin": ["passive", "active"], **{name: list(fsm.CONDITIONS[name]) for name in fsm.CONDITIONS}}
    assignments: list[dict[str, str]] = [{}]
    for name in names:
        assignments = [{**a, name: value} for a in assignments for value in values[name]]
    return assignments


@pytest.mark.parametrize("state", list(State))
def test_no_two_rows_contradict_and_every_case_has_one(state: State) -> None:
    """For every assignment of the conditions a pair depends on, exactly one row applies, so
    `fsm --json` never lists two outcomes for one situation."""
    for event in Event:
        rows = fsm.rows_for(state, event)
        names = sorted(fsm.depends_on(state, event))
        for assignment in _assignments(names):
            matching = [row for row in rows
                        if all(assignment[name] == value for name, value in row.conditions().items())]
            assert len(matching) == (1 if rows else 0), (state, event, assignment)


def test_a_missing_condition_is_named() -> None:
    with pytest.raises(ValueError, match="seq"):
        fsm.transition(State.ESTABLISHED, Event.RCV_RST)
    with pytest.raises(ValueError, match="syn"):
        fsm.transition(State.TIME_WAIT, Event.RCV_SYN)
    # A condition the pair does not depend on is ignored.
    assert fsm.transition(State.ESTABLISHED, Event.RCV_ACK, seq="in-window").next is State.ESTABLISHED


def test_figure_5_is_exactly_the_rfc_s_arrows() -> None:
    """RFC 9293 Figure 5 draws 20 arrows, one of them SYN-RECEIVED -> LISTEN on a RST (note 1),
    and not FIN-WAIT-1 -> TIME-WAIT, which note 2 describes instead."""
    drawn = {(state.value, fsm.transition(state, event, fsm.Origin.PASSIVE, **fsm.DEFAULT_CONDITIONS).next.value)
             for state, event in fsm.FIGURE_5}
    assert drawn == {
        ("CLOSED", "LISTEN"), ("LISTEN", "CLOSED"), ("CLOSED", "SYN-SENT"), ("SYN-SENT", "CLOSED"),
        ("LISTEN", "SYN-RECEIVED"), ("LISTEN", "SYN-SENT"), ("SYN-SENT", "SYN-RECEIVED"), ("SYN-RECEIVED", "LISTEN"),
        ("SYN-RECEIVED", "ESTABLISHED"), ("SYN-SENT", "ESTABLISHED"), ("SYN-RECEIVED", "FIN-WAIT-1"),
        ("ESTABLISHED", "FIN-WAIT-1"), ("ESTABLISHED", "CLOSE-WAIT"), ("FIN-WAIT-1", "FIN-WAIT-2"),
        ("FIN-WAIT-1", "CLOSING"), ("CLOSE-WAIT", "LAST-ACK"), ("FIN-WAIT-2", "TIME-WAIT"), ("CLOSING", "TIME-WAIT"),
        ("LAST-ACK", "CLOSED"), ("TIME-WAIT", "CLOSED"),
    }
    assert len(fsm.FIGURE_5) == 20 and fsm.NOTE_2 not in fsm.FIGURE_5


def test_the_json_of_a_row_has_the_issue_s_keys() -> None:
    row = fsm.transition(State.SYN_SENT, Event.RCV_SYN_ACK)
    assert row.as_json() == {"state": "SYN-SENT", "event": "rcv-syn-ack", "conditions": {}, "next": "ESTABLISHED",
                             "send": "ACK", "rfc": "3.10.7.3"}
    row = fsm.transition(State.SYN_RECEIVED, Event.RCV_RST, fsm.Origin.PASSIVE, seq="at-rcv-nxt")
    assert row.as_json()["conditions"] == {"origin": "passive", "seq": "at-rcv-nxt"}


def test_a_refusal_is_a_tcpquiz_error_with_one_sentence() -> None:
    with pytest.raises(TcpquizError) as error:
        fsm.transition(State.TIME_WAIT, Event.CLOSE)
    message = str(error.value)
    assert message.endswith(".") and message.count(". ") == 0
    assert "TIME-WAIT" in message and "connection closing" in message and "3.10.4" in message


def test_syn_received_needs_to_know_how_it_began() -> None:
    assert fsm.depends_on_origin(State.SYN_RECEIVED, Event.RCV_RST)
    with pytest.raises(ValueError):
        fsm.transition(State.SYN_RECEIVED, Event.RCV_RST)


def test_the_machine_remembers_the_origin() -> None:
    machine = Machine()
    for event in (Event.PASSIVE_OPEN, Event.RCV_SYN, Event.RCV_RST):
        _, machine = machine.apply(event, seq="at-rcv-nxt", queue="room")
    assert machine == Machine(State.LISTEN, Origin.PASSIVE)  # Figure 5, note 1
    machine = Machine()
    for event in (Event.ACTIVE_OPEN, Event.RCV_SYN, Event.RCV_RST):
        _, machine = machine.apply(event, seq="at-rcv-nxt")
    assert machine.state is State.CLOSED
    _, machine = Machine(State.LISTEN, Origin.PASSIVE).apply(Event.SEND)  # passive turned active (3.10.2)
    assert machine == Machine(State.SYN_SENT, Origin.ACTIVE)


@given(st.lists(st.sampled_from(list(Event)), max_size=60))
def test_any_event_sequence_stays_in_the_eleven_states(events: list[Event]) -> None:
    machine = Machine()
    for event in events:
        try:
            row, after = machine.apply(event, **fsm.DEFAULT_CONDITIONS)
        except TransitionRefused:
            continue  # refused: the state is unchanged
        except ValueError:
            continue  # no receive window to fail yet
        assert row.state is machine.state
        machine = after
        assert machine.state in set(State)
        assert (machine.origin is None) == (machine.state is State.CLOSED)


def test_the_engine_imports_nothing_from_the_store_the_cli_or_rich() -> None:
    code = (
        "import json, sys\n"
        "import tcpquiz.engine.fsm, tcpquiz.engine.sim, tcpquiz.engine.diagram, tcpquiz.engine.kinds\n"
        "from tcpquiz.engine.questions import engine_deck, generate\n"
        "engine_deck('zh'); generate(count=5)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    import json

    modules = json.loads(loaded)
    forbidden = ("tcpquiz.store", "tcpquiz.cli", "tcpquiz.ui", "tcpquiz.review", "rich", "sqlalchemy", "typer",
                 "alembic", "markdown_it")
    assert [m for m in modules if m.startswith(forbidden)] == []
