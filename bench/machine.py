"""How fast this shared machine runs Python right now, printed beside every figure: the same
code has measured 3 to 10 times slower from one hour to the next here (other tenants), so a
figure means little without it."""

from __future__ import annotations

import time


def cpu_check() -> str:
    """A 1M-step Python loop (an idle 2 GHz core: about 25 ms)."""
    started = time.perf_counter()
    total = 0
    for number in range(1_000_000):
        total += number
    return f"1M-step Python loop: {(time.perf_counter() - started) * 1000:.0f} ms"
