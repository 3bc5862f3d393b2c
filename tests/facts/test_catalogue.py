"""Each rule of the checker fires on a wrong statement and stays silent on the right one
and on a nearby correct sentence, in Chinese and in English."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tcpquiz.facts.catalogue import CATALOGUE
from tcpquiz.facts.check import RULES, check_text

from .examples import EXAMPLES

CASES = [(rule.id, lang) for rule in RULES for lang in ("zh", "en")]


def fired(text: str) -> set[str]:
    return {finding.rule for finding in check_text(text)}


def test_the_catalogue_holds_at_least_40_misconceptions():
    assert len(CATALOGUE) >= 40
    assert len({rule.id for rule in RULES}) == len(RULES)


def test_every_rule_has_examples_and_every_example_a_rule():
    assert sorted(EXAMPLES) == sorted(rule.id for rule in RULES)


@pytest.mark.parametrize(("rule", "lang"), CASES)
def test_fires_on_the_wrong_statement(rule, lang):
    wrong, _right, _nearby = EXAMPLES[rule][lang]
    assert rule in fired(wrong)


@pytest.mark.parametrize(("rule", "lang"), CASES)
def test_silent_on_the_right_statement(rule, lang):
    _wrong, right, _nearby = EXAMPLES[rule][lang]
    assert fired(right) == set()


@pytest.mark.parametrize(("rule", "lang"), CASES)
def test_silent_on_a_nearby_correct_sentence(rule, lang):
    _wrong, _right, nearby = EXAMPLES[rule][lang]
    assert fired(nearby) == set()


@pytest.mark.parametrize(("rule", "lang"), CASES)
def test_the_finding_says_the_fact_in_the_statements_language(rule, lang):
    wrong = EXAMPLES[rule][lang][0]
    finding = next(f for f in check_text(wrong) if f.rule == rule)
    assert finding.lang == lang
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in finding.fact)
    assert has_chinese == (lang == "zh")
    assert finding.source and finding.line == 1


@pytest.mark.parametrize(("rule", "lang"), CASES)
def test_discussing_the_mistake_is_not_making_it(rule, lang):
    """Quoting a mistake to warn about it must not be flagged."""
    wrong = EXAMPLES[rule][lang][0]
    warning = f"常见的错误说法：{wrong}" if lang == "zh" else f"A common misconception: {wrong}"
    assert rule not in fired(warning)


def test_a_question_asserts_nothing():
    assert fired("TCP 的保活机制默认开启吗？") == set()
    assert fired("Is TCP keepalive enabled by default?") == set()


def test_code_blocks_are_not_prose():
    assert fired("```\nSYN_SEND = 2  # our own enum\n```") == set()

# Text a note may hold: TCP words, digits of any script, CJK, markup and control characters.
NOTE_TEXT = st.lists(st.one_of(
    st.sampled_from(["SYN", "SYN_SEND", "TIME", " WAIT", "_", "-", "ack", "seq", "=", "+", "1", "75", "分钟", "字节",
                     "首部", "TCP", "UDP", "MSL", "RFC", "Linux", "默认", "不是", "。", ".", "?", "|", "\n", "```",
                     "tcp_keepalive_probes", "２０", "٣"]),
    st.characters(),
), max_size=80).map("".join)


@given(NOTE_TEXT)
@settings(max_examples=300, deadline=1000)
def test_any_text_is_checked_without_error(text):
    lines = text.split("\n")
    for finding in check_text(text):
        assert 1 <= finding.line <= len(lines)
        assert finding.fact and finding.source


def test_ack_plus_one_in_one_reply_is_not_a_rule():
    """"ack = seq + 1" about one reply may answer a SYN; only the general rule is flagged."""
    assert fired("服务端收到后回复确认，ack = seq + 1。") == set()
    assert fired("The server replies with ack = seq + 1.") == set()
    assert fired("确认号：ack = seq + 1。") == {"ack-is-seq-plus-one"}


def test_whose_fin_and_which_close_the_sentence_is_about():
    """The rules about FIN and the closing states stay silent when another subject or a
    simultaneous close makes the sentence right."""
    assert fired("服务器收到 FIN 后就知道客户端不能再发送数据了。") == set()
    assert fired("After receiving a FIN, the server knows that the client cannot send any more.") == set()
    assert fired("发送 FIN 之后，对方知道自己不能再接收新的请求？") == set()
    assert fired("同时关闭时，被动关闭方也会进入 TIME_WAIT。") == set()
    assert fired("收到 FIN 之后，不能再发送数据。") == {"fin-receiver-cannot-send"}


@pytest.mark.parametrize("sentence", [
    "收到 RST 后会确认连接已被中止。",
    "发送 RST 可以避免进入 TIME_WAIT。",
    "CLOSE_WAIT 堆积与 TIME_WAIT 不同，后者可以开启 tcp_tw_reuse。",
    "TCP 和 UDP 的校验和：UDP 可选。",
    "UDP 需要应用自己实现拥塞控制。",
    "UDP applications must implement their own congestion control.",
    "Unlike UDP, TCP supports no broadcast.",
    "HTTP/3 不再基于 TCP。",
    "在 bind() 之后设置 SO_REUSEADDR 是无效的。",
    "第一次握手 SYN=1，第二次握手 SYN=1、ACK=1。",
])
def test_sentences_a_careless_rule_would_flag(sentence):
    """Right statements that share a wrong one's words: each silenced by a rule's context."""
    assert fired(sentence) == set()
