"""FAQ entries: Markdown files with YAML front matter under `content/<lang>/faq/<theme>/`.

One file per entry and language, so a translator or a municipality touches one
small file; the id ties the languages together. A deployment's own directory
(setting `FAQ_OVERRIDES_DIR`) is read after the project's and replaces entries
with the same id or adds new ones, without editing the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import frontmatter
import yaml

THEMES = (
    "sleep",
    "food",
    "daycare",
    "sick_child",
    "language",
    "health_checks",
    "vaccination",
    "dental",
    "money",
    "parent_wellbeing",
    "everyday",
)
OWNERS = ("health_visitor", "pedagogue")
REVIEW_STATUSES = ("original", "draft", "reviewed")  # original: written in this language
REQUIRED = ("id", "theme", "title", "questions", "owner", "municipal", "source", "reviewed")
MAX_ANSWER_CHARS = 700
_TAG = re.compile(r"<[^>]*>")


class ContentError(ValueError):
    """A FAQ file cannot be read at all; the message names the file."""


@dataclass(frozen=True)
class Entry:
    id: str
    language: str
    theme: str
    title: str
    questions: tuple[str, ...]
    answer: str  # Telegram HTML
    owner: str
    municipal: bool
    source_title: str
    source_url: str
    reviewed: date
    review_status: str = "draft"
    reviewer: str = ""
    review_date: date | None = None
    path: Path | None = None

    @property
    def visible_answer(self) -> str:
        """The answer as the reader sees it (tags dropped), for length limits and search."""
        return _TAG.sub("", self.answer)


@dataclass
class FaqContent:
    """Every entry by language and id, plus the synonym groups per language."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    synonyms: dict[str, list[list[str]]] = field(default_factory=dict)
    # Words that say how a question is asked, not what it is about ("what do I do", "can");
    # for languages without a stopword list in bm25s.
    function_words: dict[str, list[str]] = field(default_factory=dict)
    # A script's words as parents type them in Latin letters (Roman Urdu, Arabizi, Finglish):
    # the word as the entries write it -> its common spellings.
    latin_spellings: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # files that could not be read

    def entry(self, language: str, entry_id: str) -> Entry | None:
        return self.entries.get(language, {}).get(entry_id)

    def ids(self) -> set[str]:
        return {entry_id for by_id in self.entries.values() for entry_id in by_id}

    def of_theme(self, language: str, theme: str) -> list[Entry]:
        return sorted(
            (e for e in self.entries.get(language, {}).values() if e.theme == theme),
            key=lambda e: e.title.casefold(),
        )


def _as_date(value: object, what: str, path: Path) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ContentError(f"{path}: {what} must be a date (YYYY-MM-DD), got {value!r}") from exc


def read_entry(path: Path, language: str) -> Entry:
    """One entry file; raises ContentError naming the file and the field."""
    try:
        post = frontmatter.load(path)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: not valid front matter: {exc}") from exc
    meta = post.metadata
    missing = [key for key in REQUIRED if key not in meta]
    if missing:
        raise ContentError(f"{path}: missing {', '.join(missing)}")
    source = meta["source"] if isinstance(meta["source"], dict) else {}
    review = meta.get("review") if isinstance(meta.get("review"), dict) else {}
    questions = meta["questions"]
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise ContentError(f"{path}: questions must be a list of texts")
    return Entry(
        id=str(meta["id"]),
        language=language,
        theme=str(meta["theme"]),
        title=str(meta["title"]).strip(),
        questions=tuple(q.strip() for q in questions),
        answer=post.content.strip(),
        owner=str(meta["owner"]),
        municipal=bool(meta["municipal"]),
        source_title=str(source.get("title", "")).strip(),
        source_url=str(source.get("url", "")).strip(),
        reviewed=_as_date(meta["reviewed"], "reviewed", path),
        review_status=str(review.get("status", "draft")),
        reviewer=str(review.get("by", "")),
        review_date=_as_date(review["date"], "review.date", path) if review.get("date") else None,
        path=path,
    )


DANISH_WORDS = "danish_words.yaml"  # in a content root: Danish institution words in every language


def _danish_words(roots: list[Path], problems: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    for root in roots:
        path = root / DANISH_WORDS
        if not path.is_file():
            continue
        try:
            listed = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            problems.append(f"{path}: not valid YAML: {exc}")
            continue
        groups.extend([str(word) for word in group] for group in listed if group)
    return groups


def _with_danish_words(synonyms: list[list[str]], danish: list[list[str]]) -> list[list[str]]:
    """A language's synonym groups with every form of the Danish institution words: each
    Danish group joins the language's group that holds one of its words (whose first word the
    search uses), or stands as a group of its own."""
    merged = [list(group) for group in synonyms]
    for forms in danish:
        folded = {form.casefold() for form in forms}
        home = next((g for g in merged if folded & {w.casefold() for w in g}), None)
        if home is None:
            merged.append(list(forms))
        else:
            home.extend(
                form for form in forms if form.casefold() not in {w.casefold() for w in home}
            )
    return merged


def load_content(roots: list[Path], languages: tuple[str, ...]) -> FaqContent:
    """Entries from each root's `<lang>/faq/`, later roots replacing earlier ones by id.

    A file that cannot be read is reported in `problems` and skipped, so one bad
    local file never takes the whole FAQ down; the content check fails on it.
    """
    content = FaqContent()
    danish_words = _danish_words(roots, content.problems)
    for language in languages:
        by_id: dict[str, Entry] = {}
        synonyms: list[list[str]] = []
        function_words: list[str] = []
        latin_spellings: dict[str, list[str]] = {}
        for root in roots:
            folder = root / language / "faq"
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*.md")):
                try:
                    entry = read_entry(path, language)
                except ContentError as exc:
                    content.problems.append(str(exc))
                    continue
                by_id[entry.id] = entry
            synonym_file = folder / "synonyms.yaml"
            if synonym_file.is_file():
                try:
                    groups = yaml.safe_load(synonym_file.read_text(encoding="utf-8")) or []
                except yaml.YAMLError as exc:
                    content.problems.append(f"{synonym_file}: not valid YAML: {exc}")
                    groups = []
                synonyms.extend([str(word) for word in group] for group in groups if group)
            words_file = folder / "function_words.yaml"
            if words_file.is_file():
                try:
                    listed = yaml.safe_load(words_file.read_text(encoding="utf-8")) or []
                except yaml.YAMLError as exc:
                    content.problems.append(f"{words_file}: not valid YAML: {exc}")
                    listed = []
                function_words.extend(str(word) for word in listed)
            spellings_file = folder / "latin_spellings.yaml"
            if spellings_file.is_file():
                try:
                    spelled = yaml.safe_load(spellings_file.read_text(encoding="utf-8")) or {}
                except yaml.YAMLError as exc:
                    content.problems.append(f"{spellings_file}: not valid YAML: {exc}")
                    spelled = {}
                for written, spellings in spelled.items():
                    latin_spellings.setdefault(str(written), []).extend(
                        str(spelling) for spelling in spellings or ()
                    )
        content.entries[language] = by_id
        content.synonyms[language] = _with_danish_words(synonyms, danish_words)
        content.function_words[language] = function_words
        content.latin_spellings[language] = latin_spellings
    return content
