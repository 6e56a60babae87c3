"""Telegram's HTML parse mode, as the Bot API parses it: text and entities, or the error.

A port of tdlib's ``parse_html`` (the code behind ``parse_mode=HTML``) byte for byte,
including its error messages. With ``strict=True`` (the default) a few things that real
Telegram silently *accepts but mangles* are rejected too (an unescaped ``&``, ``&nbsp;``,
unknown attributes, ``<a>`` without a valid ``href``, forbidden nesting such as ``<b>``
inside ``<code>``). Those messages end in ``[FakeTelegram strict HTML; ...]`` and say what
Telegram would have done instead, because such output is almost always an escaping bug.
The fake transport (``tests/fake_telegram.py``) parses every text the bot sends with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

__all__ = ["TelegramHTMLError", "parse_html", "utf16_len"]

JSONDict = dict[str, Any]


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units: the unit Telegram uses for limits and offsets."""
    return len(text.encode("utf-16-le")) // 2


class TelegramHTMLError(ValueError):
    """Raised by :func:`parse_html`; ``message`` is what follows "can't parse entities: "."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_HTML_TAGS: Final = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
# Tags whose entities "can't contain each other" per the Bot API formatting rules.
_EXCLUSIVE_TAGS: Final = frozenset({"a", "code", "pre", "tg-emoji"})
_ALLOWED_ATTRIBUTES: Final[Mapping[str, frozenset[str]]] = {
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "span": frozenset({"class"}),
    "tg-emoji": frozenset({"emoji-id"}),
    "blockquote": frozenset({"expandable"}),
}
_NAMED_ENTITIES: Final[Mapping[bytes, int]] = {
    b"lt": ord("<"),
    b"gt": ord(">"),
    b"amp": ord("&"),
    b"quot": ord('"'),
}
_SPACE_BYTES: Final = frozenset(b" \t\r\n\v\0")
_HEX_BYTES: Final = frozenset(b"0123456789abcdefABCDEF")


def _is_space(byte: int) -> bool:
    # tdlib's is_space() also treats the terminating NUL as space; the parser relies on it.
    return byte in _SPACE_BYTES


def _is_alpha(byte: int) -> bool:
    return 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A


def _is_alnum(byte: int) -> bool:
    return _is_alpha(byte) or 0x30 <= byte <= 0x39


def _ascii_lower(raw: bytes) -> str:
    return raw.lower().decode("utf-8", "replace")


def _strict_error(message: str, telegram_behaviour: str) -> TelegramHTMLError:
    return TelegramHTMLError(
        f"{message} [FakeTelegram strict HTML; real Telegram {telegram_behaviour}]"
    )


def _decode_html_entity(src: bytes, pos: int) -> tuple[int, int, bool]:
    """Decode the character reference at ``src[pos] == '&'`` like tdlib's decode_html_entity.

    Returns ``(code_point, position_after, had_semicolon)``; ``code_point`` is 0 when the text
    is not a supported reference (Telegram then keeps the ``&`` literally).
    """
    end = pos + 1
    value = 0
    if src[pos + 1] == 0x23:  # '#'
        end += 1
        if src[pos + 2] == 0x78:  # 'x' (tdlib only accepts the lower-case form)
            end += 1
            while src[end] in _HEX_BYTES:
                value = value * 16 + int(chr(src[end]), 16)
                end += 1
        else:
            while 0x30 <= src[end] <= 0x39:
                value = value * 10 + src[end] - 0x30
                end += 1
        if value == 0 or value >= 0x10FFFF or end - pos >= 10:
            return 0, pos, False
    else:
        while _is_alpha(src[end]):
            end += 1
        value = _NAMED_ENTITIES.get(src[pos + 1 : end], 0)
        if not value:
            return 0, pos, False
    if src[end] == 0x3B:  # ';'
        return value, end + 1, True
    return value, end, False


def _check_url(url: str, *, schemes: Iterable[str]) -> tuple[str | None, str | None]:
    """Validate a link like Telegram's LinkManager: returns ``(normalized_url, error_reason)``.

    Hosts without a dot (``localhost``) are refused, as Telegram does for buttons and links.
    """
    url = url.strip()
    if not url:
        return None, "URL host is empty"
    separator = url.find("://")
    if separator == -1:
        if url.lower().startswith(("tg:", "ton:")):
            scheme = url.split(":", 1)[0].lower()
        else:
            scheme = "http"
            url = "http://" + url
    else:
        scheme = url[:separator].lower()
    if scheme not in set(schemes):
        return None, "Unsupported URL protocol"
    if scheme in ("http", "https"):
        try:
            parts = urlsplit(url)
            host = parts.hostname
            _ = parts.port
        except ValueError:
            return None, "Wrong HTTP URL"
        if not host or "." not in host or any(ch.isspace() for ch in url):
            return None, "Wrong HTTP URL"
        if not host.rsplit(".", 1)[-1]:
            return None, "Wrong HTTP URL"
    return url, None


def _link_user_id(url: str) -> int | None:
    """``tg://user?id=123`` links become ``text_mention`` entities instead of ``text_link``."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "tg" or parts.netloc.lower() != "user":
        return None
    ids = parse_qs(parts.query).get("id", [])
    return int(ids[0]) if ids and ids[0].isdigit() and int(ids[0]) > 0 else None


@dataclass
class _OpenTag:
    """A start tag waiting for its end tag while parsing HTML."""

    name: str
    argument: str
    utf16_offset: int
    out_pos: int
    begin_pos: int
    code_child_end: int | None = None


def _strict_start_checks(
    tag: str,
    attributes: Mapping[str, str | None],
    argument: str,
    stack: list[_OpenTag],
    begin: int,
    out_len: int,
) -> None:
    """Reject markup that Telegram accepts but renders differently from what was written."""
    allowed = _ALLOWED_ATTRIBUTES.get(tag, frozenset())
    for name, value in attributes.items():
        if name not in allowed:
            raise _strict_error(
                f'Unsupported attribute "{name}" in the tag "{tag}" at byte offset {begin}',
                "silently ignores it",
            )
        if value is None and not (tag == "blockquote" and name == "expandable"):
            raise _strict_error(
                f'Attribute "{name}" of the tag "{tag}" has no value at byte offset {begin}',
                "silently ignores it",
            )
    if tag == "a":
        href = attributes.get("href") or ""
        if not href.strip():
            raise _strict_error(
                f'Tag "a" must have a non-empty "href" attribute at byte offset {begin}',
                "uses the link text as the URL or drops the link",
            )
        if _link_user_id(href) is None:
            _, reason = _check_url(href, schemes=("http", "https", "tg", "ton"))
            if reason:
                raise _strict_error(
                    f'Invalid URL "{href}" in the tag "a" at byte offset {begin}: {reason}',
                    "silently drops the link",
                )
    if tag == "code" and "class" in attributes and not argument:
        raise _strict_error(
            f'Tag "code" may only have class="language-..." at byte offset {begin}',
            "silently ignores the class",
        )
    parent = stack[-1] if stack else None
    for open_tag in stack:
        nested_code_in_pre = tag == "code" and open_tag is parent and open_tag.name == "pre"
        if open_tag.name in ("code", "pre") and not nested_code_in_pre:
            raise _strict_error(
                f'Tag "{tag}" can\'t be nested inside "{open_tag.name}" at byte offset {begin}',
                "drops the inner formatting",
            )
        if tag in _EXCLUSIVE_TAGS and open_tag.name in _EXCLUSIVE_TAGS and not nested_code_in_pre:
            raise _strict_error(
                f'Tag "{tag}" can\'t be nested inside "{open_tag.name}" at byte offset {begin}',
                "drops one of the entities",
            )
        if tag == "blockquote" and open_tag.name == "blockquote":
            raise _strict_error(
                f"Blockquotes can't be nested (byte offset {begin})", "drops the inner quote"
            )
    if tag == "code" and parent is not None and parent.name == "pre":
        if out_len != parent.out_pos:
            raise _strict_error(
                f'Tag "code" inside "pre" must wrap the whole block at byte offset {begin}',
                "ignores the language",
            )
    elif tag == "code" and argument:
        raise _strict_error(
            f"Programming language can't be specified for standalone code tags "
            f"(byte offset {begin})",
            "ignores the language",
        )


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse Telegram-HTML into ``(plain_text, entities)`` or raise :class:`TelegramHTMLError`.

    A port of tdlib's ``parse_html``: same tag set, attribute rules, entity decoding, byte
    offsets in error messages and UTF-16 entity offsets.  ``strict`` additionally rejects
    markup Telegram would accept but mangle (see the module docstring).  Usable on its own to
    check message templates without an Application.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TelegramHTMLError("Strings must be encoded in UTF-8") from exc
    src = data + b"\0\0\0"
    size = len(data)
    out = bytearray()
    utf16 = 0
    stack: list[_OpenTag] = []
    entities: list[JSONDict] = []
    i = 0
    while i < size:
        byte = src[i]
        if byte == 0x26:  # '&'
            code, after, semicolon = _decode_html_entity(src, i)
            if code:
                if strict and not semicolon:
                    raise _strict_error(
                        f'Character reference at byte offset {i} must end with ";"',
                        "decodes it anyway",
                    )
                if 0xD800 <= code <= 0xDFFF:
                    raise TelegramHTMLError(
                        "Text contains invalid Unicode characters after decoding HTML entities, "
                        "check for unmatched surrogate code units"
                    )
                out += chr(code).encode("utf-8")
                utf16 += 2 if code > 0xFFFF else 1
                i = after
                continue
            if strict:
                reference = re.match(rb"&#?[A-Za-z0-9]+;", src[i : i + 40])
                what = (
                    f'Unsupported character reference "{reference.group(0).decode()}"'
                    if reference
                    else 'Character "&"'
                )
                raise _strict_error(
                    f"{what} at byte offset {i}; escape a literal ampersand as &amp; (only "
                    "&lt; &gt; &amp; &quot; and numeric references are supported)",
                    'shows the "&..." text literally',
                )
        if byte != 0x3C:  # not '<'
            if byte & 0xC0 != 0x80:
                utf16 += 2 if byte >= 0xF0 else 1
            out.append(byte)
            i += 1
            continue

        begin = i
        i += 1
        if src[i] != 0x2F:  # start tag
            while not _is_space(src[i]) and src[i] != 0x3E:
                i += 1
            if src[i] == 0:
                raise TelegramHTMLError(f"Unclosed start tag at byte offset {begin}")
            tag = _ascii_lower(src[begin + 1 : i])
            if tag not in _HTML_TAGS:
                raise TelegramHTMLError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            attributes: dict[str, str | None] = {}
            while src[i] != 0x3E:
                while src[i] != 0 and _is_space(src[i]):
                    i += 1
                if src[i] == 0x3E:
                    break
                name_begin = i
                while not _is_space(src[i]) and src[i] not in b"=>/\"'":
                    i += 1
                name = src[name_begin:i].decode("utf-8", "replace")
                if not name:
                    raise TelegramHTMLError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                    )
                while src[i] != 0 and _is_space(src[i]):
                    i += 1
                if src[i] != 0x3D:  # attribute without a value
                    if src[i] == 0:
                        raise TelegramHTMLError(
                            f'Unclosed start tag "{tag}" at byte offset {begin}'
                        )
                    if tag == "blockquote" and name == "expandable":
                        argument = "1"
                    attributes[name] = None
                    continue
                i += 1
                while src[i] != 0 and _is_space(src[i]):
                    i += 1
                if src[i] == 0:
                    raise TelegramHTMLError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if src[i] not in (0x22, 0x27):  # a name token
                    token_begin = i
                    while _is_alnum(src[i]) or src[i] in (0x2E, 0x2D):
                        i += 1
                    value = _ascii_lower(src[token_begin:i])
                    if not _is_space(src[i]) and src[i] != 0x3E:
                        raise TelegramHTMLError(
                            f"Unexpected end of name token at byte offset {token_begin}"
                        )
                else:  # a quoted string literal
                    quote = src[i]
                    i += 1
                    buffer = bytearray()
                    while src[i] != quote and src[i] != 0:
                        if src[i] == 0x26:
                            code, after, semicolon = _decode_html_entity(src, i)
                            if code:
                                if strict and not semicolon:
                                    raise _strict_error(
                                        f'Character reference at byte offset {i} must end with ";"',
                                        "decodes it anyway",
                                    )
                                buffer += chr(code).encode("utf-8", "surrogatepass")
                                i = after
                                continue
                            if strict:
                                raise _strict_error(
                                    f'Character "&" at byte offset {i} must be escaped as "&amp;"',
                                    "keeps it literally",
                                )
                        buffer.append(src[i])
                        i += 1
                    if src[i] == quote:
                        i += 1
                    value = buffer.decode("utf-8", "replace")
                if src[i] == 0:
                    raise TelegramHTMLError(f"Unclosed start tag at byte offset {begin}")
                attributes[name] = value
                if tag == "a" and name == "href":
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise TelegramHTMLError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
                )
            if strict:
                _strict_start_checks(tag, attributes, argument, stack, begin, len(out))
            stack.append(_OpenTag(tag, argument, utf16, len(out), begin))
            i += 1
            continue

        # end tag
        if not stack:
            raise TelegramHTMLError(f"Unexpected end tag at byte offset {begin}")
        while not _is_space(src[i]) and src[i] != 0x3E:
            i += 1
        end_name = _ascii_lower(src[begin + 2 : i])
        while _is_space(src[i]) and src[i] != 0:
            i += 1
        if src[i] != 0x3E:
            raise TelegramHTMLError(f"Unclosed end tag at byte offset {begin}")
        top = stack[-1]
        if end_name and end_name != top.name:
            raise TelegramHTMLError(
                f'Unmatched end tag at byte offset {begin}, expected "</{top.name}>", '
                f'found "</{end_name}>"'
            )
        if strict and not end_name:
            raise _strict_error(
                f"Empty end tag at byte offset {begin}", f'treats "</>" as "</{top.name}>"'
            )
        if strict and top.name == "pre" and top.code_child_end not in (None, len(out)):
            raise _strict_error(
                f'Text after "</code>" inside "pre" at byte offset {begin}',
                "ignores the language",
            )
        if strict and top.name == "code" and len(stack) > 1 and stack[-2].name == "pre":
            stack[-2].code_child_end = len(out)
        _close_entity(top, utf16, bytes(out), entities)
        stack.pop()
        i += 1

    if stack:
        raise TelegramHTMLError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    for entity in entities:
        entity.pop("_language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return out.decode("utf-8"), entities


def _close_entity(top: _OpenTag, utf16: int, out: bytes, entities: list[JSONDict]) -> None:
    """Turn a closed tag into a Bot API MessageEntity (tdlib skips empty entities)."""
    offset = top.utf16_offset
    length = utf16 - offset
    if length <= 0:
        return
    tag = top.name

    def add(kind: str, **extra: Any) -> None:
        entities.append({"type": kind, "offset": offset, "length": length, **extra})

    if tag in ("i", "em"):
        add("italic")
    elif tag in ("b", "strong"):
        add("bold")
    elif tag in ("s", "strike", "del"):
        add("strikethrough")
    elif tag in ("u", "ins"):
        add("underline")
    elif tag in ("tg-spoiler", "span"):
        add("spoiler")
    elif tag == "tg-emoji":
        if not re.fullmatch(r"-?\d{1,19}", top.argument) or int(top.argument) == 0:
            raise TelegramHTMLError("Invalid custom emoji identifier specified")
        add("custom_emoji", custom_emoji_id=top.argument)
    elif tag == "a":
        url = top.argument or out[top.out_pos :].decode("utf-8", "replace")
        user_id = _link_user_id(url)
        if user_id is not None:
            add("text_mention", user={"id": user_id, "is_bot": False, "first_name": ""})
        else:
            checked, _ = _check_url(url, schemes=("http", "https", "tg", "ton"))
            if checked:
                add("text_link", url=checked)
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and (last["offset"], last["length"]) == (offset, length)
            and last.get("_language")
        ):
            last["type"] = "pre"
            last["language"] = last.pop("_language")
        else:
            add("pre")
    elif tag == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "pre"
            and (last["offset"], last["length"]) == (offset, length)
            and top.argument
        ):
            last["language"] = top.argument
        else:
            add("code", _language=top.argument)
    elif tag == "blockquote":
        add("expandable_blockquote" if top.argument else "blockquote")
