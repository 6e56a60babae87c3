"""The catalog check: every language has every text, with matching placeholders and valid HTML."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from markupsafe import Markup

from i18n import languages, supported_codes, texts_for
from i18n.languages import CONTENT_DIR
from i18n.texts import FSI, PDI
from onboarding.group_setup import GroupSpec
from tests.fake_telegram import parse_html, utf16_len

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(p.name for p in (CONTENT_DIR / "templates").glob("*.html"))


def catalog(code: str) -> Catalog:
    with (CONTENT_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


def template_ids() -> set[str]:
    with (CONTENT_DIR / "messages.pot").open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_danish_and_english_are_supported() -> None:
    assert {"da", "en"} <= set(supported_codes())
    names = {lang.code: lang.native_name for lang in languages()}
    assert names["da"] == "Dansk" and names["en"] == "English"


def test_the_template_catalog_is_up_to_date(tmp_path: Path) -> None:
    """A text added in code but not extracted would silently stay English."""
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "content/babel.cfg",
            "-k",
            "_",
            "-k",
            "n_:1,2",
            "-k",
            "plain",
            "-k",
            "N_",
            "--no-location",
            "--omit-header",
            "-o",
            str(out),
            *(ROOT / "content" / "extract-paths").read_text().split(),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with out.open("rb") as handle:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert fresh == template_ids(), "run scripts/update-catalogs"


@pytest.mark.parametrize("code", supported_codes())
def test_every_text_is_translated(code: str) -> None:
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog(code) if m.id}
    missing = sorted(template_ids() - set(entries))
    assert not missing, f"{code} lacks {missing}"
    untranslated = [
        key
        for key, m in entries.items()
        if key in template_ids()
        and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert not untranslated, f"{code} has untranslated or fuzzy entries: {untranslated}"


@pytest.mark.parametrize("code", supported_codes())
def test_placeholders_match(code: str) -> None:
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog(code).check() if errors]
    assert not problems


@pytest.mark.parametrize("code", supported_codes())
def test_every_translation_is_valid_telegram_html(code: str) -> None:
    for message in catalog(code):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            parse_html(string % _dummy_slots(string), strict=True)


def _dummy_slots(string: str) -> dict[str, object]:
    class Anything(dict[str, object]):
        def __missing__(self, key: str) -> object:
            return 1

    return Anything()


GROUP = SimpleNamespace(
    name="Babygruppen <Nord> & co",
    weekday=1,
    start_time=time(10),
    place="Vuggestuen Solsikken, Hyldagerparken 1",
)
MEETING = datetime(2026, 11, 24, 10, tzinfo=ZoneInfo("Europe/Copenhagen"))
CONTEXTS: dict[str, list[dict[str, object]]] = {
    "hello_stranger.html": [{}],
    "consent.html": [
        {"role": "parent", "group": GROUP.name, "organisation": "Albertslund", "months": 12},
        {"role": "staff", "group": GROUP.name, "organisation": "Albertslund", "months": 12},
        {"role": "coordinator", "group": None, "organisation": "Albertslund", "months": 24},
    ],
    "welcome.html": [
        {
            "result": r,
            "role": "parent",
            "organisation": "A",
            "group": GROUP,
            "next_meeting": MEETING,
            "org_wide": False,
        }
        for r in ("joined", "rejoined", "already")
    ]
    + [
        {
            "result": "joined",
            "role": "coordinator",
            "organisation": "Albertslund",
            "group": None,
            "next_meeting": None,
            "org_wide": True,
        },
        {
            "result": "joined",
            "role": "coordinator",
            "organisation": "A",
            "group": GROUP,
            "next_meeting": None,
            "org_wide": False,
        },
        {
            "result": "joined",
            "role": "staff",
            "organisation": "A",
            "group": GROUP,
            "next_meeting": None,
            "org_wide": False,
        },
    ],
    "help.html": [
        {
            "known": known,
            "groups": [GROUP.name],
            "parent": True,
            "staff": True,
            "coordinator": True,
            "can_create": True,
            "admin": admin,
        }
        for known, admin in ((True, True), (False, False))
    ],
    "group_summary.html": [
        {"spec": GroupSpec(GROUP.name, 1, time(10), GROUP.place), "kind": "open"},
        {
            "spec": GroupSpec(
                GROUP.name,
                3,
                time(17, 30),
                GROUP.place,
                course_start=date(2027, 1, 14),
                course_weeks=34,
            ),
            "kind": "course",
        },
    ],
    "reminder.html": [
        {
            "cancelled": True,
            "holiday": holiday,
            "break_name": break_name,
            "note": note,
            "group": GROUP.name,
            "starts_at": MEETING,
            "place": GROUP.place,
            "theme": None,
            "guest": None,
            "reply": None,
            "reason": None,
        }
        for holiday, break_name, note in [
            ("Juledag", None, None),
            (None, "Efterårsferie", None),
            (None, None, "Lokalet er optaget"),
            (None, None, None),
        ]
    ]
    + [
        {
            "cancelled": False,
            "holiday": None,
            "break_name": None,
            "note": None,
            "group": GROUP.name,
            "starts_at": MEETING,
            "place": GROUP.place,
            "theme": "Søvn",
            "guest": "Sundhedsplejersken",
            "reply": reply,
            "reason": reason,
        }
        for reply, reason in [
            (None, None),
            ("coming", None),
            ("late", None),
            ("cant_come", "child_sick"),
            ("cant_come", "sick"),
            ("cant_come", "transport"),
        ]
    ],
    "meeting_detail.html": [
        {
            "group": GROUP.name,
            "starts_at": MEETING,
            "place": GROUP.place,
            "theme": theme,
            "guest": guest,
            "cancelled": cancelled,
        }
        for theme, guest, cancelled in [("Søvn", "Sundhedsplejersken", False), (None, None, True)]
    ],
    "followup.html": [
        {
            "kind": kind,
            "reason": reason,
            "group": GROUP.name,
            "next": SimpleNamespace(starts_at=MEETING, theme="Søvn", guest="Sundhedsplejersken"),
            "faq_theme": "sleep" if kind == "thanks" else None,
        }
        for kind, reason in [
            ("missed", None),
            ("missed_again", None),
            ("care", "child_sick"),
            ("care", "sick"),
            ("care", "work"),
            ("thanks", None),
            ("welcome_back", None),
        ]
    ],
    "calllist.html": [
        {"group": GROUP.name, "entries": [], "reasons": {}, "contacts": {}, "questions": []},
        {
            "group": GROUP.name,
            "reasons": {"child_sick": "child sick", "other": "other"},
            "contacts": {"called": "called"},
            "questions": [SimpleNamespace(text="Hvad med <søvn>? " * 30)],
            "entries": [
                SimpleNamespace(
                    name="Amina <3",
                    reasons=["misses", "unreachable", "pause_ends"],
                    recent=[
                        SimpleNamespace(starts_at=MEETING, outcome=o, reason=r)
                        for o, r in [
                            ("attended", None),
                            ("notice", "child_sick"),
                            ("no_show", None),
                            ("cancelled", None),
                        ]
                    ],
                    last_contact=SimpleNamespace(at=MEETING, kind="called", note="Ring <igen>"),
                )
            ],
        },
    ],
    "next.html": [
        {
            "group": GROUP.name,
            "skipped": [SimpleNamespace(starts_at=MEETING)],
            "next": SimpleNamespace(
                starts_at=MEETING, place=GROUP.place, theme="Mad", guest="Tandplejen"
            ),
        },
        {"group": GROUP.name, "skipped": [], "next": None},
    ],
    "faq_answer.html": [
        {
            "title": "Hvordan skal min baby <sove>?",
            "answer": Markup("Læg altid barnet på <b>ryggen</b>."),
            "municipal": municipal,
            "owner": owner,
            "source_url": "https://www.sst.dk/",
            "source_title": "Sundhedsstyrelsen",
            "reviewed": date(2026, 11, 15),
            "review": review,
            "shown_language": shown,
        }
        for municipal, owner, shown, review in [
            (False, "health_visitor", None, "reviewed"),
            (True, "health_visitor", "English", "unchecked"),
            (True, "pedagogue", None, "translation"),
        ]
    ],
    "faq_themes.html": [{}],
    "faq_theme.html": [{"theme": "Søvn"}],
    "faq_suggestions.html": [
        {"hits": hits, "can_ask": can_ask} for hits in (True, False) for can_ask in (True, False)
    ],
    "safeguarding.html": [
        {
            "lines": [
                SimpleNamespace(kind=kind, name="Linjen <1>", number="70 201 201")
                for kind in ("medical", "suicide", "violence", "parents")
            ],
            "reviewed": date(2026, 11, 15),
            "can_tell_staff": True,
        },
        {"lines": [], "reviewed": date(2026, 11, 15), "can_tell_staff": False},
        {"lines": [], "reviewed": None, "can_tell_staff": True},
    ],
    "calm_112.html": [
        {"lines": [], "reviewed": None},
        {
            "lines": [SimpleNamespace(kind="violence", name="Linjen <1>", number="1888")],
            "reviewed": date(2026, 11, 15),
        },
    ],
    "helpline_list.html": [
        {
            "lines": [
                SimpleNamespace(kind=kind, name="Linjen <1>", number="70 201 201")
                for kind in ("medical", "suicide", "violence", "parents")
            ],
        },
    ],
    "question_box.html": [
        {"step": "write"},
        {"step": "group"},
        {"step": "name", "question": "Hvad med <søvn>?"},
        {"step": "sent", "anonymous": True, "group": GROUP.name},
        {"step": "sent", "anonymous": False, "group": GROUP.name},
    ],
    "questions.html": [
        {
            "group": GROUP.name,
            "questions": [
                {
                    "name": "Aisha",
                    "text": "Hvad <med> søvn?",
                    "asked_at": MEETING,
                    "language_name": "",
                },
                {"name": None, "text": "Mad?", "asked_at": MEETING, "language_name": "English"},
            ],
        },
        {"group": GROUP.name, "questions": []},
    ],
    "question_reply.html": [
        {"group": GROUP.name, "question": "Hvad med <søvn>?", "reply": "Spørg <os> på tirsdag"}
    ],
    "announcement.html": [
        {
            "kind": kind,
            "group": GROUP.name,
            "date": date(2026, 12, 1),
            "time": time(10, 30) if kind != "bring" else None,
            "place": "Beboerhuset <A>" if kind == "changed" else None,
            "where": "Zoologisk Have",
            "meet": "Stationen",
            "reason": "ferie" if kind == "cancelled" else None,
            "things": ["en madpakke", "varmt tøj"],
            "guest": "sundhedsplejersken",
            "theme": "Søvn",
            "text": "Husk <madpakke> & godt humør",
        }
        for kind in ("cancelled", "changed", "trip", "bring", "guest", "restart", "free")
    ],
    "announcement_report.html": [
        {
            "kind": "Aflyst gang",
            "sent": 12,
            "failed": 1,
            "group_chats": 1,
            "unreachable": ["Sara <S>"],
        },
        {"kind": "Fri tekst", "sent": 0, "failed": 0, "group_chats": 0, "unreachable": []},
    ],
    "announce_preview.html": [
        {"step": step}
        for step in (
            "groups",
            "kind",
            "date",
            "time",
            "optional_time",
            "optional_text",
            "where",
            "meet",
            "reason",
            "bring",
            "guest",
            "theme",
            "text",
            "bad",
            "cancelled",
        )
    ]
    + [
        {"step": "version", "language": "العربية"},
        {"step": "sending", "recipients": 1},
        {"step": "sending", "recipients": 14},
        {
            "step": "preview",
            "language": "Dansk",
            "message": Markup("<b>Babygruppen</b> ingen gruppe"),
            "recipients": 14,
            "versions": ["Dansk", "English"],
            "default": "Dansk",
        },
    ],
    "mydata.html": [
        {
            "name": "Amina <3",
            "language": "العربية",
            "agreed": MEETING,
            "groups": [GROUP.name],
            "came": 3,
            "notice": 1,
            "no_show": 0,
            "questions": ["Må min søster komme med? <b>"],
            "faq": ["hvornår åbner vuggestuen"],
            "notes": ["Ringede, kommer næste gang"],
        },
        {
            "name": "Sara",
            "language": "Dansk",
            "agreed": MEETING,
            "groups": [],
            "came": 0,
            "notice": 0,
            "no_show": 0,
            "questions": [],
            "faq": [],
            "notes": [],
        },
    ],
    "words.html": [
        {"words": [SimpleNamespace(word="afbud", meaning="At sige <nej> & tak")]},
        {"words": []},
    ],
    "summary.html": [
        {
            "group": GROUP.name,
            "next": {"starts_at": MEETING, "theme": "Søvn <og> ro"},
            "sessions": [
                SimpleNamespace(
                    session=SimpleNamespace(starts_at=MEETING),
                    cancelled=False,
                    attended=5,
                    notice=2,
                    no_show=1,
                ),
                SimpleNamespace(
                    session=SimpleNamespace(starts_at=MEETING),
                    cancelled=True,
                    attended=0,
                    notice=0,
                    no_show=0,
                ),
            ],
            "families": [
                SimpleNamespace(
                    family=SimpleNamespace(name="Amina <A>", status="active"),
                    rate=0.8,
                    attended=4,
                    marks=5,
                    streak=3,
                    notices=(),
                ),
                SimpleNamespace(
                    family=SimpleNamespace(name="Fatma", status="paused"),
                    rate=None,
                    attended=0,
                    marks=0,
                    streak=-2,
                    notices=((MEETING, "child_sick"), (MEETING, None)),
                ),
            ],
            "former": [SimpleNamespace(family=SimpleNamespace(name="Sara"))],
            "call_list": ["Fatma"],
            "contacts": [("ringet", 2), ("mødt", 1)],
            "reasons": [("barn sygt", 2)],
            "reason_label": {"child_sick": "barn <sygt>", "other": "andet"}.get,
            "nameless": "en familie, der er <stoppet>",
        },
        {
            "group": GROUP.name,
            "next": None,
            "sessions": [],
            "families": [],
            "former": [],
            "call_list": [],
            "contacts": [],
            "reasons": [],
            "reason_label": str,
            "nameless": "en familie, der er stoppet",
        },
    ],
    "report.html": [
        {
            "group": GROUP.name,
            "report": SimpleNamespace(
                first_day=date(2026, 1, 1),
                last_day=date(2026, 6, 30),
                held=20,
                cancelled=2,
                unique_families=14,
                average_attendance=6.25,
                median_attendance=6,
                retention=0.75,
                new_families_per_month={"2026-01": 3, "2026-02": 1},
            ),
        },
        {
            "group": GROUP.name,
            "report": SimpleNamespace(
                first_day=date(2026, 1, 1),
                last_day=date(2026, 1, 31),
                held=0,
                cancelled=0,
                unique_families=0,
                average_attendance=0.0,
                median_attendance=0,
                retention=None,
                new_families_per_month={},
            ),
        },
    ],
    "group_links.html": [
        {
            "group": GROUP.name,
            "parent_link": "https://t.me/Bot?start=abc_DEF-123",
            "staff_link": "https://t.me/Bot?start=xyz",
        }
    ],
}


def test_every_template_has_sample_contexts() -> None:
    assert sorted(CONTEXTS) == TEMPLATES


@pytest.mark.parametrize("code", supported_codes())
@pytest.mark.parametrize("template", TEMPLATES)
def test_templates_render_valid_html_in_every_language(code: str, template: str) -> None:
    texts = texts_for(code)
    for context in CONTEXTS[template]:
        rendered = texts.render(template, **context)
        plain, _ = parse_html(rendered, strict=True)
        assert 0 < utf16_len(plain) <= 4096
        assert "<Nord>" not in rendered  # values are escaped
        if context.get("group"):
            assert "Babygruppen &lt;Nord&gt; &amp; co" in rendered
        if texts.rtl and context.get("group"):  # a Danish name inside right-to-left text
            assert f"{FSI}Babygruppen &lt;Nord&gt; &amp; co{PDI}" in rendered


def test_no_text_is_hidden_from_extraction_in_an_f_string() -> None:
    """Babel does not look inside f-strings: a text translated there would stay English."""
    hidden = re.compile(r"""f["'][^"']*\{[^}]*(\.plain|\._|\.n_|\bN_)\(""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for name in (ROOT / "content" / "extract-paths").read_text().split()
        for path in ([ROOT / name] if name.endswith(".py") else (ROOT / name).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if hidden.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize("code", [c for c in supported_codes() if texts_for(c).rtl] or ["none"])
@pytest.mark.parametrize("template", ["reminder.html", "followup.html", "next.html"])
def test_right_to_left_messages_isolate_left_to_right_values(code: str, template: str) -> None:
    """Danish places, times and names inside Arabic, Persian or Urdu keep their direction."""
    if code == "none":
        pytest.skip("no right-to-left language yet")
    texts = texts_for(code)
    for context in CONTEXTS[template]:
        plain, _ = parse_html(texts.render(template, **context), strict=True)
        assert f"{FSI}Babygruppen <Nord> & co{PDI}" in plain
        values = [context.get("place")]
        starts = context.get("starts_at") or getattr(context.get("next"), "starts_at", None)
        if starts is not None:
            values.append(texts.time(starts))
        for value in filter(None, values):
            if value in plain:  # wherever a place or time is shown, it is isolated
                assert plain.count(value) == plain.count(f"{FSI}{value}{PDI}"), value


@pytest.mark.parametrize("code", supported_codes())
def test_a_date_at_the_end_of_a_sentence_has_one_full_stop(code: str) -> None:
    """Ukrainian and Bulgarian dates end in an abbreviation ("2026 р.", "2026 г."); followed by
    the sentence's own full stop they read "р..". Every text with a date, in every format the
    bot uses, is filled in and checked."""
    texts = texts_for(code)
    day = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    with (CONTENT_DIR / "messages.pot").open("rb") as handle:
        ids = [m.id for m in read_po(handle) if isinstance(m.id, str) and "%(date)s" in m.id]
    assert ids
    for fmt in (texts.date, texts.medium_date, texts.short_date):
        for msgid in ids:
            slots = dict.fromkeys(re.findall(r"%\((\w+)\)s", msgid), "X")
            slots["date"] = fmt(day)
            text = texts.plain(msgid, **slots)
            assert not re.search(r"[^.]\.\u2069?\.(?!\.)", text), (msgid, text)


def _strings(code: str) -> dict[str, str]:
    path = CONTENT_DIR / code / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            m.string if isinstance(m.string, str) else " | ".join(m.string)
        )
        for m in catalog
        if m.id
    }


def test_no_grammar_depends_on_a_placeholders_value() -> None:
    """Turkish "%(time)s'de" is right for 10:00 and wrong for 11:30; a Ukrainian case ending
    after a date ("немає вівторок") is wrong for most weekdays: rephrased so nothing follows."""
    turkish = _strings("tr")
    assert not [s for s in turkish.values() if re.search(r"%\(\w+\)s'\w", s)]
    uk = texts_for("uk")
    tuesday = uk.date(datetime(2026, 12, 1, tzinfo=UTC))
    text = uk.plain("%(group)s does not meet on %(date)s.", group="Група", date=tuesday)
    assert "немає вівторок" not in text and text.endswith("зустрічі немає.")


def test_polish_has_no_slash_forms_and_urdu_buttons_say_i() -> None:
    polish = _strings("pl")
    assert not [s for s in polish.values() if re.search(r"[a-ząćęłńóśźż]/[a-ząćęłńóśźż]", s)]
    urdu = _strings("ur")
    for msgid in ("I can't come", "I'm coming", "I'll be late", "I'll come next time"):
        assert urdu[msgid].startswith(("میں", "مجھے")), urdu[msgid]
    assert "جلدی" not in urdu["Get well soon!"]  # "quickly" read as "hurry up"
