"""How many SQL statements a tick and a button press cost, counted, not timed.

A tick runs every minute for every group in the country, and a button press
is the most common update. Their statement counts are pinned here on a fixed
data set: a change that adds a query per family (an N+1) or per group makes
the count grow with the data, and these tests fail with the statements listed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import transaction
from db.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Family,
    Group,
    Meeting,
    MeetingStatus,
    Membership,
    Organisation,
    OutboxMessage,
    Person,
    Role,
    StaffQuestion,
)
from db.statements import StatementCount, counting
from scheduling.tick import tick
from tests.chat import Chat
from tests.factories import weekly_group
from tests.test_reminders_chat import MONDAY_18, group_with_three_parents, run_tick

TUESDAY_15 = MONDAY_18 + timedelta(hours=21)  # the Tuesday meetings have closed themselves
WEDNESDAY_09 = MONDAY_18 + timedelta(hours=39)  # follow-ups are due
MINUTE = timedelta(minutes=1)

# Pinned: what a tick with nothing new costs (planning, reminders, digests, closing, pauses,
# follow-ups, weekly digests, announcement reports; the sender is not part of these ticks).
STEADY_TICK = 8
# A reminder button press: one query for what it needs, one write, one commit.
PRESS_STATEMENTS = 2
PRESS_COMMITS = 1


def populate(db: sessionmaker[Session], groups: int, families_per_group: int, ids: int = 0) -> None:
    """Groups meeting on Tuesdays with three past weeks, and every reason to be on a call list.

    In each group: one family missed the last two meetings, one family's only parent
    blocked the bot, one family's pause ends in a few days, a parent's question waits
    for the staff; one coordinator for the organisation and a staff member per group.
    """
    start = MONDAY_18 - timedelta(weeks=3)
    with transaction(db) as session:
        org = Organisation(name=f"Kommune {ids}", created_at=start)
        session.add(org)
        session.flush()
        session.add(coordinator := Person(telegram_id=ids + 1, first_name="Mette", language="da"))
        session.flush()
        session.add(Membership(person_id=coordinator.id, org_id=org.id, role=Role.COORDINATOR))
        for g in range(groups):
            group = weekly_group(org.id, start, f"Gruppe {g}")
            session.add(group)
            session.flush()
            staff = Person(telegram_id=ids + 1000 + g, first_name="Sofie", language="da")
            session.add(staff)
            session.flush()
            session.add(
                Membership(person_id=staff.id, org_id=org.id, group_id=group.id, role=Role.STAFF)
            )
            past = []
            for weeks_ago in (3, 2, 1):
                day = date(2026, 11, 24) - timedelta(weeks=weeks_ago)
                starts = datetime.combine(day, clock_time(9), UTC)
                past.append(
                    Meeting(
                        group_id=group.id,
                        rule_date=day,
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                        status=MeetingStatus.CLOSED,
                        closed_at=starts + timedelta(hours=5),
                        followed_up_at=starts + timedelta(hours=5),
                    )
                )
            session.add_all(past)
            for f in range(families_per_group):
                family = Family(org_id=org.id, language="da", created_at=start)
                session.add(family)
                session.flush()
                parent = Person(
                    telegram_id=ids + 100_000 + g * 1000 + f,
                    first_name=f"Forælder {f}",
                    language="da",
                    family_id=family.id,
                    blocked_at=start if f == 1 else None,
                )
                session.add(parent)
                session.flush()
                session.add(
                    Membership(
                        person_id=parent.id, org_id=org.id, group_id=group.id, role=Role.PARENT
                    )
                )
                paused = f == 2
                session.add(
                    Enrolment(
                        family_id=family.id,
                        group_id=group.id,
                        status=EnrolmentStatus.PAUSED if paused else EnrolmentStatus.ACTIVE,
                        paused_until=date(2026, 11, 25) if paused else None,
                        joined_at=start - timedelta(days=1),
                    )
                )
                for meeting in past:
                    missed = f == 0 and meeting is not past[0]
                    session.add(
                        Attendance(
                            session_id=meeting.id,
                            family_id=family.id,
                            outcome="no_show" if missed else "attended",
                            present=not missed,
                        )
                    )
                if f == 3:
                    session.add(
                        StaffQuestion(
                            group_id=group.id,
                            person_id=parent.id,
                            text="Hvornår kan min baby spise grød?",
                            language="da",
                            anonymous=True,
                            status="open",
                            asked_at=start,
                        )
                    )


async def counted_tick(engine: Engine, db: sessionmaker[Session], at: datetime) -> StatementCount:
    with counting(engine) as count:
        await tick(db, at)
    return count


async def week_of_ticks(engine: Engine, db: sessionmaker[Session]) -> dict[str, StatementCount]:
    """The ticks that do something, each followed by a steady tick a minute later."""
    counts = {}
    for name, at in (("monday", MONDAY_18), ("tuesday", TUESDAY_15), ("wednesday", WEDNESDAY_09)):
        counts[name] = await counted_tick(engine, db, at)
        counts[f"{name} +1 min"] = await counted_tick(engine, db, at + MINUTE)
    return counts


def queued(db: sessionmaker[Session]) -> list[str]:
    with transaction(db) as session:
        return sorted(k.split(":")[0] for k in session.scalars(select(OutboxMessage.key)))


async def test_a_tick_costs_the_same_statements_for_10_and_for_40_families(
    engine: Engine, db: sessionmaker[Session]
) -> None:
    populate(db, groups=2, families_per_group=5)
    small = await week_of_ticks(engine, db)
    small_queue = queued(db)
    # the work was done: reminders, digests with the call list, closing, follow-ups
    assert {"reminder", "digest", "followup", "welcome_back"} <= set(small_queue)

    # the same week for four times the families in twice the groups; the first groups
    # stop (inactive), so every tick has the same work to do, only for more families
    with transaction(db) as session:
        for group in session.scalars(select(Group)):
            group.active = False
    populate(db, groups=4, families_per_group=10, ids=10_000_000)
    large = await week_of_ticks(engine, db)
    assert len(queued(db)) > 2 * len(small_queue)

    for name in small:
        assert len(large[name]) == len(small[name]), (
            f"{name}: {len(small[name])} statements for 10 families, "
            f"{len(large[name])} for 40:\n{large[name].summary()}"
        )
    for name in ("monday +1 min", "tuesday +1 min", "wednesday +1 min"):
        assert len(small[name]) <= STEADY_TICK, f"{name}:\n{small[name].summary()}"


async def test_a_reminder_button_press_is_one_query_one_write_one_commit(
    chat: Chat, engine: Engine
) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await run_tick(chat, MONDAY_18)
    with counting(engine) as count:
        await fatma.command("/next")  # her first update today: retention notes it, once
    assert sum(s.startswith("UPDATE persons SET last_seen_at") for s in count.statements) == 1
    with counting(engine) as count:
        await fatma.press("Jeg kommer")
    assert "Dit svar: Jeg kommer." in fatma.last().text
    assert len(count) <= PRESS_STATEMENTS, count.summary()
    assert count.commits == PRESS_COMMITS
    with counting(engine) as count:
        await fatma.press("Jeg kommer senere")  # changing the answer: the same cost
    assert "Jeg kommer senere" in fatma.last().text
    assert len(count) <= PRESS_STATEMENTS, count.summary()


def test_a_permission_check_is_two_queries_however_many_groups(
    engine: Engine, db: sessionmaker[Session]
) -> None:
    """Every handler behind a permission asks for the person's groups and roles: two
    queries (memberships, then groups), not one more per group she belongs to."""
    from access.permissions import Action
    from handlers.common import permitted_groups

    start = MONDAY_18 - timedelta(weeks=3)
    with transaction(db) as session:
        orgs = [Organisation(name=f"Kommune {n}", created_at=start) for n in range(2)]
        session.add_all(orgs)
        session.flush()
        groups = [
            weekly_group(orgs[g % 2].id, start, f"Gruppe {g}", active=g != 4) for g in range(5)
        ]
        session.add_all(groups)
        person = Person(telegram_id=77, first_name="Amina", language="da")
        session.add(person)
        session.flush()
        session.add_all(
            [  # parent in groups 0 and 2 (organisation 0), staff in 1, coordinator of org 1
                Membership(
                    person_id=person.id, org_id=orgs[0].id, group_id=groups[0].id, role=Role.PARENT
                ),
                Membership(
                    person_id=person.id, org_id=orgs[0].id, group_id=groups[2].id, role=Role.PARENT
                ),
                Membership(
                    person_id=person.id, org_id=orgs[1].id, group_id=groups[1].id, role=Role.STAFF
                ),
                Membership(person_id=person.id, org_id=orgs[1].id, role=Role.COORDINATOR),
                Membership(
                    person_id=person.id, org_id=orgs[0].id, group_id=groups[4].id, role=Role.PARENT
                ),  # an inactive group: never permitted
            ]
        )
        ids = [group.id for group in groups]

    with transaction(db) as session:
        person = session.scalars(select(Person).where(Person.telegram_id == 77)).one()
        with counting(engine) as count:
            ask = [g.id for g in permitted_groups(session, person, Action.ASK_STAFF)]
            manage = [g.id for g in permitted_groups(session, person, Action.MANAGE_GROUP)]
            check_in = [g.id for g in permitted_groups(session, person, Action.CHECK_IN)]
    assert ask == [ids[0], ids[2]]
    assert manage == [ids[1], ids[3]]  # organisation-wide coordination: both of org 1's groups
    assert check_in == [ids[1], ids[3]]
    assert len(count) == 3 * 2, count.summary()


def test_may_she_ask_the_staff_is_one_query_and_agrees_with_the_permitted_groups(
    engine: Engine, db: sessionmaker[Session]
) -> None:
    """Under every question the FAQ cannot answer the bot asks whether she may ask the
    staff: one query, with the same answer as the full permission check."""
    from access.permissions import Action
    from handlers.common import permitted_groups
    from handlers.question_box import can_ask

    start = MONDAY_18 - timedelta(weeks=3)
    with transaction(db) as session:
        org = Organisation(name="Kommune", created_at=start)
        session.add(org)
        session.flush()
        active, closed = (
            weekly_group(org.id, start, f"Gruppe {g}", active=g == 0) for g in range(2)
        )
        session.add_all([active, closed])
        people = {
            name: Person(telegram_id=500 + n, first_name=name, language="da")
            for n, name in enumerate(["parent", "closed", "staff", "coordinator", "nobody"])
        }
        session.add_all(people.values())
        session.flush()
        session.add_all(
            [
                Membership(
                    person_id=people["parent"].id,
                    org_id=org.id,
                    group_id=active.id,
                    role=Role.PARENT,
                ),
                Membership(
                    person_id=people["closed"].id,
                    org_id=org.id,
                    group_id=closed.id,
                    role=Role.PARENT,
                ),
                Membership(
                    person_id=people["staff"].id, org_id=org.id, group_id=active.id, role=Role.STAFF
                ),
                Membership(
                    person_id=people["coordinator"].id, org_id=org.id, role=Role.COORDINATOR
                ),
            ]
        )
    answers = {}
    with transaction(db) as session:
        for name in people:
            person = session.scalars(select(Person).where(Person.first_name == name)).one()
            expected = bool(permitted_groups(session, person, Action.ASK_STAFF))
            with counting(engine) as count:
                answers[name] = can_ask(session, person)
            assert answers[name] == expected, name
            assert len(count) == 1, count.summary()
    assert answers == {
        "parent": True,
        "closed": False,
        "staff": False,
        "coordinator": False,
        "nobody": False,
    }
