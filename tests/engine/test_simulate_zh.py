"""`tcpquiz simulate` in Chinese: every scenario's diagram says its events, notes, headings
and legends in Chinese, keeps the RFC's names (states, flags, fields) as they are, and fits
an 80- and a 120-column terminal by display width (a Chinese character takes two columns)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from tcpquiz.engine.congestion import Loss, Variant
from tcpquiz.engine.cwndchart import chart, draw
from tcpquiz.engine.datasim import DATA_SCENARIOS, play, timeline
from tcpquiz.engine.diagram import diagram, fit, plain
from tcpquiz.engine.scenarios import SCENARIOS
from tcpquiz.engine.sim import simulate
from tcpquiz.engine.simwords import sim_text, translated

# Three English words in a row, in lower case: a sentence or a label left in English, not a
# name such as SYN-RECEIVED, seq=1001 or net.ipv4.tcp_fin_timeout.
ENGLISH_RUN = re.compile(r"(?<![\w.\-/=])[a-z]{2,}(?: [a-z]{2,}){2,}(?![\w.\-/=])")
# English words a Chinese screen may hold: the RFC's and the kernel's names, units, variants.
ENGLISH_WORDS = re.compile(r"(?<![\w.\-])[a-z]{3,}(?![\w.\-=])")
NAMES = {"seq", "ack", "len", "win", "cwnd", "ssthresh", "ssth", "connect", "persist", "unread", "held", "tahoe",
         "reno", "congestion", "cookie", "accept", "handshake", "close", "simultaneous", "open", "lost", "final",
         "old", "duplicate", "syn", "half", "flood", "abort", "time", "wait", "new", "orphaned", "fin",
         "queue", "full", "cookies", "fast", "retransmit", "timeout", "backoff", "zero", "window", "max"}


def columns_of(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def english_left(text: str) -> list[str]:
    """English words of a Chinese screen that are not names (scenario names count as names)."""
    return [word for word in ENGLISH_WORDS.findall(text) if word not in NAMES] + ENGLISH_RUN.findall(text)


SEEDS = range(4)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_event_and_note_a_scenario_says_has_a_chinese_form(name: str) -> None:
    for seed in SEEDS:
        for step in simulate(name, seed=seed).steps:
            assert translated(step.what), step.what
            assert translated(step.note), step.note


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_chinese_diagram_is_chinese_and_fits_the_terminal(name: str, columns: int) -> None:
    result = simulate(name)
    lines = fit(diagram(result, columns, "zh"), columns)
    # Trailing spaces count: a terminal wraps them onto a line of their own.
    assert [line for line in lines if columns_of("".join(part for part, _ in line)) > columns] == []
    text = plain(lines)
    joined = "".join(text.split())  # wrapping moves words and spaces, never loses a word
    assert "".join(SCENARIOS[name].title_zh.split()) in joined
    assert "客户端" in text and "服务器" in text
    assert english_left(text) == [], english_left(text)
    assert [line for line in text.splitlines() if columns_of(line) > columns] == []
    for step in result.steps:
        assert "".join(sim_text(step.what, "zh").split()) in joined
        assert "".join(sim_text(step.note, "zh").split()) in joined


def test_the_chinese_time_wait_note_appears_only_where_time_wait_does() -> None:
    for name in SCENARIOS:
        result = simulate(name)
        passes = any("TIME-WAIT" in states for states in (result.client_states, result.server_states))
        text = plain(diagram(result, lang="zh"))
        assert ("Linux 的 TIME_WAIT 固定为 60 秒" in text) == passes, name
        assert "Linux holds" not in text


def test_the_english_diagram_is_unchanged_by_the_language_option() -> None:
    result = simulate("lost-final-ack", isn_client=1000, isn_server=5000)
    assert plain(diagram(result, 80, "en")) == plain(diagram(result, 80))
    assert "2MSL restarted" in plain(diagram(result, lang="en"))
    zh = plain(diagram(result, lang="zh"))
    assert "重传的 FIN：再次确认，2MSL 计时重新开始" in zh
    assert "2MSL restarted" not in zh


def test_the_simulator_texts_map_by_pattern() -> None:
    assert sim_text("send 100 octets", "zh") == "应用发送 100 字节数据"
    assert sim_text("SYN arrives (old duplicate)", "zh") == "收到 SYN（旧的重复报文段）"
    assert sim_text("ACK len=500 arrives", "zh") == "收到 ACK len=500"
    assert sim_text("dropped: the SYN queue is full (4 half-open connections)", "zh") == "丢弃：SYN 队列已满（4 个半连接）"
    refused = 'refused: close is not allowed in CLOSED: RFC 9293 section 3.10.4 answers "error: connection does not exist".'
    assert sim_text(refused, "zh") == '调用被拒绝：CLOSED 状态下不允许 close，RFC 9293 第 3.10.4 节规定回答 "error: connection does not exist"'
    assert sim_text("send 100 octets", "en") == "send 100 octets"
    assert sim_text("something new", "zh") == "something new"  # no form: said as the simulator said it


@pytest.mark.parametrize("name", sorted(DATA_SCENARIOS))
def test_a_chinese_data_timeline_is_chinese_and_fits_80_columns(name: str) -> None:
    text = plain(timeline(play(name, "zh"), "zh"))
    assert "发送方" in text and "接收方" in text
    assert english_left(text) == [], english_left(text)
    assert [line for line in text.splitlines() if columns_of(line) > 80] == []
    # The segments are the model's, whatever the language: the same arrows at the same times.
    def arrows(drawing: str) -> list[tuple[str, str]]:
        return [(line[:5], line.split("│")[1]) for line in drawing.splitlines() if line.count("│") == 2]

    assert len(arrows(text)) > 5
    assert arrows(text)[1:] == arrows(plain(timeline(play(name))))[1:]


def test_the_chinese_congestion_chart_has_chinese_legends_and_the_same_values() -> None:
    data = chart(24, 16, {8: Loss.TRIPLE_DUP, 14: Loss.TIMEOUT}, [Variant.TAHOE, Variant.RENO])
    zh, en = plain(draw(data, "zh")), plain(draw(data))
    for label in ("轮次", "丢包", "慢开始", "拥塞避免", "三个重复 ACK", "第 8 轮（3 个重复 ACK）", "第 14 轮（超时）"):
        assert label in zh
    assert english_left(zh) == [], english_left(zh)
    assert [line for line in zh.splitlines() if columns_of(line) > 80] == []
    # The plot itself is the same drawing in both languages (its axis labels are narrower).
    def plot(drawing: str) -> list[str]:
        return [line.strip() for line in drawing.splitlines() if "┤" in line or line.strip().startswith("│")]

    assert len(plot(en)) > 10 and plot(zh) == plot(en)
    assert zh.splitlines()[-1].split("：")[1] == en.splitlines()[-1].split(": ")[1]


@pytest.mark.parametrize("name", ["handshake", *DATA_SCENARIOS, "congestion"])
def test_simulate_lang_option_draws_chinese_and_json_stays_english(cli: Callable[..., Any], name: str) -> None:
    import json

    drawn = cli("simulate", name, "--lang", "zh")
    assert drawn.exit_code == 0 and re.search(r"[\u4e00-\u9fff]", drawn.stdout)
    data = json.dumps(json.loads(cli("simulate", name, "--json", "--lang", "zh").stdout), ensure_ascii=False)
    assert not re.search(r"[\u4e00-\u9fff]", data)
