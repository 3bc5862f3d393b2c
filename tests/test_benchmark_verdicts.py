"""benchmarks/run.py's verdicts: a case is met or missed only against a target it has."""

from __future__ import annotations

from benchscripts import benchmark_module


def test_a_case_without_a_target_is_neither_met_nor_missed() -> None:
    benchmark_module("generate")  # run.py imports it by name
    run = benchmark_module("run")
    command = run.Command("tcpquiz", ["true"])
    sample = run.Sample(seconds=2.0, cpu_seconds=2.0, rss_mb=40.0)
    compared = run.Case("for comparison", command, floor=command, samples=[sample], floor_samples=[sample])
    assert run.verdict(compared) == ("—", "—")
    # 2 s against a 1 s floor: over a 1.5x target, within a 3x one
    floor = run.Sample(seconds=1.0, cpu_seconds=1.0, rss_mb=16.0)
    slow = run.Case("slow", command, floor=command, max_ratio=1.5, samples=[sample], floor_samples=[floor])
    assert run.verdict(slow) == ("≤ 1.5x", "**missed** (time)")
    fine = run.Case("fine", command, floor=command, max_ratio=3, samples=[sample], floor_samples=[floor])
    assert run.verdict(fine) == ("≤ 3x", "met")
