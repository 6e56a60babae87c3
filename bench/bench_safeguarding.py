"""Benchmark (not a test): the danger-word check per message, against the earlier matcher.

    .venv/bin/python bench/bench_safeguarding.py [BASELINE_COMMIT]

Runs every sentence of the danger-word evaluation set (tests/safeguarding_eval.yaml)
and every question of the FAQ evaluation set (tests/faq_eval.yaml) through
`Safeguarding.signals`, ten languages' rules at once as the bot does, 20 rounds,
after one warm-up round (typo corrections are cached, as after a day's use). The
baseline is the matcher and phrase lists of an earlier commit (default e2c8bff,
a fuzzy ratio per word x phrase x language), loaded from git and measured in the
same run. Prints the median and 95th percentile per message and the ratio, and the
same for both layers as the bot runs them on a question (`FaqLibrary.verdict`): the
rules, then where they are silent the danger model's alarm or calm line and the violence
model under either (`faq/danger_model.py`), with the help lines they show. First the
library's load time, three times (no baseline: the figure to watch as the rules grow): until
questions are answered, the first message's own compiles, and the rest compiled after.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml

from faq import safeguarding
from faq.library import load_library
from i18n import supported_codes

ROUNDS = 20
BASELINE = "e2c8bff"


def _git(ref: str, path: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{ref}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def baseline(ref: str, languages: tuple[str, ...]) -> object:
    """The earlier matcher with its own phrase lists, from git."""
    folder = Path(tempfile.mkdtemp())
    module_path = folder / "old_safeguarding.py"
    module_path.write_text(_git(ref, "faq/safeguarding.py"), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_safeguarding", module_path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_safeguarding"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    for language in languages:
        (folder / language).mkdir()
        (folder / language / "safeguarding.yaml").write_text(
            _git(ref, f"content/{language}/safeguarding.yaml"), encoding="utf-8"
        )
    return module.Safeguarding(module.load_phrases([folder], languages))


def measure(check: Callable[[str], object], texts: list[str]) -> list[float]:
    for text in texts:
        check(text)  # warm-up
    timings = []
    for _ in range(ROUNDS):
        for text in texts:
            begin = time.perf_counter()
            check(text)
            timings.append((time.perf_counter() - begin) * 1000)
    return sorted(timings)


def main() -> None:
    ref = sys.argv[1] if len(sys.argv) > 1 else BASELINE
    languages = supported_codes()
    tests = ROOT / "tests"
    texts = [c["text"] for c in yaml.safe_load((tests / "safeguarding_eval.yaml").read_text())]
    texts += [c["q"] for c in yaml.safe_load((tests / "faq_eval.yaml").read_text())]
    loads, firsts, rests = [], [], []
    for _ in range(3):  # the bot pays this once per process, in a worker thread from start-up
        safeguarding.forget_compiled()  # each load compiles, as a fresh process does
        begin = time.perf_counter()
        library = load_library(languages)
        library.prepare()  # ready for questions (rules compile as messages need them)
        ready = time.perf_counter()
        library.verdict(texts[0])  # the first message compiles the rules its words lead to
        first = time.perf_counter()
        library.warm()  # the rest, in the loader's thread while the bot answers
        loads.append(ready - begin)
        firsts.append((first - ready) * 1000)
        rests.append(time.perf_counter() - first)
    print(f"load until questions are answered: {', '.join(f'{s:.2f}' for s in loads)} s")
    print(f"the first message after it: {', '.join(f'{s:.0f}' for s in firsts)} ms")
    print(f"every other rule compiled after that: {', '.join(f'{s:.2f}' for s in rests)} s")
    now = measure(library.safeguarding.signals, texts)
    both = measure(library.verdict, texts)  # the danger check as the bot asks it
    old = measure(baseline(ref, languages).signals, texts)
    for name, ms in (
        ("rules (this tree)", now),
        ("rules + danger model", both),
        (f"baseline {ref}", old),
    ):
        print(
            f"{name}: {len(ms)} messages, median {statistics.median(ms):.3f} ms, "
            f"p95 {ms[int(len(ms) * 0.95)]:.3f} ms"
        )
    print(f"ratio baseline/rules: median {statistics.median(old) / statistics.median(now):.1f}x")


if __name__ == "__main__":
    main()
