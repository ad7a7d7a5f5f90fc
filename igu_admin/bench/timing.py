"""Taking and printing the figures: milliseconds per call, as median, p95 and
maximum on one line each."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import click

# Names are padded to this width, so that the figures line up in columns.
NAME_WIDTH = 42


def timings(action: Callable[[], object], rounds: int) -> list[float]:
    """`action` called `rounds` times: each call's time in milliseconds."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(name: str, samples: list[float]) -> float:
    """The samples' line printed; their median returned (for a ratio)."""
    ordered = sorted(samples)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    median = statistics.median(samples)
    click.echo(f"{name:<{NAME_WIDTH}} n={len(samples):>5}  median {median:7.3f} ms"
               f"  p95 {p95:7.3f} ms  max {ordered[-1]:7.3f} ms")
    return median
