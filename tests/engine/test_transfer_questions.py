"""The generated questions of the data-transfer half: enough distinct prompts and kinds in
both languages, well formed, fresh numbers each time, and answers recomputed here from the
numbers in the prompt with code written for the test (not the engine's)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from tcpquiz.engine.question import Question, Spec
from tcpquiz.engine.questions import LANGS, bank, engine_deck, generate, materialize
from tcpquiz.engine.transfer_kinds import GENERATORS

NEW_KINDS = tuple(GENERATORS)
DRAWS = 25


def _new_specs(lang: str) -> list[Spec]:
    return [spec for spec in bank(lang) if spec.kind in NEW_KINDS]


def _ints(text: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", text)]


@pytest.mark.parametrize("lang", LANGS)
def test_at_least_300_distinct_prompts_in_six_new_kinds(lang: str) -> None:
    specs = _new_specs(lang)
    assert len({spec.key for spec in specs}) == len(specs) >= 300
    assert len({spec.kind for spec in specs}) >= 6
    assert {spec.key for spec in specs} == {spec.key for spec in _new_specs("zh" if lang == "en" else "en")}


@pytest.mark.parametrize("lang", LANGS)
def test_every_new_question_is_well_formed_and_cites_its_source(lang: str) -> None:
    rng = random.Random(7)
    for spec in _new_specs(lang):
        for _ in range(DRAWS if spec.numeric else 1):
            question = spec.make(rng)
            assert len(question.choices) == 4 == len(set(question.choices)), question.key
            assert question.right == question.choices[question.answer]
            assert question.kind == spec.kind and question.lang == lang
            assert re.search(r"RFC \d+|tcp\(7\)", question.explanation), question.key
            if lang == "zh":
                assert re.search(r"[\u4e00-\u9fff]", question.prompt), question.key


def test_numeric_prompts_draw_fresh_numbers() -> None:
    for spec in _new_specs("en"):
        if spec.numeric:
            prompts = {spec.make(random.Random(seed)).prompt for seed in range(8)}
            assert len(prompts) >= 2, spec.key


def test_the_kind_filter_reaches_the_new_kinds() -> None:
    assert {q.kind for q in generate(count=40, kind="cwnd", seed=2)} == {"cwnd"}
    assert len(generate(count=400, kind="rto", seed=2)) == 400  # numeric prompts repeat with new numbers


def _each(key_prefix: str, lang: str = "en", draws: int = 40) -> Iterator[tuple[Spec, Question]]:
    rng = random.Random(key_prefix)
    for spec in _new_specs(lang):
        if spec.key.startswith(key_prefix):
            for _ in range(draws):
                yield spec, spec.make(rng)


# -- answers recomputed from the prompt ------------------------------------------------------------------


def _srtt_rttvar(samples: list[int]) -> tuple[float, float]:
    srtt, rttvar = float(samples[0]), samples[0] / 2
    for r in samples[1:]:
        rttvar = 0.75 * rttvar + 0.25 * abs(srtt - r)
        srtt = 0.875 * srtt + 0.125 * r
    return srtt, rttvar


@pytest.mark.parametrize("lang", LANGS)
def test_rto_answers(lang: str) -> None:
    seen = 0
    for spec, question in _each("rto/", lang):
        parts = spec.key.split("/")
        if not parts[1].endswith("-samples"):
            continue
        asked, floor = parts[2], parts[3]
        listed = question.prompt.split("K = 4")[0]
        samples = [int(x) for x in re.findall(r"(\d+) ms", listed)]
        assert len(samples) == int(parts[1].split("-")[0])
        srtt, rttvar = _srtt_rttvar(samples)
        expected = {"srtt": srtt, "rttvar": rttvar,
                    "rto": max(srtt + 4 * rttvar, {"floor-rfc": 1000, "floor-linux": 200, "floor-none": 0}[floor])}
        assert float(question.right) == pytest.approx(expected[asked], abs=1e-3), question.prompt
        _only_the_keyed_choice_is(question, expected[asked])
        seen += 1
    assert seen > 100


def _only_the_keyed_choice_is(question: Question, value: float) -> None:
    """No distractor has the value worked out from the prompt."""
    same = [choice for choice in question.choices
            if (found := re.match(r"-?\d+(?:\.\d+)?", choice)) and float(found.group()) == pytest.approx(value, abs=1e-3)]
    assert same == [question.right], (question.prompt, question.choices, value)


def test_data_answers() -> None:
    for spec, question in _each("data/", draws=15):
        if spec.key.endswith("lost-last"):
            continue
        n, lost, asked = int(spec.key.split("/")[1].split("-")[0]), int(spec.key.split("/")[2].split("-")[1]), \
            spec.key.split("/")[3]
        pairs = [tuple(map(int, p)) for p in re.findall(r"\((\d+), (\d+) bytes\)", question.prompt)]
        assert len(pairs) == n
        seq, length = pairs[lost - 1]
        if asked == "dup-value":
            assert question.right == str(seq)
            _only_the_keyed_choice_is(question, seq)
        elif asked == "after":
            assert question.right == str((pairs[-1][0] + pairs[-1][1]) % 2**32)
            _only_the_keyed_choice_is(question, (pairs[-1][0] + pairs[-1][1]) % 2**32)
        elif asked == "held":
            assert question.right == str(sum(size for _, size in pairs[lost:]))
            _only_the_keyed_choice_is(question, sum(size for _, size in pairs[lost:]))
        elif asked == "retransmit":
            assert question.right == f"seq {seq}, {length} bytes"
            assert question.choices.count(f"seq {seq}, {length} bytes") == 1
        else:  # every segment after the hole is answered by a duplicate
            assert question.right.startswith(f"{n - lost}:")
            assert ("fast retransmit" in question.right) == (n - lost >= 3)
            assert [c for c in question.choices if c.startswith(f"{n - lost}:")
                    and ("fast retransmit" in c) == (n - lost >= 3)] == [question.right]


def test_usable_window_answers() -> None:
    for _, question in _each("window/usable/"):
        cwnd, rwnd, flight = _ints(question.prompt)[:3]
        assert _ints(question.right)[0] == max(0, min(cwnd, rwnd) - flight)
        _only_the_keyed_choice_is(question, max(0, min(cwnd, rwnd) - flight))


def _textbook_rounds(count: int, ssthresh: int, losses: dict[int, str], reno: bool) -> list[tuple[int, int]]:
    cwnd, out = 1, []
    for number in range(1, count + 1):
        out.append((cwnd, ssthresh))
        if number in losses:
            ssthresh = max(cwnd // 2, 2)
            cwnd = ssthresh if (reno and losses[number] == "3dup") else 1
        elif cwnd < ssthresh:
            cwnd = min(cwnd * 2, ssthresh)
        else:
            cwnd += 1
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_cwnd_answers(lang: str) -> None:
    seen = 0
    for spec, question in _each("cwnd/", lang, draws=20):
        parts = spec.key.split("/")
        if parts[1] not in ("reno", "tahoe") or parts[2] not in ("timeout", "3dup"):
            continue
        numbers = _ints(question.prompt)
        ssthresh, at = numbers[1], numbers[2]
        later = {"next": 1, "plus-2": 2, "plus-3": 3, "plus-4": 4, "ssthresh": 1}[parts[3]]
        run = _textbook_rounds(at + later, ssthresh, {at: parts[2]}, parts[1] == "reno")
        cwnd, threshold = run[-1]
        assert numbers[3] == run[at - 1][0]  # the prompt states the cwnd at the loss
        assert question.right == str(threshold if parts[3] == "ssthresh" else cwnd), question.prompt
        _only_the_keyed_choice_is(question, threshold if parts[3] == "ssthresh" else cwnd)
        seen += 1
    assert seen == 20 * 20


def test_nagle_stall_answers() -> None:
    for spec, question in _each("nagle/stall/"):
        numbers = _ints(question.prompt.split("RTT = ")[1])
        rtt = numbers[0]
        nagle_on, delack_on, asked = "nagle-on" in spec.key, "delack-on" in spec.key, spec.key.split("/")[-1]
        delack = numbers[1] if delack_on and nagle_on else 0
        request = (rtt / 2 + delack + rtt / 2 if nagle_on else 0) + rtt / 2
        expected = request if asked == "request" else request + rtt / 2
        assert float(question.right) == pytest.approx(expected), question.prompt
        _only_the_keyed_choice_is(question, expected)


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_deck_cards_of_the_new_kinds_come_back_with_new_numbers(kind: str) -> None:
    cards = [card for card in engine_deck("zh").cards if card.extra["kind"] == kind]
    assert cards
    for card in cards:
        again = [materialize(card.extra, random.Random(seed)) for seed in range(3)]
        assert all(q.key == card.extra["key"] and q.lang == "zh" and q.kind == kind for q in again)
        if card.extra["numeric"]:
            assert len({q.prompt for q in again} | {card.front}) >= 2, card.key
        else:
            assert {q.prompt for q in again} == {card.front}
