"""The HTML parse mode parser, on its own: Telegram's text and entities, or its error."""

from __future__ import annotations

import pytest

from tests.telegram_html import TelegramHTMLError, parse_html

BAD_HTML = [
    ("unknown tag", "Hej <div>x</div>", 'unsupported start tag "div" at byte offset 4'),
    ("unclosed tag", "<b>fed", 'can\'t find end tag corresponding to start tag "b"'),
    (
        "bad nesting",
        "<b><i>x</b></i>",
        'unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    ),
    ("stray ampersand", "Tom & Jerry", 'character "&" at byte offset 4'),
    ("unknown entity", "&nbsp;hej", 'unsupported character reference "&nbsp;"'),
    ("stray less-than", "a < b", 'unsupported start tag "" at byte offset 2'),
    ("bad attribute", '<b class="x">y</b>', 'unsupported attribute "class" in the tag "b"'),
    (
        "extra link attribute",
        '<a href="https://example.dk" target="_blank">x</a>',
        'unsupported attribute "target" in the tag "a"',
    ),
    ("link without href", "<a>x</a>", 'tag "a" must have a non-empty "href"'),
    ("bad link", '<a href="/relative">x</a>', 'invalid url "/relative"'),
    ("span without spoiler class", '<span class="red">x</span>', 'must have class "tg-spoiler"'),
    ("formatting inside code", "<code><b>x</b></code>", 'can\'t be nested inside "code"'),
    ("nested links", '<a href="https://a.dk"><a href="https://b.dk">x</a></a>', "nested"),
    ("line break tag", "a<br>b", 'unsupported start tag "br" at byte offset 1'),
    ("unexpected end tag", "x</b>", "unexpected end tag at byte offset 1"),
    ("bad custom emoji", '<tg-emoji emoji-id="x">y</tg-emoji>', "invalid custom emoji"),
]


GOOD_HTML = [
    (
        '<a href="https://example.dk/?a=1&amp;b=2">link</a>',
        "link",
        [("text_link", 0, 4)],
    ),
    ("<b>fed <i>og kursiv</i></b>", "fed og kursiv", [("bold", 0, 13), ("italic", 4, 9)]),
    (
        "Tom &amp; Jerry &#39;n&#x27; &lt;3 &gt; &quot;ok&quot; &#128512;",
        "Tom & Jerry 'n' <3 > \"ok\" 😀",
        [],
    ),
    ("😀 <b>x</b>", "😀 x", [("bold", 3, 1)]),
    (
        '<tg-spoiler>a</tg-spoiler> <span class="tg-spoiler">b</span>',
        "a b",
        [
            ("spoiler", 0, 1),
            ("spoiler", 2, 1),
        ],
    ),
    ('<pre><code class="language-python">print(1)</code></pre>', "print(1)", [("pre", 0, 8)]),
    ("<pre>kode</pre> <code>x</code>", "kode x", [("pre", 0, 4), ("code", 5, 1)]),
    (
        "<blockquote expandable>lang tekst</blockquote>",
        "lang tekst",
        [
            ("expandable_blockquote", 0, 10),
        ],
    ),
    ("<blockquote>citat</blockquote>", "citat", [("blockquote", 0, 5)]),
    (
        "<u>u</u><ins>i</ins><s>s</s><strike>t</strike><del>d</del><strong>b</strong><em>e</em>",
        "uistdbe",
        [
            ("underline", 0, 1),
            ("underline", 1, 1),
            ("strikethrough", 2, 1),
            ("strikethrough", 3, 1),
            ("strikethrough", 4, 1),
            ("bold", 5, 1),
            ("italic", 6, 1),
        ],
    ),
    ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍", [("custom_emoji", 0, 2)]),
    ("<B>Stort</B> > mindre", "Stort > mindre", [("bold", 0, 5)]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in BAD_HTML], ids=[case[0] for case in BAD_HTML]
)
def test_bad_html_is_refused_with_telegrams_words(text: str, expected: str) -> None:
    with pytest.raises(TelegramHTMLError) as raised:
        parse_html(text)
    assert expected.lower() in raised.value.message.lower()


@pytest.mark.parametrize(("text", "plain", "entities"), GOOD_HTML)
def test_good_html_gives_text_and_entities(
    text: str, plain: str, entities: list[tuple[str, int, int]]
) -> None:
    parsed_plain, parsed = parse_html(text)
    assert parsed_plain == plain
    assert [(e["type"], e["offset"], e["length"]) for e in parsed] == entities


def test_error_messages_match_telegram_byte_offsets() -> None:
    cases = {
        "x <b": "Unclosed start tag at byte offset 2",
        "<a href": 'Unclosed start tag "a" at byte offset 0',
        '<a href="x"': "Unclosed start tag at byte offset 0",
        '<a ="x">y</a>': 'Empty attribute name in the tag "a" at byte offset 0',
        "<a href=x/>y</a>": "Unexpected end of name token at byte offset 8",
        "<b>x</b": "Unclosed end tag at byte offset 4",
        "æø<div>": 'Unsupported start tag "div" at byte offset 4',  # bytes, not characters
    }
    for text, message in cases.items():
        with pytest.raises(TelegramHTMLError) as raised:
            parse_html(text, strict=False)
        assert raised.value.message == message
