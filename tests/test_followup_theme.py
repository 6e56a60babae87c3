"""The thank-you after a meeting points to the FAQ on its theme, from the bot's own library.

The renderer runs on the event loop when the outbox sends. It used to load a library of its
own, without the municipality's entries, and to wait for that load (seconds, every chat
stopped) the first time; now it takes the running bot's library once loaded, and sends the
thank-you without the link until then.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from db.engine import transaction
from db.models import Meeting, MeetingStatus, Organisation
from handlers.common import Services, loaded_faq
from handlers.outgoing import RENDERERS
from i18n import texts_for
from settings import Settings
from tests.factories import weekly_group
from tests.test_faq_search import entry

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def themed_meeting(db: sessionmaker[Session], theme: str) -> int:
    with transaction(db) as session:
        org = Organisation(name="Kommune", created_at=START)
        session.add(org)
        session.flush()
        group = weekly_group(org.id, START, "Babygruppen")
        session.add(group)
        session.flush()
        meeting = Meeting(
            group_id=group.id,
            rule_date=date(2026, 11, 24),
            starts_at=START,
            ends_at=START + timedelta(hours=2),
            status=MeetingStatus.CLOSED,
            closed_at=START + timedelta(hours=5),
            theme=theme,
        )
        session.add(meeting)
        session.flush()
        return meeting.id


def render_thanks(db: sessionmaker[Session], meeting_id: int) -> tuple[str, list[str]]:
    with transaction(db) as session:
        text, markup = RENDERERS["followup"](
            session, texts_for("da"), {"kind": "thanks", "session": meeting_id}
        )
    buttons = [b.callback_data for row in markup.inline_keyboard for b in row] if markup else []
    return text, buttons


async def test_the_thank_you_links_the_theme_with_the_municipalitys_own_entries(
    db: sessionmaker[Session], tmp_path: Path
) -> None:
    # "Motorik og leg" has no answers in the shipped content; this municipality has one.
    local = tmp_path / "local"
    entry(
        local,
        "da",
        "motor-skills-local",
        "everyday",
        "Motorik og leg i Albertslund",
        ["motorik og leg", "motorik", "leg og bevægelse"],
        "Legestuen i Albertslund har motorikleg om tirsdagen.",
    )
    settings = Settings(token="123456:TEST", admin_ids=frozenset({1}), faq_overrides_dir=local)
    services = Services(settings=settings, db=db, clock=lambda: START)
    meeting_id = themed_meeting(db, "Motorik og leg")

    loading = services.start_loading_faq()
    started = time.perf_counter()
    text, buttons = render_thanks(db, meeting_id)
    if not loading.done():  # rendered during the load: at once, and without the link
        assert time.perf_counter() - started < 1.0
        assert buttons == []
        assert "Tak, fordi du kom" in text and "læse mere" not in text

    library = await services.faq()
    assert loaded_faq() is library
    assert library.theme_of("Motorik og leg") == "everyday"
    text, buttons = render_thanks(db, meeting_id)
    assert len(buttons) == 1 and "everyday" in buttons[0]
    assert "læse mere" in text


def test_without_a_loaded_library_the_thank_you_goes_without_the_link(
    db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    import handlers.common as common

    monkeypatch.setattr(common, "_running_faq", (Path("/nowhere/loaded"), None))
    assert loaded_faq() is None
    meeting_id = themed_meeting(db, "Søvn og spædbarn")
    started = time.perf_counter()
    text, buttons = render_thanks(db, meeting_id)
    assert time.perf_counter() - started < 1.0
    assert buttons == []
    assert "Tak, fordi du kom" in text and "læse mere" not in text
