"""Words that signal danger, and the help lines to give before anything else.

A parent who writes that her child is not breathing, that she wants to die, or
that she is being hit must get 112 first, every time; a parent who asks why her
baby wakes at night must not. So the danger words are not single words but
*rules* per language (`content/<lang>/safeguarding.yaml`): a child together with
a sign of danger ("{child} .. blue"), the parent together with self-harm, also
said indirectly ("better off without me"), a partner together with hitting,
threats or locking in, as distinct from a toddler who hits.

How a rule is written (the YAML file's header says the same for editors):

- words in order, separated by spaces; `..` lets up to three other words stand
  between two of them, `...` up to eight;
- `hit*` matches any ending (hits, hitting); `(a|b)` either word, `(a b|c)`
  either phrase (in a rule of several words alternatives stand in brackets:
  "(turned|went) blue"; a bare `a|b` only in a rule of one word); `{child}` any
  entry of the language's word group `child`; `_` an optional space
  ("نمی_کش*" is both "نمیکشد" and "نمی کشد");
- `$` the end of the message ("cant go on $");
- a rule that names no negation word does not fire right after one ("he has
  never hit me"), and `{match: ..., unless_after: ...}` does not fire when the
  words before it match `unless_after` ("my two-year-old hits me"), or the
  next words `unless_before` ("не прокидається вночі", does not wake at night),
  or the words right before it `unless_right_after` ("zor nefes almıyor", does
  not breathe with difficulty), or the words right after it `unless_next`
  ("drowning in laundry": only that "drowning" is excused, not the baby's
  "drowning in the bath" in the same message), or when the match takes a word from a
  place where `unless_inside` is said: the idiom's words never count for that rule
  ("çocuklar beni öldürecek", the kids will be the death of me, with "beni" and a sore
  "boğazı" after it), while "beni öldürecek" said of a man beside it still fires; or
  anywhere in the message `unless_with` (pills "gathered" are the parent's plan,
  not a child who swallowed them; a concept's `unless_with` holds for each of its
  words);
- a language's `negation_reach` (default 1) says how many words before a rule a
  negation still cancels it ("not having trouble breathing"), `negation_after`
  the negations that follow the word they negate ("baygın değil", not
  unconscious), `negation_held_by` the verbs a negation said right after belongs to
  (Danish "svarer ikke blå læber": does not answer, blue lips; the "ikke" does not
  reach on to "blå"), and `all_clear` what, said after a child's danger sign, says it
  is over ("but she warmed up again"; a mapping with `signals` lifts other kinds,
  such as "beat me at cards"); an all-clear said with a negation ("but she is
  not ok") clears nothing;
- an `all_clear` item with `where` says where its phrase lifts the signal:
  `after` the danger word ("just red"), in the few words `before` it ("this
  heat" is killing me, "on the news" a child drowned), `around` it (either:
  "last year") or `anywhere` ("haha"); `unless` names what keeps the alarm all
  the same ("{now}", "{mine}": "and now my son swallowed one"). An all-clear
  lifts only its own language's rules: a word harmless in one language is a
  danger sign's neighbour in another (Turkish "ben", I, is Danish "ben", leg;
  Urdu "normal" stood after a Turkish "normal mi? ... morardi simdi"). One marked
  `pooled: true` lifts every language's rules: news, films and "last year" in a
  script only its language writes ("پارسال", "السنه الماضيه"), "haha", a
  blueberry; a message in one language is often matched by a neighbour's rule
  (an Arabic fit by the Persian rule for "تشنج"). `unless` and the negations
  that cancel an all-clear stay pooled: they only keep an alarm;
- a rule is checked when it loads, and one that could be read two ways is
  refused (`RuleSyntaxError`): bare alternatives in a rule of several words
  ("jump|throw myself in front of" was read "jump" or "throw", then "myself";
  its author meant "jump" or "throw myself"), an unclosed bracket, an empty
  alternative, the same word twice in a place, a word in two places of a rule,
  one of them with alternatives;
- a language's `prefix` is what may stand in front of any word: Arabic
  writes و ف ب ل and ال onto the next word (وما, بالبيت); its `negation_prefix`, where
  given, is what may stand in front of a negation word instead: و and ف make "and not"
  (وما, فما), but ل, ك, ب and ال make other words ("لما", when; "كما", as; "الما", the
  water), which were read as "not" and cancelled the rule after them.
- a language's `latin_letters` say how it is typed without its own keyboard
  (Bulgarian "6" is ш, "u" is у or ъ): a word written in Latin letters is read back
  into the language's letters where a reading begins with a word of its rules, and the
  rules read the message both ways ("blusna sina mi" is "блъсна сина ми"); where the
  language's script leaves out short vowels (Arabic, Persian), a letter may also read as
  nothing ("-"), `latin_word_start` and `latin_word_end` say what a vowel opening or
  ending a word reads as (an alef; "binti" بنتي) and `latin_clitics` what may stand in
  front ("wel" وال), and the reading is guided letter by letter by the rules' words
  (`VowellessReading`: "ma 3am yetnaffas" is "ما عم يتنفس"); a message is read back
  only where half its Latin words are, the common words of the languages in
  `latin_common_elsewhere` not counted unless named in `latin_shared_words`;
- a language's `own_hurt_or_play` rules raise no alarm: they say the hurt is the
  parent's own accident or a small child's play ("min søn hiver mig i håret"), and lower
  the learned model's alarm, never the rules', to the calm 112 line;
- a language's `cry_for_help` lists bare cries for help ("hjælp", "imdat", "ساعدوني"):
  a message that is nothing but these, in any language (the lists are pooled), gets the
  calm 112 line (`Safeguarding.only_cry_for_help`);
- a language's `concepts` are its danger words by kind, whatever sentence
  they stand in: each entry names a signal, words that fire `alone`
  ("unconscious") and `paired` words that fire only when the message also holds
  one of the phrases in `needs`, before or after, at any distance ("blue" with
  "lips" or "went"; without `needs`, a second word of the same list). Phrase
  rules fit the sentences they were written for; a mother's own words reach a
  concept word more often than a phrase.

Why word-start patterns and not the Snowball stemmers the FAQ search uses: the
stemmers remove exactly what carries the meaning here. Arabic's maps ضربني (he
hit me) and ضربت (I hit) to one stem ضرب; Turkish's leaves verb forms as they
are (almıyor, uyanıyor), so it adds nothing; Urdu, Somali, Ukrainian and
Bulgarian have none. A pattern like `slå*|slog*` says which forms count.

Typos are forgiven only where they cannot change meaning: a word of six letters
or more that matches no rule word is corrected towards the closest one (ratio
90), never when the correction would add or remove a negation ("uyanıyor",
wakes, is never read as "uyanmıyor", does not wake) and never on short words.

Every rule is compiled once into a regular expression over the normalised
text, and rules are looked up by the first letters of their most telling word
(any word of a rule must stand in the message; a negation is the last choice): a
message meets the handful of rules its words can start, not a fuzzy comparison
per word, phrase and language (bench/bench_safeguarding.py).

The help lines live in one YAML file (`content/helplines.yaml`, replaced by the
setting `BOT_HELPLINES_FILE`): numbers change and a deployment must be able to
correct them at once. A line is shown only with the link to the service's own
page its number was checked against and the date of that check.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from itertools import combinations, product
from pathlib import Path
from typing import Any, NamedTuple

import stopwordsiso
import yaml
from rapidfuzz import fuzz, process

SIGNALS = ("child_not_breathing", "child_emergency", "self_harm", "violence")
# Not a signal: rules saying the hurt is the parent's own accident or a small child's play
# ("min søn hiver mig i håret", "I burnt my palm on the iron"). They never raise an alarm;
# `Safeguarding.own_hurt_or_play` tells the learned model's alarm, which reads letters and
# not who did what, to lower itself to the calm 112 line (`FaqLibrary.verdict`).
OWN_HURT_OR_PLAY = "own_hurt_or_play"
# The other keys a language's file may hold (the header of faq/safeguarding.py says what
# each means); a test checks no file holds a key the matcher would silently ignore.
SETTINGS = (
    "words",
    "negation",
    "negation_inside",
    "negation_reach",
    "negation_after",
    "negation_held_by",
    "latin_letters",
    "latin_word_start",
    "latin_word_end",
    "latin_clitics",
    "latin_spelt_only",
    "latin_common_elsewhere",
    "latin_shared_words",
    "prefix",
    "negation_prefix",
    "all_clear",
    "concepts",
    "known",
    "cry_for_help",
    OWN_HURT_OR_PLAY,
)
CHILD_SIGNALS = frozenset({"child_not_breathing", "child_emergency"})  # what `all_clear` can lift
GAPS = {"..": r"(?: \w+){0,3}", "...": r"(?: \w+){0,8}"}
NEGATION_GROUP = "neg"
TYPO_RATIO = 90  # one wrong letter in ten; 'вдарилася' (hit herself) ~ 'вдавилася' (choked) is 89
TYPO_MIN_LENGTH = 6  # shorter words are too easy to "correct" into another word
PREFIX_MIN_LENGTH = 5
DROPPED_LETTER_MIN = 9  # a word start this long may have lost a letter (bevistløs)
_CACHE_LIMIT = 20_000
# Compiling the rules reads the same few words and places many times over (a group such
# as "{child}" in hundreds of rules): what a piece of rule text folds and splits into is
# kept, so the bot's start-up does not pay for it again each time.
_RULE_TEXT_CACHE = 1 << 16
LEAD_LENGTH = 3  # rules are looked up by the first letters of their most telling word
CLEAR_BEFORE = 6  # words before a match that an all-clear `where: before` looks at
CLEAR_PLACES = ("after", "before", "around", "anywhere")

# Folding shared by the rules and the messages, so both meet in one spelling:
# letters without their accents (a phone without a Turkish or Polish keyboard),
# one form of each Arabic-script letter (Arabic, Persian and Urdu keyboards
# differ), apostrophes dropped (doesn't, б'є, la'aan).
_LETTERS = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "ı": "i",
        "ł": "l",
        "ß": "ss",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ے": "ي",
        "ک": "ك",
        "ہ": "ه",
        "ە": "ه",
        "ھ": "ه",
        "ـ": None,
        "\u200c": None,  # zero-width non-joiner (Persian می‌خوام)
        "\u200d": None,
        "'": None,
        "’": None,
        "ʼ": None,
        "`": None,
        "´": None,
        # Arabic-Indic and Persian digits: a fever of "۳۸" is 38 ("نوزاد ۳ هفته ای تب ۳۸").
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_WORD = re.compile(r"\w+")
_GROUP = re.compile(r"\{(\w+)\}")

# Laughter typed as an emoji is read as the word "haha": words alone are kept, so "he'll
# kill me 😂" and "kill me now, 45 min queue 🤣" reached the rules as a threat with the
# joke gone, and a rule's `unless_with: "(haha|😂)"` could never see its emoji. Only
# laughing faces: a nervous or sweating smile (😅) is kept out, as it also closes messages
# that are not jokes.
LAUGHTER = "haha"
_LAUGHING = "😂🤣😆😹"
_LAUGHS_IN_RULES = str.maketrans({face: LAUGHTER for face in _LAUGHING})
# A message's letters and its laughter in one table, so a message is translated once before
# its accents go (the two tables share no character, so one pass reads as the two did).
_MESSAGE_LETTERS = _LETTERS | str.maketrans({face: f" {LAUGHTER} " for face in _LAUGHING})


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_MESSAGE_LETTERS)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return text.translate(_LETTERS)


def normalise(text: str) -> str:
    """The text as the rules see it: folded, unaccented, words joined by single spaces."""
    return " ".join(_WORD.findall(_folded(text)))


_DIGIT = re.compile(r"\d")


def names_emergency_number(text: str) -> bool:
    """Whether the message names 112 as a word of its own ("ring 112", "112 112 112",
    "١١٢"; not "11234567" or "112a"; a street number 112 does count, and costs a calm
    line): a parent who writes it may be in an emergency, and the bot cannot call for her,
    so she gets 112 back at least as the calm line (`FaqLibrary.verdict`). The rules name no
    kind of danger in it; the model leaves a message of one or two words alone, and gave
    "112 112 112" 0.39 once its features were scaled (2026-12-05; 0.88 before). Asked of
    every message nothing else fired on, so a message without a digit (in any script) is
    not folded for it: 0.0006 ms against 0.012."""
    return bool(_DIGIT.search(text)) and "112" in normalise(text).split()


def read_message(text: str) -> tuple[str, frozenset[int]]:
    """`normalise(text)` and `clause_starts(text)` from one folding: the rules need both
    for every message, and folding (NFKC, case, accents) is the costly part."""
    folded = _folded(text)
    words: list[str] = []
    starts: set[int] = set()
    last = 0
    for index, word in enumerate(_WORD.finditer(folded)):
        if index and _CLAUSE_END.search(folded, last, word.start()):
            starts.add(index)
        words.append(word.group())
        last = word.end()
    return " ".join(words), frozenset(starts)


# What ends a clause as parents type: a comma, a full stop, a line break (and the Arabic,
# Persian and Urdu marks).
_CLAUSE_END = re.compile(r"[.,;:!?…\n\r،؛؟۔]")


def clause_starts(text: str) -> frozenset[int]:
    """The words of `normalise(text)`, by place, that begin a new clause.

    A negation cancels a rule only within its clause: in "I can't, I want to die" and
    "jeg kan ikke, jeg vil dø" the "can't" is another sentence, yet, with the comma gone,
    it stood right before the rule and silenced it."""
    return read_message(text)[1]


class LazyPattern:
    """A regular expression compiled the first time it is used.

    Compiling every language's rules (some 16,000 expressions) took 12 of the 17 s the FAQ
    load took, and a parent who wrote during those seconds after a start waited for all of
    them, an alarm too. Only the rules a message's words lead to are ever tried, so a
    message compiles the few it needs; `Safeguarding.compile_all` compiles the rest in the
    loader's thread once the library is in use. The rule language's own checks
    (`check_rule`) still run when the rules load. Two threads compiling one pattern at once
    each get the same expression, so no lock is needed."""

    __slots__ = ("_compiled", "finditer", "fullmatch", "match", "pattern", "search")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled expression; its methods replace this object's own lookups, so a
        search after the first costs what a compiled pattern's does."""
        compiled = self._compiled
        if compiled is None:
            compiled = re.compile(self.pattern)
            self.search = compiled.search
            self.match = compiled.match
            self.fullmatch = compiled.fullmatch
            self.finditer = compiled.finditer
            self._compiled = compiled
        return compiled

    def __getattr__(self, name: str) -> Any:
        # Only for what is not yet bound: the first search, match, fullmatch or finditer.
        return getattr(self.compiled(), name)

    def __eq__(self, other: object) -> bool:
        # As compiled patterns compare: by their expression (two loads' rules compare equal).
        return isinstance(other, LazyPattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)


def _compile_or_say(where: str, pattern: LazyPattern) -> None:
    try:
        pattern.compiled()
    except re.error as exc:
        said = f"{where}: a rule compiled to {pattern.pattern[:200]!r}: {exc}"
        raise RulesFileError(said) from exc


Pattern = re.Pattern[str] | LazyPattern

_collecting = threading.local()


def _lazy(pattern: str) -> LazyPattern:
    """A pattern compiled at its first use, noted for `Safeguarding.compile_all`."""
    made = LazyPattern(pattern)
    into: list[LazyPattern] | None = getattr(_collecting, "into", None)
    if into is not None:
        into.append(made)
    return made


@contextmanager
def _collected() -> Iterator[list[LazyPattern]]:
    """Every lazy pattern made inside, in this thread (a load in another thread has its own)."""
    outer = getattr(_collecting, "into", None)
    made: list[LazyPattern] = []
    _collecting.into = made
    try:
        yield made
    finally:
        _collecting.into = outer


LATIN_CHOICES = 300  # the readings of one word weighed at most (a long word of many "y"s)
LATIN_CHANGES = 3  # letters read another way than their first reading, at most, per word
LATIN_MIN_KNOWN = 3  # letters of a rule's word or word start a reading must begin with
_LATIN = re.compile(r"[a-z]")
VOWELLESS_READ_SHARE = 0.5  # of a message's Latin words, read back, for Arabizi or Finglish


@cache
def _stopwords(code: str) -> frozenset[str]:
    """A language's common words (stopwords-iso), normalised as messages are."""
    return frozenset(normalise(word) for word in stopwordsiso.stopwords(code)) - {""}


def _common_elsewhere(language: str, codes: Iterable[str], shared: Iterable[str]) -> frozenset[str]:
    """The other languages' common words a Latin reading does not count (`latin_common_elsewhere`),
    less the ones the language claims as its own too (`latin_shared_words`). A code the lists
    do not know is refused: it would silently count nothing."""
    words: set[str] = set()
    for code in codes:
        if not stopwordsiso.has_lang(str(code)):
            raise RulesFileError(f"{language}: latin_common_elsewhere {code!r}: no such language")
        words |= _stopwords(str(code))
    return frozenset(words - {normalise(str(word)) for word in shared})


class LatinReading:
    """A language's words as written in Latin letters, read back into its own letters.

    Bulgarian and Ukrainian parents write on a phone without their keyboard as often as
    with it ("bie me", "vdaryla doniu"), and the rules, written in Cyrillic, missed a far
    larger share of such messages than of Cyrillic ones (2026-12-07: of the released danger
    messages, 19% of the Latin Bulgarian ones against 6%, 14% of the Ukrainian against 7%). Spelling
    every rule twice never caught up: the rounds added the Latin forms of each set's own
    messages, one by one.

    The rules file's `latin_letters` says what each Latin letter or letter group may stand
    for, the usual reading first ("u": у, then ъ as in "blusna"; "6": ш; "sht": щ). A
    letter group may be read several ways, so each word of Latin letters is read every way
    (up to `LATIN_CHANGES` letters read otherwise than first), and the reading that begins
    with the longest word or word start of the language's own rules is kept, the usual
    reading on a tie. A word no reading of which begins with at least `LATIN_MIN_KNOWN`
    letters of a rule word (or is one) is left as written: it is not this language's, or
    not a word its rules need. So the message keeps its English "haha" and its Latin
    negations, and a Polish or Danish word rarely turns into Cyrillic. Readings are cached
    per word, like typo corrections."""

    def __init__(
        self, code: str, letters: dict[str, Any], words: Iterable[str], starts: Iterable[str]
    ) -> None:
        table: dict[str, tuple[str, ...]] = {}
        for written, read in letters.items():
            options = [read] if isinstance(read, str) else list(read or [])
            latin = _folded(str(written))
            if not latin or not options or any(not _folded(str(o)) for o in options):
                raise RulesFileError(
                    f"{code}: latin_letters {written!r}: Latin letters, then what they read as"
                )
            table[latin] = tuple(_folded(str(option)) for option in options)
        self._table = table
        self._split = re.compile(
            "|".join(re.escape(key) for key in sorted(table, key=len, reverse=True)) + "|."
        )
        self._words = frozenset(words)
        self._starts = frozenset(starts)
        self._start_lengths = sorted({len(start) for start in self._starts}, reverse=True)
        self._read: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        # As two loads' rules compare: by what they read, not by the cache of readings made.
        return isinstance(other, LatinReading) and (
            self._table,
            self._words,
            self._starts,
        ) == (other._table, other._words, other._starts)

    def __hash__(self) -> int:
        return hash((tuple(self._table), self._words, self._starts))

    def read(self, text: str) -> str:
        """The normalised text with each word of Latin letters its rules know read back."""
        if not _LATIN.search(text):
            return text
        return " ".join(self.word(word) for word in text.split(" "))

    def word(self, word: str) -> str:
        """The word read back, or as written; cached per word, like typo corrections."""
        cached = self._read.get(word)
        if cached is not None:
            return cached
        read = self._reading(word) if _LATIN.search(word) and not word.isdigit() else word
        if len(self._read) < _CACHE_LIMIT:
            self._read[word] = read
        return read

    def _reading(self, word: str) -> str:
        """Every reading the table allows, the one beginning with the longest rule word."""
        pieces = [self._table.get(piece, (piece,)) for piece in self._split.findall(word)]
        read, best = word, 0
        for reading in self._readings(pieces):
            known = self._known(reading)
            if known > best:
                read, best = reading, known
        return read if best >= LATIN_MIN_KNOWN else word

    def _readings(self, pieces: list[tuple[str, ...]]) -> Iterator[str]:
        """The word's readings, the usual first, then with one letter read otherwise, two..."""
        usual = [options[0] for options in pieces]
        choices = [place for place, options in enumerate(pieces) if len(options) > 1]
        made = 0
        for changes in range(min(LATIN_CHANGES, len(choices)) + 1):
            for places in combinations(choices, changes):
                for others in product(*(pieces[place][1:] for place in places)):
                    reading = list(usual)
                    for place, other in zip(places, others, strict=True):
                        reading[place] = other
                    yield "".join(reading)
                    made += 1
                    if made >= LATIN_CHOICES:
                        return

    def _known(self, reading: str) -> int:
        """How many letters of the reading a rule word or word start accounts for: the
        whole word and one more where it is a rule's word, else the longest start."""
        if reading in self._words:
            return len(reading) + 1
        for length in self._start_lengths:
            if length <= len(reading) and reading[:length] in self._starts:
                return length
        return 0


class VowellessReading(LatinReading):
    """Arabic and Persian as typed in Latin letters (Arabizi, Finglish), read back into
    their own letters for their rules.

    Their scripts leave out the short vowels the Latin spelling writes ("tetnaffas" is
    تتنفس, "nemikeshe" نمیکشه), and a doubled letter is written once: a letter table read
    letter by letter, as for Bulgarian, makes words no rule has. Of the released danger
    messages the rules missed 31.7 % of the Arabic ones in Latin letters against 7.4 % in
    Arabic letters, 20.2 % of the Persian against 5.6 % (2026-12-07). So the reading is
    guided by the rules' own words: a Latin word is walked letter group by letter group,
    each group read as one of its letters, a vowel also as nothing, a doubled letter once,
    a vowel that opens the word also with an alef; only readings that stay inside a word or
    word start of the rules go on. Arabic clitics (و ف ب ل and ال, "wel", "bil") may stand
    in front, as the rules' `prefix` allows them in Arabic letters. The longest word or word
    start reached is kept (a whole word one letter more); where none reaches
    `LATIN_MIN_KNOWN` letters, the word stays as written. Memoised on (place, letters made),
    so a long word costs its length times the few paths the rules' words leave open."""

    def __init__(
        self,
        code: str,
        letters: dict[str, Any],
        words: Iterable[str],
        starts: Iterable[str],
        word_start: dict[str, Any],
        word_end: dict[str, Any],
        clitics: dict[str, Any],
        spelt_only: Iterable[str] = (),
        common_elsewhere: Iterable[str] = (),
    ) -> None:
        super().__init__(code, letters, words, starts)
        spelt_words = {_folded(str(word)) for word in spelt_only}
        self._common_elsewhere = frozenset(common_elsewhere)
        self._digits = frozenset(key for key in self._table if key.isdigit())
        self._clitics = self._options(code, clitics, "latin_clitics")
        # with a clitic written onto it too ("alisma" السم, Turkish "alışma")
        self._spelt = frozenset(
            spelt_words
            | {
                clitic + word
                for word in spelt_words
                for read in self._clitics.values()
                for clitic in read
            }
        )
        self._word_start = self._options(code, word_start, "latin_word_start")
        self._word_end = self._options(code, word_end, "latin_word_end")
        self._clitics = self._options(code, clitics, "latin_clitics")
        self._prefixes = frozenset(
            read[:length]
            for read in (*self._words, *self._starts)
            for length in range(1, len(read) + 1)
        )
        self._keys = sorted(self._table, key=len, reverse=True)

    @staticmethod
    def _options(code: str, letters: dict[str, Any], key: str) -> dict[str, tuple[str, ...]]:
        table: dict[str, tuple[str, ...]] = {}
        for written, read in (letters or {}).items():
            options = [read] if isinstance(read, str) else list(read or [])
            latin = _folded(str(written))
            if not latin or not options:
                raise RulesFileError(f"{code}: {key} {written!r}: Latin letters, then a reading")
            table[latin] = tuple(_folded(str(option)) for option in options)
        return table

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, VowellessReading)
            and super().__eq__(other)
            and (self._word_start, self._word_end, self._clitics, self._spelt)
            == (other._word_start, other._word_end, other._clitics, other._spelt)
            and self._common_elsewhere == other._common_elsewhere
        )

    def __hash__(self) -> int:
        return hash((super().__hash__(), tuple(self._word_start), tuple(self._word_end)))

    def read(self, text: str) -> str:
        """The message read back, where at least `VOWELLESS_READ_SHARE` of its words in
        Latin letters are words of the rules read back: with vowels optional, a word of
        Danish, English or Polish often reads as some Arabic or Persian word ("hun" هون),
        and every language's message meets every language's rules. Of the released
        messages, 85 % of the Arabic ones with Latin words and 75 % of the Persian reach
        half; of the Danish, English, Polish, Turkish and Somali 0-5 % do.

        Those few were still hundreds of messages (2026-12-08: 345 Danish, 257 English of
        about 4,600 each read as Arabic), for the other languages' small words read too
        ("min", "og", "my", "is"), and a Danish question about a battery box met a Persian
        child rule. So a common word of the Latin-script languages named in
        `latin_common_elsewhere` (stopwords-iso's lists) counts as not read, unless the
        language claims it in `latin_shared_words` (Arabic "ma", Persian "az"); and where a
        word has a digit the letter table reads ("3", "7": Arabizi's own mark), every word
        read counts. Then 14-15 of those Danish and English messages are read, and 99 % of
        the Arabic and Persian ones read before still are."""
        if not _LATIN.search(text):
            return text
        words = text.split(" ")
        latin = [index for index, word in enumerate(words) if _LATIN.search(word)]
        spelt = any(digit in words[index] for index in latin for digit in self._digits)
        counted = [
            words[index] for index in latin if spelt or words[index] not in self._common_elsewhere
        ]
        # Walked only while half can still be reached: most messages of the other languages
        # are given up on their small words alone, before a word is walked (bench_faq).
        needed = max(1.0, VOWELLESS_READ_SHARE * len(latin))
        changed = 0
        for number, word in enumerate(counted):
            if changed + len(counted) - number < needed:
                return text
            changed += self.word(word) != word
        if changed < needed:
            return text
        read = [self.word(word) for word in words]
        return " ".join(self._articles_joined(words, read))

    def _articles_joined(self, words: list[str], read: list[str]) -> Iterator[str]:
        """An article typed as a word of its own ("men el da7k", "bel 7ammam") is written
        onto the next word read back, as the script writes it (من الضحك, بالحمام): the
        rules and their exceptions are written so."""
        index = 0
        while index < len(words):
            article = next(
                (option for option in self._clitics.get(words[index], ()) if option.endswith("ال")),
                None,
            )
            if article and index + 1 < len(words) and read[index + 1] != words[index + 1]:
                yield article + read[index + 1]
                index += 2
                continue
            yield read[index]
            index += 1

    def _reading(self, word: str) -> str:
        """The walk's best reading, with or without a clitic in front."""
        read, best = word, LATIN_MIN_KNOWN - 1
        for clitic, rest in self._clitic_splits(word):
            found = self._walk(rest)
            if found is not None and found[0] > best:
                best, read = found[0], clitic + found[1]
        return read

    def _clitic_splits(self, word: str) -> Iterator[tuple[str, str]]:
        yield "", word
        for latin, options in self._clitics.items():
            if word.startswith(latin) and len(word) > len(latin) + 1:
                for option in options:
                    yield option, word[len(latin) :]

    def _walk(self, word: str) -> tuple[int, str] | None:
        """The best reading of the word the rules' words lead to: (score, reading). The
        score is the letters a rule's word or word start accounts for (a whole word one
        more), less one for each letter group read otherwise than usual: "bas" is بس (but),
        not باص (a bus), and "sda3" still صداع."""
        seen: set[tuple[int, str, int]] = set()
        best: tuple[int, int, str] | None = None
        # `latin_spelt_only`: read back only where a digit spells one of the word's letters
        # ("sam" and "som", Danish as and Polish alone, are not سم, poison).
        spelt = any(letter.isdigit() for letter in word)

        def visit(place: int, made: str, others: int) -> None:
            nonlocal best
            if (place, made, others) in seen or len(seen) > LATIN_CHOICES * 10:
                return
            seen.add((place, made, others))
            if made in self._spelt and not spelt:
                found = None
            elif place == len(word) and made in self._words:
                found = (len(made) + 1 - others, -others, made)
            elif made in self._starts:
                found = (len(made) - others, -others, made + self._usual(word[place:]))
            else:
                found = None
            if found is not None and (best is None or found[:2] > best[:2]):
                best = found
            if place == len(word):
                return
            letter = word[place]
            if place and letter == word[place - 1] and letter not in "aeiou0123456789":
                visit(place + 1, made, others)  # a doubled letter, written once
            key = self._longest(word, place)
            options = (
                *(self._word_start.get(key, ()) if place == 0 else ()),
                *(self._word_end.get(key, ()) if place + len(key) == len(word) else ()),
                *self._table.get(key, ()),
            )
            for number, option in enumerate(options):
                read = made if option == "-" else made + option
                if option == "-" or read in self._prefixes:
                    visit(place + len(key), read, others + (number > 0))

        visit(0, "", 0)
        return None if best is None else (best[0], best[2])

    def _longest(self, word: str, place: int) -> str:
        """The letter group at this place: the longest the table knows ("sh", not "s"), as
        Latin letters are split for Bulgarian; a letter it does not know stands for itself."""
        for key in self._keys:
            if word.startswith(key, place):
                return key
        return word[place]

    def _usual(self, rest: str) -> str:
        """The rest of a word after a rule's word start, each letter group read the usual way."""
        read = []
        for piece in self._split.findall(rest):
            option = self._table.get(piece, (piece,))[0]
            read.append("" if option == "-" else option)
        return "".join(read)


@dataclass(frozen=True)
class _Rule:
    signal: str
    pattern: Pattern
    source: str
    negated: bool  # names a negation itself ("not breath*"), so a negation may precede it
    unless_after: Pattern | None = None
    unless_before: Pattern | None = None
    # A concept word that is not enough on its own ("blue"): it fires only when the
    # rest of the message holds one of these (a child, or a second sign of danger).
    needs: Pattern | None = None
    # Anywhere in the message, this says the word means something else: gathered pills
    # are the parent's plan, not a child who swallowed them ("جمعت الحبوب").
    unless_with: Pattern | None = None
    # An idiom whose words never count for this rule ("çocuklar beni öldürecek", the kids
    # will be the death of me): a match that takes a word from it is excused and the
    # search goes on from its next word, so a danger said beside the idiom still fires.
    unless_inside: Pattern | None = None


@dataclass
class _Language:
    code: str
    rules: list[_Rule]
    negation_word: re.Pattern[str]  # a negation, with the language's prefixes (وما)
    negation_inside: re.Pattern[str] | None  # a negation inside a word (Turkish -mıyor)
    literals: dict[str, list[str]] = field(default_factory=dict)  # by first letter
    prefixes: dict[str, dict[int, list[str]]] = field(default_factory=dict)  # letter, length
    corrections: dict[str, str] = field(default_factory=dict)
    leads: dict[str, frozenset[int]] = field(default_factory=dict)  # word -> rules it may start
    known_prefixes: frozenset[str] = frozenset()  # every word start, also the short ones
    # Word starts named only in an all-clear's `unless` ("kulag*"): a word they begin is
    # corrected only into a word of the same start (see `_same_family`)
    family_prefixes: frozenset[str] = frozenset()
    # Everyday words a letter from a danger word ("glemmer", forgets; "gemmer", hides):
    # read as written, never corrected (`known` in the rules file)
    known_words: frozenset[str] = frozenset()
    # A bare cry for help ("hjælp!!", "help me", "imdat"), each phrase as its words
    # (`cry_for_help` in the rules file; `Safeguarding.only_cry_for_help`)
    cries: frozenset[tuple[str, ...]] = frozenset()
    prefix: re.Pattern[str] | None = None
    by_lead: dict[str, list[int]] = field(default_factory=dict)  # first letters -> rules
    negation_reach: int = 1  # how many words before a rule a negation still cancels it
    negation_after: re.Pattern[str] | None = None  # a negation that follows ("baygın değil")
    # Verbs that keep a negation said right after them ("svarer ikke"): it negates the verb,
    # not the rule after it ("svarer ikke blå læber", does not answer, blue lips)
    negation_held_by: re.Pattern[str] | None = None
    # "but she is fine now": said after a danger sign, it is over (per signal)
    all_clear: dict[str, Pattern] = field(default_factory=dict)
    # all-clears with a place (`where`): (place, signal, phrase, unless as written, unless
    # compiled, pooled): `unless` anywhere in the message keeps the alarm; a pooled one
    # lifts every language's rules, the others only this language's (`Safeguarding`)
    placed: list[tuple[str, str, str, str, str, bool]] = field(default_factory=list)
    # Every pattern of this language compiled at its first use (`Safeguarding.compile_all`)
    lazy: list[LazyPattern] = field(default_factory=list)
    lead_lengths: tuple[int, ...] = ()
    always: tuple[int, ...] = ()  # rules with no word of a fixed start
    # The `own_hurt_or_play` rules, a language of their own: never part of the alarm
    own: _Language | None = None
    # How the language is written in Latin letters ("bie", "vdaryla"), read back into its
    # own letters for its rules (`latin_letters` in the rules file)
    latin: LatinReading | None = None

    def readings(self, text: str) -> tuple[bool, ...]:
        """How the rules read the normalised message: as written, and, where the language
        is also written in Latin letters and the message has a word its rules know so
        written, read back into the language's own letters (`fired(read_latin=True)`): a
        Bulgarian writes "bie" as often as "бие", and a rule written once in Cyrillic then
        reads both."""
        if self.latin is None or self.latin.read(text) == text:
            return (False,)
        return (False, True)

    def correct(self, token: str) -> str:
        """The closest rule word to a misspelt one, or the word itself.

        Candidates share the first letter (a typo rarely hits it, and it keeps each
        comparison list short); the result is cached, so a word costs one lookup
        after its first message.
        """
        if len(token) < TYPO_MIN_LENGTH or token.isdigit():
            return token
        cached = self.corrections.get(token)
        if cached is not None:
            return cached
        best = token
        if (
            token not in self._literal_set
            and token not in self.known_words
            and not self._has_prefix(token)
        ):
            score = 0.0
            literals = self.literals.get(token[0])
            if literals:
                found = process.extractOne(
                    token, literals, scorer=fuzz.ratio, score_cutoff=TYPO_RATIO
                )
                if found:
                    best, score = found[0], found[1]
            for length, prefixes in self.prefixes.get(token[0], {}).items():
                # The word's start as long as the rule's, or a letter shorter: a letter
                # left out ("bevistløs" for "bevidstløs") shortens the start.
                for cut in (length, length - 1) if length >= DROPPED_LETTER_MIN else (length,):
                    if len(token) < cut:
                        continue
                    hit = process.extractOne(
                        token[:cut], prefixes, scorer=fuzz.ratio, score_cutoff=TYPO_RATIO
                    )
                    if hit and hit[1] > score:
                        best, score = hit[0] + token[cut:], hit[1]
            if best != token and not (
                self._same_meaning(token, best) and self._same_family(token, best)
            ):
                best = token
        if len(self.corrections) < _CACHE_LIMIT:
            self.corrections[token] = best
        return best

    def _candidates(self, text: str) -> list[_Rule]:
        chosen = set(self.always)
        for token in set(text.split(" ")):
            led = self.leads.get(token)
            if led is None:
                led = self._led_by(token)
                if len(self.leads) < _CACHE_LIMIT:
                    self.leads[token] = led
            chosen.update(led)
        return [self.rules[index] for index in sorted(chosen)]

    def _led_by(self, token: str) -> frozenset[int]:
        """The rules whose lookup word may start this word (or it without a prefix, وال):
        the same for a word every time, so worked out once per word (see `leads`)."""
        variants = [token]
        if self.prefix is not None:
            variants += [
                token[k:]
                for k in range(1, min(4, len(token) - 1))
                if self.prefix.fullmatch(token[:k])
            ]
        led: set[int] = set()
        for variant in variants:
            for length in self.lead_lengths:
                if len(variant) >= length:
                    led.update(self.by_lead.get(variant[:length], ()))
        return frozenset(led)

    def _negated(self, head: str, found: str, tail: str, clauses: frozenset[int]) -> bool:
        """A negation just before the rule ("he has never hit me", "she is not having
        trouble breathing") or, where the language puts it after, just after
        ("baygın değil", not unconscious); in the rule's own clause (`clause_starts`)."""
        words = head.split()
        first = len(words)  # the rule's first word, by place
        held = self.negation_held_by
        for place in range(max(0, first - self.negation_reach), first):
            if (
                self.negation_word.fullmatch(words[place])
                and not any(place < start <= first for start in clauses)
                and not (held and place > 0 and held.fullmatch(words[place - 1]))
            ):
                return True
        after = tail.split()[:1]
        following = first + len(found.split())
        return bool(
            self.negation_after
            and after
            and self.negation_after.fullmatch(after[0])
            and following not in clauses
        )

    def _cleared(self, signal: str, head: str, tail: str, placed: _Placed, text: str) -> bool:
        """An all-clear for this signal: this language's own after the match ("but she
        warmed up"), or a placed one (this language's, or a pooled one): after it ("only
        red"), in the words just before it ("this heat" kills me, "on the news" a child
        drowned), or either ("last year"). An all-clear said with a negation ("but she is
        not ok") is none."""
        own = self.all_clear.get(signal)
        if own is not None and self._affirmed(own, tail, placed):
            return True
        near = " ".join(head.split()[-CLEAR_BEFORE:])
        places = {"after": (tail,), "before": (near,), "around": (near, tail)}
        for place, parts in places.items():
            for clear, unless in placed.by_place[place].get(signal, ()):
                if any(self._affirmed(clear, part, placed) for part in parts) and not (
                    unless is not None and unless.search(text)
                ):
                    return True
        return False

    def _affirmed(self, clear: re.Pattern[str], part: str, placed: _Placed) -> bool:
        """The all-clear stands in `part` and is not negated: no negation among its words
        or in the two words before it ("but she is not ok", "not the crayon"), none right after
        it where a language puts it there ("ama iyi değil", "خوب نیست"), and none inside
        its words in this language ("iyileşmedi", did not get better). Negations are
        pooled over the languages: "men hun er not ok" is one message too."""
        for found in clear.finditer(part):
            words = found.group().split() + part[: found.start()].split()[-2:]
            if any(placed.negation(word) for word in words):
                continue
            after = part[found.end() :].split()[:1]
            if after and placed.negation_after(after[0]):
                continue
            if self.negation_inside and any(
                self.negation_inside.search(word) for word in found.group().split()
            ):
                continue
            return True
        return False

    def _same_meaning(self, token: str, candidate: str) -> bool:
        return self._negative(token) == self._negative(candidate)

    def _same_family(self, token: str, candidate: str) -> bool:
        """A word that a start named only in an all-clear's `unless` begins is corrected only
        into a word of that start: "chokeing" into "choking", never Turkish "kulağından"
        (from her ear) into "kucağından" (from the lap)."""
        starts = [token[:n] for n in self._family_lengths if token[:n] in self.family_prefixes]
        return not starts or any(candidate.startswith(start) for start in starts)

    def _negative(self, word: str) -> bool:
        if self.negation_word.fullmatch(word):
            return True
        return bool(self.negation_inside and self.negation_inside.search(word))

    def _has_prefix(self, token: str) -> bool:
        """A word some word-start pattern already takes ("çocuğum" for "cocu*") is a
        known word, not a typo to correct into another one ("çocuğuma")."""
        return any(token[:length] in self._prefix_set for length in self._known_lengths)

    def freeze(self) -> None:
        self._literal_set = frozenset(w for group in self.literals.values() for w in group)
        self._prefix_set = (
            frozenset(
                p
                for by_length in self.prefixes.values()
                for group in by_length.values()
                for p in group
            )
            | self.known_prefixes
        )
        self._known_lengths = sorted({len(p) for p in self._prefix_set})
        self._family_lengths = sorted({len(p) for p in self.family_prefixes})

    def fired(
        self,
        text: str,
        *,
        all_rules: bool = False,
        placed: _Placed | None = None,
        lifted: _Lifted | None = None,
        correct: bool = True,
        clauses: frozenset[int] = frozenset(),
        read_latin: bool = False,
    ) -> list[_Rule]:
        """The rules that fire on a normalised text (by default the first per signal).

        Only the rules whose lookup word starts one of the message's words are
        tried: a message meets a handful of rules, not all of them. With `read_latin`,
        its words in Latin letters are first read back into the language's own
        (`LatinReading`), as a typo is corrected: word for word, the exceptions also
        read in the words as written.
        """
        read = self.latin.read(text) if read_latin and self.latin is not None else text
        corrected = " ".join(self.correct(token) for token in read.split(" ")) if correct else read
        # An exception (an all-clear, an `unless`) is also read in the words as written:
        # its own words are not corrected towards (see `_Compiler.exception`), so a
        # word of it the typo correction turned into a danger word still counts.
        written = text.split(" ") if corrected != text else None
        placed = placed or _Placed()
        if read != text:  # "haha" or "on the news" written in Latin, "хаха" read back
            lifted = _Lifted(placed, f"{read} {text}")
        lifted = _Lifted(placed, text) if lifted is None else lifted
        fired: list[_Rule] = []
        found: set[str] = set()
        for rule in self._candidates(corrected):
            if rule.signal in found and not all_rules:
                continue
            start = 0
            while (match := rule.pattern.search(corrected, start)) is not None:
                start = max(match.end(), match.start() + 1)
                head = corrected[: match.start()]
                tail = corrected[match.end() :]
                seen = _as_written(written, head, match.group(), tail)
                if rule.unless_inside and (
                    _overlaps(match.span(), rule.unless_inside, corrected)
                    or (seen is not None and _overlaps(seen.span, rule.unless_inside, text))
                ):
                    start = match.start() + 1  # the idiom's words are not this rule's
                    continue
                if not rule.negated and self._negated(head, match.group(), tail, clauses):
                    continue
                if self._cleared(rule.signal, head, tail, placed, corrected) or (
                    seen is not None
                    and self._cleared(rule.signal, seen.head, seen.tail, placed, text)
                ):
                    continue
                if rule.unless_after and (
                    rule.unless_after.search(head)
                    or (seen is not None and rule.unless_after.search(seen.head))
                ):
                    continue
                if rule.unless_before and (
                    rule.unless_before.match(tail)
                    or (seen is not None and rule.unless_before.match(seen.tail))
                ):
                    continue
                if rule.needs and not rule.needs.search(f"{head} # {tail}"):
                    continue
                if rule.unless_with and (
                    rule.unless_with.search(corrected)
                    or (written is not None and rule.unless_with.search(text))
                ):
                    continue
                if rule.signal in lifted:  # said of the whole message: no match counts
                    break
                fired.append(rule)
                found.add(rule.signal)
                break
        return fired


class _Written(NamedTuple):
    head: str
    span: tuple[int, int]
    tail: str


def _as_written(words: list[str] | None, head: str, found: str, tail: str) -> _Written | None:
    """The words before, of and after a match in the message as written: the typo
    correction changes words, never how many, so the match's words are counted off."""
    if words is None or (head and not head.endswith(" ")) or (tail and not tail.startswith(" ")):
        return None
    before = head.count(" ")
    after = before + found.count(" ") + 1
    written_head = "".join(word + " " for word in words[:before])
    written_found = " ".join(words[before:after])
    start = len(written_head)
    return _Written(
        written_head,
        (start, start + len(written_found)),
        "".join(" " + word for word in words[after:]),
    )


def _overlaps(span: tuple[int, int], idiom: re.Pattern[str], text: str) -> bool:
    """Whether the match takes any of its words from a place where the idiom is said."""
    return any(found.start() < span[1] and span[0] < found.end() for found in idiom.finditer(text))


class Safeguarding:
    """Finds danger signals in a text with every language's rules at once.

    A parent who chose Arabic may still write in English or Danish, so the rules
    of all languages run over every message.
    """

    def __init__(self, phrases: dict[str, dict[str, Any]]) -> None:
        self._languages = [_compiled(code, data) for code, data in phrases.items()]
        with _collected() as own:
            self._pool()
        self._lazy = own

    def _pool(self) -> None:
        """What the languages share: the pooled `unless`, negations, cries and all-clears."""
        # "now" or "my son" in any language keeps the alarm that a report or a past
        # event would lift: each `unless` as written ("{now}", "{now}|{mine}") is pooled
        # over the languages, and so are the negations that cancel an all-clear.
        keep: dict[str, set[str]] = {}
        for language in self._languages:
            for _place, _signal, _phrase, written, unless, _pooled in language.placed:
                if written:
                    keep.setdefault(written, set()).add(unless)
        keeps = {written: _words(sorted(items)) for written, items in keep.items()}
        negations = tuple(language.negation_word for language in self._languages)
        self._negations = negations
        # The cries by their first word, longest first: a message is read in one pass.
        cries: dict[str, set[tuple[str, ...]]] = {}
        for language in self._languages:
            for cry in language.cries:
                cries.setdefault(cry[0], set()).add(cry)
        self._cries = {
            first: sorted(found, key=len, reverse=True) for first, found in cries.items()
        }
        negations_after = tuple(
            language.negation_after
            for language in self._languages
            if language.negation_after is not None
        )
        # A language's all-clears lift only its own rules' matches, unless marked `pooled`:
        # a word harmless in one language ("ben", I, in Turkish) must not lift another
        # language's danger ("ben", legs, in a Danish all-clear for "kicked").
        # A pooled one ("پارسال", last year; "بالاخبار", on the news) explains a danger
        # word that a neighbour's rules match: it is one message.
        self._placed: dict[str, _Placed] = {}
        for language in self._languages:
            grouped: dict[tuple[str, str, str], list[str]] = {}
            for other in self._languages:
                for place, signal, phrase, written, _unless, pooled in other.placed:
                    if other is language or pooled:
                        grouped.setdefault((place, signal, written), []).append(phrase)
            by_place: dict[str, dict[str, list[_Clear]]] = {place: {} for place in CLEAR_PLACES}
            for (place, signal, written), phrases in grouped.items():
                by_place[place].setdefault(signal, []).append((_words(phrases), keeps.get(written)))
            self._placed[language.code] = _Placed(by_place, negations, negations_after)

    def compile_all(self) -> None:
        """Compile every pattern not yet used (see `LazyPattern`): after this, no message
        waits for a compile. A pattern that does not compile is a fault of the rule
        language's compiler, not of a rules file (`check_rule` refuses those at load);
        it is raised here with the expression, for the log."""
        for language in self._languages:
            for pattern in language.lazy:
                _compile_or_say(language.code, pattern)
        for pattern in self._lazy:
            _compile_or_say("pooled", pattern)

    def signals(self, text: str) -> set[str]:
        normal, clauses = read_message(text)
        if not normal:
            return set()
        found: set[str] = set()
        for language in self._languages:
            placed = self._placed[language.code]
            lifted = _Lifted(placed, normal)  # worked out only if a rule fires
            for read_latin in language.readings(normal):
                found.update(
                    rule.signal
                    for rule in language.fired(
                        normal,
                        placed=placed,
                        lifted=lifted,
                        clauses=clauses,
                        read_latin=read_latin,
                    )
                )
        return found

    def only_negations(self, text: str) -> bool:
        """Whether every word of the message is a negation in one of the languages ("nie nie
        nie", "не не не", "not not not"): a reply, not a report. The learned model, which
        learnt "not" beside "breathing" and "moving", was sure of danger in all three
        (0.92-0.98), so the library leaves such a message to the rules, as it leaves one of
        one or two words."""
        words = read_message(text)[0].split()
        return bool(words) and all(
            any(pattern.fullmatch(word) for pattern in self._negations) for word in words
        )

    def only_cry_for_help(self, text: str) -> bool:
        """Whether the message is nothing but a cry for help, in any language ("hjælp!!",
        "help me please", "imdat imdat", "ساعدوني"): no rule can name a danger in it and the
        model leaves one or two words alone, yet a parent who writes only that may be in
        one now, and the bot cannot ring for her. The library gives it the calm 112 line
        (`FaqLibrary.verdict`), as it does a message naming 112; "help with the friplads
        form" is a question, not a cry."""
        words = [_squeezed(word) for word in read_message(text.replace("🆘", " sos "))[0].split()]
        if not words:
            return False
        at = 0
        while at < len(words):
            said = next(
                (
                    cry
                    for cry in self._cries.get(words[at], ())
                    if tuple(words[at : at + len(cry)]) == cry
                ),
                None,
            )
            if said is None:
                return False
            at += len(said)
        return True

    def own_hurt_or_play(self, text: str) -> bool:
        """Whether a rule says the hurt in this message is the parent's own accident or a
        small child's play: asked only where no alarm rule fired. Read as written, typos
        not corrected: a lowering needs no tolerance, and the words a typo is corrected
        towards are the alarm's (these rules are compiled and kept apart)."""
        normal, clauses = read_message(text)
        if not normal:
            return False
        return any(
            language.own.fired(
                normal,
                placed=self._placed[language.code],
                lifted=_Lifted(self._placed[language.code], normal),
                correct=False,
                clauses=clauses,
                read_latin=read_latin,
            )
            for language in self._languages
            if language.own is not None
            for read_latin in language.own.readings(normal)
        )

    def explain(self, text: str) -> list[tuple[str, str]]:
        """(language, rule) for every rule that fires: for operators testing their phrases."""
        normal, clauses = read_message(text)
        found = [
            (_named(language.code, read_latin), rule.source)
            for language in self._languages
            for read_latin in language.readings(normal)
            for rule in language.fired(
                normal,
                all_rules=True,
                placed=self._placed[language.code],
                clauses=clauses,
                read_latin=read_latin,
            )
        ]
        return found + [
            (_named(language.code, read_latin), rule.source)
            for language in self._languages
            if language.own is not None
            for read_latin in language.own.readings(normal)
            for rule in language.own.fired(
                normal,
                all_rules=True,
                placed=self._placed[language.code],
                correct=False,
                clauses=clauses,
                read_latin=read_latin,
            )
        ]


def _named(code: str, read_latin: bool) -> str:
    """A language's code, marked where its rule fired on the Latin letters read back."""
    return f"{code} (read from Latin letters)" if read_latin else code


_Clear = tuple[re.Pattern[str], re.Pattern[str] | None]  # a phrase, and what keeps the alarm


class _Lifted:
    """The signals lifted for a whole message (`_Placed.lifted`), worked out the first
    time a rule would fire: most messages fire none, and the pooled "anywhere" phrases
    ("last year", "haha") are the costliest search of a message."""

    __slots__ = ("_placed", "_signals", "_text")

    def __init__(self, placed: _Placed, text: str) -> None:
        self._placed = placed
        self._text = text
        self._signals: frozenset[str] | None = None

    def __contains__(self, signal: str) -> bool:
        if self._signals is None:
            self._signals = self._placed.lifted(self._text)
        return signal in self._signals


@dataclass(frozen=True)
class _Placed:
    """The all-clears with a place that lift one language's rules (its own and the pooled
    ones): per place (after the danger word, in the few words before it, either, or
    anywhere in the message) and signal, the phrases, each with what keeps the alarm all
    the same ("now", "my son")."""

    by_place: dict[str, dict[str, list[_Clear]]] = field(
        default_factory=lambda: {place: {} for place in CLEAR_PLACES}
    )
    # Every language's negations, and those said after the word ("değil", "نیست"):
    # an all-clear said with one of them does not clear ("but she is not ok").
    negations: tuple[re.Pattern[str], ...] = ()
    negations_after: tuple[re.Pattern[str], ...] = ()

    def negation(self, word: str) -> bool:
        return any(pattern.fullmatch(word) for pattern in self.negations)

    def negation_after(self, word: str) -> bool:
        return any(pattern.fullmatch(word) for pattern in self.negations_after)

    def lifted(self, text: str) -> frozenset[str]:
        """The signals lifted for the whole message ("haha": not an emergency)."""
        return frozenset(
            signal
            for signal, clears in self.by_place["anywhere"].items()
            if any(
                clear.search(text) and not (unless is not None and unless.search(text))
                for clear, unless in clears
            )
        )


def _words(items: list[str]) -> Pattern:
    """Compiled sequences as one expression that matches whole words only."""
    return _lazy("|".join(r"(?<!\w)" + item + r"(?!\w)" for item in items))


def _compile_clears(by_signal: dict[str, list[str]]) -> dict[str, Pattern]:
    return {signal: _words(items) for signal, items in by_signal.items()}


class RulesFileError(ValueError):
    """A rules file the bot refuses to load: the message names the language and the place,
    so an operator's own file gets one clear line, not a traceback."""


class RuleSyntaxError(RulesFileError):
    """A rule that would not mean what it looks like; refused when the rules load."""


TRAP = (
    "in a rule of several words, alternatives stand in brackets: '(a|b) c' is 'a' or 'b', "
    "then 'c'; '(a b|c) d' is 'a b' or 'c', then 'd'"
)


# What a rule may hold besides letters, digits and spaces: its own syntax ("(a|b)", "word*",
# "{group}", "..", "$", "a_b") and the few pieces of a regular expression some rules use inside
# a word ("bo[iy]a", "[0-9]yo", "nemishe?", "(is|has)?" for a word that may be left out).
_CLASS_OR_WORD_ESCAPE = re.compile(r"\[[^\]]*\]|\\\w")  # "[aets]", "\w": left to the regex
_NEVER_IN_A_MESSAGE = re.compile(r"\\.?|[^\w\s()\[\]|*?_.{}$^+]")  # "\?", "-", "&", "°"


def check_characters(code: str, text: str) -> None:
    """Refuse a character no message can hold where the rule needs it.

    A message reaches the rules as words alone, its punctuation gone (`normalise`): "es-hal"
    is read as "es hal", "A&E" as "a e", "-5°" as "5". A rule that spells such a character
    ("es-hal", "a&e", "(градуса|°)", "\\?" for "or a question") looked right and could never
    match; some twenty-five such spellings stood in seven languages' rules unnoticed (one
    an Arabic exception meant to keep a heater question quiet). So the rule is refused,
    naming the character, and its author writes the words as the messages are read."""
    found = _NEVER_IN_A_MESSAGE.search(_CLASS_OR_WORD_ESCAPE.sub("", normalise_rule(text)))
    if found:
        raise RuleSyntaxError(
            f"{code}: rule {text!r}: {found.group()!r} is never in a message: a message is "
            "read as words alone, its punctuation gone ('es-hal' as 'es hal'); write the "
            "words as they are read"
        )


def check_rule(code: str, text: str) -> None:
    """Refuse a rule whose alternatives could be read two ways.

    Bare alternatives in a rule of several words ("jump|throw myself in front of") were
    read one word per place ("jump" or "throw", then "myself in front of") while their
    authors meant whole phrases; seven rules said something else than they seemed to in one
    evening. So a rule of more than one word writes its alternatives in brackets, a place of
    single words "(turned|went) blue" or of whole phrases "(jump|throw myself) in front of",
    and a bare "a|b" stands only in a rule of one word. Also refused: an unmatched bracket,
    an empty alternative, the same word twice in a place, a word standing in two places
    of a rule, one of them with alternatives ("(يختنق|تختنق|عم) يختنق"), and a bracket
    holding a phrase inside one word ("(godt )paa", an optional word as a regular
    expression would write it: it once sent this check into itself without end)."""
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        raise RuleSyntaxError(f"{code}: rule {text!r}: a bracket is not closed; {TRAP}")
    check_characters(code, text)
    raw_slots = _slots(text)
    slots = _slots(normalise_rule(text))
    words = [slot for slot in slots if slot not in GAPS and slot != "$"]
    seen: dict[str, tuple[int, str]] = {}
    for place, (raw, slot) in enumerate(zip(raw_slots, slots, strict=False)):
        if slot in GAPS or slot == "$":
            continue
        if _optional(slot) is not None:  # "(is|has)?": checked as the place it makes optional
            raw, slot = raw[:-1], slot[:-1]
        inside = _bracketed(slot)
        body = slot[1:-1] if inside is not None else slot
        if body.startswith("|") or body.endswith("|") or "||" in body:
            raise RuleSyntaxError(f"{code}: rule {text!r}: empty alternative in {slot!r}; {TRAP}")
        if inside is None and len(words) > 1 and len(_split_alternatives(slot)) > 1:
            raise RuleSyntaxError(
                f"{code}: rule {text!r}: the alternatives {slot!r} are not in brackets; {TRAP}"
            )
        options = inside if inside is not None else _split_alternatives(slot)
        written = _bracketed(raw) or _split_alternatives(raw)  # "blå|bla": two spellings
        if len(set(written)) != len(written):
            raise RuleSyntaxError(f"{code}: rule {text!r}: the same word twice in {slot!r}; {TRAP}")
        if any(" " in option for option in options):
            if inside is None:  # "(godt )paa": a phrase in a bracket inside one word
                raise RuleSyntaxError(
                    f"{code}: rule {text!r}: a bracket inside the word {slot!r}; {TRAP}"
                )
            for option in options:  # whole phrases: each is a rule of its own
                check_rule(code, option)
            continue
        for word in options:
            if _GROUP.fullmatch(word):
                continue
            other_place, other = seen.get(word, (place, ""))
            if other_place != place and ("|" in slot or "|" in other):
                raise RuleSyntaxError(
                    f"{code}: rule {text!r}: {word!r} stands in two places "
                    f"({other!r}, {slot!r}); {TRAP}"
                )
            seen[word] = (place, slot)


def _optional(slot: str) -> str | None:
    """The place inside "(is|has)?", a word that may be left out; None for any other place."""
    if slot.endswith("?") and _bracketed(slot[:-1]) is not None:
        return slot[:-1]
    return None


@lru_cache(maxsize=_RULE_TEXT_CACHE)
def _slots(text: str) -> tuple[str, ...]:
    """A rule's places: the words between spaces outside brackets, so that
    "(jump|throw myself) in" is two places, the first of two alternatives."""
    return tuple(_outside_brackets(text, str.isspace))


def _bracketed(slot: str) -> list[str] | None:
    """The alternatives of a place written whole in brackets, "(a|b c)" -> ["a", "b c"];
    None for any other place ("a|b", or "(c|d)e", a bracket inside one word)."""
    if not (slot.startswith("(") and slot.endswith(")")):
        return None
    depth = 0
    for index, char in enumerate(slot):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if depth == 0 and index < len(slot) - 1:
            return None
    return [" ".join(option.split()) for option in _split_alternatives(slot[1:-1])]


@lru_cache(maxsize=_RULE_TEXT_CACHE)
def _split_alternatives(slot: str) -> tuple[str, ...]:
    """`a|b|(c|d)e` -> ["a", "b", "(c|d)e"]: only the top-level bars separate."""
    return tuple(_outside_brackets(slot, "|".__eq__))


def _outside_brackets(text: str, separates: Callable[[str], bool]) -> list[str]:
    """The non-empty parts of `text` between the characters that separate, outside brackets."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if depth == 0 and separates(char):
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [part for part in parts if part]


class _Compiler:
    def __init__(
        self,
        code: str,
        groups: dict[str, list[str]],
        prefix: str,
        negation_prefix: str | None = None,
    ) -> None:
        self.code = code
        self.groups = groups
        self.prefix = prefix
        # A negation word takes its own prefixes where the language names them (see the
        # module's docstring): the word itself decides, wherever a rule names it.
        self.negation_prefix = negation_prefix
        self.negation_words = frozenset(
            normalise_rule(word) for word in groups.get(NEGATION_GROUP, [])
        )
        self.literals: set[str] = set()
        self.prefixes: set[str] = set()
        self.known_prefixes: set[str] = set()
        self.family_prefixes: set[str] = set()
        self.words: set[str] = set()
        self.starts: set[str] = set()
        # A group ("{now}", "{child}") stands in hundreds of rules: each is worked out once.
        # What a sequence adds to the word lists above is added the first time alike.
        self._sequences: dict[tuple[str, int, bool, bool], str] = {}
        self._learning = True
        self._learning_starts = True

    def sequence(self, text: str, *, depth: int = 0) -> str:
        key = (text, depth, self._learning, self._learning_starts)
        if key not in self._sequences:
            self._sequences[key] = self._sequence(text, depth=depth)
        return self._sequences[key]

    def exception(self, text: str) -> str:
        """An exception's words (`unless`, an all-clear): matched, never learnt.

        A word the rules name is a known word, left as written, and a word typos are
        corrected towards. Named only in an exception, it would be both against the
        danger rules: an all-clear naming "tashannoj" kept that spelling of a fit from
        being read as the danger rule's "tashanoj", and a misspelt word could be corrected
        towards an all-clear's word rather than a danger word. So only the danger rules'
        words are learnt (an all-clear's own `unless`, which keeps the alarm, is danger's
        words too); an exception matches the message as it is read for them."""
        self._learning = False
        try:
            return self.sequence(text)
        finally:
            self._learning = True

    def keeper(self, text: str) -> str:
        """An all-clear's `unless`, the words that keep the alarm: its whole words are learnt,
        its word starts only guard their family.

        A word typos are corrected towards stays one ("chokeing" may be read as "choking").
        A word start learnt from the danger rules makes every word it begins a known word,
        left as written; named only here ("chok*", to keep the alarm for "but now he is
        choking again"), it kept "chokeing" and "chokng" from the danger rules' "choking",
        and "my baby is chokeing" got no alarm. So a start named here lets a word it begins
        be corrected, but only into a word of the same start (`_Language._same_family`):
        Turkish "kulağından" (from her ear), begun by "kulag*", is not read as "kucağından"
        (from the lap). The start still matches here, on the message as read."""
        self._learning_starts = False
        try:
            return self.sequence(text)
        finally:
            self._learning_starts = True

    def _sequence(self, text: str, *, depth: int = 0) -> str:
        check_rule(self.code, text)
        out: list[str] = []
        # After an optional first word the next place's space is the optional word's own.
        spaced = False
        for slot in _slots(normalise_rule(text)):
            space = " " if out and not spaced else ""
            spaced = False
            if slot in GAPS:
                out.append(GAPS[slot])
                continue
            optional = _optional(slot)
            if optional is not None:
                # "now (hes|he) (is|has)? .. fitting": the word and its space may both be
                # missing. Written as a regular expression would, the "?" left the space
                # standing, so a rule read "now he  fitting" (two spaces) and never matched
                # without the word, and a first place so made needed a space before it.
                words = self.slot(optional, depth=depth)
                if out:
                    out.append(f"(?: {words})?")
                else:
                    out.append(f"(?:{words} )?")
                    spaced = True
                continue
            if slot == "$":  # the end of the message
                out.append("$")
                continue
            inside = _bracketed(slot)
            if inside is not None and "$" in inside and len(inside) > 1:
                # "taking them all (now|tonight|$)": one of the words, or the end of the
                # message right there. Read as a word, "$" stood after a space that the end
                # of a message never has, and some twenty rules' endings never matched.
                words = self.slot("(" + "|".join(o for o in inside if o != "$") + ")", depth=depth)
                out.append(f"(?: {words}|$)" if space else f"(?:{words}|$)")
                continue
            out.append(space + self.slot(slot, depth=depth))
        return "".join(out)

    def slot(self, slot: str, *, depth: int) -> str:
        inside = _bracketed(slot)
        if inside is not None and any(" " in option for option in inside):
            if depth > 3:
                raise RulesFileError(f"{self.code}: alternatives nest too deep at {slot!r}")
            return "(?:" + "|".join(self.sequence(o, depth=depth + 1) for o in inside) + ")"
        if inside is not None:  # "(turned|went)": single words, as without the brackets
            slot = "|".join(inside)
        options = []
        for option in _split_alternatives(slot):
            group = _GROUP.fullmatch(option)
            if group:
                if depth > 3:
                    raise RulesFileError(f"{self.code}: word groups nest too deep at {slot!r}")
                members = self.groups.get(group[1])
                if members is None:
                    raise RulesFileError(f"{self.code}: no word group {group[1]!r}")
                options.append(
                    "(?:" + "|".join(self.sequence(m, depth=depth + 1) for m in members) + ")"
                )
                continue
            self._learn(option)
            body = option.replace("*", r"\w*").replace("_", " ?")
            prefix = self.prefix_before(negation=option in self.negation_words)
            options.append(f"(?:{prefix})?(?:{body})" if prefix else f"(?:{body})")
        return "(?:" + "|".join(options) + ")"

    def prefix_before(self, *, negation: bool) -> str:
        """What may stand written onto a word: the language's `prefix`, or before a negation
        word its `negation_prefix` where it names one."""
        if negation and self.negation_prefix is not None:
            return self.negation_prefix
        return self.prefix

    def _learn(self, option: str) -> None:
        if option.rstrip("*").isalpha():
            # Every word and word start of the rules and their exceptions, also the short
            # ones ("бие", "го"): what a word written in Latin letters may be read back into
            # (`LatinReading`). An exception's words too: read back, "izkashlq" is the
            # all-clear's "изкашля" (coughed it up), and the danger rule's match is lifted.
            (self.starts if option.endswith("*") else self.words).add(option.rstrip("*"))
        if not self._learning:
            return
        if option.endswith("*") and not self._learning_starts:
            if option[:-1].isalpha() and len(option) > 3:
                self.family_prefixes.add(option[:-1])
            return
        if option.endswith("*") and option[:-1].isalpha() and len(option) > 3:
            self.known_prefixes.add(option[:-1])
        if option.endswith("*") and option[:-1].isalpha() and len(option) - 1 >= PREFIX_MIN_LENGTH:
            self.prefixes.add(option[:-1])
        elif option.isalpha() and len(option) >= TYPO_MIN_LENGTH:
            self.literals.add(option)

    def best_leads(self, text: str) -> set[str] | None:
        """The word starts a rule is looked up by: those of its most telling word.

        Every word of a rule must stand in the message, so any one of them can say
        whether the rule is worth trying. A rule "{neg} breath*" is looked up by
        "breath", not by "not" or "no": a negation is the commonest word there is,
        and short ones in one language are everyday words in another (Arabizi "ma"
        and "en" are Danish "må" and "en"); keyed by them, a Danish question woke a
        score of Arabic rules. The word chosen is not only a negation where another
        is, has starts of at least LEAD_LENGTH letters where one has, then the
        longest shortest start, then the fewest starts."""
        best: set[str] | None = None
        best_score: tuple[bool, bool, int, int] | None = None
        for place, slot in enumerate(_slots(normalise_rule(text))):
            if slot in GAPS or slot == "$":
                continue
            leads = self.leads(text, place=place)
            if not leads:
                continue
            shortest = min(len(lead) for lead in leads)
            score = (
                not self._only_negation(slot),
                shortest >= LEAD_LENGTH,
                min(shortest, LEAD_LENGTH),
                -len(leads),
            )
            if best_score is None or score > best_score:
                best, best_score = leads, score
        return best

    def leads(self, text: str, *, depth: int = 0, place: int = 0) -> set[str] | None:
        """How the word at `place` of a rule starts ("hit*|beat*" -> {"hit", "beat"});
        None when it can start with anything."""
        slots = _slots(normalise_rule(text))
        if len(slots) <= place or slots[place] in GAPS or slots[place] == "$" or depth > 3:
            return None
        return self._slot_leads(slots[place], depth=depth)

    def _only_negation(self, slot: str) -> bool:
        negations = {normalise_rule(word) for word in self.groups.get(NEGATION_GROUP, [])}
        options = _bracketed(slot) or _split_alternatives(slot)
        return all(
            option == "{" + NEGATION_GROUP + "}" or option in negations for option in options
        )

    def _slot_leads(self, slot: str, *, depth: int) -> set[str] | None:
        leads: set[str] = set()
        inside = _bracketed(slot)
        if inside is not None:  # each alternative starts as its own first word does
            for option in inside:
                inner = self.leads(option, depth=depth + 1)
                if inner is None:
                    return None
                leads |= inner
            return leads
        for option in _split_alternatives(slot):
            group = _GROUP.fullmatch(option)
            if group:
                for member in self.groups.get(group[1], []):
                    inner = self.leads(member, depth=depth + 1)
                    if inner is None:
                        return None
                    leads |= inner
                continue
            lead = re.match(r"[^*?_()\[\]|.+\\{}]*", option)
            start = lead[0] if lead else ""
            if not start or (len(start) < len(option) and option[len(start)] in "?"):
                start = start[:-1]
            if not start:
                return None
            leads.add(start)
        return leads

    def rule(self, text: str) -> Pattern:
        return _lazy(r"(?<!\w)" + self.sequence(text) + r"(?!\w)")


_REPEATED = re.compile(r"(.)\1+")


def _squeezed(word: str) -> str:
    """A word with each run of one letter kept once, for the cries only: "heeelp",
    "helppp" and "ساعدونيييي" are typed in a hurry, and no two cries differ by a doubled
    letter."""
    return _REPEATED.sub(r"\1", word)


@lru_cache(maxsize=_RULE_TEXT_CACHE)
def normalise_rule(text: str) -> str:
    """A rule folded like the messages, keeping its own syntax characters (a laughing
    emoji in a rule is the word the messages' laughter becomes)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTERS)
    text = text.translate(_LAUGHS_IN_RULES)
    return "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )


_COMPILED: dict[tuple[str, str], _Language] = {}
_COMPILED_LIMIT = 64


def forget_compiled() -> None:
    """Drop every compiled language and piece of rule text kept in this process, so the next
    load compiles as a fresh process does (what `bench/bench_safeguarding.py` times)."""
    _COMPILED.clear()
    for cached in (_slots, _split_alternatives, normalise_rule):
        cached.cache_clear()


def _compiled(code: str, data: dict[str, Any]) -> _Language:
    """`_compile`, once per process for the same rules: compiling every language's rules
    takes seconds (thousands of patterns), and a command-line run or a test that loads the
    shipped rules again gets the same languages. A compiled language is read-only but for
    its caches (the word a misspelling is corrected to, the rules a word may start), which
    the same rules fill alike. The key is the rules as read, so an edited file compiles
    afresh."""
    key = (code, repr(data))
    language = _COMPILED.get(key)
    if language is None:
        if len(_COMPILED) >= _COMPILED_LIMIT:
            _COMPILED.clear()
        with _collected() as lazy:
            language = _compile(code, data)
        language.lazy = lazy
        _COMPILED[key] = language
    return language


def _compile(code: str, data: dict[str, Any]) -> _Language:
    groups = {
        str(name): [str(item) for item in items or []]
        for name, items in (data.get("words") or {}).items()
    }
    negations = [str(item) for item in data.get("negation") or []]
    groups.setdefault(NEGATION_GROUP, negations)
    negation_prefix = data.get("negation_prefix")
    compiler = _Compiler(
        code,
        groups,
        str(data.get("prefix") or ""),
        None if negation_prefix is None else str(negation_prefix),
    )
    negation_words = frozenset(normalise(word) for word in negations if " " not in word)
    before_negation = compiler.prefix_before(negation=True)
    negation_word = re.compile(
        (f"(?:{before_negation})?" if before_negation else "")
        + "(?:"
        + ("|".join(re.escape(word) for word in sorted(negation_words)) or "(?!)")
        + ")"
    )
    rules: list[_Rule] = []
    rule_texts: list[str] = []

    def add(
        signal: str,
        item: object,
        needs: Pattern | None = None,
        unless_with: str = "",
        via: _Compiler | None = None,
        into: tuple[list[_Rule], list[str]] | None = None,
    ) -> None:
        c = via or compiler
        into_rules, into_texts = into or (rules, rule_texts)
        spec = item if isinstance(item, dict) else {"match": item}
        written_with = [str(x) for x in (unless_with, spec.get("unless_with")) if x]
        with_pattern = (
            _lazy(r"(?<!\w)(?:" + "|".join(c.exception(x) for x in written_with) + r")(?!\w)")
            if written_with
            else None
        )
        if not isinstance(spec.get("match"), str | int):
            # "{match: {match: ...}}" or a `match` left empty: its text was a dict's or
            # None's spelling, a rule that never matched.
            raise RulesFileError(f"{code}: a rule's `match` must be words: {item!r}")
        text = str(spec["match"])
        unless_parts = []
        if spec.get("unless_after"):
            after = c.exception(str(spec["unless_after"]))
            unless_parts.append(after + r"(?: \w+){0,5} $")
        if spec.get("unless_right_after"):  # the words just before, nothing between
            unless_parts.append(c.exception(str(spec["unless_right_after"])) + " $")
        unless_pattern = (
            _lazy(r"(?<!\w)(?:" + "|".join(unless_parts) + ")") if unless_parts else None
        )
        before_parts = []
        if spec.get("unless_before"):  # the next words, up to two others between
            before_parts.append(r" (?:\w+ ){0,2}" + c.exception(str(spec["unless_before"])))
        if spec.get("unless_next"):  # the words right after it, nothing between
            before_parts.append(" " + c.exception(str(spec["unless_next"])))
        before_pattern = (
            _lazy("(?:" + "|".join(before_parts) + r")(?!\w)") if before_parts else None
        )
        inside_pattern = (
            _lazy(r"(?<!\w)(?:" + c.exception(str(spec["unless_inside"])) + r")(?!\w)")
            if spec.get("unless_inside")
            else None
        )
        words_in_rule = set(normalise(_GROUP.sub(" ", text)).split())
        negated = ("{" + NEGATION_GROUP + "}") in text or bool(words_in_rule & negation_words)
        into_texts.append(text)
        kind = "concept " if needs is None and spec.get("concept") else ""
        into_rules.append(
            _Rule(
                signal,
                c.rule(text),
                f"{signal}: {kind}{'paired ' if needs else ''}{text}",
                negated,
                unless_pattern,
                before_pattern,
                needs,
                with_pattern,
                inside_pattern,
            )
        )

    def need(item: object) -> str:
        """A phrase of a concept's `needs`: words, or `match` with `unless_next` ("szukamy"
        unless "szukamy mu", a new club for him). Anything else is refused: a `{family}`
        left unquoted is a dict in YAML, and as a dict's spelling a need never matched."""
        if isinstance(item, str | int):
            return compiler.sequence(str(item))
        if (
            isinstance(item, dict)
            and isinstance(item.get("match"), str)
            and set(item)
            <= {
                "match",
                "unless_next",
            }
        ):
            words = compiler.sequence(item["match"])
            if not item.get("unless_next"):
                return words
            return words + r"(?! " + compiler.exception(str(item["unless_next"])) + r"(?!\w))"
        raise RulesFileError(
            f"{code}: a need must be words, or `match` with `unless_next`: {item!r} "
            '(a group in a list is quoted: "{family}")'
        )

    for signal in SIGNALS:
        for item in data.get(signal) or []:
            add(signal, item)
    # Compiled apart: their words must not join the words a typo is corrected towards, or
    # a form once corrected towards a word of violence ("szarpnął") would stand as a word
    # of play and lose its alarm.
    apart = _Compiler(code, groups, compiler.prefix, compiler.negation_prefix)
    own_rules: list[_Rule] = []
    own_texts: list[str] = []
    for item in data.get(OWN_HURT_OR_PLAY) or []:
        add(OWN_HURT_OR_PLAY, item, via=apart, into=(own_rules, own_texts))
    for concept in data.get("concepts") or []:
        signal = str(concept["signal"])
        if signal not in SIGNALS:
            raise RulesFileError(f"{code}: concept for unknown signal {signal!r}")
        unless_with = str(concept.get("unless_with") or "")
        for item in concept.get("alone") or []:
            add(
                signal,
                {"match": item, "concept": True} if isinstance(item, str) else item,
                unless_with=unless_with,
            )
        paired = list(concept.get("paired") or [])
        if paired:
            # A paired word needs one of the phrases in `needs` elsewhere in the
            # message, or, without `needs`, a second word of its list ("blue", "lips").
            needed = concept.get("needs") or []
            partners = (
                [need(item) for item in needed]
                if needed
                else [
                    compiler.sequence(str(item["match"] if isinstance(item, dict) else item))
                    for item in paired
                ]
            )
            needs = _lazy(r"(?<!\w)(?:" + "|".join(partners) + r")(?!\w)")
            for item in paired:
                add(signal, item, needs, unless_with)

    inside = data.get("negation_inside")
    after = [normalise(str(word)) for word in data.get("negation_after") or []]
    held_by = [normalise(str(word)) for word in data.get("negation_held_by") or []]

    def language_of(its_rules: list[_Rule]) -> _Language:
        made = _Language(
            code,
            its_rules,
            negation_word,
            re.compile(normalise_rule(str(inside))) if inside else None,
        )
        made.negation_reach = int(data.get("negation_reach") or 1)
        made.negation_held_by = _any_of(held_by)
        made.negation_after = _any_of(after)
        if compiler.prefix:
            made.prefix = re.compile(compiler.prefix)
        return made

    language = language_of(rules)
    # Without `where`: after the danger word. With it: where it says. Either way this
    # language's own rules only, unless the item is marked `pooled`.
    local: dict[str, list[str]] = {}
    placed: list[tuple[str, str, str, str, str, bool]] = []
    for item in data.get("all_clear") or []:
        spec = item if isinstance(item, dict) else {"match": item}
        place = spec.get("where")
        if place is not None and place not in CLEAR_PLACES:
            raise RulesFileError(f"{code}: all_clear 'where' must be one of {CLEAR_PLACES}")
        if spec.get("unless") and not place:
            # Without `where` an all-clear is this language's own, read after the match, and
            # has no `unless`: one written there was silently dropped, and "swallowed a
            # battery, coughed" lost its alarm to a "coughed it up" all-clear.
            raise RulesFileError(
                f"{code}: all_clear {spec['match']!r}: an 'unless' needs a 'where'"
            )
        if spec.get("pooled") not in (None, True, False) or (spec.get("pooled") and not place):
            raise RulesFileError(
                f"{code}: all_clear {spec['match']!r}: 'pooled' is true or false, with a 'where'"
            )
        for signal in spec.get("signals") or sorted(CHILD_SIGNALS):
            if str(signal) not in SIGNALS:
                raise RulesFileError(f"{code}: all_clear for unknown signal {signal!r}")
            phrase = compiler.exception(str(spec["match"]))
            if place is None:
                local.setdefault(str(signal), []).append(phrase)
            else:
                written = str(spec.get("unless") or "")
                unless = compiler.keeper(written) if written else ""
                pooled = bool(spec.get("pooled"))
                placed.append((str(place), str(signal), phrase, written, unless, pooled))
    language.all_clear = _compile_clears(local)
    language.placed = placed
    language.known_prefixes = frozenset(compiler.known_prefixes)
    language.family_prefixes = frozenset(compiler.family_prefixes - compiler.known_prefixes)
    language.known_words = frozenset(normalise(str(word)) for word in data.get("known") or [])
    language.cries = frozenset(
        tuple(_squeezed(word) for word in normalise(str(cry)).split())
        for cry in data.get("cry_for_help") or []
    ) - {()}
    for literal in sorted(compiler.literals):
        language.literals.setdefault(literal[0], []).append(literal)
    for prefix in sorted(compiler.prefixes):
        language.prefixes.setdefault(prefix[0], {}).setdefault(len(prefix), []).append(prefix)
    _index(language, rule_texts, compiler)
    language.freeze()
    letters = data.get("latin_letters")

    def reading(words: set[str], starts: set[str]) -> LatinReading:
        if "latin_word_start" in data or "latin_word_end" in data:
            return VowellessReading(
                code,
                letters,
                words,
                starts,
                data.get("latin_word_start") or {},
                data.get("latin_word_end") or {},
                data.get("latin_clitics") or {},
                data.get("latin_spelt_only") or [],
                _common_elsewhere(
                    code,
                    data.get("latin_common_elsewhere") or [],
                    data.get("latin_shared_words") or [],
                ),
            )
        return LatinReading(code, letters, words, starts)

    if letters:
        language.latin = reading(compiler.words, compiler.starts)
    if own_rules:
        # Their own list: the alarm's pass over every message never tries them, and
        # they are tried, read as written, only when the learned model alone is sure.
        language.own = language_of(own_rules)
        _index(language.own, own_texts, apart)
        language.own.freeze()
        if letters and not isinstance(language.latin, VowellessReading):
            # The words of her own hurt or play are read back for these rules only: in the
            # alarm's reading they could take a word from a danger rule's reading. Not for
            # Arabizi or Finglish: read without vowels, "dastam mirize" (my hands shake) in
            # a mother's fear of hurting her child read as her own hurt (2026-12-07).
            language.own.latin = reading(
                compiler.words | apart.words, compiler.starts | apart.starts
            )
    return language


def _any_of(words: list[str]) -> re.Pattern[str] | None:
    """One of these words, as written (a language's negations after a word, the verbs that
    hold one); None for none."""
    listed = sorted(word for word in words if word)
    return re.compile("|".join(re.escape(word) for word in listed)) if listed else None


def _index(language: _Language, rule_texts: list[str], compiler: _Compiler) -> None:
    """Files each rule under the first letters of the words it may start with, so a
    message meets only the rules its words may start (`_Language._candidates`)."""
    always = []
    for index, item in enumerate(rule_texts):
        leads = compiler.best_leads(item)
        if leads is None:
            always.append(index)
            continue
        for lead in leads:
            key = lead[:LEAD_LENGTH]
            if index not in language.by_lead.get(key, ()):
                language.by_lead.setdefault(key, []).append(index)
    language.always = tuple(always)
    language.lead_lengths = tuple(sorted({len(lead) for lead in language.by_lead}))


# --- help lines -------------------------------------------------------------


@dataclass(frozen=True)
class Helpline:
    kind: str  # emergency, medical, suicide, violence, parents: described by the texts
    name: str  # a proper name, not translated ("Lev Uden Vold")
    number: str
    hours: str = ""  # as the service states it, e.g. "24/7"
    signals: tuple[str, ...] = ()
    source: str = ""  # the service's own page the number was checked against
    checked: date | None = None  # the day it was checked there

    @property
    def verified(self) -> bool:
        """Shown to a parent only with a source and a check date: a wrong number is worse
        than none."""
        return bool(self.source.startswith("https://")) and self.checked is not None


def beside_112(lines: Iterable[Helpline]) -> list[Helpline]:
    """The lines listed under the 112 text, which names 112 itself."""
    return [line for line in lines if line.kind != "emergency"]


def oldest_check(lines: Iterable[Helpline]) -> date | None:
    """What "numbers checked on" may claim for these lines: the oldest of their checks."""
    dates = [line.checked for line in lines if line.checked]
    return min(dates) if dates else None


@dataclass(frozen=True)
class Helplines:
    lines: tuple[Helpline, ...]

    def for_signals(self, signals: set[str]) -> list[Helpline]:
        """The verified lines for these signals, 112 first. The emergency line comes with any
        signal, whatever its own list says: an operator's copy of the file written before a
        signal existed (the model's `danger`) must not drop 112 or its check date."""
        lines = [
            line
            for line in self.lines
            if line.verified
            and signals
            and (line.kind == "emergency" or signals & set(line.signals))
        ]
        return sorted(lines, key=lambda line: line.kind != "emergency")

    @property
    def reviewed(self) -> date | None:
        """The oldest check among the lines that are shown: what "checked on" may claim."""
        return oldest_check(line for line in self.lines if line.verified)

    @property
    def unverified(self) -> list[Helpline]:
        return [line for line in self.lines if not line.verified]


def _date(value: object) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def load_helplines(path: Path) -> Helplines:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    lines = tuple(
        Helpline(
            kind=str(item["kind"]),
            name=str(item.get("name", "")),
            number=str(item["number"]),
            hours=str(item.get("hours", "")),
            signals=tuple(item.get("signals", ())),
            source=str(item.get("source", "") or ""),
            checked=_date(item.get("checked")),
        )
        for item in data.get("lines", [])
    )
    return Helplines(lines)


class DuplicateKeyError(RulesFileError):
    """A key written twice in one mapping of a rules file; refused when the rules load."""


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 10x faster
    """YAML's safe loader, refusing a key written twice in one mapping.

    Plain YAML keeps the last of two equal keys and drops the first without a word:
    a second `negation:` list silently threw away the first (every language's
    English negations), so a rule fired right after "not". A rules file is edited
    by hand, often by appending, so a repeated key is refused with its line.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise DuplicateKeyError(
                    f"{self.name}: line {key_node.start_mark.line + 1}: "
                    f"the key {key!r} stands twice in one mapping; merge them into one"
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_rules_file(path: Path) -> dict[str, Any]:
    """One language's rules file, refusing a key written twice (`DuplicateKeyError`)."""
    text = path.read_text(encoding="utf-8")
    loader = _UniqueKeyLoader(text)
    loader.name = str(path)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    return data or {}


def load_phrases(roots: list[Path], languages: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Each language's rules; a later root (a municipality's overrides) adds to the earlier."""
    phrases: dict[str, dict[str, Any]] = {}
    for language in languages:
        for root in roots:
            path = root / language / "safeguarding.yaml"
            if not path.is_file():
                continue
            data = load_rules_file(path)
            target = phrases.setdefault(language, {})
            for key, value in data.items():
                if key == "words":
                    words = target.setdefault("words", {})
                    for name, items in (value or {}).items():
                        words.setdefault(str(name), []).extend(items or [])
                elif isinstance(value, list):
                    target.setdefault(str(key), []).extend(value)
                else:
                    target[str(key)] = value
    return phrases
