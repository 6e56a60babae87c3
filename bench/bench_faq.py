"""Benchmark (not a test): the time to answer one parent question, with all entries loaded.

    .venv/bin/python bench/bench_faq.py

Answers every question of the evaluation set (tests/faq_eval.yaml) many times
through `FaqLibrary.ask` (danger words first, as the bot does) and reports the
load time and the time per question: median, 95th percentile and worst.
Target: under 5 ms per question.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml

from faq.library import load_library
from i18n import supported_codes

ROUNDS = 20


def main() -> None:
    started = time.perf_counter()
    library = load_library(supported_codes())
    library.warm()
    loaded = time.perf_counter() - started
    entries = sum(len(by_id) for by_id in library.content.entries.values())
    cases = yaml.safe_load((ROOT / "tests" / "faq_eval.yaml").read_text(encoding="utf-8"))
    timings = []
    for _ in range(ROUNDS):
        for case in cases:
            begin = time.perf_counter()
            library.verdict(case["q"])  # the rules, and the model where they are silent
            library.ask(case["q"], case["lang"])
            timings.append(time.perf_counter() - begin)
    timings.sort()
    ms = [t * 1000 for t in timings]
    print(f"loaded {entries} entries in {len(library.content.entries)} languages in {loaded:.2f} s")
    print(
        f"{len(ms)} questions: median {statistics.median(ms):.2f} ms, "
        f"p95 {ms[int(len(ms) * 0.95)]:.2f} ms, worst {ms[-1]:.2f} ms (target < 5 ms)"
    )


if __name__ == "__main__":
    main()
