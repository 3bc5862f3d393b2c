"""The question generators, one per kind; each yields the `Spec`s of one language.

Right answers and wrong ones come from the engine: the state table gives next states and
flags (wrong answers are the states a student confuses with the right one, and where
else the same state can lead), the simulator gives "where is each side after step k"
(wrong answers are the neighbouring steps), and seq/ack arithmetic gets near-miss
numbers: off by one, the SYN or FIN forgotten, the wrap at 2^32 forgotten.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import TypeVar

from tcpquiz.engine import fsm, handwritten, seqnum, transfer_kinds
from tcpquiz.engine.fsm import (
    DEFAULT_CONDITIONS,
    Event,
    Machine,
    NotApplicable,
    Refusal,
    State,
    Transition,
)
from tcpquiz.engine.question import Question, Spec, assemble, stable_rng
from tcpquiz.engine.scenarios import SCENARIOS, Scenario
from tcpquiz.engine.sim import SimResult, simulate
from tcpquiz.engine.text import (
    SIDE,
    condition_phrase,
    event_phrase,
    explain,
    origin_phrase,
    pair_choice,
    pick,
    refused_choice,
    rfc_ref,
    sent_phrase,
    step_phrase,
)

S = State

# The states a student is likely to give instead of this one.
CONFUSED: dict[State, tuple[State, ...]] = {
    S.CLOSED: (S.LISTEN, S.TIME_WAIT),
    S.LISTEN: (S.CLOSED, S.SYN_RECEIVED),
    S.SYN_SENT: (S.SYN_RECEIVED, S.LISTEN),
    S.SYN_RECEIVED: (S.SYN_SENT, S.ESTABLISHED, S.LISTEN),
    S.ESTABLISHED: (S.SYN_RECEIVED, S.CLOSE_WAIT),
    S.FIN_WAIT_1: (S.FIN_WAIT_2, S.CLOSING),
    S.FIN_WAIT_2: (S.FIN_WAIT_1, S.TIME_WAIT),
    S.CLOSE_WAIT: (S.LAST_ACK, S.FIN_WAIT_2, S.CLOSING),
    S.CLOSING: (S.TIME_WAIT, S.LAST_ACK, S.CLOSE_WAIT),
    S.LAST_ACK: (S.CLOSED, S.TIME_WAIT, S.CLOSING),
    S.TIME_WAIT: (S.CLOSED, S.CLOSING, S.FIN_WAIT_2),
}


def _fixed(key: str, kind: str, build: Callable[[random.Random], Question]) -> Spec:
    question = build(stable_rng(key))
    return Spec(key, kind, False, lambda _rng: question)


H = TypeVar("H", bound=Hashable)


def _shuffled(items: Iterable[H], rng: random.Random) -> list[H]:
    """The distinct items, first occurrences kept, in a random order."""
    unique = list(dict.fromkeys(items))
    rng.shuffle(unique)
    return unique


# -- from the state table ------------------------------------------------------------------------


def _asked(row: Transition | Refusal | NotApplicable) -> bool:
    """Table rows worth a question. Left out: events that cannot happen in the state, a timer
    that does not run there, and a FIN acknowledging a FIN this side never sent, which no
    working peer produces."""
    if isinstance(row, NotApplicable):
        return False
    if isinstance(row, Refusal):
        return row.event not in (Event.TIMEOUT_2MSL, Event.TIMEOUT_FIN_WAIT_2)
    return not (row.event is Event.RCV_FIN_ACK and row.state not in fsm.CLOSING_STATES)


def _row_key(kind: str, row: Transition | Refusal) -> str:
    """Stable: the usual case of a condition (DEFAULT_CONDITIONS) adds nothing to the key."""
    origin = getattr(row, "origin", None)
    when = "".join(f"/{name}={value}" for name, value in getattr(row, "when", ())
                   if DEFAULT_CONDITIONS[name] != value)
    return f"{kind}/{row.state}/{row.event}" + (f"/{origin}" if origin else "") + when


def _situation(row: Transition | Refusal, lang: str) -> str:
    origin = origin_phrase(getattr(row, "origin", None), lang)
    event = event_phrase(row.event, row.state, lang)
    if isinstance(row, Transition):
        event += condition_phrase(row, lang)
    return pick(lang, f"A connection is in **{row.state}**.{origin} Then {event}.",
                f"连接处于 **{row.state}**。{origin}这时{event}。")


def next_state(lang: str) -> Iterator[Spec]:
    for row in fsm.outcomes():
        if not _asked(row):
            continue
        assert not isinstance(row, NotApplicable)
        key = _row_key("next-state", row)

        def build(rng: random.Random, row: Transition | Refusal = row, key: str = key) -> Question:
            leads_to = [r.next.value for r in fsm.TRANSITIONS if r.state is row.state]
            if isinstance(row, Refusal):
                right = refused_choice(row, lang)
                near = [s.value for s in CONFUSED[row.state]]
                wrong = _shuffled(near, rng) + _shuffled([s for s in leads_to if s != row.state], rng)
            else:
                right = row.next.value
                near = [s.value for s in (*CONFUSED[row.next], row.state, *CONFUSED[row.state])]
                if row.event.is_call:
                    near.append(pick(lang, "the call is refused with an error; the state does not change",
                                     "调用被拒绝并返回错误，状态不变"))
                wrong = _shuffled(near, rng) + _shuffled(leads_to, rng)
            wrong += _shuffled([s.value for s in State], rng)
            prompt = _situation(row, lang) + pick(lang, " Which state is it in afterwards?", "之后它处于哪个状态？")
            return assemble(key, "next-state", lang, prompt, right, wrong, explain(row, lang), rng)

        yield _fixed(key, "next-state", build)


_FLAGS_FOR_CALLS = ("SYN", "FIN", "RST", "", "ACK")
_FLAGS_FOR_SEGMENTS = ("ACK", "", "RST", "SYN,ACK", "FIN", "RST,ACK")


def what_is_sent(lang: str) -> Iterator[Spec]:
    for row in fsm.TRANSITIONS:
        if not _asked(row):
            continue
        key = _row_key("send", row)

        def build(rng: random.Random, row: Transition = row, key: str = key) -> Question:
            pool = _FLAGS_FOR_CALLS if row.event.is_call else _FLAGS_FOR_SEGMENTS
            wrong = _shuffled([sent_phrase(flags, row.event, lang) for flags in pool], rng)
            wrong += [sent_phrase(flags, row.event, lang) for flags in fsm.SEND_FLAGS]
            prompt = _situation(row, lang) + pick(lang, " What does it send in response?", "它随即发送什么？")
            return assemble(key, "send", lang, prompt, sent_phrase(row.send, row.event, lang), wrong,
                            explain(row, lang), rng)

        yield _fixed(key, "send", build)


# -- orders of states, walked through the table ----------------------------------------------------

E = Event
ORDERS: tuple[tuple[str, State, tuple[Event, ...], str, str], ...] = (
    ("active-closer", S.ESTABLISHED, (E.CLOSE, E.RCV_ACK, E.RCV_FIN, E.TIMEOUT_2MSL),
     "the active closer (the side that calls CLOSE first) in a normal close, from ESTABLISHED",
     "正常关闭中主动关闭方（先调用 CLOSE 的一方）从 ESTABLISHED 开始"),
    ("passive-closer", S.ESTABLISHED, (E.RCV_FIN, E.CLOSE, E.RCV_ACK),
     "the passive closer (the side that receives the first FIN) in a normal close, from ESTABLISHED",
     "正常关闭中被动关闭方（先收到 FIN 的一方）从 ESTABLISHED 开始"),
    ("simultaneous-closer", S.ESTABLISHED, (E.CLOSE, E.RCV_FIN, E.RCV_ACK, E.TIMEOUT_2MSL),
     "either side of a simultaneous close, from ESTABLISHED",
     "同时关闭中任意一方从 ESTABLISHED 开始"),
    ("fin-with-ack", S.ESTABLISHED, (E.CLOSE, E.RCV_FIN_ACK, E.TIMEOUT_2MSL),
     "an active closer whose peer answers its FIN with one segment carrying both the ACK and the peer's own FIN",
     "主动关闭方，对端用一个同时携带 ACK 和自身 FIN 的报文回应它的 FIN"),
    ("active-opener", S.CLOSED, (E.ACTIVE_OPEN, E.RCV_SYN_ACK),
     "the client of a three-way handshake (active open)", "三次握手中的客户端（主动打开）"),
    ("passive-opener", S.CLOSED, (E.PASSIVE_OPEN, E.RCV_SYN, E.RCV_ACK),
     "the server of a three-way handshake (passive open)", "三次握手中的服务器（被动打开）"),
    ("simultaneous-opener", S.CLOSED, (E.ACTIVE_OPEN, E.RCV_SYN, E.RCV_SYN_ACK, E.RCV_ACK),
     "either side of a simultaneous open", "同时打开中的任意一方"),
    ("client-lifetime", S.CLOSED, (E.ACTIVE_OPEN, E.RCV_SYN_ACK, E.CLOSE, E.RCV_ACK, E.RCV_FIN, E.TIMEOUT_2MSL),
     "a client that connects and later closes first", "一个先连接、后来又先关闭的客户端"),
    ("server-lifetime", S.CLOSED, (E.PASSIVE_OPEN, E.RCV_SYN, E.RCV_ACK, E.RCV_FIN, E.CLOSE, E.RCV_ACK),
     "a server that accepts a connection and closes after its client", "一个接受连接、在客户端之后才关闭的服务器"),
    ("old-duplicate-server", S.CLOSED, (E.PASSIVE_OPEN, E.RCV_SYN, E.RCV_RST, E.RCV_SYN, E.RCV_ACK),
     "a server that first gets an old duplicate SYN (answered by the client's RST, whose sequence number is the "
     "server's RCV.NXT), then the real one",
     "一个先收到旧的重复 SYN（客户端用 RST 回应，其序号正是服务器的 RCV.NXT）、再收到真正 SYN 的服务器"),
    ("reset-client", S.CLOSED, (E.ACTIVE_OPEN, E.RCV_SYN_ACK, E.RCV_RST),
     "a client whose established connection is reset by the peer (a RST at exactly its RCV.NXT)",
     "一个已建立的连接被对端重置（RST 的序号恰为其 RCV.NXT）的客户端"),
    ("early-close-server", S.CLOSED, (E.PASSIVE_OPEN, E.RCV_SYN, E.CLOSE, E.RCV_ACK, E.RCV_FIN, E.TIMEOUT_2MSL),
     "a server whose user calls CLOSE while the handshake is still in SYN-RECEIVED",
     "一个在握手仍处于 SYN-RECEIVED 时就调用 CLOSE 的服务器"),
)

_SWAPS = {S.FIN_WAIT_1: S.FIN_WAIT_2, S.FIN_WAIT_2: S.FIN_WAIT_1, S.CLOSE_WAIT: S.CLOSING, S.CLOSING: S.CLOSE_WAIT,
          S.LAST_ACK: S.TIME_WAIT, S.TIME_WAIT: S.LAST_ACK, S.SYN_SENT: S.SYN_RECEIVED,
          S.SYN_RECEIVED: S.SYN_SENT, S.LISTEN: S.SYN_SENT}


def walk(start: State, events: Sequence[Event]) -> list[State]:
    """The states a connection passes through, by the table."""
    machine = Machine(start, fsm.Origin.PASSIVE if start is S.LISTEN else None)
    states = [start]
    for event in events:
        _, machine = machine.apply(event, **DEFAULT_CONDITIONS)
        states.append(machine.state)
    return states


def possible_orders(start: State, events: Sequence[Event]) -> set[tuple[State, ...]]:
    """Every order of states the events can give under any conditions (a RST outside the
    window, unread data at CLOSE, ...): none of them may be offered as a wrong answer."""
    machines: list[tuple[Machine, tuple[State, ...]]] = [
        (Machine(start, fsm.Origin.PASSIVE if start is S.LISTEN else None), (start,))]
    for event in events:
        following = []
        for machine, states in machines:
            names = sorted(fsm.depends_on(machine.state, event) - {"origin"})
            cases: list[dict[str, str]] = [{}]
            for name in names:
                cases = [{**case, name: value} for case in cases for value in fsm.CONDITIONS[name]]
            for case in cases:
                try:
                    _, after = machine.apply(event, **case)
                except (fsm.TransitionRefused, ValueError):
                    continue
                following.append((after, (*states, after.state)))
        machines = following
    return {tuple(_distinct(list(states))) for _, states in machines}


def _distinct(states: list[State]) -> list[State]:
    """The states as a student lists them: a step that stays in its state adds nothing."""
    return [state for i, state in enumerate(states) if i == 0 or state is not states[i - 1]]


def _near_orders(states: list[State], rng: random.Random) -> list[list[State]]:
    """Wrong orders: two neighbours swapped, a state mistaken for its twin, one left out, or
    one too many (a state confused with its predecessor slipped in)."""
    inner = range(1, len(states) - 1)
    swapped = [states[:i] + [states[i + 1], states[i]] + states[i + 2:] for i in range(1, len(states) - 2)]
    twinned = [states[:i] + [_SWAPS[states[i]]] + states[i + 1:] for i in inner if states[i] in _SWAPS]
    dropped = [states[:i] + states[i + 1:] for i in inner]
    added = [states[:i + 1] + [CONFUSED[states[i]][0]] + states[i + 1:] for i in range(len(states) - 1)
             if CONFUSED[states[i]][0] not in states[i:i + 2]]
    options = swapped + twinned + dropped + added
    rng.shuffle(options)
    return options


def order(lang: str) -> Iterator[Spec]:
    for name, start, events, en, zh in ORDERS:
        key = f"order/{name}"

        def build(rng: random.Random, start: State = start, events: tuple[Event, ...] = events, en: str = en,
                  zh: str = zh, key: str = key) -> Question:
            passed = walk(start, events)
            states = _distinct(passed)
            line = " → ".join(states)
            possible = possible_orders(start, events)
            wrong = [" → ".join(option) for option in _near_orders(states, rng) if tuple(option) not in possible]
            prompt = pick(lang, f"Which is the order of states for {en}?", f"{zh}，依次经过哪些状态？")
            steps = "\n".join(f"- {a} + `{e}` → {b}" for a, e, b in zip(passed[:-1], events, passed[1:], strict=True))
            explanation = pick(lang, f"**{line}**, by the state table:\n\n{steps}\n\n"
                                     f"{rfc_ref('3.3.2 (Figure 5) and 3.10', lang)}",
                               f"**{line}**，依据状态表：\n\n{steps}\n\n{rfc_ref('3.3.2（图 5）与 3.10', lang)}")
            return assemble(key, "order", lang, prompt, line, wrong, explanation, rng)

        yield _fixed(key, "order", build)


# -- where each side is, from the simulator ------------------------------------------------------


def where(lang: str) -> Iterator[Spec]:
    for name, scenario in SCENARIOS.items():
        if scenario.spoofed:
            continue
        result = simulate(name, isn_client=1000, isn_server=5000)
        pairs = [(result.client_states[0], result.server_states[0])] + [(s.client, s.server) for s in result.steps]
        for k in range(1, len(result.steps) + 1):
            key = f"where/{name}/{k}"

            def build(rng: random.Random, k: int = k, key: str = key, name: str = name, result: SimResult = result,
                      scenario: Scenario = scenario, pairs: list[tuple[str, str]] = pairs) -> Question:
                client, server = pairs[k]
                near = [pairs[k - 1], *pairs[k + 1:k + 2], (server, client)]
                near += [(c, server) for c in CONFUSED[State(client)]] + [(client, s) for s in CONFUSED[State(server)]]
                others = list(pairs)
                rng.shuffle(others)
                shuffled_near = near[:2] + _shuffled(near[2:], rng)
                wrong = [pair_choice(c, s, lang) for c, s in shuffled_near + others]
                lines = "\n".join(f"{i}. {step_phrase(s, lang)}" for i, s in enumerate(result.steps[:k], start=1))
                prompt = pick(lang, f"Scenario `{name}`: {scenario.title_en}\n\n{lines}\n\n"
                                    f"After step {k}, which state is each side in?",
                              f"场景 `{name}`：{scenario.title_zh}\n\n{lines}\n\n第 {k} 步之后，双方各处于哪个状态？")
                change = _change(pairs[k - 1], pairs[k], k, lang)
                explanation = pick(
                    lang,
                    f"After step {k} the client is in **{client}** and the server in **{server}**. "
                    f"{change}\n\n"
                    f"The whole run: client {' → '.join(result.client_states)}; "
                    f"server {' → '.join(result.server_states)}. See `tcpquiz simulate {name}`.",
                    f"第 {k} 步之后，客户端处于 **{client}**，服务器处于 **{server}**。"
                    f"{change}\n\n"
                    f"完整过程：客户端 {' → '.join(result.client_states)}；服务器 {' → '.join(result.server_states)}。"
                    f"可运行 `tcpquiz simulate {name}` 查看时序图。")
                return assemble(key, "where", lang, prompt, pair_choice(client, server, lang), wrong, explanation, rng)

            yield _fixed(key, "where", build)


def _change(before: tuple[str, str], after: tuple[str, str], k: int, lang: str) -> str:
    moves = [(side, a, b) for side, a, b in zip(("client", "server"), before, after, strict=True) if a != b]
    if not moves:
        return pick(lang, f"Step {k} changed neither state.", f"第 {k} 步没有改变任何一方的状态。")
    side, a, b = moves[0]
    who = SIDE[lang][side]
    return pick(lang, f"In step {k} the {who} went from {a} to {b}.", f"第 {k} 步中{who}从 {a} 进入 {b}。")


# -- seq/ack arithmetic, fresh numbers every time ----------------------------------------------------

SPACE = seqnum.SPACE


def _seq(rng: random.Random) -> int:
    """A sequence number; near 2^32 a quarter of the time."""
    if rng.random() < 0.25:
        return rng.randint(SPACE - 3_000, SPACE - 1)
    return rng.randrange(SPACE)


def _size(rng: random.Random) -> int:
    return rng.choice((1, 100, 200, 512, 536, 1000, 1448, 1460, 2000, 4096)) if rng.random() < 0.6 \
        else rng.randint(1, 5_000)


def _wrap_seq(rng: random.Random, size: int) -> int:
    """A sequence number that wraps past 2^32 - 1 when `size` is added to it."""
    return SPACE - rng.randint(1, size)


def _numbers(raw: int, deltas: Sequence[int]) -> tuple[str, list[str]]:
    """The right answer (raw modulo 2^32) and near misses; forgetting the wrap is the first miss."""
    right = raw % SPACE
    wrong = [str(raw)] if raw >= SPACE else []
    wrong += [str((raw + d) % SPACE) for d in deltas]
    return str(right), wrong


def _mod_note(raw: int, lang: str) -> str:
    if raw < SPACE:
        return ""
    return pick(lang, f" The sum {raw} passes 2^32 - 1, so it wraps to {raw % SPACE} (section 3.4: arithmetic is "
                      "modulo 2^32).",
                f"和 {raw} 超过了 2^32 - 1，回绕为 {raw % SPACE}（第 3.4 节：序号运算按 2^32 取模）。")


SeqAck = Callable[[random.Random, str], tuple[str, str, list[str], str]]


def _synack_ack(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    x = _seq(rng)
    right, wrong = _numbers(x + 1, (-1, 1, 2))
    return (pick(lang, f"A client's SYN carries seq `{x}`. What acknowledgment number does the server's SYN,ACK carry?",
                 f"客户端的 SYN 携带序号 `{x}`。服务器的 SYN,ACK 的确认号是多少？"),
            right, wrong,
            pick(lang, f"The SYN occupies one sequence number, so the next one expected is {x} + 1 = {right}."
                       f"{_mod_note(x + 1, lang)} {rfc_ref('3.4', lang)}",
                 f"SYN 占一个序号，所以期待的下一个序号是 {x} + 1 = {right}。"
                 f"{_mod_note(x + 1, lang)}{rfc_ref('3.4', lang)}"))


def _third_ack(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    x, y = _seq(rng), _seq(rng)
    x1, y1 = (x + 1) % SPACE, (y + 1) % SPACE
    right = f"seq={x1}, ack={y1}"
    wrong = [f"seq={x}, ack={y1}", f"seq={x1}, ack={y}", f"seq={y1}, ack={x1}", f"seq={x1}, ack={(y + 2) % SPACE}"]
    return (pick(lang, f"A client's SYN carried seq `{x}`. The server answered with a SYN,ACK carrying seq `{y}` and "
                       f"ack `{x1}`. Which seq and ack does the client's ACK, the third segment, carry?",
                 f"客户端的 SYN 携带序号 `{x}`。服务器回的 SYN,ACK 携带序号 `{y}`、确认号 `{x1}`。"
                 f"客户端的 ACK（第三个报文）携带的序号和确认号是多少？"),
            right, wrong,
            pick(lang, f"The client's SYN used {x}, so its next seq is {x1}; the server's SYN used {y}, so the client "
                       f"acknowledges {y1}. The ACK itself occupies no sequence number. {rfc_ref('3.5', lang)}",
                 f"客户端的 SYN 用掉了 {x}，下一个序号是 {x1}；服务器的 SYN 用掉了 {y}，所以确认号是 {y1}。"
                 f"ACK 本身不占序号。{rfc_ref('3.5', lang)}"))


def _first_data(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    x = _seq(rng)
    right, wrong = _numbers(x + 1, (-1, 1, 2))
    return (pick(lang, f"A client's SYN carried seq `{x}`. After the handshake, what sequence number does its first "
                       f"data octet have?",
                 f"客户端的 SYN 携带序号 `{x}`。握手完成后，它发送的第一个数据字节的序号是多少？"),
            right, wrong,
            pick(lang, f"The SYN takes {x}; data starts at the next number, {right}.{_mod_note(x + 1, lang)} "
                       f"{rfc_ref('3.4', lang)}",
                 f"SYN 占用 {x}，数据从下一个序号 {right} 开始。{_mod_note(x + 1, lang)}{rfc_ref('3.4', lang)}"))


def _data_ack(rng: random.Random, lang: str, wrap: bool = False) -> tuple[str, str, list[str], str]:
    n = _size(rng)
    s = _wrap_seq(rng, n) if wrap else _seq(rng)
    right, wrong = _numbers(s + n, (-1, 1, 1 - n))
    return (pick(lang, f"A segment arrives in order with seq `{s}` and `{n}` octets of data. What acknowledgment "
                       f"number does the receiver send back?",
                 f"一个报文按序到达，序号 `{s}`，携带 `{n}` 字节数据。接收方回的确认号是多少？"),
            right, wrong,
            pick(lang, f"An ACK names the next octet expected: {s} + {n} = {right}.{_mod_note(s + n, lang)} "
                       f"{rfc_ref('3.4', lang)}",
                 f"确认号是期待的下一个字节：{s} + {n} = {right}。{_mod_note(s + n, lang)}{rfc_ref('3.4', lang)}"))


def _next_seq(rng: random.Random, lang: str, wrap: bool = False) -> tuple[str, str, list[str], str]:
    n = _size(rng)
    s = _wrap_seq(rng, n) if wrap else _seq(rng)
    right, wrong = _numbers(s + n, (-1, 1, 1 - n))
    return (pick(lang, f"A host sends a segment with seq `{s}` carrying `{n}` octets of data. What seq does its next "
                       f"segment carry?",
                 f"主机发送一个报文，序号 `{s}`，携带 `{n}` 字节数据。它的下一个报文序号是多少？"),
            right, wrong,
            pick(lang, f"Each data octet takes one sequence number: {s} + {n} = {right}.{_mod_note(s + n, lang)} "
                       f"{rfc_ref('3.4', lang)}",
                 f"每个数据字节占一个序号：{s} + {n} = {right}。{_mod_note(s + n, lang)}{rfc_ref('3.4', lang)}"))


def _fin_ack(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    s = _seq(rng)
    right, wrong = _numbers(s + 1, (-1, 1, 2))
    return (pick(lang, f"A FIN without data arrives in order with seq `{s}`. What acknowledgment number does the ACK "
                       f"of it carry?",
                 f"一个不带数据的 FIN 按序到达，序号 `{s}`。确认它的 ACK 的确认号是多少？"),
            right, wrong,
            pick(lang, f"A FIN occupies one sequence number, like a SYN: {s} + 1 = {right}.{_mod_note(s + 1, lang)} "
                       f"{rfc_ref('3.4', lang)}",
                 f"FIN 和 SYN 一样占一个序号：{s} + 1 = {right}。{_mod_note(s + 1, lang)}{rfc_ref('3.4', lang)}"))


def _fin_data_ack(rng: random.Random, lang: str, wrap: bool = False) -> tuple[str, str, list[str], str]:
    n = _size(rng)
    s = _wrap_seq(rng, n + 1) if wrap else _seq(rng)
    right, wrong = _numbers(s + n + 1, (-1, 1, -n))
    return (pick(lang, f"A segment with FIN set carries `{n}` octets of data and seq `{s}`, and arrives in order. "
                       f"What acknowledgment number answers it?",
                 f"一个置了 FIN 的报文携带 `{n}` 字节数据，序号 `{s}`，按序到达。回应它的确认号是多少？"),
            right, wrong,
            pick(lang, f"The data takes {n} numbers and the FIN, which comes after the data, one more: "
                       f"{s} + {n} + 1 = {right}.{_mod_note(s + n + 1, lang)} {rfc_ref('3.4', lang)}",
                 f"数据占 {n} 个序号，FIN 位于数据之后，再占一个：{s} + {n} + 1 = {right}。"
                 f"{_mod_note(s + n + 1, lang)}{rfc_ref('3.4', lang)}"))


def _fin_seq(rng: random.Random, lang: str, wrap: bool = False) -> tuple[str, str, list[str], str]:
    n = _size(rng)
    x = _wrap_seq(rng, n + 1) if wrap else _seq(rng)
    right, wrong = _numbers(x + 1 + n, (-1, 1, -n))
    return (pick(lang, f"A client's SYN carried seq `{x}`. After the handshake it sent `{n}` octets of data, then "
                       f"closed. What seq does its FIN carry?",
                 f"客户端的 SYN 携带序号 `{x}`。握手后它发送了 `{n}` 字节数据，然后关闭。它的 FIN 的序号是多少？"),
            right, wrong,
            pick(lang, f"The SYN took {x}, the data the next {n} numbers, so the FIN takes {x} + 1 + {n} = {right}."
                       f"{_mod_note(x + 1 + n, lang)} {rfc_ref('3.4', lang)}",
                 f"SYN 占 {x}，数据占接下来的 {n} 个序号，所以 FIN 的序号是 {x} + 1 + {n} = {right}。"
                 f"{_mod_note(x + 1 + n, lang)}{rfc_ref('3.4', lang)}"))


def _final_ack(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    y, m = _seq(rng), _size(rng)
    right, wrong = _numbers(y + m + 2, (-1, 1, -2))
    return (pick(lang, f"The server's SYN carried seq `{y}`. Over the connection the server sent `{m}` octets of "
                       f"data, then its FIN. What acknowledgment number does the client's last ACK carry?",
                 f"服务器的 SYN 携带序号 `{y}`。连接期间服务器发送了 `{m}` 字节数据，然后发出 FIN。"
                 f"客户端最后一个 ACK 的确认号是多少？"),
            right, wrong,
            pick(lang, f"SYN, data and FIN take {y} through {y} + {m} + 1, so the next number expected is "
                       f"{y} + {m} + 2 = {right}.{_mod_note(y + m + 2, lang)} {rfc_ref('3.4', lang)}",
                 f"SYN、数据和 FIN 占用 {y} 到 {y} + {m} + 1，所以期待的下一个序号是 {y} + {m} + 2 = {right}。"
                 f"{_mod_note(y + m + 2, lang)}{rfc_ref('3.4', lang)}"))


def _in_flight(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    n = _size(rng) * rng.randint(1, 8)
    a = _seq(rng)
    b = (a + n) % SPACE
    wrong = [str(n + 1), str(n - 1), str((a - b) % SPACE)]
    return (pick(lang, f"A sender has SND.UNA = `{a}` and SND.NXT = `{b}`. How many octets has it sent that are not "
                       f"yet acknowledged?",
                 f"发送方的 SND.UNA = `{a}`，SND.NXT = `{b}`。已发送但尚未被确认的有多少字节？"),
            str(n), wrong,
            pick(lang, f"SND.NXT - SND.UNA = {b} - {a} = {n}, computed modulo 2^32. {rfc_ref('3.3.1', lang)}",
                 f"SND.NXT - SND.UNA = {b} - {a} = {n}，按 2^32 取模计算。{rfc_ref('3.3.1', lang)}"))


def _acceptable_ack(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    n = _size(rng) * rng.randint(2, 6)
    a = _seq(rng)
    b = (a + n) % SPACE
    right = str((a + rng.randint(1, n)) % SPACE)
    wrong = [str(a), str((b + 1) % SPACE), str((a - 1) % SPACE), str((b + n) % SPACE)]
    return (pick(lang, f"A sender has SND.UNA = `{a}` and SND.NXT = `{b}`. Which ACK value is acceptable, that is, "
                       f"acknowledges something new?",
                 f"发送方的 SND.UNA = `{a}`，SND.NXT = `{b}`。下列哪个确认号是可接受的（确认了新的数据）？"),
            right, wrong,
            pick(lang, f"An acceptable ACK satisfies SND.UNA < SEG.ACK =< SND.NXT ({a} < ACK =< {b}, modulo 2^32): "
                       f"{right}. SND.UNA itself is a duplicate; beyond SND.NXT acknowledges data never sent. "
                       f"{rfc_ref('3.4', lang)}",
                 f"可接受的 ACK 满足 SND.UNA < SEG.ACK =< SND.NXT（{a} < ACK =< {b}，按 2^32 取模）：{right}。"
                 f"等于 SND.UNA 是重复确认，超过 SND.NXT 则确认了尚未发送的数据。{rfc_ref('3.4', lang)}"))


def _window_edge(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    r, w = _seq(rng), rng.choice((1_000, 8_192, 16_384, 29_200, 65_535))
    right, wrong = _numbers(r + w - 1, (1, -w + 1, -1))
    return (pick(lang, f"A receiver has RCV.NXT = `{r}` and RCV.WND = `{w}`. What is the highest sequence number it "
                       f"accepts?",
                 f"接收方的 RCV.NXT = `{r}`，RCV.WND = `{w}`。它能接受的最大序号是多少？"),
            right, wrong,
            pick(lang, f"The window runs from RCV.NXT to RCV.NXT + RCV.WND - 1 = {right}.{_mod_note(r + w - 1, lang)} "
                       f"{rfc_ref('3.4', lang)}",
                 f"接收窗口从 RCV.NXT 到 RCV.NXT + RCV.WND - 1 = {right}。{_mod_note(r + w - 1, lang)}"
                 f"{rfc_ref('3.4', lang)}"))


def _two_segments(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    s, n1, n2 = _seq(rng), _size(rng), _size(rng)
    s2 = (s + n1) % SPACE
    right, wrong = _numbers(s + n1 + n2, (-1, 1, -n2))
    return (pick(lang, f"Two segments arrive in order: seq `{s}` with `{n1}` octets, then seq `{s2}` with `{n2}` "
                       f"octets. What acknowledgment number follows the second?",
                 f"两个报文按序到达：序号 `{s}` 带 `{n1}` 字节，然后序号 `{s2}` 带 `{n2}` 字节。"
                 f"第二个之后的确认号是多少？"),
            right, wrong,
            pick(lang, f"ACKs are cumulative: {s} + {n1} + {n2} = {right}.{_mod_note(s + n1 + n2, lang)} "
                       f"{rfc_ref('3.4', lang)}",
                 f"确认是累积的：{s} + {n1} + {n2} = {right}。{_mod_note(s + n1 + n2, lang)}{rfc_ref('3.4', lang)}"))


def _out_of_order(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    r, gap, n = _seq(rng), _size(rng), _size(rng)
    s = (r + gap) % SPACE
    wrong = [str((s + n) % SPACE), str(s), str((r + n) % SPACE)]
    return (pick(lang, f"A receiver expects seq `{r}` next (RCV.NXT). A segment with seq `{s}` and `{n}` octets "
                       f"arrives first, ahead of the missing data. What acknowledgment number does the ACK it sends "
                       f"carry?",
                 f"接收方期待的下一个序号是 `{r}`（RCV.NXT）。"
                 f"序号为 `{s}`、带 `{n}` 字节的报文抢先到达，中间的数据还没到。"
                 f"它发出的 ACK 的确认号是多少？"),
            str(r), wrong,
            pick(lang, f"A cumulative ACK can only name the first octet still missing, {r}; the early segment is "
                       f"held until the gap is filled. {rfc_ref('3.10.7.4', lang)}",
                 f"累积确认只能指出第一个缺失的字节 {r}；提前到达的报文先保存，等空缺补上再处理。"
                 f"{rfc_ref('3.10.7.4', lang)}"))


def _rst_for_syn(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    s = _seq(rng)
    right, wrong = _numbers(s + 1, (-1, 1))
    wrong.append("0")
    return (pick(lang, f"A SYN with seq `{s}` reaches a port where nobody listens. What acknowledgment number does the "
                       f"RST,ACK that answers it carry?",
                 f"序号为 `{s}` 的 SYN 到达一个无人监听的端口。回应它的 RST,ACK 的确认号是多少？"),
            right, wrong,
            pick(lang, f"At CLOSED a segment without ACK is answered with <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; "
                       f"the SYN counts one, so {s} + 1 = {right}.{_mod_note(s + 1, lang)} {rfc_ref('3.10.7.1', lang)}",
                 f"CLOSED 状态对不带 ACK 的报文回 <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>；SYN 算一个序号，"
                 f"所以是 {s} + 1 = {right}。{_mod_note(s + 1, lang)}{rfc_ref('3.10.7.1', lang)}"))


def _rst_for_ack(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    a, s = _seq(rng), _seq(rng)
    wrong = [str((a + 1) % SPACE), str(s), "0"]
    return (pick(lang, f"A segment with seq `{s}` and ack `{a}` arrives at a socket in LISTEN. What sequence number "
                       f"does the RST that answers it carry?",
                 f"一个序号 `{s}`、确认号 `{a}` 的报文到达处于 LISTEN 的套接字。回应它的 RST 的序号是多少？"),
            str(a), wrong,
            pick(lang, f"Any ACK is bad in LISTEN, and the RST takes its seq from the ACK field, <SEQ=SEG.ACK>: {a}, "
                       f"so the sender finds it in its window. {rfc_ref('3.10.7.2', lang)}",
                 f"LISTEN 中任何 ACK 都是错的，RST 的序号取自对方的确认号 <SEQ=SEG.ACK>：{a}，这样对方才会接受它。"
                 f"{rfc_ref('3.10.7.2', lang)}"))


def _abort_rst(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    una = _seq(rng)
    nxt = (una + _size(rng)) % SPACE
    wrong = [str(una), str((nxt + 1) % SPACE), "0"]
    return (pick(lang, f"A host in ESTABLISHED has SND.UNA = `{una}` and SND.NXT = `{nxt}` when its user calls ABORT. "
                       f"What sequence number does its RST carry?",
                 f"处于 ESTABLISHED 的主机 SND.UNA = `{una}`、SND.NXT = `{nxt}`，此时应用调用 ABORT。"
                 f"它发出的 RST 的序号是多少？"),
            str(nxt), wrong,
            pick(lang, f"ABORT sends <SEQ=SND.NXT><CTL=RST>: {nxt}. {rfc_ref('3.10.5', lang)}",
                 f"ABORT 发送 <SEQ=SND.NXT><CTL=RST>：{nxt}。{rfc_ref('3.10.5', lang)}"))


SEQACK: tuple[tuple[str, SeqAck], ...] = (
    ("synack-ack", _synack_ack),
    ("third-ack", _third_ack),
    ("first-data", _first_data),
    ("data-ack", _data_ack),
    ("data-ack-wrap", lambda rng, lang: _data_ack(rng, lang, wrap=True)),
    ("next-seq", _next_seq),
    ("next-seq-wrap", lambda rng, lang: _next_seq(rng, lang, wrap=True)),
    ("fin-ack", _fin_ack),
    ("fin-data-ack", _fin_data_ack),
    ("fin-data-ack-wrap", lambda rng, lang: _fin_data_ack(rng, lang, wrap=True)),
    ("fin-seq", _fin_seq),
    ("fin-seq-wrap", lambda rng, lang: _fin_seq(rng, lang, wrap=True)),
    ("final-ack", _final_ack),
    ("in-flight", _in_flight),
    ("acceptable-ack", _acceptable_ack),
    ("window-edge", _window_edge),
    ("two-segments", _two_segments),
    ("out-of-order", _out_of_order),
    ("rst-for-syn", _rst_for_syn),
    ("rst-for-ack", _rst_for_ack),
    ("abort-rst", _abort_rst),
)


def seqack(lang: str) -> Iterator[Spec]:
    for name, template in SEQACK:
        key = f"seqack/{name}"

        def make(rng: random.Random, template: SeqAck = template, key: str = key) -> Question:
            prompt, right, wrong, explanation = template(rng, lang)
            if right.isdigit():  # in case unlucky numbers made some near misses coincide
                wrong += [str((int(right) + d) % SPACE) for d in (1, -1, 2, -2, 3)]
            return assemble(key, "seqack", lang, prompt, right, wrong, explanation, rng)

        yield Spec(key, "seqack", True, make)


# -- written by hand ------------------------------------------------------------------------------


def handwritten_kind(entries: tuple[handwritten.Entry, ...], lang: str) -> Iterator[Spec]:
    for key, kind, en, zh in entries:
        prompt, right, wrong, explanation = zh if lang == "zh" else en

        def build(rng: random.Random, key: str = key, kind: str = kind, prompt: str = prompt, right: str = right,
                  wrong: tuple[str, ...] = wrong, explanation: str = explanation) -> Question:
            return assemble(key, kind, lang, prompt, right, wrong, explanation, rng)

        yield _fixed(key, kind, build)


GENERATORS: dict[str, Callable[[str], Iterator[Spec]]] = {
    "next-state": next_state,
    "send": what_is_sent,
    "order": order,
    "where": where,
    "seqack": seqack,
    "scenario": lambda lang: handwritten_kind(handwritten.SCENARIO + handwritten.LINUX, lang),
    "timer": lambda lang: handwritten_kind(handwritten.TIMER, lang),
    **transfer_kinds.GENERATORS,
}


# -- what to study first ------------------------------------------------------------------------------

# The arrows of Figure 5 (section 3.3.2) with its notes 1 (a RST sends a passively opened
# SYN-RECEIVED back to LISTEN) and 2: the core of every course.
CORE_KEYS = {
    *(f"{kind}/{state}/{event}" for kind in ("next-state", "send") for state, event in (*fsm.FIGURE_5, fsm.NOTE_2)),
    "next-state/SYN-RECEIVED/rcv-rst/passive", "send/SYN-RECEIVED/rcv-rst/passive",
    *(f"order/{name}" for name in ("active-closer", "passive-closer", "active-opener", "passive-opener",
                                   "simultaneous-closer")),
    *(f"seqack/{name}" for name in ("synack-ack", "third-ack", "data-ack", "fin-ack", "fin-seq")),
    "scenario/lost-final-ack/what-next", "scenario/handshake/third-segment",
    "scenario/simultaneous-close/who-time-wait",
    "scenario/half-close/keep-sending", "scenario/abort/time-wait", "scenario/refused/closed-port",
    "timer/time-wait/who", "timer/time-wait/why", "timer/time-wait/rfc-length", "timer/time-wait/linux",
}


def is_core(key: str) -> bool:
    return key in CORE_KEYS or key.startswith(("where/handshake/", "where/close/"))


def study_order(specs: Sequence[Spec]) -> list[Spec]:
    """Core questions first, then the rest; within each, the kinds take turns."""
    ordered: list[Spec] = []
    for core in (True, False):
        queues = [[spec for spec in specs if spec.kind == kind and is_core(spec.key) == core] for kind in GENERATORS]
        while any(queues):
            for queue in queues:
                if queue:
                    ordered.append(queue.pop(0))
    return ordered

