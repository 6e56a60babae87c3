"""Summary and funder-report figures on a hand-built history with answers worked out by hand.

Sessions (Tuesdays, 10:00): s1 3 Nov, s2 10 Nov, s3 17 Nov, s4 24 Nov (cancelled), s5 1 Dec,
s6 8 Dec, s7 15 Dec (coming). Families:
  Amina (active, joined Oct):  came, came, notice (child sick), -, came, came
  Fatma (paused, joined Oct):  came, no-show, no-show, then on a break (no marks)
  Sara  (declined, joined Oct): no-show, notice (transport)
  Hodan (active, joined 20 Nov): came at s5, no-show at s6
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from db.engine import transaction
from db.models import (
    Attendance,
    Contact,
    Enrolment,
    Family,
    Group,
    Meeting,
    Organisation,
    Person,
)
from summaries.chart import attendance_chart
from summaries.figures import FamilyRow, Mark, MeetingRow, funder_report, summary
from summaries.loading import contact_log, load_history
from summaries.workbook import csv_files, sheets, xlsx

A, F, S, H = 1, 2, 3, 4
OCT = datetime(2026, 10, 1, tzinfo=UTC)
DAYS = {1: (11, 3), 2: (11, 10), 3: (11, 17), 4: (11, 24), 5: (12, 1), 6: (12, 8), 7: (12, 15)}
NOW = datetime(2026, 12, 9, 12, tzinfo=UTC)


def at(n: int) -> datetime:
    month, day = DAYS[n]
    return datetime(2026, month, day, 9, tzinfo=UTC)


SESSIONS = [
    MeetingRow(n, at(n), "cancelled" if n == 4 else "planned" if n == 7 else "closed") for n in DAYS
]
MARKS = [
    Mark(1, A, "attended"), Mark(2, A, "attended"), Mark(3, A, "notice", "child_sick"),
    Mark(5, A, "attended"), Mark(6, A, "attended"),
    Mark(1, F, "attended"), Mark(2, F, "no_show"), Mark(3, F, "no_show"),
    Mark(1, S, "no_show"), Mark(2, S, "notice", "transport"),
    Mark(5, H, "attended"), Mark(6, H, "no_show"),
    Mark(4, A, "cancelled"), Mark(4, H, "cancelled"),
]  # fmt: skip
FAMILIES = [
    FamilyRow(A, "Amina", "active", OCT),
    FamilyRow(F, "Fatma", "paused", OCT),
    FamilyRow(S, "Sara", "declined", OCT),
    FamilyRow(H, "Hodan", "active", datetime(2026, 11, 20, tzinfo=UTC)),
]


def test_summary_figures() -> None:
    result = summary(SESSIONS, MARKS, FAMILIES, ["Fatma"], NOW)
    assert result.next_meeting.id == 7
    counts = [(c.session.id, c.attended, c.notice, c.no_show, c.cancelled)
              for c in result.last_meetings]  # fmt: skip
    assert counts == [
        (1, 2, 0, 1, False),
        (2, 1, 1, 1, False),
        (3, 0, 1, 1, False),
        (4, 0, 0, 0, True),
        (5, 2, 0, 0, False),
        (6, 1, 0, 1, False),
    ]
    figures = {f.family.name: (f.attended, f.marks, f.rate, f.streak) for f in result.families}
    assert figures == {
        "Amina": (4, 5, 0.8, 2),
        "Fatma": (1, 3, 1 / 3, -2),  # paused: listed, her break weeks don't count
        "Hodan": (1, 2, 0.5, -1),  # joined late: only her own weeks count
    }
    # a no-show and a week with notice: one miss, the notice listed with its reason
    assert [(f.family.name, f.rate, f.streak) for f in result.former] == [("Sara", 0.0, -1)]
    assert [(at.day, why) for at, why in result.former[0].notices] == [(10, "transport")]
    assert {f.family.name: f.notices for f in result.families}["Amina"] == ()
    assert result.call_list == ["Fatma"]
    assert dict(result.reasons_all) == {"child_sick": 1, "transport": 1}


def test_only_the_last_eight_sessions_are_shown() -> None:
    sessions = [MeetingRow(n, datetime(2026, 1, 1 + n, tzinfo=UTC), "closed") for n in range(12)]
    result = summary(sessions, [], [], [], NOW)
    assert [c.session.id for c in result.last_meetings] == list(range(4, 12))
    assert result.next_meeting is None


def test_funder_report_figures() -> None:
    report = funder_report(SESSIONS, MARKS, FAMILIES, date(2026, 11, 1), date(2026, 12, 31))
    assert (report.held, report.cancelled) == (5, 1)
    assert report.unique_families == 3  # Amina, Fatma, Hodan; Sara never came
    assert report.average_attendance == pytest.approx(6 / 5)  # 2, 1, 0, 2, 1
    assert report.median_attendance == 1
    assert report.retention == 0.5  # came at s1-s2: Amina, Fatma; at s5-s6: Amina, Hodan
    assert report.new_families_per_month == {"2026-11": 1}
    assert report.attended_per_month == {"2026-11": 3, "2026-12": 3}


def test_funder_report_of_an_empty_period() -> None:
    report = funder_report(SESSIONS, MARKS, FAMILIES, date(2027, 1, 1), date(2027, 1, 31))
    assert (report.held, report.unique_families, report.retention) == (0, 0, None)
    assert report.average_attendance == 0.0


def label(key: str) -> str:
    return key.upper()


def test_chart_is_a_phone_sized_png() -> None:
    result = summary(SESSIONS, MARKS, FAMILIES, [], NOW)
    png = attendance_chart(result.last_meetings, label)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1080, 1080)
    assert attendance_chart([], label).startswith(b"\x89PNG")


def test_workbook_and_csv() -> None:
    result = summary(SESSIONS, MARKS, FAMILIES, [], NOW)
    report = funder_report(SESSIONS, MARKS, FAMILIES, date(2026, 11, 1), date(2026, 12, 31))
    data = sheets(label, report.sessions, MARKS, result.families + result.former, [], report)
    book = load_workbook(io.BytesIO(xlsx(data)))
    assert book.sheetnames == ["SESSIONS", "ATTENDANCE", "FAMILY", "REASONS", "CONTACTS", "REPORT"]
    matrix = [[c.value for c in row] for row in book["ATTENDANCE"].iter_rows()]
    assert matrix[0] == ["FAMILY", "2026-11-03", "2026-11-10", "2026-11-17", "2026-12-01",
                         "2026-12-08"]  # fmt: skip
    assert matrix[1] == ["Amina", "ATTENDED", "ATTENDED", "NOTICE", "ATTENDED", "ATTENDED"]
    assert matrix[3] == ["Hodan", None, None, None, "ATTENDED", "NO_SHOW"]
    assert book["ATTENDANCE"]["A1"].font.bold
    reasons = [[c.value for c in row] for row in book["REASONS"].iter_rows()]
    assert sorted(reasons[1:]) == [["CHILD_SICK", 1], ["TRANSPORT", 1]]
    report_sheet = {r[0].value: r[1].value for r in book["REPORT"].iter_rows() if r[0].value}
    assert report_sheet["HELD"] == 5 and report_sheet["RETENTION"] == 0.5
    assert report_sheet["AVERAGE"] == 1.2 and report_sheet["MEDIAN"] == 1  # as the text shows
    retention = next(r[1] for r in book["REPORT"].iter_rows() if r[0].value == "RETENTION")
    assert retention.number_format == "0%"  # 50%, as the text says, not 0.5
    family = [[c.value for c in row] for row in book["FAMILY"].iter_rows()]
    assert family[1][:3] == ["Amina", "ACTIVE", 0.8]
    assert all(row[2].number_format == "0%" for row in book["FAMILY"].iter_rows(min_row=2))
    files = csv_files(data)
    assert files["SESSIONS.csv"].startswith("\ufeff".encode())
    assert "2026-11-24,CANCELLED" in files["SESSIONS.csv"].decode("utf-8-sig")
    assert "Amina,ACTIVE,80%," in files["FAMILY.csv"].decode("utf-8-sig")


def test_loading_one_group_from_the_database(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        org = Organisation(name="Albertslund")
        session.add(org)
        session.flush()
        groups = [
            Group(org_id=org.id, name=name, weekday=1, start_time=at(1).time(), place="Huset")
            for name in ("Babygruppen", "Familiegruppen")
        ]
        session.add_all(groups)
        session.flush()
        ids: dict[tuple[int, int], int] = {}
        for group in groups:
            for row in SESSIONS:
                s = Meeting(
                    group_id=group.id,
                    rule_date=row.starts_at.date(),
                    starts_at=row.starts_at,
                    ends_at=row.starts_at,
                    status=row.status,
                )
                session.add(s)
                session.flush()
                ids[group.id, row.id] = s.id
        families = {}
        for row in FAMILIES:
            family = Family(org_id=org.id, language="da")
            session.add(family)
            session.flush()
            families[row.id] = family.id
            session.add(
                Person(
                    telegram_id=1000 + row.id,
                    first_name=row.name,
                    language="da",
                    family_id=family.id,
                )
            )
            session.add(
                Enrolment(
                    family_id=family.id,
                    group_id=groups[0].id,
                    status=row.status,
                    joined_at=row.joined_at,
                )
            )
        for mark in MARKS:
            for group in groups:  # the other group's rows must not leak into the first's
                session.add(
                    Attendance(
                        session_id=ids[group.id, mark.session_id],
                        family_id=families[mark.family_id],
                        outcome=mark.outcome,
                        reason=mark.reason,
                    )
                )
        session.add(
            Contact(
                family_id=families[F],
                group_id=groups[0].id,
                kind="called",
                note="Ringer igen",
                at=NOW,
            )
        )
        group_id = groups[0].id
    with transaction(db) as session:
        history = load_history(session, session.get(Group, group_id), until=NOW)
        assert [s.status for s in history.sessions] == ["closed"] * 3 + ["cancelled", "closed",
                                                                          "closed"]  # fmt: skip
        assert len(history.marks) == len(MARKS)
        result = summary(history.sessions, history.marks, history.families, [], NOW)
        assert {f.family.name: f.attended for f in result.families} == {
            "Amina": 4, "Fatma": 1, "Hodan": 1}  # fmt: skip
        assert [(c.family, c.kind, c.note) for c in contact_log(session, session.get(
            Group, group_id))] == [("Fatma", "called", "Ringer igen")]  # fmt: skip


# A name in each language's script, with the letters most often missing from fonts:
# Urdu HEH GOAL (ہ) and YEH BARREE (ے), Persian پ ژ گ, Ukrainian Ї Є, Polish, Turkish, Danish.
SAMPLE_NAMES = {
    "da": "Søren Ærø Åse",
    "en": "Mary O'Neill",
    "ar": "فاطمة الزهراء",
    "tr": "Ayşe Gül İğdır",
    "ur": "شاہدہ اور ثمینے",
    "fa": "پریسا ژاله گلی",
    "pl": "Łucja Żółć",
    "bg": "Цветелина Йорданова",
    "so": "Xaawo Cabdi Maxamed",
    "uk": "Оксана Їжак Євгенія",
}


def test_every_language_has_a_sample_name() -> None:
    from i18n.languages import supported_codes

    assert set(SAMPLE_NAMES) == set(supported_codes())


@pytest.mark.parametrize("code", sorted(SAMPLE_NAMES))
def test_the_chart_draws_every_script_without_missing_glyphs(code: str) -> None:
    """The chart's fonts have every letter of each language's labels and of a name in it.

    matplotlib warns "Glyph ... missing from font(s)" and draws a box; here that is an error.
    """
    import warnings

    import matplotlib.pyplot as plt

    from i18n import texts_for
    from summaries.chart import FONT_FAMILIES
    from summaries.labels import LABELS

    texts = texts_for(code)
    result = summary(SESSIONS, MARKS, FAMILIES, [], NOW)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        attendance_chart(result.last_meetings, lambda key: texts.plain(LABELS[key]))
        with plt.rc_context({"font.family": FONT_FAMILIES}):
            figure = plt.figure(figsize=(4, 1))
            try:
                figure.text(0.05, 0.4, SAMPLE_NAMES[code], fontsize=14)
                figure.savefig(io.BytesIO(), format="png")
            finally:
                plt.close(figure)
