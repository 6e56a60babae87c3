"""Button payloads: short, versioned by prefix, built and parsed only here.

Telegram allows 64 bytes of callback data. Every payload is
`<prefix>:<part>:<part>`; a payload from an older version of the bot that no
handler matches falls through to the stale-button handler, which answers
kindly instead of leaving the spinner turning.
"""

from __future__ import annotations

MAX_BYTES = 64
MAX_ID = 2**31 - 1  # every number in a payload is a row id or smaller: PostgreSQL's INTEGER

JOIN_LANGUAGE = "j"  # j:<lang>:<invite code>  a language picked while joining
JOIN_ACCEPT = "ok"  # ok:<lang>:<invite code> consent accepted
JOIN_DECLINE = "no"  # no:<lang>                consent declined
SET_LANGUAGE = "lang"  # lang:<lang>
LEAVE_PICK = "lv"  # lv:<group id>
LEAVE_CONFIRM = "lvok"  # lvok:<group id>
DELETE_CONFIRM = "del"  # del:yes | del:no
NEW_GROUP = "ng"  # ng:wd:<0-6> | ng:kind:<open|course> | ng:save | ng:cancel
NEW_LINK = "rl"  # rl:<group id>:<p|s>  revoke a link and make a new one
ATTEND = "a"  # a:<session>:<c|n|l>  a reply to a reminder
REASON = "r"  # r:<session>:<reason code> why a family can't come
CHECK_IN = "p"  # p:<session>:<family>  staff toggles present
CLOSE = "x"  # x:<session>            staff closes the session
SESSION = "s"  # s:<session>           a coordinator opens a coming meeting
SESSION_EDIT = "se"  # se:<session>:<theme|guest|cancel|move|restore>
FOLLOW_UP = "f"  # f:<session>:<n|p|s>   an answer to a follow-up
PAUSE = "fp"  # fp:<group>:<weeks>      pause for a while
STOP = "fs"  # fs:<group>:<y|n>         "I don't want to come any more", confirmed or not
CONTACT = "cl"  # cl:<group>:<family>:<c|m|n>  called / met / no answer
HOLIDAY_GROUP = "hg"  # hg:<group>         which group new holidays are for
CONSENT_AGAIN = "ok2"  # ok2:<y|n>          the privacy text changed: agreed, or not


def pack(prefix: str, *parts: object) -> str:
    data = ":".join([prefix, *(str(p) for p in parts)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def well_formed(data: str | None) -> bool:
    """Whether a payload could have come from `pack`: ASCII, within 64 bytes, and every
    part that looks like a number a valid id (`number`).

    Checked once, before any handler (see `handlers.group_chat.refuse_bad_buttons`), so a
    forged button with an id of 2^31 or 2^63, or digits from another script, gets the
    same kind answer as a stale button and never reaches a query.
    """
    if not data or not data.isascii() or len(data) > MAX_BYTES:
        return False
    return all(number(part) is not None for part in data.split(":") if part.isnumeric())


def number(part: str | None) -> int | None:
    """A part as a row id (0 to MAX_ID, ASCII digits), or None for anything else."""
    if not part or not part.isascii() or not part.isdigit() or len(part) > 10:
        return None
    value = int(part)
    return value if value <= MAX_ID else None


def unpack(data: str | None) -> list[str]:
    """The parts after the prefix, or [] for anything malformed."""
    if not well_formed(data) or ":" not in data:
        return []
    return data.split(":")[1:]


def prefix(data: str | None) -> str:
    """The prefix of a payload ("" for none), to route it."""
    return (data or "").split(":", 1)[0]


def pattern(prefix: str) -> str:
    """A CallbackQueryHandler pattern matching exactly this prefix."""
    return rf"^{prefix}(:|$)"


FAQ = "q"  # q:t | q:t:<theme> | q:e:<entry> | q:o:<entry> (Danish original) | q:h:<entry>:<y|n>
#            q:w:<entry> (the Danish words an answer uses) | q:n (the next meeting, as /next)
ASK = "qs"  # qs:<feedback id> (0: none)  send an unanswered question to the staff
ASK_GROUP = "qg"  # qg:<question>:<group>   which group the question is for
ASK_NAME = "qn"  # qn:<question>:<a|n>       anonymous or with the name
ASK_ALARM = "qx"  # qx                          after a danger alarm: tell the staff (her choice)
QUESTION = "qa"  # qa:<question>:<r|d>        staff: reply / mark answered
ANNOUNCE = "an"  # an:g:<group> | an:gok | an:k:<kind> | an:d:<date> | an:c:<code> | an:m:<code>
#                  an:mok | an:pv:<lang> | an:v:<lang> | an:vd | an:o:<p|c> | an:send | an:x
LINK_CHAT = "lc"  # lc:<group>  link this group chat to a group
EXPORT = "ex"  # ex:<group>:<x|c>  the workbook as Excel or as CSV files
