"""From a parent's words to search terms: fold, correct typos, apply synonyms, stem.

Parents write on phones, in a second language, late at night: "vugestue",
"bornehave", "vacsine". The same steps run over the entries when the index is
built, so both sides meet in one vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from itertools import product

import Stemmer
from bm25s import stopwords as bm25_stopwords
from rapidfuzz import fuzz, process

# Snowball stemmers by language code (PyStemmer); a language without one is searched unstemmed.
# Ukrainian and Bulgarian have no Snowball stemmer; the Russian one strips most of their case and
# verb endings too ("грудьми"/"груддю", "ваксина"/"ваксините"), which beats matching whole forms.
_STEMMERS = {
    "ar": "arabic",
    "da": "danish",
    "en": "english",
    "fa": "persian",
    "pl": "polish",
    "tr": "turkish",
    "uk": "russian",
    "bg": "russian",
}
_STOPWORDS = {
    "da": bm25_stopwords.STOPWORDS_DANISH,
    "en": bm25_stopwords.STOPWORDS_EN,
    "tr": bm25_stopwords.STOPWORDS_TURKISH,
}
# Danish letters written the way a phone without a Danish keyboard writes them.
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe"})
# An apostrophe inside a word is left out, as parents on a phone leave it out: Ukrainian
# "обов'язково" is typed "обовязково", Somali "la'aan" "laaan", English "don't" "dont".
_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ](?=\w)")
_WORD = re.compile(r"\w+")
TYPO_CUTOFF = 80  # rapidfuzz ratio: "vacsine"~"vaccine" 86, "vugestue"~"vuggestue" 94
TYPO_MIN_LENGTH = 4  # shorter words are too easy to "correct" into something else
TYPO_MAX_LENGTH_CHANGE = 2  # a typo drops or adds a letter or two; "chicken" is not "chickenpox"
# ...but a short word only one: "hold" holds every letter of "should", and is not a typo of it.
SHORT_WORD = 6
CORRECTIONS_REMEMBERED = 4096  # per language: parents' questions share most of their words


def _alphabet(character: str) -> str:
    """A coarse alphabet of a character: Latin (with digits), Cyrillic, Arabic, or the
    character itself. Two words whose alphabets differ share no character at all."""
    point = ord(character)
    if point < 0x250:
        return "latin"
    if 0x400 <= point < 0x530:
        return "cyrillic"
    if 0x600 <= point < 0x780 or 0xFB50 <= point < 0xFF00:
        return "arabic"
    return character


def alphabets(word: str) -> frozenset[str]:
    return frozenset(_alphabet(character) for character in word)


def fold(text: str) -> str:
    return _APOSTROPHE.sub("", unicodedata.normalize("NFKC", text).casefold().translate(_FOLD))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


# Letters a phone keyboard without them replaces by their plain form: Turkish "kreşte" typed
# "kreste", "ağız" "agiz"; Polish "chodzić" "chodzic"; Danish "børnehave" (folded "boernehave")
# typed "bornehave". Marks are dropped by decomposition; these are letters of their own.
_BARE = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss"})
_BARE_PAIRS = (("oe", "o"), ("ae", "a"), ("aa", "a"))


def bare(word: str) -> str:
    """A folded word without its diacritics, as typed on a keyboard that lacks them."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_BARE))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    for pair, single in _BARE_PAIRS:
        plain = plain.replace(pair, single)
    return plain


# Roman Urdu, Arabizi and Finglish have no fixed spelling: "bacha", "bachcha", "bachay";
# "neend", "nind"; "doodh", "dudh"; "likhwain", "likhvain". A spelling's key keeps what
# every writer types alike, so one listed spelling stands for its neighbours.
_LATIN_KEY_STEPS = (
    (re.compile(r"ee"), "i"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"chch|cch"), "ch"),
    (re.compile(r"(ay|ey|ai)$"), "e"),
    (re.compile(r"ia"), "ya"),
    (re.compile(r"w"), "v"),
    (re.compile(r"q"), "k"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)


# Bulgarian and Ukrainian typed in Latin letters follow a few common schemes ("mozhe",
# "bebeto", "misyaciv", "zavazhaje"): letter groups first, longest first. The Cyrillic word they
# give is then corrected towards the entries' words like any typo.
_COMMON_CYRILLIC = {
    "zh": "ж", "ch": "ч", "sh": "ш", "ts": "ц", "tz": "ц", "kh": "х", "ya": "я", "ja": "я",
    "yu": "ю", "ju": "ю", "yo": "йо", "jo": "йо", "a": "а", "b": "б", "v": "в", "w": "в",
    "g": "г", "d": "д", "e": "е", "z": "з", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о",
    "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф", "c": "ц", "x": "кс", "q": "к",
}  # fmt: skip
_UKRAINIAN_LETTERS = {
    "shch": "щ", "h": "г", "i": "і", "y": "и", "j": "й", "ye": "є", "je": "є", "yi": "ї",
    "ji": "ї", "yj": "ий", "ij": "ій",
}  # fmt: skip
_CYRILLIC = {
    "bg": {**_COMMON_CYRILLIC, "sht": "щ", "h": "х", "i": "и", "y": "й", "j": "й"},
    "uk": {**_COMMON_CYRILLIC, **_UKRAINIAN_LETTERS},
}
_CYRILLIC_LONGEST = 4


def cyrillic(word: str, language: str) -> str | None:
    """A Bulgarian or Ukrainian word typed in Latin letters, in Cyrillic (None: no scheme)."""
    table = _CYRILLIC.get(language)
    if table is None:
        return None
    out: list[str] = []
    i = 0
    while i < len(word):
        for size in range(min(_CYRILLIC_LONGEST, len(word) - i), 0, -1):
            letters = table.get(word[i : i + size])
            if letters is not None:
                out.append(letters)
                i += size
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


# The letters a keyboard without them turns into plain ones, by language, for putting them back.
_DIACRITIC_CHOICES: dict[str, dict[str, str]] = {
    "tr": {"c": "cç", "g": "gğ", "i": "iı", "o": "oö", "s": "sş", "u": "uü"},
    "pl": {"a": "aą", "c": "cć", "e": "eę", "l": "lł", "n": "nń", "o": "oó", "s": "sś", "z": "zźż"},
}
MAX_DIACRITIC_GUESSES = 7  # letters that may have lost a mark: 2**7 forms at most to stem


def latin_key(word: str) -> str:
    """The key of a word written in Latin letters for a language of another script."""
    key = bare(fold(word))
    for pattern, replacement in _LATIN_KEY_STEPS:
        key = pattern.sub(replacement, key)
    return key


@cache
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    algorithm = _STEMMERS.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def stopwords(language: str) -> frozenset[str]:
    return frozenset(fold(word) for word in _STOPWORDS.get(language, ()))


class Analyzer:
    """The text pipeline of one language, knowing the words its entries use."""

    def __init__(
        self,
        language: str,
        synonyms: Iterable[list[str]],
        function_words: Iterable[str] = (),
        latin_spellings: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.language = language
        # A language written in another script, typed in Latin letters (Roman Urdu "bacha
        # kitna sota hai"): each listed spelling's key stands for the words in the script.
        self._latin: dict[str, tuple[str, ...]] = {}
        for written, spellings in (latin_spellings or {}).items():
            for spelling in spellings:
                self._latin.setdefault(latin_key(str(spelling)), tuple(words(written)))
        self._bare: dict[str, str] = {}
        self._function_words = tuple(function_words)
        # No stopword removal: "hvor meget" (how much) and "hvor" (where) are what tell
        # "how much should my baby sleep" from "where should my baby sleep"; BM25's idf
        # already gives common words little weight. The list still keeps typo correction
        # from "correcting" short everyday words.
        self.stop = stopwords(language)
        self.stemmer = _stemmer(language)
        self._phrases: dict[tuple[str, ...], str] = {}
        for group in synonyms:
            variants = [tuple(words(variant)) for variant in group]
            canonical = "_".join(variants[0])
            for variant in variants:
                if variant:
                    self._phrases[variant] = canonical
        self._longest = max((len(p) for p in self._phrases), default=1)
        self._phrase_starts = frozenset(phrase[0] for phrase in self._phrases)
        # the same phrases by their words' stems; the listed form wins where two differ
        self._stem_phrases: dict[tuple[str, ...], str] = {}
        if self.stemmer is not None:
            for phrase, canonical in self._phrases.items():
                self._stem_phrases.setdefault(tuple(self.stemmer.stemWords(phrase)), canonical)
        self._stem_starts = frozenset(phrase[0] for phrase in self._stem_phrases)
        self.known: set[str] = {word for phrase in self._phrases for word in phrase}
        self._known_list: list[str] = []
        self._by_length: dict[tuple[int, frozenset[str]], list[str]] = {}
        # The same word is corrected the same way every time: remembered, not recomputed.
        self.correct = lru_cache(maxsize=CORRECTIONS_REMEMBERED)(self._correct)
        self.with_diacritics = lru_cache(maxsize=CORRECTIONS_REMEMBERED)(self._with_diacritics)
        self.as_known = lru_cache(maxsize=CORRECTIONS_REMEMBERED)(self._as_known)
        self._known_stems: frozenset[str] = frozenset()

    def function_words(self) -> frozenset[str]:
        """The function words ("what", "can", "my") as search terms: the stopword list where
        bm25s has one, and the language's own list in the content."""
        listed = (*self.stop, *self._function_words)
        return frozenset(term for word in listed for term in self.terms(word))

    def learn(self, text: str) -> None:
        """Add the words of an entry to what typos are corrected towards."""
        self.known.update(words(text))

    def freeze(self) -> None:
        self._known_list = sorted(word for word in self.known if len(word) >= TYPO_MIN_LENGTH)
        plain: dict[str, set[str]] = {}
        for word in self.known:
            plain.setdefault(bare(word), set()).add(word)
        # only a plain form that one known word alone has: otherwise it is no telling which
        self._bare = {key: next(iter(forms)) for key, forms in plain.items() if len(forms) == 1}
        if self.stemmer is not None:
            self._known_stems = frozenset(self.stemmer.stemWords(sorted(self.known)))
        self.with_diacritics.cache_clear()
        self.as_known.cache_clear()
        self._by_length = {}
        self.correct.cache_clear()

    def _correct(self, word: str) -> str:
        if word in self.known or word in self.stop or len(word) < TYPO_MIN_LENGTH:
            return word
        if self.stemmer is not None and self.stemmer.stemWord(word) in self._known_stems:
            return word  # another form of a word the entries use, not a typo
        if word.isdigit():
            return word
        match = process.extractOne(
            word,
            self._near_length(len(word), alphabets(word)),
            scorer=fuzz.ratio,
            score_cutoff=TYPO_CUTOFF,
        )
        return match[0] if match else word

    def _near_length(self, length: int, written_in: frozenset[str]) -> list[str]:
        """The known words a typo of a word this long could be (fewer to compare, too).

        Only words sharing an alphabet with it: a word with no character in common scores
        0, far below the cutoff, so leaving them out changes no correction, and a Danish
        question searched in the Arabic, Persian, Urdu, Bulgarian and Ukrainian entries
        (when Danish has no confident answer) is compared with their few Latin words only.
        """
        key = (length, written_in)
        change = TYPO_MAX_LENGTH_CHANGE if length >= SHORT_WORD else 1
        if key not in self._by_length:
            self._by_length[key] = [
                known
                for known in self._known_list
                if abs(len(known) - length) <= change
                and not alphabets(known).isdisjoint(written_in)
            ]
        return self._by_length[key]

    def _term(self, canonical: str) -> str:
        """A group's first as a search term: a phrase joined by "_", a word stemmed."""
        if "_" in canonical or self.stemmer is None:
            return canonical
        return self.stemmer.stemWord(canonical)

    def _synonyms(self, tokens: list[str]) -> list[str]:
        """Each listed phrase as its group's first; the rest stemmed.

        A phrase is found as listed or in another form of its words ("cartoon" where the list
        says "cartoons", Danish "skærmen" where it says "skærm"): the stems must match.
        """
        stems = self.stemmer.stemWords(tokens) if self.stemmer else tokens
        out: list[str] = []
        i = 0
        while i < len(tokens):
            if tokens[i] not in self._phrase_starts and stems[i] not in self._stem_starts:
                out.append(stems[i])  # most words start no phrase
                i += 1
                continue
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                canonical = self._phrases.get(tuple(tokens[i : i + size]))
                if canonical is None:
                    canonical = self._stem_phrases.get(tuple(stems[i : i + size]))
                if canonical is not None:
                    out.append(self._term(canonical))
                    i += size
                    break
            else:
                out.append(stems[i])
                i += 1
        return out

    def _as_known(self, token: str) -> tuple[str, ...]:
        """A word in the form the entries write it, where it is only typed differently: in
        Latin letters for a language of another script, or without its diacritics."""
        if token in self.known or token.isdigit():
            return (token,)
        if alphabets(token) == {"latin"}:
            written = self._latin.get(latin_key(token)) if self._latin else None
            if written:
                return written
            in_script = cyrillic(token, self.language)
            if in_script is not None:
                token = in_script
                if token in self.known:
                    return (token,)
        found = self._bare.get(bare(token))
        if found is not None:
            return (found,)
        return (self.with_diacritics(token),)

    def _with_diacritics(self, token: str) -> str:
        """A word typed without its diacritics, in the form whose stem the entries use:
        Turkish "disini" is "dişini" (stem "diş"), "fircalarim" "fırçalarım" (stem "fırça").
        A suffixed word is rarely written in the entries exactly as asked, so the letters are
        put back until the stem is one the entries know; the longest such stem wins."""
        choices = _DIACRITIC_CHOICES.get(self.language)
        if choices is None or self.stemmer is None or not self._known_stems:
            return token
        options = [choices.get(letter, letter) for letter in token]
        if sum(len(o) > 1 for o in options) > MAX_DIACRITIC_GUESSES:
            return token
        best, best_stem = token, ""
        for letters in product(*options):
            candidate = "".join(letters)
            stem = self.stemmer.stemWord(candidate)
            if stem in self._known_stems and len(stem) > len(best_stem):
                best, best_stem = candidate, stem
        return best

    def terms(self, text: str, *, query: bool = False) -> list[str]:
        """Search terms of a text; a query's words are first corrected towards known ones."""
        tokens = [form for token in words(text) for form in self.as_known(token)]
        if query:
            tokens = [self.correct(token) for token in tokens]
        return self._synonyms(tokens)
