"""Migrations, and what joining and leaving do to the database, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import downgrade, transaction, upgrade
from db.models import (
    AuditEntry,
    Base,
    Enrolment,
    EnrolmentStatus,
    Family,
    InviteKind,
    Membership,
    Organisation,
    Person,
    Role,
)
from onboarding import group_setup, join
from onboarding.invites import InviteProblem

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_migrations_go_down_and_up_again(engine: Engine) -> None:
    downgrade(engine, "base")
    assert "persons" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert {"persons", "groups", "sessions", "attendance", "outbox", "audit_log"} <= set(
        inspect(engine).get_table_names()
    )


def make_group(session: Session) -> group_setup.CreatedGroup:
    org = Organisation(name="Albertslund")
    session.add(org)
    session.flush()
    spec = group_setup.GroupSpec("Babygruppen", 1, time(10), "Vuggestuen Solsikken")
    return group_setup.create_group(session, org, spec)


def accept(
    session: Session, code: str, telegram_id: int = 1001, language: str = "ar", now: datetime = NOW
) -> join.Joined:
    return join.accept(
        session, code, telegram_id=telegram_id, first_name="Amina", language=language, now=now
    )


def test_parent_joins_with_a_family_and_an_enrolment(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        created = make_group(session)
        joined = accept(session, created.parent_invite.code)
        assert joined.result == join.JoinResult.JOINED and joined.role == Role.PARENT
    with transaction(db) as session:
        person = session.scalars(select(Person)).one()
        assert (person.telegram_id, person.first_name, person.language) == (1001, "Amina", "ar")
        family = session.scalars(select(Family)).one()
        assert person.family_id == family.id
        enrolment = session.scalars(select(Enrolment)).one()
        assert enrolment.status == EnrolmentStatus.ACTIVE
        assert session.scalars(select(Membership.role)).all() == [Role.PARENT]
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "invite.accepted")
            )
            == 1
        )


def test_joining_twice_changes_nothing(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        code = make_group(session).parent_invite.code
        accept(session, code)
        again = accept(session, code)
        assert again.result == join.JoinResult.ALREADY
        assert session.scalar(select(func.count()).select_from(Membership)) == 1
        assert session.scalar(select(func.count()).select_from(Family)) == 1


def test_one_time_coordinator_link_works_once(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        org = Organisation(name="Greve Nord")
        session.add(org)
        session.flush()
        code = join.create_invite(session, InviteKind.ORG_COORDINATOR, org, one_time=True).code
        joined = accept(session, code, telegram_id=5, language="da")
        assert joined.role == Role.COORDINATOR and joined.group is None
        membership = session.scalars(select(Membership)).one()
        assert membership.group_id is None and membership.org_id == org.id
        with pytest.raises(join.InviteRefused) as refused:
            accept(session, code, telegram_id=6)
        assert refused.value.problem == InviteProblem.USED


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("revoke", InviteProblem.REVOKED),
        ("expire", InviteProblem.EXPIRED),
        ("unknown", InviteProblem.UNKNOWN),
    ],
)
def test_refused_invites_store_nothing(
    db: sessionmaker[Session], change: str, problem: InviteProblem
) -> None:
    with transaction(db) as session:
        invite = make_group(session).parent_invite
        if change == "revoke":
            invite.revoked_at = NOW - timedelta(minutes=1)
        elif change == "expire":
            invite.expires_at = NOW
        code = "x" * 16 if change == "unknown" else invite.code
    with transaction(db) as session:
        with pytest.raises(join.InviteRefused) as refused:
            accept(session, code)
        assert refused.value.problem == problem
        assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_leave_and_come_back(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        created = make_group(session)
        joined = accept(session, created.parent_invite.code)
        join.leave_group(session, joined.person, created.group, NOW)
        enrolment = session.scalars(select(Enrolment)).one()
        assert enrolment.status == EnrolmentStatus.LEFT
        assert session.scalar(select(func.count()).select_from(Membership)) == 0
        back = accept(session, created.parent_invite.code, now=NOW + timedelta(days=30))
        assert back.result == join.JoinResult.REJOINED
        assert enrolment.status == EnrolmentStatus.ACTIVE
        assert session.scalar(select(func.count()).select_from(Family)) == 1


def test_declined_family_can_rejoin_with_the_link(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        created = make_group(session)
        accept(session, created.parent_invite.code)
        enrolment = session.scalars(select(Enrolment)).one()
        enrolment.status = EnrolmentStatus.DECLINED
        assert accept(session, created.parent_invite.code).result == join.JoinResult.REJOINED
        assert enrolment.status == EnrolmentStatus.ACTIVE


def test_forgetting_a_person_keeps_no_name(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        created = make_group(session)
        joined = accept(session, created.parent_invite.code)
        join.forget_person(session, joined.person, NOW)
    with transaction(db) as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0
        assert session.scalar(select(func.count()).select_from(Membership)) == 0
        assert session.scalars(select(Enrolment.status)).one() == EnrolmentStatus.LEFT
        entries = session.scalars(select(AuditEntry)).all()
        assert all("Amina" not in str(entry.detail) for entry in entries)


def test_utc_datetimes_round_trip_aware(db: sessionmaker[Session]) -> None:
    moment = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    with transaction(db) as session:
        session.add(Organisation(name="X", created_at=moment))
    with transaction(db) as session:
        stored = session.scalars(select(Organisation.created_at)).one()
        assert stored == moment and stored.tzinfo is not None
