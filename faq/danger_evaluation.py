"""How well the danger words do on an evaluation set, per language and per half.

An evaluation set (`tests/safeguarding_eval*.yaml`) is a list of messages, each
with the signal it must raise, or none. The sets were written before the rules
were tuned against them; each holds a `tune` half and a `held_out` half fixed
when the messages were written. The rules are tuned on `tune` only: of the
held-out half only the counts are ever printed (`failures` refuses it), so its
figures say how the rules do on messages nobody fitted them to.

A case may carry the parent's message just before it (`earlier`, from the twenty-eighth
set on): the two are scored as the bot reads them, the earlier message alone and then this
one with it (`FaqLibrary.verdict_after`), so what the previous-message reading catches and
what it raises for nothing is measured like the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from faq.danger_model import DangerModel
from faq.entries import FaqContent
from faq.library import MODEL, RULES, DangerVerdict, FaqLibrary
from faq.safeguarding import Helplines, Safeguarding

TUNE = "tune"
HELD_OUT = "held_out"


@dataclass(frozen=True)
class DangerCase:
    lang: str
    split: str  # TUNE or HELD_OUT
    expect: str | None  # the signal it must raise; None: it must raise none
    text: str
    # The parent's message just before `text` (a two-message case), or None. The signal in
    # `expect` is that of the two together: it counts as raised where either message gets
    # the alarm as the bot reads them, the earlier alone, then `text` with it.
    earlier: str | None = None


@dataclass
class DangerScore:
    """Counts for one language and half."""

    danger: int = 0
    missed: int = 0
    wrong_kind: int = 0  # raised an alarm, but not the expected signal among others
    harmless: int = 0
    false_alarms: int = 0
    # With the learned second opinion (`layered`): a danger message that got neither the
    # alarm nor the calm 112 line, and a harmless one that got the calm line.
    unseen: int = 0
    calm_lines: int = 0
    # The model's own alarm, where the rules are silent and it is sure: a danger message the
    # rules missed that it caught, and a harmless one it raised the alarm for.
    model_caught: int = 0
    model_false_alarms: int = 0
    # A harmless pair alarmed on its first message alone ("my son fell from the window!",
    # then "the ground floor, 50 cm, he's fine"): counted among the false alarms, since the
    # pair is harmless, though the bot could not have known it when the first one came.
    first_alone: int = 0

    @property
    def alarm_missed(self) -> int:
        """Danger messages that got no alarm, from the rules or the sure model."""
        return self.missed - self.model_caught

    @property
    def alarm_false_alarms(self) -> int:
        """Harmless messages that got the alarm, from the rules or the sure model."""
        return self.false_alarms + self.model_false_alarms

    @property
    def miss_rate(self) -> float:
        return self.missed / self.danger if self.danger else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.harmless if self.harmless else 0.0


def load_cases(path: Path) -> list[DangerCase]:
    return [
        DangerCase(
            str(c["lang"]),
            str(c["split"]),
            c["expect"] or None,
            str(c["text"]),
            str(c["earlier"]) if c.get("earlier") else None,
        )
        for c in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def _checker(safeguarding: Safeguarding, model: DangerModel | None) -> FaqLibrary:
    """The bot's own danger check (`FaqLibrary.verdict`, `verdict_after`) over these rules
    and this model, without FAQ content or help lines: the counts take its steps, not a
    copy of them."""
    return FaqLibrary(FaqContent(), safeguarding, Helplines(()), danger_model=model)


def verdicts(
    check: FaqLibrary, case: DangerCase, *, read_earlier: bool = True
) -> list[DangerVerdict]:
    """What the bot makes of the case's messages, in the order she sent them: one verdict,
    or for a two-message case the earlier message's and then this one's, read with the
    earlier (`read_earlier`) or alone (what the bot did before it read the two together)."""
    if case.earlier is None:
        return [check.verdict(case.text)]
    first = check.verdict(case.earlier)
    if not read_earlier:
        return [first, check.verdict(case.text)]
    return [first, check.verdict_after(case.text, case.earlier, first.signals)]


def rules_signals(check: FaqLibrary, case: DangerCase) -> set[str]:
    """The rules' alarm on the case as the bot reads it (`check` without the model)."""
    found: set[str] = set()
    for verdict in verdicts(check, case):
        found |= verdict.signals
    return found


def score(
    safeguarding: Safeguarding,
    cases: Iterable[DangerCase],
    model: DangerModel | None = None,
    *,
    read_earlier: bool = True,
) -> DangerScore:
    """Counts as the bot shows it (`FaqLibrary.verdict`, `verdict_after`): `missed` and
    `false_alarms` are the rules'; with `model`, its own alarm where it is sure and no rule
    says the hurt is her own or a child's play (then the calm line), and the calm line
    where it is worried and not sure. A two-message case counts as alarmed where either
    message got the alarm; `read_earlier=False` reads each message alone."""
    check = _checker(safeguarding, model)
    out = DangerScore()
    for case in cases:
        seen = verdicts(check, case, read_earlier=read_earlier)
        found = set().union(*(v.signals for v in seen if v.by == RULES))
        sure = not found and any(v.by == MODEL for v in seen)
        calm = not found and not sure and any(v.calm for v in seen)
        if case.expect:
            out.danger += 1
            out.missed += not found
            out.model_caught += sure
            out.unseen += not found and not sure and not calm
            out.wrong_kind += bool(found) and case.expect not in found
        else:
            out.harmless += 1
            out.false_alarms += bool(found)
            out.model_false_alarms += sure
            out.calm_lines += calm
            out.first_alone += len(seen) > 1 and bool(seen[0].signals)
    return out


def figures(
    safeguarding: Safeguarding,
    cases: list[DangerCase],
    model: DangerModel | None = None,
    *,
    read_earlier: bool = True,
) -> dict[tuple[str, str], DangerScore]:
    """(language, half) -> counts; with `model`, also what the calm 112 line adds."""
    keys = sorted({(c.lang, c.split) for c in cases})
    return {
        key: score(
            safeguarding,
            [c for c in cases if (c.lang, c.split) == key],
            model,
            read_earlier=read_earlier,
        )
        for key in keys
    }


def failures(
    safeguarding: Safeguarding, cases: Iterable[DangerCase], *, released: bool = False
) -> list[DangerCase]:
    """The tune half's misses and false alarms, to tune against. The held-out half's are
    never listed: looking at them would make it one more tune half. A set whose held-out
    half has been `released` (a newer set took over as the held-out measure, and the
    last honest figures of the old one are on record) may be listed whole."""
    cases = list(cases)
    if not released and any(case.split != TUNE for case in cases):
        raise ValueError("only the tune half's failures may be listed")
    check = _checker(safeguarding, None)
    return [c for c in cases if bool(c.expect) != bool(rules_signals(check, c))]


def table(safeguarding: Safeguarding, cases: list[DangerCase], languages: Iterable[str]) -> str:
    """The Markdown table of `docs/safeguarding.md`: misses and false alarms per half."""
    data = figures(safeguarding, cases)
    rows = [
        "| language | tune: missed | tune: false alarms | held out: missed | "
        "held out: false alarms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for code in languages:
        tune, held = data[(code, TUNE)], data[(code, HELD_OUT)]
        rows.append(
            f"| {code} | {tune.missed} of {tune.danger} | "
            f"{tune.false_alarms} of {tune.harmless} | "
            f"{held.missed} of {held.danger} | "
            f"{held.false_alarms} of {held.harmless} |"
        )
    return "\n".join(rows)


def layered_table(
    safeguarding: Safeguarding,
    model: DangerModel,
    cases: list[DangerCase],
    languages: Iterable[str],
    split: str,
) -> str:
    """The Markdown table of one half with both layers: what the rules miss, what the alarm
    misses (the rules, or the model where it is sure), what neither the alarm nor the calm
    line reaches, and what each shows on harmless messages."""
    data = figures(safeguarding, cases, model)
    rows = [
        f"| language ({split.replace('_', '-')}) | missed by the rules | **missed by the alarm** "
        "| reached by neither | false alarms: rules | **false alarms: alarm** "
        "| calm line on harmless |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for code in languages:
        s = data[(code, split)]
        rows.append(
            f"| {code} | {s.missed} of {s.danger} | {s.alarm_missed} of {s.danger} "
            f"| {s.unseen} of {s.danger} | {s.false_alarms} of {s.harmless} "
            f"| {s.alarm_false_alarms} of {s.harmless} | {s.calm_lines} of {s.harmless} |"
        )
    return "\n".join(rows)
