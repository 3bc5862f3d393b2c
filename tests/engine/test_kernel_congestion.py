"""The congestion engine against the kernel: Linux's `reno` module (TCP_CONGESTION) sends
through a relay that drops chosen segments, in network namespaces made by the probe, and
cwnd and ssthresh are read from TCP_INFO after every ACK (tests/engine/kernel_cc_probe.py).

Compared with the engine: ssthresh after three duplicate ACKs and after a timeout, cwnd = 1
after a timeout, cwnd = ssthresh when recovery ends, one segment per window in congestion
avoidance, the RTO doubling on each expiry and its floor. Where Linux differs on purpose
the test records it and checks the Linux side: an initial window of 10 segments (RFC 6928,
not RFC 5681's 3 for this MSS) and proportional rate reduction during recovery (RFC 6937)
instead of RFC 5681's inflation to ssthresh + 3. Skipped where namespaces, TUN devices or
the reno module are not available.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from itertools import pairwise, takewhile
from pathlib import Path
from typing import Any

import pytest

from tcpquiz.engine import congestion, rto
from tcpquiz.engine.congestion import Loss, Variant

PROBE = Path(__file__).with_name("kernel_cc_probe.py")
RESAMPLE_SLACK_US = 10_000  # one late RTT sample moves Linux's RTO base by a jiffy or a few (1-10 ms)
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def probe(*args: str) -> dict[str, Any]:
    result = subprocess.run([sys.executable, str(PROBE), *args], capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    if "skip" in data:
        pytest.skip(data["skip"])
    assert data["complete"], "the transfer did not finish"
    return data


def acks(trace: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [entry for entry in trace if entry["event"] == "ack"]


def before(trace: list[dict[str, Any]], state: str) -> tuple[dict[str, Any], dict[str, Any], int]:
    """The last entry before the sender first enters `state`, that entry, and its index."""
    index = next(i for i, entry in enumerate(trace) if entry["ca_state"] == state)
    return trace[index - 1], trace[index], index


def test_fast_retransmit_matches_reno(record_property: Callable[[str, object], None]) -> None:
    data = probe("--drop", "40", "--segments", "200")
    assert data["dropped"] == [40]
    trace = acks(data["trace"])
    # Linux differs on purpose: it starts at 10 segments (RFC 6928); RFC 5681 gives 3 for this MSS.
    assert data["initial"]["cwnd"] == congestion.LINUX_INITIAL_WINDOW
    assert congestion.initial_window(data["mss"]) // data["mss"] == 3
    last, first, index = before(trace, "recovery")
    expected_cwnd, expected_ssthresh = congestion.after_loss(last["cwnd"], Loss.TRIPLE_DUP, Variant.RENO)
    assert first["ssthresh"] == expected_ssthresh  # max(cwnd / 2, 2), as the engine says
    recovery = [e for e in trace[index:] if e["ca_state"] == "recovery"]
    after = next(e for e in trace[index:] if e["ca_state"] == "open")
    # Recovery ends with cwnd = ssthresh (RFC 5681 section 3.2 step 6). The relay reads TCP_INFO
    # some time after it hands the ACK over, not at the instant recovery ends, and congestion
    # avoidance may already have added its one segment by then (a run on a busy machine read 25
    # for 24), so the first sample is ssthresh or one above, never more.
    assert after["ssthresh"] == expected_ssthresh
    assert after["cwnd"] - expected_cwnd in (0, 1), (after["cwnd"], expected_cwnd)
    # Proportional rate reduction (RFC 6937) instead of RFC 5681's ssthresh + 3 SMSS followed by
    # one more per duplicate ACK: while more than ssthresh is in flight cwnd only falls; once the
    # flight is below ssthresh (a busy machine's sender can fall behind) the slow-start reduction
    # bound lets it grow back towards ssthresh, never past it (a run read 21 then 22, ssthresh 24).
    inflated = expected_ssthresh + 3
    cwnds = [e["cwnd"] for e in recovery]
    falling = list(takewhile(lambda cwnd: cwnd > expected_ssthresh, cwnds))
    assert all(cwnd <= last["cwnd"] for cwnd in cwnds)
    assert falling == sorted(falling, reverse=True), cwnds
    assert all(cwnd <= expected_ssthresh for cwnd in cwnds[len(falling):]), cwnds
    record_property("linux_recovery_cwnd", [e["cwnd"] for e in recovery])
    record_property("rfc5681_inflated_cwnd", inflated)
    # Congestion avoidance afterwards: one segment at a time, as the engine's per-round model.
    later = [e["cwnd"] for e in trace if e["t"] > after["t"] and e["ca_state"] == "open"]
    assert all(b - a in (0, 1) for a, b in pairwise(later)) and later[-1] > after["cwnd"]
    # RTO: Linux's 200 ms floor (TCP_RTO_MIN) shows on a sub-millisecond path.
    assert all(e["rto_us"] >= rto.LINUX_MIN_RTO_MS * 1000 for e in trace[1:])


def test_timeout_with_backoff_matches_rfc_6298_and_5681() -> None:
    # Six segments; the 5th and its first retransmission are lost. Only one segment follows it, so
    # one duplicate ACK: the retransmission timer must recover it, twice.
    data = probe("--drop-twice", "5", "--segments", "6")
    trace = data["trace"]
    assert data["dropped"] == [5, 5]
    # Before any RTT sample the RTO is 1 s (RFC 6298 rule 2.1).
    assert trace[0]["rto_us"] == rto.INITIAL_RTO_MS * 1000
    last, first, _ = before(trace, "loss")
    expected_cwnd, expected_ssthresh = congestion.after_loss(last["cwnd"], Loss.TIMEOUT, Variant.RENO)
    assert (first["cwnd"], first["ssthresh"]) == (expected_cwnd, expected_ssthresh) == (1, last["cwnd"] // 2)
    sendings = [e for e in trace if e["segment"] == 5]
    assert [e["event"] for e in sendings] == ["lost", "lost", "sent"]
    # Each expiry doubles the RTO (rule 5.5): the value in force after 0, 1, 2 expiries. Between
    # the first sending and the first expiry Linux may take one more RTT sample, from the SACK of
    # the segment after the lost one, which moves the base by a few milliseconds on a busy
    # machine (a run read 204, 416, 832 ms); after that no sample can come (Karn's rule, RFC 6298
    # section 3), so the second expiry doubles exactly.
    start = sendings[0]["rto_us"]
    timeouts = [e["rto_us"] for e in sendings]
    doubled = rto.backoff(timeouts[1] // 2, 2, max_ms=rto.LINUX_MAX_RTO_MS * 1000)
    assert timeouts[1:] == [int(v) for v in doubled[1:]], timeouts
    assert abs(timeouts[1] // 2 - start) <= RESAMPLE_SLACK_US, timeouts
    assert [e["backoff"] for e in sendings] == [0, 1, 2]
    # The timer cannot fire early; under load it may fire late. When the kernel sent each one is
    # the relay's clock less the kernel's "last data sent" (TCP_INFO): the relay itself may see a
    # packet late on a loaded machine, which would shorten the gap after it. The kernel counts
    # in jiffies (1-10 ms), hence the slack; no doubling would give a second gap of 204 ms.
    sent_at = [e["t"] - e["last_data_sent_ms"] for e in sendings]
    gaps = [b - a for a, b in pairwise(sent_at)]
    assert gaps[0] >= start / 1000 - 10 and gaps[1] >= 2 * start / 1000 - 10, gaps
    # A second timeout of the same segment leaves ssthresh alone (RFC 5681 section 3.1).
    assert sendings[2]["ssthresh"] == expected_ssthresh
