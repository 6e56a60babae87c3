"""The FAQ as the bot holds it: content, one index per language, safeguarding, help lines.

Loaded once at start-up (and once per CLI run); every question after that is
pure computation over memory.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field, replace
from pathlib import Path

from faq.danger_model import SURE, DangerModel, load_model
from faq.entries import FaqContent, load_content
from faq.glossary import Word, load_glossary
from faq.matching import Answer, LanguageIndex
from faq.safeguarding import (
    Helpline,
    Helplines,
    Safeguarding,
    load_helplines,
    load_phrases,
    names_emergency_number,
)

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
HELPLINES_FILE = CONTENT_DIR / "helplines.yaml"
DANGER_MODEL_FILE = CONTENT_DIR / "danger_model.json"
THEME_COVERAGE = 0.5  # share of a session theme's words an entry must use to link to its theme


RULES, MODEL = "rules", "model"  # who raised the alarm (`DangerVerdict.by`)
# Why the calm 112 line shows (`DangerVerdict.calm_by`), set where the line is decided so
# that `faq ask` reads the reason rather than working it out again: the model is worried;
# it was sure but the hurt is her own or a child's play; the message names 112 and the
# model is not worried; the message is nothing but a cry for help ("hjælp!!"); the message
# before raised the alarm (its help lines stay); the model is worried by the two messages
# read together.
CALM_MODEL, CALM_LOWERED, CALM_112, CALM_HELP = "model", "lowered", "112 named", "a cry for help"
CALM_AFTER_ALARM, CALM_READ_TOGETHER = "after the alarm", "read together"


@dataclass(frozen=True)
class DangerVerdict:
    """What a message gets from the danger check (`FaqLibrary.verdict`)."""

    signals: frozenset[str]  # the alarm's (empty: no alarm): the rules', or the model's
    by: str | None  # RULES or MODEL where the alarm is raised, else None
    calm: bool  # no alarm, but the calm 112 line above the answer
    # The checked lines to show: under the alarm, 112 first; under the calm line, which
    # names 112 itself, 112 and 1888 where the violence model is sure, else none.
    helplines: tuple[Helpline, ...]
    # The model's probability where it was asked (0 for one or two words), None where a
    # rule fired first or there is no model.
    worry: float | None = None
    # The model was sure, but a rule says the hurt is her own or a small child's play
    # (`Safeguarding.own_hurt_or_play`): the alarm was lowered to the calm line. Said so
    # an operator reading `faq ask` sees why a worry above the alarm's threshold got none.
    lowered: bool = False
    # Read with the parent's message just before it (`FaqLibrary.verdict_after`): the
    # alarm or the calm line comes from the two together, not from this message alone.
    with_earlier: bool = False
    calm_by: str | None = None  # why the calm line shows (CALM_*); None without it


NO_DANGER = DangerVerdict(frozenset(), None, False, ())


@dataclass(eq=False)  # one library per process and settings: it is itself, not its content
class FaqLibrary:
    content: FaqContent
    safeguarding: Safeguarding
    helplines: Helplines
    glossary: dict[str, list[Word]] = field(default_factory=dict)
    danger_model: DangerModel | None = None
    indexes: dict[str, LanguageIndex] = field(default_factory=dict)

    def words(self, language: str) -> list[Word]:
        """The glossary in `language`, or in English where that language has none yet."""
        return self.glossary.get(language) or self.glossary.get("en", [])

    def verdict(self, question: str) -> DangerVerdict:
        """What the danger check makes of one message, worked out once: the rules first;
        where they are silent, the learned second opinion (`faq.danger_model`) raises the
        alarm itself where it is sure, or puts the calm 112 line above the answer where it
        is worried; where a rule says the hurt is the parent's own or a small child's play
        (`Safeguarding.own_hurt_or_play`), the model's alarm is lowered to the calm line.
        The bot's reply, `faq ask --json` and the benchmarks all read this one verdict, so
        they cannot disagree, and the model's probability is summed once; the counts on the
        evaluation sets (`faq.danger_evaluation.score`) take the same steps."""
        found = self.safeguarding.signals(question)
        if found:
            return DangerVerdict(frozenset(found), RULES, False, self._lines(found))
        return self._judged(question)

    def _judged(self, question: str) -> DangerVerdict:
        """The learned second opinion's part of `verdict`, where no rule fired."""
        model = self.danger_model
        if model is None:
            return NO_DANGER
        if self.safeguarding.only_negations(question):
            return DangerVerdict(frozenset(), None, False, (), 0.0)  # "no no no": a reply
        judged = model.judged(question)
        if model.is_sure(judged) and self.safeguarding.own_hurt_or_play(question):
            # The model reads letters, not who did what: "min søn hiver mig i håret" and
            # "he pulled my hair" look alike to it. Where a rule says the hurt is her own
            # accident or a small child's play, she gets the calm line, 112 alone, rather
            # than the alarm with Lev Uden Vold's line.
            return DangerVerdict(
                frozenset(), None, True, (), judged, lowered=True, calm_by=CALM_LOWERED
            )
        if model.is_sure(judged):
            signals = {SURE, *model.help_signals(question)}
            return DangerVerdict(frozenset(signals), MODEL, False, self._lines(signals), judged)
        if model.is_worried(judged):
            # 112, and Lev Uden Vold's line where the violence model is sure.
            lines = self._lines(model.help_signals(question))
            return DangerVerdict(frozenset(), None, True, lines, judged, calm_by=CALM_MODEL)
        if names_emergency_number(question):  # "ring 112": 112 back
            return DangerVerdict(frozenset(), None, True, (), judged, calm_by=CALM_112)
        if self.safeguarding.only_cry_for_help(question):  # "hjælp!!": 112, and her answer
            return DangerVerdict(frozenset(), None, True, (), judged, calm_by=CALM_HELP)
        return DangerVerdict(frozenset(), None, False, (), judged)

    def verdict_after(
        self,
        message: str,
        earlier: str | None,
        earlier_alarm: frozenset[str] | None = None,
    ) -> DangerVerdict:
        """The danger check of a message read with the parent's message just before it, as
        a coordinator reads a chat rather than one line: "I took all of them" after "I
        can't go on, the pills are here"; "he's back, banging on the door" after "he said
        he would kill me".

        The message alone comes first (`verdict`); where a rule fires on it, or there is no
        earlier message, that is all. Else the rules read the two as one text: a signal the
        earlier message alone did not raise is this message's alarm (the danger sign in one,
        the person or the act in the other), also where the model was sure of this message
        alone (the alarm is the same; the help lines follow the rule's kind); where only the
        model was sure, its alarm stands. Where the earlier message raised the
        alarm and nothing in this one lifts it in the joined text ("she is breathing again,
        thank you" does), this one gets the calm 112 line with the earlier alarm's checked
        lines: 112 stays above whatever she asks next, without a second alarm for what may
        be "ok, thank you". Where neither message alone raised the alarm, the learned model
        judges the two joined as well, as it learns a two-message row (the earlier, a line
        break, this one): where it is sure, this message gets the model's alarm; where it is
        worried, the calm line, unless the earlier message already had it (its words are still
        in the joined text: the line is not repeated on everything she asks next). Never after
        an alarm: in "she is breathing again, thank you" the model would find the old words.
        `earlier_alarm`, the earlier message's alarm signals where the caller kept them from
        its own verdict, spares judging it again."""
        alone = self.verdict(message)
        if not earlier or not earlier.strip() or alone.by == RULES:
            return alone
        rules_before = self.safeguarding.signals(earlier)
        together = self.safeguarding.signals(earlier + "\n" + message)
        if together - rules_before:
            # Also where the model alone was sure of this message: the rules read in the
            # two together what happened ("the pills are here" / "I took all of them"), so
            # the help lines follow the rule's kind rather than the model's guess.
            lines = self._lines(together)
            return DangerVerdict(frozenset(together), RULES, False, lines, with_earlier=True)
        if alone.signals:
            return alone
        if rules_before:
            alarmed = rules_before
        elif earlier_alarm is not None:
            alarmed = set(earlier_alarm)
        else:
            alarmed = set(self.verdict(earlier).signals)  # the model's, if sure
        lifted = bool(rules_before) and not together  # "... she is breathing again, thanks"
        if alarmed and not lifted:
            lines = self._lines(alarmed)
            return replace(
                alone, calm=True, helplines=lines, with_earlier=True, calm_by=CALM_AFTER_ALARM
            )
        if alarmed:
            return alone
        joined = self._judged(earlier + "\n" + message)
        if joined.signals or (joined.calm and not alone.calm and not self.verdict(earlier).calm):
            calm_by = CALM_READ_TOGETHER if joined.calm else None
            return replace(joined, with_earlier=True, calm_by=calm_by)
        return alone

    def _lines(self, signals: set[str]) -> tuple[Helpline, ...]:
        return tuple(self.helplines.for_signals(signals))

    # The three below read the verdict for one question each; the bot reads the verdict.
    def signals(self, question: str) -> set[str]:
        """The alarm's signals: the rules' own, or where they are silent and the learned
        second opinion is sure (`DangerModel.sure`), its `SURE` signal and any help
        line's. Empty: no alarm (the calm line may still show, `calm_line`)."""
        return set(self.verdict(question).signals)

    def calm_line(self, question: str, signals: set[str]) -> bool:
        """Whether a message without an alarm (`signals` empty, from `signals`) still gets
        the calm 112 line: the learned second opinion is worried (`faq.danger_model`), and
        not sure, for then the alarm is raised (so the rules' signals alone will do)."""
        return not signals and self.verdict(question).calm

    def calm_helplines(self, question: str, signals: set[str]) -> list[Helpline]:
        """The checked help lines for the calm reply, 112 first, as `Helplines.for_signals`
        gives them: 112 and Lev Uden Vold where the violence model is sure the message is
        about violence against the parent, else none; none where there is no calm line
        (`signals`: the alarm's, or the rules' own). Unchecked lines are never among them."""
        if signals:
            return []
        verdict = self.verdict(question)
        return list(verdict.helplines) if verdict.calm else []

    def index(self, language: str) -> LanguageIndex | None:
        if language not in self.indexes and self.content.entries.get(language):
            self.indexes[language] = LanguageIndex(
                language,
                list(self.content.entries[language].values()),
                self.content.synonyms.get(language, []),
                self.content.function_words.get(language, []),
                self.content.latin_spellings.get(language, {}),
            )
        return self.indexes.get(language)

    def ask(self, question: str, language: str, k: int = 3) -> Answer:
        """Search the parent's language first, then the others; the first confident answer wins.

        With no confident answer anywhere, the parent's own language's closest
        entries come back; if it found nothing at all (or has no entries yet), the
        other language whose best entry covers most of the question.

        Only a language the question uses a word of (one the parent's language does not use)
        is tried: "influenzavaccine til børn" is Danish, even though the Polish and Arabic
        entries quote Danish words such as "tilskud til pasning af egne børn", and was
        answered, with confidence, from them.
        """
        own = self.index(language)
        first = own.search(question, k) if own else Answer(language, (), False)
        if first.confident:
            return first
        fallback = first
        for other in self.content.entries:
            if other == language:
                continue
            index = self.index(other)
            if index is None or not index.knows_words_of(question, besides=own):
                continue
            answer = index.search(question, k)
            if answer.confident:
                return answer
            if not first.hits and answer.hits and _closer(answer, fallback):
                fallback = answer
        return fallback

    def theme_of(self, text: str) -> str | None:
        """The FAQ theme a session's theme ("Søvn og rutiner", "Mad") is about, if any.

        Used to point parents from a meeting to the answers on its theme; a
        theme with no clear match (e.g. "Motorik") gets no link rather than a wrong one.
        """
        best = None
        for language in self.content.entries:
            index = self.index(language)
            hit = index.search(text, 1).best if index else None
            if hit and hit.coverage >= THEME_COVERAGE and (best is None or hit.score > best.score):
                best = hit
        return best.theme if best else None

    def prepare(self) -> None:
        """Build every language's FAQ index now (a second or two), so the first question in
        a language does not wait for its own."""
        for language in self.content.entries:
            self.index(language)

    def warm(self) -> None:
        """Build every index and compile every danger rule now, so the first parent's
        question is as fast as the rest; then take what is loaded out of the cyclic garbage
        collector's view (`gc.freeze`): the rules and the models are some hundreds of
        thousands of objects that live as long as the process, and a full collection walking
        them all held one question of 5,800 for about 100 ms in `bench/bench_faq.py`
        (2026-12-06; under 2 ms with them frozen). Objects dropped later are still freed by
        their reference counts."""
        self.prepare()
        self.safeguarding.compile_all()
        gc.collect()
        gc.freeze()


def load_library(
    languages: tuple[str, ...],
    overrides: Path | None = None,
    helplines_file: Path | None = None,
) -> FaqLibrary:
    roots = [CONTENT_DIR] + ([overrides] if overrides else [])
    return FaqLibrary(
        content=load_content(roots, languages),
        safeguarding=Safeguarding(load_phrases(roots, languages)),
        helplines=load_helplines(helplines_file or HELPLINES_FILE),
        glossary=load_glossary(roots, languages),
        danger_model=load_model(DANGER_MODEL_FILE),
    )


def _closer(candidate: Answer, current: Answer) -> bool:
    if not current.hits:
        return True
    best, held = candidate.hits[0], current.hits[0]
    return (best.coverage, best.score) > (held.coverage, held.score)
