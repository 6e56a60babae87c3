"""Sending an announcement through the outbox, and the delivery report read back from it.

One outbox row per parent (`announce:<id>:<person>`) and one per linked group
chat (`announce:<id>:chat:<group>`): a crash mid-way re-sends nothing, and the
report is simply the final state of those rows. Declined and left families
are never written to; paused ones only when the coordinator ticked it.
Parents already known to have blocked the bot get a skipped row, so the
report names them for a phone call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import outbox
from db.models import (
    Announcement,
    Enrolment,
    EnrolmentStatus,
    Group,
    Membership,
    OutboxMessage,
    OutboxStatus,
    Person,
    Role,
)


def create(
    session: Session,
    *,
    by: Person,
    groups: list[Group],
    kind: str,
    slots: dict[str, Any],
    versions: dict[str, str] | None = None,
    default_language: str | None = None,
    include_paused: bool = False,
    post_to_chat: bool = False,
    now: datetime,
) -> Announcement:
    announcement = Announcement(
        created_by=by.id,
        created_at=now,
        group_ids=[g.id for g in groups],
        kind=kind,
        slots=slots,
        versions=versions or {},
        default_language=default_language,
        include_paused=include_paused,
        post_to_chat=post_to_chat,
    )
    session.add(announcement)
    session.flush()
    return announcement


def recipients(session: Session, announcement: Announcement) -> list[Person]:
    """Each parent once, of the families still in (or, if ticked, paused in) the groups."""
    statuses = [EnrolmentStatus.ACTIVE]
    if announcement.include_paused:
        statuses.append(EnrolmentStatus.PAUSED)
    return list(
        session.scalars(
            select(Person)
            .join(Enrolment, Enrolment.family_id == Person.family_id)
            .join(
                Membership,
                (Membership.person_id == Person.id)
                & (Membership.group_id == Enrolment.group_id)
                & (Membership.role == Role.PARENT),
            )
            .where(
                Enrolment.group_id.in_(announcement.group_ids),
                Enrolment.status.in_(statuses),
            )
            .distinct()
            .order_by(Person.id)
        )
    )


def send(session: Session, announcement: Announcement, now: datetime) -> int:
    """Queue every copy; returns how many rows were written."""
    slots = {"announcement": announcement.id}
    messages: list[dict[str, Any]] = []
    for person in recipients(session, announcement):
        messages.append(
            {
                "key": f"announce:{announcement.id}:{person.id}",
                "chat_id": person.telegram_id,
                "person_id": person.id,
                "template": "announcement",
                "slots": {**slots, "person": person.id},
                "not_before": now,
            }
        )
    if announcement.post_to_chat:
        for group in session.scalars(select(Group).where(Group.id.in_(announcement.group_ids))):
            if group.chat_id is not None:
                messages.append(
                    {
                        "key": f"announce:{announcement.id}:chat:{group.id}",
                        "chat_id": group.chat_id,
                        "person_id": None,
                        "template": "announcement",
                        "slots": {**slots, "chat": group.id},
                        "not_before": now,
                    }
                )
    written = outbox.enqueue_many(session, messages)
    blocked = {p.id for p in recipients(session, announcement) if p.blocked_at is not None}
    if blocked:
        for row in session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.key.like(f"announce:{announcement.id}:%"),
                OutboxMessage.person_id.in_(blocked),
                OutboxMessage.status == OutboxStatus.PENDING,
            )
        ):
            row.status = OutboxStatus.SKIPPED
            row.last_error = "blocked the bot earlier"
    announcement.sent_at = now
    return written


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    pending: int = 0
    unreachable: list[str] = field(default_factory=list)  # first names, to phone
    group_chats: int = 0

    @property
    def finished(self) -> bool:
        return self.pending == 0


def delivery_report(session: Session, announcement: Announcement) -> DeliveryReport:
    report = DeliveryReport()
    rows = session.execute(
        select(OutboxMessage.status, OutboxMessage.person_id, Person.first_name, Person.blocked_at)
        .outerjoin(Person, Person.id == OutboxMessage.person_id)
        .where(OutboxMessage.key.like(f"announce:{announcement.id}:%"))
        .order_by(Person.first_name)
    ).all()
    for status, person_id, name, blocked_at in rows:
        if status == OutboxStatus.PENDING:
            report.pending += 1
        elif status == OutboxStatus.SENT:
            report.sent += 1
            report.group_chats += person_id is None
        elif blocked_at is not None:
            report.unreachable.append(name)
        else:
            report.failed += 1
    return report


def enqueue_reports(session: Session, now: datetime) -> int:
    """A delivery report to the coordinator of every announcement whose copies are all done."""
    count = 0
    for announcement in session.scalars(
        select(Announcement).where(
            Announcement.sent_at.is_not(None), Announcement.reported_at.is_(None)
        )
    ):
        if not delivery_report(session, announcement).finished:
            continue
        announcement.reported_at = now
        author = session.get(Person, announcement.created_by) if announcement.created_by else None
        if author is None:
            continue
        count += outbox.enqueue(
            session,
            f"announce-report:{announcement.id}",
            chat_id=author.telegram_id,
            person_id=author.id,
            template="announcement_report",
            slots={"announcement": announcement.id},
            not_before=now,
        )
    return count


def reader_group(session: Session, announcement: Announcement, person: Person | None) -> Group:
    """The group a reader knows: theirs among the announcement's groups."""
    if person is not None:
        gid = session.scalar(
            select(Membership.group_id).where(
                Membership.person_id == person.id,
                Membership.group_id.in_(announcement.group_ids),
                Membership.role == Role.PARENT,
            )
        )
        if gid is not None:
            return session.get(Group, gid)
    return session.get(Group, announcement.group_ids[0])
