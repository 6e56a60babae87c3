"""The data model: who is in which group, when groups meet, who came.

Privacy by design: a person is a Telegram user id, a first name and a chosen
language, nothing more. No phone numbers, no CPR numbers, no surnames, no
Telegram usernames. Free text (a question to the staff, a contact note, an
unanswered FAQ question) is kept only from people who agreed.

The register of personal data lives here: every column that can hold a name, a
Telegram id, a person's words or a text rendered from them is marked with
`info=PERSONAL` (see `personal_columns`). Erasure (`onboarding.join.forget_person`)
is tested against exactly these marks, and every text column must be either
marked or listed as not personal in that test, so a new column cannot be forgotten.

Enumerations are stored as short strings (not database enums) so a new value
is a code change plus, at most, a data migration, never an ALTER TYPE.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

import clock

PERSONAL: dict[str, Any] = {"personal": True}  # `mapped_column(..., info=PERSONAL)`


def personal_columns(metadata: MetaData) -> list[tuple[str, str]]:
    """(table, column) of every column marked as able to hold personal data."""
    return [
        (table.name, column.name)
        for table in metadata.sorted_tables
        for column in table.columns
        if column.info.get("personal")
    ]


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """A row's timestamp: the instant of the unit of work that writes it (`clock.at`)."""
    return clock.now()


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no time zones and hands back naive values; PostgreSQL keeps
    them. Storing UTC and re-attaching it on load keeps comparisons with an
    injected clock correct on both.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class GroupKind(enum.StrEnum):
    OPEN = "open"  # rolling admission (baby group, open family club)
    COURSE = "course"  # closed course with start/end dates (34-week family group)


class Role(enum.StrEnum):
    PARENT = "parent"
    STAFF = "staff"
    COORDINATOR = "coordinator"


class EnrolmentStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DECLINED = "declined"  # said "no thanks": never chased again
    LEFT = "left"


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"
    CLOSED = "closed"


class InviteKind(enum.StrEnum):
    ORG_COORDINATOR = "org_coordinator"
    GROUP_PARENT = "group_parent"
    GROUP_STAFF = "group_staff"
    GROUP_COORDINATOR = "group_coordinator"

    @property
    def role(self) -> Role:
        return {
            InviteKind.ORG_COORDINATOR: Role.COORDINATOR,
            InviteKind.GROUP_PARENT: Role.PARENT,
            InviteKind.GROUP_STAFF: Role.STAFF,
            InviteKind.GROUP_COORDINATOR: Role.COORDINATOR,
        }[self]


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class Organisation(Base):
    """A municipality, a housing-social programme or an NGO department."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Retention: a person who has not used the bot (nor come to a meeting) for this long
    # is erased by the tick (`privacy.retention`); the coordinators hear how many.
    inactive_months: Mapped[int] = mapped_column(Integer, default=12)

    groups: Mapped[list[Group]] = relationship(back_populates="organisation")


class Group(Base):
    """A weekly group: its rule (weekday, local time, place) and its kind."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default=GroupKind.OPEN)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday ... 6 = Sunday
    start_time: Mapped[time] = mapped_column(Time)  # local wall-clock time in `timezone`
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Copenhagen")
    place: Mapped[str] = mapped_column(String(300))
    course_start: Mapped[date | None] = mapped_column(Date)
    course_end: Mapped[date | None] = mapped_column(Date)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)  # a linked Telegram group chat
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Reminders: the evening before at this local time, and again this long before the start.
    first_reminder_at: Mapped[time] = mapped_column(Time, default=time(18, 0))
    second_reminder_minutes: Mapped[int] = mapped_column(Integer, default=120)
    # No non-urgent message between these local times; it waits for the morning.
    quiet_from: Mapped[time] = mapped_column(Time, default=time(20, 0))
    quiet_until: Mapped[time] = mapped_column(Time, default=time(8, 0))
    # Follow-up: the morning after at this time; a thank-you to those who came (off by
    # default); the call list from this many misses in a row; the ladder "from:every,..."
    # (1:1,4:2,8:4 = weekly, from the 4th miss every 2nd week, from the 8th every 4th).
    followup_at: Mapped[time] = mapped_column(Time, default=time(9, 0))
    thank_you: Mapped[bool] = mapped_column(Boolean, default=False)
    call_list_after: Mapped[int] = mapped_column(Integer, default=2)
    followup_ladder: Mapped[str] = mapped_column(String(64), default="1:1,4:2,8:4")
    call_list_digest: Mapped[bool] = mapped_column(Boolean, default=True)  # before each session
    # The weekly attendance digest to staff: weekday (0 = Monday; None = off) and local time.
    weekly_digest_weekday: Mapped[int | None] = mapped_column(Integer)
    weekly_digest_at: Mapped[time] = mapped_column(Time, default=time(8, 0))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="groups")
    sessions: Mapped[list[Meeting]] = relationship(back_populates="group")


class Meeting(Base):
    """One dated meeting of a group.

    `rule_date` is the date the weekly rule produced; it stays fixed when a
    coordinator moves the meeting, so planning again never duplicates it. The table
    keeps its first name, `sessions` (and `attendance.session_id`); in the code a
    meeting is a `Meeting`, so it is never mistaken for a database session.
    """

    __tablename__ = "sessions"
    __table_args__ = (
        UniqueConstraint("group_id", "rule_date"),
        # The tick's every-minute questions, answered from an index rather than by reading
        # every session ever held: which start within 48 hours (reminders), which ended
        # and are still open (closing) or not followed up yet (follow-ups). The last two are
        # partial, so they hold only the sessions still waiting for that step.
        Index("ix_sessions_starts_at", "starts_at"),
        Index(
            "ix_sessions_open_ends_at",
            "ends_at",
            postgresql_where=sql_text("closed_at IS NULL"),
            sqlite_where=sql_text("closed_at IS NULL"),
        ),
        Index(
            "ix_sessions_unfollowed_ends_at",
            "ends_at",
            postgresql_where=sql_text("followed_up_at IS NULL"),
            sqlite_where=sql_text("followed_up_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    rule_date: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(300))  # None: the group's place
    theme: Mapped[str | None] = mapped_column(String(300))
    guest: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default=MeetingStatus.PLANNED)
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    closed_at: Mapped[datetime | None]
    # When the tick decided this session's call-list digest and its follow-ups: each is
    # decided once, so a tick every minute does not rebuild them.
    digest_at: Mapped[datetime | None]
    followed_up_at: Mapped[datetime | None]

    group: Mapped[Group] = relationship(back_populates="sessions")


class Family(Base):
    """The household that attends: one or more parents (persons)."""

    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    language: Mapped[str] = mapped_column(String(16))  # the family's shared default
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    persons: Mapped[list[Person]] = relationship(back_populates="family")
    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="family")


class Person(Base):
    """A Telegram user who has given consent. Only what the bot needs."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True, info=PERSONAL)
    first_name: Mapped[str] = mapped_column(String(64), info=PERSONAL)
    language: Mapped[str] = mapped_column(String(16), info=PERSONAL)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id"), index=True)
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The version of the privacy text she agreed to (`onboarding.join.CONSENT_VERSION`);
    # a newer text is shown again at her next message.
    consent_version: Mapped[str | None] = mapped_column(String(16))
    blocked_at: Mapped[datetime | None]  # the person blocked the bot (403)
    # The last day she wrote to or tapped the bot (at most one write a day): retention.
    last_seen_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    family: Mapped[Family | None] = relationship(back_populates="persons")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )


class Membership(Base):
    """A person's role in an organisation, for one group or (group_id NULL) all of them.

    Parents and staff always belong to one group; a coordinator invited with
    the organisation's link coordinates every group of that organisation.
    """

    __tablename__ = "memberships"
    __table_args__ = (Index("ix_memberships_person_group", "person_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(back_populates="memberships")
    group: Mapped[Group | None] = relationship()
    organisation: Mapped[Organisation] = relationship()


class Enrolment(Base):
    """A family in a group, with the family's status there."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("family_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=EnrolmentStatus.ACTIVE)
    paused_until: Mapped[date | None] = mapped_column(Date)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    family: Mapped[Family] = relationship(back_populates="enrolments")
    group: Mapped[Group] = relationship()


class Attendance(Base):
    """A family and one session: the reply, and what actually happened."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "family_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"), index=True)
    reply: Mapped[str | None] = mapped_column(String(16))  # coming / cant_come / late
    reason: Mapped[str | None] = mapped_column(String(32))  # a reason code, never free text
    replied_at: Mapped[datetime | None]
    replied_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    present: Mapped[bool | None] = mapped_column(Boolean)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))  # attended/notice/no_show/cancelled


class OutboxMessage(Base):
    """A scheduled outgoing message, written before it is sent.

    `key` is unique (e.g. `reminder:<session>:<family>:<kind>`), so planning
    the same message twice is a no-op. The text is rendered at send time from
    `template` and `slots`, in the recipient's language of that moment.
    A sender claims a pending row (`claimed_by` until `claimed_until`) before
    sending it, so two senders never take the same row; a claim whose sender
    died lapses and another sender takes the row over.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    # The person a message is about, when it is not the recipient (a coordinator hears that
    # Amina blocked the bot): erasing her deletes the message too, sent or not.
    about_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger, info=PERSONAL)
    template: Mapped[str] = mapped_column(String(100))
    slots: Mapped[dict[str, Any]] = mapped_column(default=dict, info=PERSONAL)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]


class InviteCode(Base):
    """A deep-link code: random, unguessable, revocable, optionally one-time."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    max_uses: Mapped[int | None] = mapped_column(Integer)  # None: a flyer link, many uses
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    group: Mapped[Group | None] = relationship()


class AuditEntry(Base):
    """Who did what, when: actions and ids only, never a parent's words."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class HolidayPeriod(Base):
    """A stretch of days with no meetings (school holidays), for one group.

    Set by a coordinator or imported from an iCalendar file; planning cancels
    the sessions inside it and parents hear "no group this week".
    """

    __tablename__ = "holiday_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Contact(Base):
    """A coordinator's contact with a family off the bot: a call, a meeting, no answer.

    The note is the staff member's own short words, seen only by the group's staff.
    """

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    by: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(16))  # called / met / no_answer
    note: Mapped[str | None] = mapped_column(String(500), info=PERSONAL)


class QuestionStatus(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


class StaffQuestion(Base):
    """A parent's question for the group's staff, for the next session or a private reply.

    Only the group's staff ever see it; `anonymous` hides the asker's name from
    them too (the bot still knows whom to send the reply to). Deleting the
    person deletes their questions.
    """

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(1000), info=PERSONAL)
    language: Mapped[str] = mapped_column(String(8))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16), default=QuestionStatus.OPEN)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    reply: Mapped[str | None] = mapped_column(String(2000), info=PERSONAL)


class FaqFeedback(Base):
    """What the FAQ could not answer, and what parents found (not) helpful.

    The content team reads text only: no name, no group. `person_id` is there
    only so that erasing a person erases her words here too; a text is stored
    only from a person who agreed, and `faq gaps` never shows who wrote it.
    """

    __tablename__ = "faq_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # unanswered / not_helpful / helpful
    language: Mapped[str] = mapped_column(String(8))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str | None] = mapped_column(String(1000), info=PERSONAL)
    entry_id: Mapped[str | None] = mapped_column(String(80))  # the entry shown, if any
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Announcement(Base):
    """A coordinator's message to the families of one or more groups.

    Stored as a template id plus slot values (and, for free text, the versions
    the coordinator wrote per language), so each parent's copy is rendered in
    their own language. The outbox rows `announce:<id>:...` are its deliveries;
    the delivery report is read from them.
    """

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    group_ids: Mapped[list[int]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(16))
    slots: Mapped[dict[str, Any]] = mapped_column(default=dict, info=PERSONAL)
    versions: Mapped[dict[str, str]] = mapped_column(  # free text per language
        JSON, default=dict, info=PERSONAL
    )
    default_language: Mapped[str | None] = mapped_column(String(8))
    include_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    post_to_chat: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]


class ConversationState(Base):
    """Where a person is in a guided chat (/announce, /newgroup), so a restart resumes there.

    `name` is the conversation's name, `chat_id`/`user_id` Telegram's ids; `state`
    the step the person is at. Written by the chat's persistence, erased with the person.
    """

    __tablename__ = "conversation_states"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, info=PERSONAL)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True, info=PERSONAL)
    state: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversationDraft(Base):
    """What a coordinator has filled in so far in a guided chat (an announcement, a new group).

    Nothing is created or sent from a draft until its conversation confirms; a
    draft is dropped on send, cancel, or when its person is erased.
    """

    __tablename__ = "conversation_drafts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, info=PERSONAL)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, info=PERSONAL)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
