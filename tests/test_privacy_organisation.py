"""An organisation can leave: everything it has as data, then all of it deleted."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from db.engine import transaction
from db.models import Base, InviteKind, Organisation, Person
from onboarding.join import create_invite
from privacy.organisation import Scope, delete_organisation, export, rows_of
from tests.chat import NOW, Chat, join
from tests.conftest import RunCli
from tests.test_privacy_erasure import traces, yasmin_leaves_traces_everywhere
from tests.test_reminders_chat import MONDAY_18, run_tick


async def two_organisations(chat: Chat) -> None:
    """Albertslund with Yasmin's history; Greve with its own group, and Fatma in both."""
    _, fatma, _ = await yasmin_leaves_traces_everywhere(chat)
    greve_coordinator = chat.user(40, "Hanne")
    with transaction(chat.db) as session:
        greve = Organisation(name="Greve Nord")
        session.add(greve)
        session.flush()
        code = create_invite(session, InviteKind.ORG_COORDINATOR, greve, one_time=True).code
    await join(greve_coordinator, code)
    await greve_coordinator.command("/newgroup")
    await greve_coordinator.text("Mødregruppen fredag")
    await greve_coordinator.press("fredag")
    await greve_coordinator.text("10:00")
    await greve_coordinator.text("Beboerhuset, Greve Nord")
    await greve_coordinator.press("Åben gruppe (kom når som helst)")
    await greve_coordinator.press("Opret gruppen")
    parent_code = greve_coordinator.messages()[-1].text.split("start=")[1].split('"')[0]
    await fatma.command(f"/start {parent_code}")  # known already: no language to pick
    await fatma.press("Ja, det er i orden")
    await join(chat.user(41, "Zainab"), parent_code)
    await run_tick(chat, MONDAY_18 + timedelta(days=4))


def test_every_table_has_a_rule_for_an_organisations_rows() -> None:
    scope = Scope.__new__(Scope)
    scope.org_id, scope.groups, scope.sessions, scope.persons, scope.announcements = (
        1,
        set(),
        set(),
        set(),
        {1},
    )
    scope.telegram_ids = set()
    assert set(rows_of(scope)) == set(Base.metadata.tables)


async def test_an_organisation_is_exported_then_deleted_and_the_other_stays(chat: Chat) -> None:
    await two_organisations(chat)
    with transaction(chat.db) as session:
        albertslund = session.scalars(
            select(Organisation).where(Organisation.name == "Albertslund Boligsocial")
        ).one()
        greve = session.scalars(select(Organisation).where(Organisation.name == "Greve Nord")).one()
        data = export(session, albertslund)
        greve_before = export(session, greve)
        assert {p["first_name"] for p in data["persons"]} == {"Mette", "Yasmin", "Fatma", "Sofie"}
        assert data["questions"] and data["attendance"] and data["contacts"]
        counts = delete_organisation(session, albertslund, NOW)
        assert counts["organisations"] == 1 and counts["groups"] == 1
    with transaction(chat.db) as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 1
        assert set(session.scalars(select(Person.first_name))) == {"Hanne", "Fatma", "Zainab"}
        assert traces(session, ["Yasmin", "Mette", "Sofie", "Leyla", "Omar"]) == []
        greve = session.scalars(select(Organisation)).one()
        after = export(session, greve)
    # Greve keeps everything of its own; Fatma stays, only her Albertslund family link goes
    for table, rows in greve_before.items():
        if table in ("persons", "families", "audit_log"):
            continue
        assert after[table] == rows, table
    assert json.dumps(after)  # still JSON-ready


async def test_admin_delete_org_asks_for_the_name_and_export_org_writes_files(
    chat: Chat, tmp_path: Path, run_cli: RunCli
) -> None:
    await two_organisations(chat)
    url = str(chat.db.kw["bind"].url.render_as_string(hide_password=False))
    env = {"DATABASE_URL": url}
    out = tmp_path / "export"
    result = run_cli("admin", "export-org", "--org", "Greve Nord", "--out", str(out), env=env)
    assert result.exit_code == 0, result.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files[0].endswith(".xlsx") and files[-1].startswith("organisation-")
    refused = run_cli("admin", "delete-org", "--org", "Greve Nord", env=env)
    assert refused.exit_code == 1 and '--confirm "Greve Nord"' in refused.stderr
    assert "Traceback" not in refused.stderr
    done = run_cli("admin", "delete-org", "--org", "Greve Nord", "--confirm", "Greve Nord", env=env)
    assert done.exit_code == 0, done.stderr
    with transaction(chat.db) as session:
        assert session.scalars(select(Organisation.name)).all() == ["Albertslund Boligsocial"]
