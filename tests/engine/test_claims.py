"""Every choice of every hand-written question (the scenario and timer kinds, and the fixed
questions of the data-transfer kinds), checked against the engine: the keyed choice's claims
all hold, and every wrong choice has a claim the engine refutes."""

from __future__ import annotations

import random

import pytest

from tcpquiz.engine import claims, handwritten
from tcpquiz.engine.claims import CLAIMS, Claim, choice_holds, holds
from tcpquiz.engine.questions import LANGS, bank
from tcpquiz.engine.scenarios import CLIENT, SERVER
from tcpquiz.engine.transfer_kinds import algorithms, cwnd_bytes, nagle_delack, retransmission
from tcpquiz.engine.transfer_kinds.window import ZERO_WINDOW

ENTRIES = handwritten.SCENARIO + handwritten.LINUX + handwritten.TIMER + tuple(
    (key, key.split("/")[0], en, zh) for key, en, zh in (
        *algorithms.ALGO_FIXED, *cwnd_bytes.BYTES_FIXED, *nagle_delack.NAGLE_FIXED, *retransmission.RTO_FIXED,
        *ZERO_WINDOW))


def test_every_hand_written_question_has_claims_for_each_of_its_choices() -> None:
    assert set(CLAIMS) == {key for key, *_ in ENTRIES}
    fixed = {spec.key for spec in bank("en") if not spec.numeric and spec.kind not in ("next-state", "send", "order",
                                                                                       "where")}
    assert fixed == set(CLAIMS)  # no other kind has free-text choices
    for key, _kind, en, zh in ENTRIES:
        assert len(CLAIMS[key]) == 1 + len(en[2]) == 1 + len(zh[2]) == 4, key
        assert all(choice and all(claim.measure in claims.MEASURES for claim in choice) for choice in CLAIMS[key])


@pytest.mark.parametrize("key", sorted(CLAIMS))
def test_only_the_keyed_choice_is_true(key: str) -> None:
    right, *wrong = CLAIMS[key]
    assert choice_holds(right), [(claim, claims.MEASURES[claim.measure](*claim.args)) for claim in right]
    for choice in wrong:
        assert not choice_holds(choice), (key, choice)


@pytest.mark.parametrize("lang", LANGS)
def test_the_asked_question_keys_the_choice_the_claims_make_true(lang: str) -> None:
    """The question shown (choices shuffled) keys the entry's right answer; the claims follow the
    entry's order, so the keyed text is the one whose claims hold."""
    written = {key: (zh if lang == "zh" else en) for key, _kind, en, zh in ENTRIES}
    for spec in bank(lang):
        if spec.key in written:
            question = spec.make(random.Random(0))
            prompt, right, wrong, _ = written[spec.key]
            assert question.prompt == prompt and question.right == right
            assert sorted(question.choices) == sorted((right, *wrong))


def test_the_measures_agree_with_numbers_worked_out_by_hand() -> None:
    # RFC 9293 section 3.4.2: MSL 2 minutes, so TIME-WAIT lasts 240 s; with a 30 s MSL, 60 s.
    assert claims.time_in("close", CLIENT, "TIME-WAIT") == 240_000
    assert claims.time_in("close", CLIENT, "TIME-WAIT", 30_000) == 60_000
    # RFC 6298 sections 2.1 and 5.5: 1 s, then doubled on each expiry.
    assert claims.rto_intervals("accept-queue-full", SERVER)[:3] == (1_000, 2_000, 4_000)
    # Lost final ACK: the handshake ACK does not acknowledge a FIN; two ACKs of the server's FIN do.
    assert claims.acks_of_fin("lost-final-ack", CLIENT) == 2
    assert claims.segments_from("simultaneous-open", 0) == 6  # RFC 793 Figure 8
    assert claims.reply_to("closed-port", SERVER, "SYN", 1) == "RST,ACK"  # RFC 9293 section 3.10.7.1
    assert claims.who_waits("simultaneous-close") == "both"
    # RFC 7323 section 2.3: shift at most 14; RFC 5681 equation (1): 3 segments for SMSS 1460.
    assert claims.largest_window() == 65_535 * 16_384 and claims.iw_segments(1460) == 3
    # RFC 9438 section 4.6: beta_cubic 0.7.
    assert claims.cubic_after_loss(40) == 28


def test_a_claim_the_engine_refutes_is_false() -> None:
    assert holds(Claim("sides-in", ("simultaneous-close", "TIME-WAIT"), 2))
    assert not holds(Claim("sides-in", ("simultaneous-close", "TIME-WAIT"), 1))
    assert not choice_holds((Claim("final", ("close", CLIENT), "CLOSED"), Claim("final", ("close", SERVER), "LISTEN")))
