"""The FAQ content and the danger rules load in the background from start-up.

Compiling every language's rules takes seconds. Loaded at the first question, on the event
loop, it froze the whole bot (every chat, the tick, the sender) and kept the first parent
waiting; now `post_init` starts the load in a worker thread and a question waits for it
without holding anyone else up. The load itself leaves the danger rules' expressions to be
compiled as messages need them, and the loader's thread compiles the rest afterwards.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from faq.library import CONTENT_DIR, load_phrases
from faq.safeguarding import LazyPattern, RulesFileError, Safeguarding, forget_compiled
from handlers.application import build_application as build_bot_application
from handlers.common import Services, faq_loading, faq_warmed
from i18n import supported_codes
from settings import Settings
from tests.chat import NOW, ChatUser
from tests.fake_telegram import FakeTelegram, FakeUser, build_application


async def test_a_question_during_the_load_waits_without_freezing_the_bot(
    db: sessionmaker[Session], tmp_path: Path
) -> None:
    # Overrides of its own: a load of this process that no other test has started.
    settings = Settings(token="123456:TEST", admin_ids=frozenset({1}), faq_overrides_dir=tmp_path)
    services = Services(settings=settings, db=db, clock=lambda: NOW)
    fake = FakeTelegram()
    app = build_bot_application(settings, services, build_application(fake))
    await app.initialize()
    started = time.perf_counter()
    await app.post_init(app)
    loading = services.start_loading_faq()
    assert services.start_loading_faq() is loading  # one load per process and settings
    assert not loading.done(), "post_init should start the load, not wait for it"

    gaps: list[float] = []

    async def heartbeat() -> None:
        """How long the event loop ever goes without turning while the load runs."""
        last = time.perf_counter()
        while not loading.done():
            await asyncio.sleep(0.02)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    hala = ChatUser(app, FakeUser(fake, 98, "Hala", language_code="en"))
    sara = ChatUser(app, FakeUser(fake, 99, "Sara", language_code="en"))
    beat = asyncio.create_task(heartbeat())
    question = asyncio.create_task(hala.text("my baby wakes up every night, what can I do?"))
    await sara.command("/help")
    helped = time.perf_counter()
    assert sara.messages(), "another parent's command is answered during the load"
    assert not hala.messages(), "the question waits for the load"
    await question
    await beat
    loaded = time.perf_counter() - started
    assert hala.messages() and "112" not in hala.last().text
    assert helped - started < loaded / 2
    # Loaded on the event loop, the longest gap was the whole load (seconds).
    assert max(gaps) < 1.0, f"the event loop stood still {max(gaps):.2f} s of a {loaded:.1f} s load"
    await app.shutdown()


def _shipped_safeguarding() -> Safeguarding:
    forget_compiled()  # a fresh process's load, not one an earlier test compiled
    return Safeguarding(load_phrases([CONTENT_DIR], supported_codes()))


def _compiled_share(safeguarding: Safeguarding) -> tuple[int, int]:
    patterns = [p for language in safeguarding._languages for p in language.lazy]
    patterns += safeguarding._lazy
    return sum(p._compiled is not None for p in patterns), len(patterns)


def test_a_message_after_the_load_compiles_only_the_rules_its_words_lead_to() -> None:
    """The load leaves the danger rules' expressions uncompiled (12 of its 17 s went on
    them): the first message compiles what it needs, a small part, and is answered right."""
    safeguarding = _shipped_safeguarding()
    assert _compiled_share(safeguarding)[0] == 0
    assert "child_not_breathing" in safeguarding.signals("min baby trækker ikke vejret")
    assert safeguarding.signals("my baby wakes up every night, what can I do?") == set()
    compiled, total = _compiled_share(safeguarding)
    assert total > 10_000
    assert 0 < compiled < total / 10, f"{compiled} of {total} compiled for two messages"


def test_every_shipped_danger_rule_compiles_and_reads_the_same_compiled_up_front() -> None:
    """`compile_all` (the loader's thread, after the library is in use) compiles every
    expression; the verdicts do not depend on whether a rule was compiled early or late."""
    messages = [
        "help my baby is blue and not responding",
        "jeg vil ikke leve mere",
        "bebeğim gece çok uyanıyor",
        "my child hits other children at daycare",
        "he locked me in and hit me, the children are here",
    ]
    late = _shipped_safeguarding()
    late_verdicts = [late.signals(message) for message in messages]
    early = _shipped_safeguarding()
    early.compile_all()
    compiled, total = _compiled_share(early)
    assert compiled == total
    assert [early.signals(message) for message in messages] == late_verdicts
    assert late_verdicts[0] and late_verdicts[1] and not late_verdicts[2]


def test_a_lazy_pattern_compiles_once_and_then_searches_as_a_compiled_one() -> None:
    pattern = LazyPattern(r"(?<!\w)not breath\w*")
    assert pattern.search("she is not breathing")
    compiled = pattern.compiled()
    assert pattern.compiled() is compiled
    assert pattern.search == compiled.search  # bound to the compiled pattern's own method
    assert pattern.fullmatch("not breathing") and not pattern.match("she is not breathing")
    assert [m.group() for m in pattern.finditer("not breathing, not breathe")] == [
        "not breathing",
        "not breathe",
    ]
    broken = Safeguarding({"xx": {"child_not_breathing": ["baby"]}})
    broken._lazy.append(LazyPattern("(unclosed"))
    with pytest.raises(RulesFileError, match="pooled: a rule compiled to '\\(unclosed'"):
        broken.compile_all()


def test_the_loader_compiles_every_rule_after_the_library_is_in_use(tmp_path: Path) -> None:
    """The library is handed out before its danger rules are all compiled; the loader's
    thread goes on until every one is, and says so (`faq_warmed`)."""
    library = faq_loading(tmp_path, None).result()  # overrides of its own: a fresh load
    assert faq_warmed(tmp_path, None, timeout=300)
    compiled, total = _compiled_share(library.safeguarding)
    assert compiled == total > 10_000
