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

# "STATE EVENT [origin] -> NEXT [FLAGS]", "STATE EVENT dropped", or "STATE EVENT refused [REPLY]".
EXPECTED = """
CLOSED passive-open -> LISTEN
CLOSED active-open -> SYN-SENT SYN
CLOSED send refused connection does not exist
CLOSED close refused connection does not exist
CLOSED abort refused connection does not exist
CLOSED rcv-syn -> CLOSED RST
CLOSED rcv-syn-ack -> CLOSED RST
CLOSED rcv-ack -> CLOSED RST
CLOSED rcv-fin -> CLOSED RST
CLOSED rcv-fin-ack -> CLOSED RST
CLOSED rcv-rst dropped
CLOSED timeout-2msl refused

LISTEN passive-open refused connection already exists
LISTEN active-open -> SYN-SENT SYN
LISTEN send -> SYN-SENT SYN
LISTEN close -> CLOSED
LISTEN abort -> CLOSED
LISTEN rcv-syn -> SYN-RECEIVED SYN,ACK
LISTEN rcv-syn-ack -> LISTEN RST
LISTEN rcv-ack -> LISTEN RST
LISTEN rcv-fin -> LISTEN RST
LISTEN rcv-fin-ack -> LISTEN RST
LISTEN rcv-rst dropped
LISTEN timeout-2msl refused

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
SYN-SENT rcv-rst -> CLOSED
SYN-SENT timeout-2msl refused

SYN-RECEIVED passive-open refused connection already exists
SYN-RECEIVED active-open refused connection already exists
SYN-RECEIVED send -> SYN-RECEIVED
SYN-RECEIVED close -> FIN-WAIT-1 FIN
SYN-RECEIVED abort -> CLOSED RST
SYN-RECEIVED rcv-syn passive -> LISTEN
SYN-RECEIVED rcv-syn active -> SYN-RECEIVED ACK
SYN-RECEIVED rcv-syn-ack -> ESTABLISHED
SYN-RECEIVED rcv-ack -> ESTABLISHED
SYN-RECEIVED rcv-fin -> CLOSE-WAIT ACK
SYN-RECEIVED rcv-fin-ack -> SYN-RECEIVED RST
SYN-RECEIVED rcv-rst passive -> LISTEN
SYN-RECEIVED rcv-rst active -> CLOSED
SYN-RECEIVED timeout-2msl refused

ESTABLISHED passive-open refused connection already exists
ESTABLISHED active-open refused connection already exists
ESTABLISHED send -> ESTABLISHED ACK
ESTABLISHED close -> FIN-WAIT-1 FIN
ESTABLISHED abort -> CLOSED RST
ESTABLISHED rcv-syn -> ESTABLISHED ACK
ESTABLISHED rcv-syn-ack -> ESTABLISHED ACK
ESTABLISHED rcv-ack -> ESTABLISHED
ESTABLISHED rcv-fin -> CLOSE-WAIT ACK
ESTABLISHED rcv-fin-ack -> ESTABLISHED ACK
ESTABLISHED rcv-rst -> CLOSED
ESTABLISHED timeout-2msl refused

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
FIN-WAIT-1 rcv-rst -> CLOSED
FIN-WAIT-1 timeout-2msl refused

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
FIN-WAIT-2 rcv-rst -> CLOSED
FIN-WAIT-2 timeout-2msl refused

CLOSE-WAIT passive-open refused connection already exists
CLOSE-WAIT active-open refused connection already exists
CLOSE-WAIT send -> CLOSE-WAIT ACK
CLOSE-WAIT close -> LAST-ACK FIN
CLOSE-WAIT abort -> CLOSED RST
CLOSE-WAIT rcv-syn -> CLOSE-WAIT ACK
CLOSE-WAIT rcv-syn-ack -> CLOSE-WAIT ACK
CLOSE-WAIT rcv-ack -> CLOSE-WAIT
CLOSE-WAIT rcv-fin -> CLOSE-WAIT ACK
CLOSE-WAIT rcv-fin-ack -> CLOSE-WAIT ACK
CLOSE-WAIT rcv-rst -> CLOSED
CLOSE-WAIT timeout-2msl refused

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
CLOSING rcv-rst -> CLOSED
CLOSING timeout-2msl refused

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
LAST-ACK rcv-rst -> CLOSED
LAST-ACK timeout-2msl refused

TIME-WAIT passive-open refused connection already exists
TIME-WAIT active-open refused connection already exists
TIME-WAIT send refused connection closing
TIME-WAIT close refused connection closing
TIME-WAIT abort -> CLOSED
TIME-WAIT rcv-syn -> TIME-WAIT ACK
TIME-WAIT rcv-syn-ack -> TIME-WAIT ACK
TIME-WAIT rcv-ack dropped
TIME-WAIT rcv-fin -> TIME-WAIT ACK
TIME-WAIT rcv-fin-ack -> TIME-WAIT ACK
TIME-WAIT rcv-rst -> CLOSED
TIME-WAIT timeout-2msl -> CLOSED
"""


def _expectations() -> list[tuple[State, Event, Origin | None, str, tuple[str, ...]]]:
    rows = []
    for line in EXPECTED.strip().splitlines():
        if not line.strip():
            continue
        words = line.split()
        state, event, rest = State(words[0]), Event(words[1]), words[2:]
        origin = None
        if rest[0] in ("passive", "active"):
            origin, rest = Origin(rest[0]), rest[1:]
        rows.append((state, event, origin, rest[0], tuple(rest[1:])))
    return rows


EXPECTATIONS = _expectations()


def test_the_expectations_cover_every_pair_once() -> None:
    pairs = [(state, event) for state, event, origin, _, _ in EXPECTATIONS if origin is not Origin.ACTIVE]
    assert len(pairs) == len(set(pairs)) == 11 * 12


@pytest.mark.parametrize(("state", "event", "origin", "outcome", "rest"), EXPECTATIONS,
                         ids=[f"{s}:{e}" + (f":{o}" if o else "") for s, e, o, _, _ in EXPECTATIONS])
def test_each_state_and_event(state: State, event: Event, origin: Origin | None, outcome: str,
                              rest: tuple[str, ...]) -> None:
    if outcome == "refused":
        with pytest.raises(TransitionRefused) as refused:
            fsm.transition(state, event, origin)
        if rest:
            assert refused.value.refusal.reply == " ".join(rest)
        return
    row = fsm.transition(state, event, origin)
    if outcome == "dropped":
        assert (row.ignored, row.next, row.send) == (True, state, "")
        return
    assert outcome == "->"
    assert row.next == State(rest[0])
    assert row.send == (rest[1] if len(rest) > 1 else "")
    assert not row.ignored


def test_rows_carry_flags_sections_and_both_languages() -> None:
    for row in fsm.TRANSITIONS:
        assert row.send in ("SYN", "SYN,ACK", "ACK", "FIN", "RST", "")
        assert row.rfc.startswith("3.")
        assert row.en.strip() and row.zh.strip()
        if row.ignored:
            assert row.send == "" and row.next is row.state
    for refusal in fsm.REFUSALS:
        assert refusal.rfc.startswith("3.10") and refusal.en.strip() and refusal.zh.strip()


def test_the_json_of_a_row_has_the_issue_s_keys() -> None:
    row = fsm.transition(State.SYN_SENT, Event.RCV_SYN_ACK)
    assert row.as_json() == {"state": "SYN-SENT", "event": "rcv-syn-ack", "next": "ESTABLISHED", "send": "ACK",
                             "rfc": "3.10.7.3"}


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
        _, machine = machine.apply(event)
    assert machine == Machine(State.LISTEN, Origin.PASSIVE)  # Figure 5, note 1
    machine = Machine()
    for event in (Event.ACTIVE_OPEN, Event.RCV_SYN, Event.RCV_RST):
        _, machine = machine.apply(event)
    assert machine.state is State.CLOSED
    _, machine = Machine(State.LISTEN, Origin.PASSIVE).apply(Event.SEND)  # passive turned active (3.10.2)
    assert machine == Machine(State.SYN_SENT, Origin.ACTIVE)


@given(st.lists(st.sampled_from(list(Event)), max_size=60))
def test_any_event_sequence_stays_in_the_eleven_states(events: list[Event]) -> None:
    machine = Machine()
    for event in events:
        try:
            row, after = machine.apply(event)
        except TransitionRefused:
            continue  # refused: the state is unchanged
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
