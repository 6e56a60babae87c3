"""Ranked retrieval over the entries of one language (BM25 via `bm25s`), and confidence.

BM25 scores rank well but say nothing absolute, so "confident" is decided from
two plain signals: how much of the question's weight (idf) the best entry
covers, and how far it stands above the runner-up. A question that is mostly
words no entry uses is never answered with confidence: the parent gets the
closest entries to choose from and the staff button instead.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import bm25s
from rapidfuzz import fuzz

from faq.entries import Entry
from faq.text import Analyzer, fold, words

# Tuned on tests/faq_eval.yaml and the two parents' sets (tests/faq_eval_parents.yaml,
# tests/faq_eval_parents_new.yaml: their tuned halves first, every question since both were
# released on 2026-11-30; a third set written blind is the held-out measure): three in five
# of the questions get a confident answer, none of them wrong; the rest get
# the three closest entries to choose from. A confident wrong answer is worse than none.
MIN_COVERAGE = 0.55  # share of the question's idf weight found in the best entry
MIN_MARGIN = 1.4  # best score over the runner-up
# A best entry that covers less than FULL_COVERAGE of the question is sure only when it stands
# WIDE_MARGIN above the runner-up. Calibrated (bench/faq_confidence.py) by asking every tuned
# question of the evaluation sets against the entries with the ways to ask that resemble it taken
# out, as an unseen question meets them: of 796, 4 were answered confidently wrong by coverage
# and margin alone, 1 with this rule, at the cost of 53 -> 48 % answered directly. Asked again of
# all 1302 questions once both parents' sets were released (2026-11-30), with the check that the
# best entry asks about the question's main word (ASKED_SUBJECT below): 2 confident wrong
# answers with MIN_COVERAGE at 0.6 or at 0.55, 50.4 -> 52.0 % answered directly, so 0.55.
FULL_COVERAGE = 0.7
WIDE_MARGIN = 1.9
MIN_SCORE = 3.0  # BM25 score of the best entry: one shared word is not enough
NEAR_VERBATIM = 90  # rapidfuzz ratio: the parent asked almost exactly one of the entry's ways
PARTICLE_LENGTH = 4  # an unknown word shorter than this weighs like a common word, not a rare one
# A word found only after typo correction is a guess: it still ranks the entries, but it covers
# the question only by this much. "toplantı saat kaçta" (what time is the meeting) is not about
# sleep hours because "salı" (Tuesday) reads like "sağlık" (health).
CORRECTED_WEIGHT = 0.5
# A word only the answer uses (not the title or a way to ask) is context: it ranks, but covers the
# question only by this much. "can you help me find a flat" is not about reading aloud because
# that answer tells parents where to find books.
ANSWER_ONLY_WEIGHT = 0.5
# A best entry whose ways to ask lack the question's rarest word is sure only if they hold at
# least this share of the question's subject words (by weight): the question may be about that
# word, which the entry only mentions.
ASKED_SUBJECT = 0.5


@dataclass(frozen=True)
class Hit:
    entry_id: str
    theme: str
    score: float
    coverage: float


@dataclass(frozen=True)
class Answer:
    """The ranked entries for a question, in the language whose index found them."""

    language: str
    hits: tuple[Hit, ...]
    confident: bool

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


def _document(entry: Entry) -> str:
    # The ways parents ask weigh most; the title counts as one more way; the answer adds context.
    return "\n".join([entry.title, *entry.questions, entry.title, *entry.questions, entry.answer])


class LanguageIndex:
    """BM25 over one language's entries, one document per entry."""

    def __init__(
        self,
        language: str,
        entries: list[Entry],
        synonyms: list[list[str]],
        function_words: Iterable[str] = (),
        latin_spellings: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.language = language
        self.entries = entries
        self.analyzer = Analyzer(language, synonyms, function_words, latin_spellings)
        for entry in entries:
            self.analyzer.learn(_document(entry))
        self.analyzer.freeze()
        corpus = [self.analyzer.terms(_document(entry)) for entry in entries]
        self.doc_terms = [set(terms) for terms in corpus]
        self.asked_terms = [
            set(self.analyzer.terms("\n".join([entry.title, *entry.questions])))
            for entry in entries
        ]
        self.position = {entry.id: i for i, entry in enumerate(entries)}
        # Each entry's ways to ask, folded once here rather than at every question.
        self.ways_to_ask = {
            entry.id: [fold(q).strip(" ?!.") for q in (entry.title, *entry.questions)]
            for entry in entries
        }
        frequency = Counter(term for terms in self.doc_terms for term in terms)
        n = max(len(entries), 1)
        self.idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in frequency.items()}
        # A question word no entry uses is at least as telling as the rarest word they do use:
        # "can you translate a letter from the municipality" is not about the one entry that
        # mentions a letter and the municipality.
        self.unknown_weight = max(self.idf.values(), default=1.0)
        # ...except a number, a function word ("what", "my") or a very short unknown word ("تو",
        # "یه"): an age, or a spoken-language particle the written entries spell differently,
        # says little about the subject. Such a word weighs at most like one found in a quarter
        # of the entries.
        quarter = n / 4
        self.particle_weight = math.log(1 + (n - quarter + 0.5) / (quarter + 0.5))
        self.particles = self.analyzer.function_words()
        self.bm25 = bm25s.BM25()
        if entries:
            self.bm25.index(corpus, show_progress=False)

    def search(self, question: str, k: int = 3) -> Answer:
        terms = self.analyzer.terms(question, query=True)
        if not terms or not self.entries:
            return Answer(self.language, (), False)
        known = [t for t in terms if t in self.idf]
        if not known:  # no word any entry uses: every score is 0, so no hit and no answer
            return Answer(self.language, (), False)
        scores = self.bm25.get_scores(known).tolist()
        # the k best, ties in entry order (as a stable sort by falling score would give them)
        ranked = heapq.nlargest(k, range(len(self.entries)), key=scores.__getitem__)
        total = sum(self._weight(t) for t in terms)
        as_written = Counter(self.analyzer.terms(question))
        weight: dict[str, float] = {}
        for t in known:  # a term as the parent wrote it counts fully, a corrected one less
            exact = as_written[t] > 0
            as_written[t] -= exact
            weight[t] = weight.get(t, 0.0) + self._weight(t) * (1.0 if exact else CORRECTED_WEIGHT)
        hits = tuple(
            Hit(
                entry_id=self.entries[i].id,
                theme=self.entries[i].theme,
                score=float(scores[i]),
                coverage=self._coverage(weight, i) / total,
            )
            for i in ranked
            if scores[i] > 0
        )
        verbatim = self._verbatim(question, hits)
        if verbatim is not None:  # asked almost word for word: that entry, with confidence
            return Answer(self.language, (verbatim, *(h for h in hits if h != verbatim)), True)
        return Answer(self.language, hits, _confident(hits) and self._asks_about(terms, hits[0]))

    def knows_words_of(self, question: str, besides: LanguageIndex | None) -> bool:
        """Whether the question uses a word of this language that `besides` does not know."""
        other = besides.analyzer.known if besides else set()
        return any(w in self.analyzer.known and w not in other for w in words(question))

    def _weight(self, term: str) -> float:
        """How much a question's term says about its subject, for coverage."""
        if term.isdigit() or term in self.particles:
            return min(self.idf.get(term, self.particle_weight), self.particle_weight)
        if term in self.idf:
            return self.idf[term]
        return self.particle_weight if len(term) < PARTICLE_LENGTH else self.unknown_weight

    def _asks_about(self, terms: list[str], best: Hit) -> bool:
        """Whether the best entry asks about the question's subject: its most telling word (the
        rarest one some entry uses), or at least ASKED_SUBJECT of its subject words' weight,
        rather than only mentioning it in the answer.

        "how do i get mitid" shares "how do i get" with the sign-up entry's "how do i get a
        daycare place", and that answer says you log in with MitID: the question is about MitID,
        which no entry is about, so it gets the closest entries, not that answer.
        """
        subject = [t for t in terms if t in self.idf and t not in self.particles]
        if not subject:
            return True
        i = self.position[best.entry_id]
        asked = self.asked_terms[i]
        if max(subject, key=self._weight) in asked:
            return True
        weights = [(self._weight(t), t in asked) for t in subject]
        return sum(w for w, a in weights if a) >= ASKED_SUBJECT * sum(w for w, _ in weights)

    def _coverage(self, weight: dict[str, float], i: int) -> float:
        """The question's weight an entry covers: fully where it asks so, less in its answer."""
        asked, used = self.asked_terms[i], self.doc_terms[i]
        return sum(
            w if t in asked else w * ANSWER_ONLY_WEIGHT for t, w in weight.items() if t in used
        )

    def _verbatim(self, question: str, hits: tuple[Hit, ...]) -> Hit | None:
        """The one hit that has the question nearly word for word among its ways to ask."""
        asked = fold(question).strip(" ?!.")

        def closeness(hit: Hit) -> float:
            return max(fuzz.ratio(asked, way) for way in self.ways_to_ask[hit.entry_id])

        ranked = sorted(((closeness(h), i, h) for i, h in enumerate(hits)), reverse=True)
        if not ranked or ranked[0][0] < NEAR_VERBATIM:
            return None
        if len(ranked) > 1 and ranked[1][0] >= ranked[0][0]:
            return None  # two entries ask it the same way: let the parent choose
        return ranked[0][2]


def _confident(hits: tuple[Hit, ...]) -> bool:
    if not hits:
        return False
    best = hits[0]
    runner_up = hits[1].score if len(hits) > 1 else 0.0
    return (
        best.coverage >= MIN_COVERAGE
        and best.score >= MIN_MARGIN * runner_up
        and best.score >= MIN_SCORE
        and (best.coverage >= FULL_COVERAGE or best.score >= WIDE_MARGIN * runner_up)
    )
