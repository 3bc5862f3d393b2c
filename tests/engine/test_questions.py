"""Generated questions: enough distinct prompts, determinism, answers checked independently,
the engine deck and materialize()."""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable

import pytest

from tcpquiz.cards import CardKind
from tcpquiz.engine import fsm
from tcpquiz.engine.kinds import ORDERS, possible_orders
from tcpquiz.engine.questions import (
    ENGINE_DECK_VERSION,
    KINDS,
    LANGS,
    Question,
    bank,
    engine_deck,
    generate,
    materialize,
)
from tcpquiz.engine.scenarios import CLIENT, SCENARIOS, SERVER, Action, Scenario
from tcpquiz.engine.sim import run, simulate
from tcpquiz.engine.text import rfc_ref, sent_phrase
from tcpquiz.errors import InvalidValueError

WIRE = 2**32

# Bump with ENGINE_DECK_VERSION: the digest of both engine decks as this version generates them.
DECK_DIGEST = {4: "0a98ee084e023870f36a2737c7b9acb7b4b08d111c8f26f7bc5c4479e8da6b0d"}


def _distinct_prompts(lang: str) -> int:
    fixed = {spec.make(random.Random(0)).prompt for spec in bank(lang) if not spec.numeric}
    numeric = {spec.key for spec in bank(lang) if spec.numeric}
    return len(fixed) + len(numeric)


@pytest.mark.parametrize("lang", LANGS)
def test_at_least_300_distinct_prompts_before_number_variants(lang: str) -> None:
    assert _distinct_prompts(lang) >= 300
    assert len({spec.key for spec in bank(lang)}) == len(bank(lang))
    assert {spec.kind for spec in bank(lang)} == set(KINDS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_question_is_well_formed(lang: str) -> None:
    for question in generate(lang=lang, seed=3):
        assert len(question.choices) == 4 == len(set(question.choices))
        assert 0 <= question.answer < 4
        assert question.prompt.strip() and question.explanation.strip()
        assert question.lang == lang and question.kind in KINDS
        assert set(question.as_json()) == {"key", "kind", "prompt", "choices", "answer", "explanation"}


def test_same_seed_same_questions() -> None:
    first = [q.as_json() for q in generate(count=60, seed=11, lang="zh")]
    assert [q.as_json() for q in generate(count=60, seed=11, lang="zh")] == first
    assert [q.as_json() for q in generate(count=60, seed=12, lang="zh")] != first


def test_the_same_in_a_fresh_process_with_another_hash_seed() -> None:
    code = ("import json; from tcpquiz.engine.questions import generate; "
            "print(json.dumps([q.as_json() for q in generate(count=40, seed=5)]))")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] == json.dumps([q.as_json() for q in generate(count=40, seed=5)]) + "\n"


def test_kind_filter_count_and_errors() -> None:
    assert {q.kind for q in generate(count=30, kind="where")} == {"where"}
    assert len(generate(count=50, kind="seqack")) == 50  # numeric prompts repeat with new numbers
    assert len(generate(count=500, kind="timer")) == len([s for s in bank("en") if s.kind == "timer"])
    with pytest.raises(InvalidValueError, match="next-state, send, order, where, seqack, scenario, timer"):
        generate(kind="trivia")
    with pytest.raises(InvalidValueError, match="zh, en"):
        generate(lang="fr")
    with pytest.raises(InvalidValueError):
        generate(count=0)


def _situation(key: str) -> tuple[fsm.State, fsm.Event, list[fsm.Transition]]:
    """The rows a table question's situation allows: its key names the state, the event and every
    condition but the usual ones, which the prompt states all the same."""
    _, state, event, *extra = key.split("/")
    given = {"origin": extra.pop(0)} if extra and "=" not in extra[0] else {}
    given |= dict(part.split("=") for part in extra)
    pair = (fsm.State(state), fsm.Event(event))
    given |= {name: value for name, value in fsm.DEFAULT_CONDITIONS.items()
              if name in fsm.depends_on(*pair) and name not in given}
    rows = [row for row in fsm.rows_for(*pair)
            if all(given.get(name, value) == value for name, value in row.conditions().items())]
    return pair[0], pair[1], rows


def _sent(row: fsm.Transition) -> str:
    return sent_phrase(row.send, row.event, "en")


@pytest.mark.parametrize("kind", ["next-state", "send"])
def test_table_questions_have_one_right_answer_under_the_conditions_they_state(kind: str) -> None:
    """Every choice is checked against the table: the right one is what the row gives, and no
    wrong one is what any row gives under the conditions the prompt allows."""
    for question in generate(lang="en", kind=kind):
        state, event, rows = _situation(question.key)
        refusal = fsm.refusal(state, event)
        if refusal:
            assert not rows and question.right.startswith("the call is refused") and refusal.reply in question.right
            continue
        assert len(rows) == 1, question.key
        outcomes = {row.next.value if kind == "next-state" else _sent(row) for row in rows}
        assert outcomes == {question.right}
        wrong = [choice for choice in question.choices if choice != question.right]
        assert len(wrong) == 3 and not set(wrong) & outcomes  # no call here is refused either
        assert rfc_ref(rows[0].rfc, "en") in question.explanation
        for name, value in rows[0].when:  # the prompt says which case it is
            assert fsm.CONDITIONS[name][value][0] in question.prompt, question.key


def test_order_questions_offer_no_order_that_some_condition_makes_right() -> None:
    for question in generate(lang="en", kind="order"):
        name = question.key.removeprefix("order/")
        _, start, events, *_ = next(order for order in ORDERS if order[0] == name)
        possible = {" → ".join(states) for states in possible_orders(start, events)}
        assert question.right in possible
        assert [choice for choice in question.choices if choice in possible] == [question.right], question.key


def test_no_premise_is_impossible() -> None:
    """A state that has sent nothing cannot get an ACK of what it sent (CLOSED, LISTEN), and no
    question is asked about an event that cannot happen where it is asked."""
    for question in generate(lang="en", kind="next-state") + generate(lang="en", kind="send"):
        state, event, _ = _situation(question.key)
        assert (state, event) not in {(na.state, na.event) for na in fsm.NOT_APPLICABLE}
        if state in (fsm.State.CLOSED, fsm.State.LISTEN):
            assert "acknowledges" not in question.prompt and "acceptable" not in question.prompt, question.prompt


@pytest.mark.parametrize("name", [name for name, scenario in SCENARIOS.items() if not scenario.spoofed])
def test_where_choices_against_the_run(name: str) -> None:
    result = simulate(name, isn_client=1000, isn_server=5000)
    for k, step in enumerate(result.steps, start=1):
        question = next(spec for spec in bank("en") if spec.key == f"where/{name}/{k}").make(random.Random())
        truth = f"client {step.client}, server {step.server}"
        assert question.right == truth
        assert sum(choice == truth for choice in question.choices) == 1


# -- seq/ack, recomputed from the numbers in the prompt -------------------------------------------------

Check = Callable[[list[int], str], bool]


def _is(value: int) -> Check:
    return lambda numbers, right: right == str(value % WIRE)


SEQACK: dict[str, Callable[[list[int]], Check]] = {
    "synack-ack": lambda n: _is(n[0] + 1),
    "third-ack": lambda n: lambda _, right: right == f"seq={(n[0] + 1) % WIRE}, ack={(n[1] + 1) % WIRE}",
    "first-data": lambda n: _is(n[0] + 1),
    "data-ack": lambda n: _is(n[0] + n[1]),
    "data-ack-wrap": lambda n: _is(n[0] + n[1]),
    "next-seq": lambda n: _is(n[0] + n[1]),
    "next-seq-wrap": lambda n: _is(n[0] + n[1]),
    "fin-ack": lambda n: _is(n[0] + 1),
    "fin-data-ack": lambda n: _is(n[1] + n[0] + 1),
    "fin-data-ack-wrap": lambda n: _is(n[1] + n[0] + 1),
    "fin-seq": lambda n: _is(n[0] + 1 + n[1]),
    "fin-seq-wrap": lambda n: _is(n[0] + 1 + n[1]),
    "final-ack": lambda n: _is(n[0] + n[1] + 2),
    "in-flight": lambda n: _is(n[1] - n[0]),
    "acceptable-ack": lambda n: lambda _, right: 0 < (int(right) - n[0]) % WIRE <= (n[1] - n[0]) % WIRE,
    "window-edge": lambda n: _is(n[0] + n[1] - 1),
    "two-segments": lambda n: _is(n[0] + n[1] + n[3]),
    "out-of-order": lambda n: _is(n[0]),
    "rst-for-syn": lambda n: _is(n[0] + 1),
    "rst-for-ack": lambda n: _is(n[1]),
    "abort-rst": lambda n: _is(n[1]),
}
WRAPS = {"data-ack-wrap": lambda n: n[0] + n[1], "next-seq-wrap": lambda n: n[0] + n[1],
         "fin-data-ack-wrap": lambda n: n[0] + n[1] + 1, "fin-seq-wrap": lambda n: n[0] + n[1] + 1}


@pytest.mark.parametrize("lang", LANGS)
def test_seqack_answers_recomputed_from_the_prompt(lang: str) -> None:
    specs = [spec for spec in bank(lang) if spec.numeric and spec.kind == "seqack"]
    assert {spec.key.removeprefix("seqack/") for spec in specs} == set(SEQACK)
    rng = random.Random(2024)
    wrapped = 0
    for spec in specs:
        name = spec.key.removeprefix("seqack/")
        for _ in range(200):
            question = spec.make(rng)
            numbers = [int(n) for n in re.findall(r"`(\d+)`", question.prompt)]
            assert SEQACK[name](numbers)(numbers, question.right), (question.prompt, question.right)
            assert sum(SEQACK[name](numbers)(numbers, choice) for choice in question.choices) == 1
            if name in WRAPS:
                assert WRAPS[name](numbers) >= WIRE
            elif question.right.isdigit() and any(choice.isdigit() and int(choice) >= WIRE
                                                  for choice in question.choices):
                wrapped += 1  # forgetting the wrap was offered as a wrong answer
    assert wrapped > 0


def test_numeric_questions_get_new_numbers_but_keep_their_key() -> None:
    spec = next(spec for spec in bank("en") if spec.key == "seqack/data-ack")
    first, second = spec.make(random.Random(1)), spec.make(random.Random(2))
    assert first.key == second.key and first.prompt != second.prompt


# -- the engine deck --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_engine_deck_shape(lang: str) -> None:
    deck = engine_deck(lang)
    assert (deck.key, deck.name, deck.lang, deck.builtin) == (
        f"engine:{lang}", {"zh": "TCP 状态机", "en": "TCP state machine"}[lang], lang, True)
    assert deck.text.startswith("# TCP")
    keys = [card.key for card in deck.cards]
    assert len(keys) == len(set(keys)) == len(bank(lang))
    assert all(key.startswith(f"engine:{lang}::") for key in keys)
    assert {card.kind for card in deck.cards} == {CardKind.CHOICE, CardKind.NUMERIC}
    numeric = {spec.key for spec in bank(lang) if spec.numeric}
    assert all((card.kind is CardKind.NUMERIC) == (card.key.split("::")[1] in numeric) for card in deck.cards)
    assert all(key.split("::")[1] in numeric for key in keys if key.split("::")[1].startswith("seqack/"))
    for card in deck.cards:
        assert card.deck == deck.key
        assert json.loads(json.dumps(card.extra)) == card.extra  # JSON-safe
        question = materialize(card.extra, random.Random(0))
        assert card.back.startswith(f"**{card.extra['choices'][card.extra['answer']]}**")
        if card.kind is CardKind.CHOICE:
            assert question.prompt == card.front and question.key == card.key.split("::")[1]


def test_the_deck_starts_with_the_core() -> None:
    first = [card.key.split("::")[1] for card in engine_deck("en").cards[:8]]
    assert first[0] == "next-state/CLOSED/passive-open"
    assert len({key.split("/")[0] for key in first}) >= 5  # the kinds take turns


def test_materialize_numeric_cards_draw_fresh_numbers() -> None:
    card = next(card for card in engine_deck("zh").cards if card.kind is CardKind.NUMERIC)
    shown = {materialize(card.extra, random.Random(seed)).prompt for seed in range(5)}
    assert len(shown) == 5
    assert all(materialize(card.extra, random.Random(seed)).lang == "zh" for seed in range(3))


def test_materialize_falls_back_to_the_stored_question() -> None:
    card = next(card for card in engine_deck("en").cards if card.kind is CardKind.NUMERIC)
    gone = {**card.extra, "key": "seqack/no-longer-generated"}
    assert materialize(gone, random.Random(1)).prompt == card.front
    assert materialize({"choices": ["a", "b"], "answer": 1}, random.Random(1)).right == "b"


def test_deck_digest_pins_the_version() -> None:
    digest = hashlib.sha256()
    for lang in LANGS:
        deck = engine_deck(lang)
        digest.update(deck.text.encode())
        for card in deck.cards:
            digest.update(json.dumps([card.key, str(card.kind), card.front, card.back, card.extra, card.tags],
                                     ensure_ascii=False, sort_keys=True).encode())
    assert DECK_DIGEST.get(ENGINE_DECK_VERSION) == digest.hexdigest(), (
        "The generated cards changed: bump ENGINE_DECK_VERSION so installed databases re-sync, and record the "
        f"new digest {digest.hexdigest()} for it in DECK_DIGEST.")


# -- the facts the hand-written scenario questions state ---------------------------------------------------


def test_handwritten_scenario_facts_match_the_simulator() -> None:
    lost = simulate("lost-final-ack", isn_client=1000, isn_server=5000)
    assert len([s for s in lost.segments if s.src == "client" and s.ack == 5002]) == 2
    closing = simulate("simultaneous-close")
    assert len([s for s in closing.segments if s.t >= 1_000]) == 4
    assert "TIME-WAIT" in closing.client_states and "TIME-WAIT" in closing.server_states
    opening = simulate("simultaneous-open")
    # RFC 793 Figure 8 line 7 and RFC 9293 section 3.10.7.4's acceptability test: six segments.
    assert [s.flags for s in opening.segments] == ["SYN", "SYN", "SYN,ACK", "SYN,ACK", "ACK", "ACK"]
    asked = next(spec for spec in bank("en") if spec.key == "scenario/simultaneous-open/segments").make(random.Random())
    assert asked.right.startswith("Six") and not any(c.startswith("Six") for c in asked.choices if c != asked.right)
    reopened = simulate("time-wait-new-syn")
    assert reopened.server_states[-3:] == ("TIME-WAIT", "SYN-RECEIVED", "ESTABLISHED")
    unread = simulate("close-unread")
    assert [s.flags for s in unread.segments if s.src == "client"][-1] == "RST"
    assert "TIME-WAIT" not in unread.client_states
    orphan = simulate("orphaned-fin-wait-2")
    gone = next(step for step in orphan.steps if "tcp_fin_timeout" in step.what)
    assert gone.t == 1_100 + 60_000 and gone.client == "CLOSED"
    flood = simulate("syn-flood")
    dropped = [s.arrived.port for s in flood.steps if "SYN queue is full" in s.note]
    assert dropped == [50_005, 50_006]
    aborted = simulate("abort")
    assert "TIME-WAIT" not in aborted.client_states + aborted.server_states
    refused_client = simulate("old-duplicate-syn")
    assert refused_client.server_states[:4] == ("CLOSED", "LISTEN", "SYN-RECEIVED", "LISTEN")


def test_where_answers_match_the_run() -> None:
    result = simulate("close", isn_client=1000, isn_server=5000)
    for k, step in enumerate(result.steps, start=1):
        question = next(spec for spec in bank("en") if spec.key == f"where/close/{k}").make(random.Random())
        assert question.right == f"client {step.client}, server {step.server}"
    assert question.right == "client CLOSED, server CLOSED"


def test_questions_are_values() -> None:
    question = generate(count=1)[0]
    assert isinstance(question, Question)
    with pytest.raises(AttributeError):
        question.answer = 0  # type: ignore[misc]


# -- seq/ack choices against the simulator ------------------------------------------------------------


def _on_the_wire(template: str, numbers: list[int]) -> str:
    """What the simulator puts on the wire for a seq/ack prompt's numbers."""
    opening = (Action(0, SERVER, "passive-open"), Action(0, CLIENT, "active-open"))
    if template == "synack-ack":
        result = run(Scenario("t", "", "", opening), isn_client=numbers[0])
        return str(next(s.ack for s in result.segments if s.flags == "SYN,ACK"))
    if template == "third-ack":
        result = run(Scenario("t", "", "", opening), isn_client=numbers[0], isn_server=numbers[1])
        third = next(s for s in result.segments if s.src == CLIENT and s.flags == "ACK")
        return f"seq={third.seq}, ack={third.ack}"
    if template == "first-data":
        result = run(Scenario("t", "", "", (*opening, Action(1_000, CLIENT, "send", 1))), isn_client=numbers[0])
        return str(next(s.seq for s in result.segments if s.len))
    if template in ("fin-seq", "fin-seq-wrap"):
        actions = (*opening, Action(1_000, CLIENT, "send", numbers[1]), Action(2_000, CLIENT, "close"))
        result = run(Scenario("t", "", "", actions), isn_client=numbers[0])
        return str(next(s.seq for s in result.segments if s.src == CLIENT and s.has("FIN")))
    if template == "final-ack":
        actions = (*opening, Action(1_000, SERVER, "send", numbers[1]), Action(2_000, SERVER, "close"))
        result = run(Scenario("t", "", "", actions), isn_server=numbers[0])
        step = next(s for s in result.steps if s.side == CLIENT and s.arrived is not None and s.arrived.has("FIN"))
        return str(step.sent[0].ack)
    assert template == "rst-for-syn"  # a SYN to a port nobody listens on
    result = run(Scenario("t", "", "", (Action(0, CLIENT, "active-open"),)), isn_client=numbers[0])
    return str(next(s.ack for s in result.segments if s.has("RST")))


@pytest.mark.parametrize("template", ["synack-ack", "third-ack", "first-data", "fin-seq", "fin-seq-wrap", "final-ack",
                                      "rst-for-syn"])
def test_seqack_choices_against_the_simulator(template: str) -> None:
    """The right choice is what the simulator sends for the prompt's numbers, and no wrong one is."""
    spec = next(spec for spec in bank("en") if spec.key == f"seqack/{template}")
    rng = random.Random(13)
    for _ in range(25):
        question = spec.make(rng)
        numbers = [int(n) for n in re.findall(r"`(\d+)`", question.prompt)]
        wire = _on_the_wire(template, numbers)
        assert question.right == wire, question.prompt
        assert [choice for choice in question.choices if choice == wire] == [wire]
