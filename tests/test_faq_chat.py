"""The FAQ and the question box in chat, over the fake Bot API, with the project's real content."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from db.engine import transaction
from db.models import FaqFeedback, Group, Meeting, StaffQuestion
from handlers.common import Services, faq_library
from tests.chat import Chat, ChatUser
from tests.test_reminders_chat import group_with_three_parents, run_tick

MONDAY_18 = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def title(language: str, entry_id: str) -> str:
    return faq_library(None, None).content.entry(language, entry_id).title


def feedback(chat: Chat) -> list[tuple[str, str | None, str | None]]:
    with transaction(chat.db) as session:
        rows = session.scalars(select(FaqFeedback).order_by(FaqFeedback.id))
        return [(row.kind, row.text, row.entry_id) for row in rows]


def all_text(user: ChatUser) -> str:
    return "\n".join(m.text or "" for m in user.messages())


async def test_browse_a_theme_and_read_an_answer_with_its_source(chat: Chat) -> None:
    _, (fatma, amina, _), _ = await group_with_three_parents(chat)
    await fatma.command("/faq")
    assert "😴 Søvn" in fatma.last().button_texts
    assert len(fatma.last().button_texts) == 11  # every theme
    await fatma.press("😴 Søvn")
    await fatma.press(title("da", "sleep-back-position"))
    answer = fatma.last()
    assert answer.plain_text.startswith(title("da", "sleep-back-position"))
    assert "Kilde:" in answer.text and 'href="https://' in answer.text
    # Nobody qualified has checked the Danish text yet: no "checked" date, and it says so.
    assert "Tjekket" not in answer.text
    assert "Endnu ikke tjekket af en sundhedsplejerske eller en pædagog." in answer.plain_text
    assert answer.button_texts[:2] == ["👍 Ja", "👎 Nej"]
    assert "🇩🇰 Vis på dansk" not in answer.button_texts  # it is Danish already
    await fatma.press("👍 Ja")
    assert "Godt, at det hjalp" in fatma.last().text
    assert feedback(chat) == [("helpful", None, "sleep-back-position")]

    await amina.command("/faq")
    await amina.press("🦷 Teeth")
    await amina.press(title("en", "dental-brushing"))
    assert amina.last().plain_text.startswith(title("en", "dental-brushing"))
    await amina.press("🇩🇰 Show in Danish")
    assert amina.last().plain_text.startswith(title("da", "dental-brushing"))


async def test_a_draft_translation_says_so_in_the_parents_language(chat: Chat) -> None:
    hala = chat.user(98, "Hala", "ar")
    await hala.text(title("ar", "sleep-back-position"))
    answer = hala.last()
    assert title("ar", "sleep-back-position") in answer.plain_text.split("\n")[0]
    assert "هذه الترجمة لم تُراجَع بعد" in answer.plain_text
    assert "Checked" not in answer.text and "تمت المراجعة" not in answer.text
    danish = [b for b in answer.button_texts if b.startswith("🇩🇰")]
    assert len(danish) == 1  # the Danish original, one tap away
    await hala.press(danish[0])
    original = hala.last()
    assert title("da", "sleep-back-position") in original.plain_text.split("\n")[0]
    assert "لم تتم مراجعته بعد" in original.plain_text  # in her language: not checked yet


async def test_a_reviewed_entry_shows_who_checked_it_and_when(chat: Chat) -> None:
    library = faq_library(None, None)
    entry = library.content.entry("en", "dental-brushing")
    checked = replace(
        entry, review_status="reviewed", reviewer="dental hygienist", review_date=date(2026, 12, 1)
    )
    library.content.entries["en"]["dental-brushing"] = checked
    try:
        reader = chat.user(97, "Eva", "en")
        await reader.text(entry.title)
        assert "Checked Dec 1, 2026" in reader.last().plain_text
        assert "Not yet checked" not in reader.last().plain_text
    finally:
        library.content.entries["en"]["dental-brushing"] = entry


async def test_help_has_a_questions_button(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await fatma.command("/help")
    assert "/faq" in fatma.last().text and "/ask" in fatma.last().text
    await fatma.press("📚 Spørgsmål")
    assert "😴 Søvn" in fatma.last().button_texts


async def test_a_question_about_the_meeting_the_faq_cannot_answer_offers_the_next_one(
    chat: Chat,
) -> None:
    """ "hvornår er der babygruppe?" is the reminders' business, not the FAQ's: its closest
    entry was about solid food. A parent in a group is offered the next meeting, as /next
    shows it, among the closest entries; a stranger in no group is not."""
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await fatma.text("hvornår er der babygruppe")
    buttons = fatma.last().button_texts
    assert "📅 Hvornår er næste møde?" in buttons, buttons
    assert buttons[-1] == "📚 Alle emner"
    await fatma.press("📅 Hvornår er næste møde?")
    assert "Næste gang: tirsdag den 24. november 2026" in fatma.last().text
    stranger = chat.user(98, "Nour", "da")
    await stranger.text("hvornår er der babygruppe")
    assert "📅 Hvornår er næste møde?" not in stranger.last().button_texts


async def test_free_text_is_answered_and_not_helpful_is_logged(chat: Chat) -> None:
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await fatma.text("hvor meget skal min baby sove")
    assert fatma.last().plain_text.startswith(title("da", "sleep-hours-baby"))
    await fatma.press("👎 Nej")
    assert "gøre svarene bedre" in fatma.last().text
    assert "✉️ Spørg personalet" in fatma.last().button_texts
    assert feedback(chat) == [("not_helpful", "hvor meget skal min baby sove", "sleep-hours-baby")]


async def test_unknown_question_goes_to_staff_anonymously_and_the_reply_comes_back(
    chat: Chat,
) -> None:
    coordinator, (fatma, amina, sara), staff = await group_with_three_parents(chat)
    question = "må jeg tage min søster med til gruppen på tirsdag?"
    await sara.text(question)
    assert "✉️ Spørg personalet" in sara.last().button_texts
    assert feedback(chat) == [("unanswered", question, None)]
    await sara.press("✉️ Spørg personalet")
    assert question in sara.last().plain_text
    assert sara.last().button_texts == ["🙈 Anonymt", "🙂 Med mit navn"]
    await sara.press("🙈 Anonymt")
    assert "uden dit navn" in sara.last().text

    await fatma.command("/questions")
    assert "kun for personalet" in fatma.last().text
    await staff.command("/questions")
    listing = staff.last()
    assert question in listing.plain_text and "anonym" in listing.plain_text
    assert "Sara" not in listing.plain_text
    await staff.press("✉️ 1. Svar")
    await staff.text("Ja, hun er meget velkommen!")
    assert "Sendt" in staff.last().text
    await chat.send_outbox()  # the background sender, in the running bot
    reply = sara.last()
    assert "Et svar fra personalet i Babygruppen tirsdag" in reply.text
    assert question in reply.plain_text and "Ja, hun er meget velkommen!" in reply.plain_text
    for other in (fatma, amina, coordinator):
        assert question not in all_text(other)  # a parent's words never reach other parents
    await staff.command("/questions")
    assert "Ingen åbne spørgsmål" in staff.last().text
    with transaction(chat.db) as session:
        row = session.scalars(select(StaffQuestion)).one()
        assert (row.status, row.anonymous, row.reply) == (
            "answered",
            True,
            "Ja, hun er meget velkommen!",
        )


async def test_a_named_question_with_ask_and_marked_answered(chat: Chat) -> None:
    coordinator, (_, amina, _), _ = await group_with_three_parents(chat)
    await amina.command("/ask")
    assert "Only the staff of your group" in amina.last().text
    await amina.text("Can we meet outside when the weather is good?")
    await amina.press("🙂 With my name")
    assert "with your name" in amina.last().text
    await coordinator.command("/questions")
    assert "Amina" in coordinator.last().plain_text
    assert "(English)" in coordinator.last().plain_text  # asked in another language than hers
    await coordinator.press("✔️ 1. Besvaret")
    assert "Ingen åbne spørgsmål" in coordinator.last().text
    assert "Can we meet outside" not in all_text(amina)[-200:]  # no reply was sent


async def test_ask_then_cancel_sends_nothing(chat: Chat) -> None:
    _, (fatma, _, _), staff = await group_with_three_parents(chat)
    await fatma.command("/ask")
    await fatma.command("/cancel")
    assert "ikke sendt noget" in fatma.last().text
    await staff.command("/questions")
    assert "Ingen åbne spørgsmål" in staff.last().text


async def test_danger_words_get_112_first_in_the_parents_language(chat: Chat) -> None:
    _, (fatma, amina, _), staff = await group_with_three_parents(chat)
    await fatma.text("hjælp min baby trækker ikke vejret")
    assert fatma.last().plain_text.startswith("Hvis nogen er i fare lige nu, så ring 112.")
    assert fatma.last().button_texts == ["✉️ Fortæl personalet"]
    await amina.text("my husband hits me when he is angry")
    message = amina.last().plain_text
    assert message.startswith("If someone is in danger right now, call 112.")
    assert "1888" in message and "Lev Uden Vold" in message
    assert "Numbers checked Nov 30, 2026." in message
    assert "only if you tap the button" in message.lower()
    await amina.text("sometimes i want to die")
    message = amina.last().plain_text
    assert message.startswith("If someone is in danger right now, call 112.")
    # Livslinien and ForældreTelefonen are not verified: not shown until someone checks them.
    assert "70 201 201" not in message and "35 55 55 57" not in message
    assert "1888" not in message  # only the lines for this danger
    assert feedback(chat) == []  # nothing of this is logged
    await staff.command("/questions")
    assert "Ingen åbne spørgsmål" in staff.last().text  # nothing reaches the staff unasked


async def test_a_short_second_message_is_read_with_the_one_before(chat: Chat) -> None:
    """As a coordinator reads a chat: "it was a battery" says nothing alone, but after "my
    daughter got into the bathroom cupboard" it is an emergency. Ten minutes on, the earlier
    message is forgotten; nothing of it is ever written down. The first message alone raises
    no alarm; the learned model may be worried by it (a child "got into" something comes
    before many a swallowed thing in what it learnt from), and then it gets the calm line."""
    _, (_, amina, _), staff = await group_with_three_parents(chat)
    services: Services = chat.app.bot_data["services"]
    library = faq_library(None, None)
    first, second = "my daughter got into the bathroom cupboard", "it was a battery"
    assert not library.verdict(first).signals  # no alarm (perhaps the calm line)
    verdict = library.verdict(second)
    assert not verdict.signals and not verdict.calm  # no alarm, no calm line
    await amina.text(first)
    assert "You are not alone" not in amina.last().plain_text  # the alarm's words
    await amina.text(second)
    alarm = amina.last().plain_text
    assert alarm.startswith("If someone is in danger right now, call 112."), alarm
    assert "You are not alone" in alarm
    await amina.press("✉️ Tell the staff")
    assert first in amina.last().plain_text and second in amina.last().plain_text
    await amina.press("🙈 Anonymously")
    await staff.command("/questions")
    assert f"{first}\n{second}" in staff.last().plain_text  # both, as she wrote them

    with transaction(chat.db) as session:  # never logged as a gap, or cleared with the alarm
        assert first not in [row.text for row in session.scalars(select(FaqFeedback))]

    now = services.clock()
    await amina.text(first)
    services.clock = lambda: now + timedelta(minutes=11)
    await amina.text(second)
    assert "112" not in amina.last().plain_text  # too long ago to be one chat


async def test_after_an_alarm_her_next_message_keeps_112_above_it(chat: Chat) -> None:
    """She got the alarm a minute ago and writes "ok thanks" or asks something else: no second
    alarm, but the calm 112 line stays above the reply while it may still be going on. A
    message that says it is over in the rules' words ("she is fine now") lifts it."""
    stranger = chat.user(97, "Eva", "en")
    calm = "If someone is in danger right now, call 112."
    await stranger.text("my baby stopped breathing")
    alarm = stranger.last().plain_text
    assert alarm.startswith(calm) and "not sure I understood" not in alarm
    await stranger.text("ok thanks")
    reply = stranger.last().plain_text
    assert reply.startswith(calm) and "not sure I understood" in reply, reply  # the calm line
    await stranger.text("my baby stopped breathing")
    await stranger.text("she is fine now, thanks")
    assert "112" not in stranger.last().plain_text  # over, in the rules' words
    await stranger.text("my husband said he would kill me if I left")
    await stranger.text("what time is the group on tuesday")
    reply = stranger.last().plain_text
    assert reply.startswith(calm) and "1888" in reply, reply  # the alarm's checked line too
    await stranger.text("what time is the group on tuesday")
    assert "112" not in stranger.last().plain_text  # one message on: an everyday question


async def test_after_an_alarm_the_staff_hear_only_if_she_chooses(chat: Chat) -> None:
    _, (fatma, amina, _), staff = await group_with_three_parents(chat)
    words = "min mand slår mig og jeg er bange"
    await fatma.text(words)
    with transaction(chat.db) as session:
        assert session.scalars(select(StaffQuestion)).all() == []  # nothing stored yet
    await fatma.press("✉️ Fortæl personalet")
    assert words in fatma.last().plain_text
    assert fatma.last().button_texts == ["🙈 Anonymt", "🙂 Med mit navn"]
    await fatma.press("🙂 Med mit navn")
    await staff.command("/questions")
    listing = staff.last().plain_text
    assert words in listing and "Fatma" in listing
    assert words not in all_text(amina)  # never another parent


async def test_a_stranger_gets_112_without_the_offer_to_tell_staff(chat: Chat) -> None:
    stranger = chat.user(98, "Eva", "en")
    await stranger.text("my baby is blue and not responding")
    assert stranger.last().plain_text.startswith("If someone is in danger right now, call 112.")
    assert stranger.last().button_texts == []
    assert "tap the button" not in stranger.last().plain_text


async def test_words_the_rules_miss_but_the_model_worries_about_get_the_calm_112_line(
    chat: Chat,
) -> None:
    """The second layer (faq/danger_model.py): where no rule fires but the learned model is
    worried, her answer comes as always, with one calm 112 line above it and no alarm."""
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    library = faq_library(None, None)
    worried = "min mand bestemmer alt, jeg må ikke gå ud alene"
    assert library.safeguarding.signals(worried) == set()
    assert library.danger_model is not None and library.danger_model.worried(worried)
    assert library.verdict(worried).calm  # worried, not sure: the line, not the alarm
    await fatma.text(worried)
    reply = fatma.last().plain_text
    assert reply.startswith(
        "Hvis nogen er i fare lige nu, så ring 112.\n112 er gratis, dag og nat."
    ), reply
    assert "Hvis nogen er i fare lige nu" not in reply[50:]  # once, not the alarm's text
    # No sure answer: the closest entries, and, as after an alarm, her words stay in
    # memory only (no gap logged with them) until her tap on "tell the staff" sends them;
    # one button for the staff, not two.
    buttons = fatma.last().button_texts
    assert buttons[0] == "✉️ Fortæl personalet" and "✉️ Spørg personalet" not in buttons
    with transaction(chat.db) as session:
        assert session.scalars(select(FaqFeedback)).all() == []
        assert session.scalars(select(StaffQuestion)).all() == []
    await fatma.press("✉️ Fortæl personalet")
    assert worried in fatma.last().plain_text
    await fatma.text("min baby sover ikke om natten")  # an everyday question: no line
    assert "112" not in fatma.last().plain_text


async def test_a_bare_cry_for_help_gets_the_calm_112_line(chat: Chat) -> None:
    """ "hjælp!!" and nothing else: no rule names a danger and the model leaves a word or two
    alone, yet she may be in one now. She gets 112 in one calm line and, where she has
    staff, the offer to tell them what happened; nothing of it is logged."""
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    await fatma.text("hjælp!!")
    reply = fatma.last().plain_text
    assert reply.startswith("Hvis nogen er i fare lige nu, så ring 112."), reply
    assert "Du er ikke alene" in reply
    # Only the offer to tell the staff: no FAQ entry is offered for a bare cry (the closest
    # ones were beside the point), and no "ask the staff" beside "tell the staff".
    assert fatma.last().button_texts == ["✉️ Fortæl personalet"]
    assert "Er det et af disse" not in reply
    with transaction(chat.db) as session:
        assert session.scalars(select(FaqFeedback)).all() == []
        assert session.scalars(select(StaffQuestion)).all() == []
    await fatma.press("✉️ Fortæl personalet")  # her tap, and only her tap, sends her words
    assert "hjælp!!" in fatma.last().plain_text
    await fatma.text("hjælp til at søge friplads")  # a question, not a cry: no line
    assert "112" not in fatma.last().plain_text


async def test_a_cry_for_help_without_staff_gets_112_and_no_suggestions(chat: Chat) -> None:
    """A parent with no group (so no staff to tell) who writes only "i caawi" (Somali: help
    me) gets 112 in her language and no buttons: the FAQ's closest entry, on children who
    hit, was beside the point."""
    stranger = chat.user(97, "Hodan", "so")
    await stranger.text("i caawi")
    reply = stranger.last()
    assert "112" in reply.plain_text.split("\n")[0], reply.plain_text
    assert reply.button_texts == []
    # No staff to promise her: "you are not alone", without "the staff of your group".
    assert "Keligaa ma tihid." in reply.plain_text
    assert "kooxdaada" not in reply.plain_text, reply.plain_text


@pytest.mark.parametrize("cry", ["please help me", "someone help me!!", "help me help me"])
async def test_a_cry_the_model_is_worried_by_gets_the_same_reply(chat: Chat, cry: str) -> None:
    """Whether the line comes from the cry itself or from the model, worried by a longer
    one, a bare cry gets the alarm's words and no FAQ guesses; the model sure of it gives
    the alarm itself, with the same buttons."""
    _, (_, amina, _), _ = await group_with_three_parents(chat)
    await amina.text(cry)
    reply = amina.last()
    assert reply.plain_text.startswith("If someone is in danger right now, call 112."), cry
    assert "You are not alone." in reply.plain_text
    assert reply.button_texts == ["✉️ Tell the staff"], (cry, reply.button_texts)


async def test_a_cry_after_an_alarm_keeps_the_alarms_help_lines(chat: Chat) -> None:
    """ "help!!" a minute after "my baby is not breathing" gets the calm line with the
    alarm's help lines, and the alarm's words, not the FAQ's closest entries."""
    _, (_, amina, _), _ = await group_with_three_parents(chat)
    await amina.text("my baby is not breathing")
    alarm = amina.last().plain_text
    await amina.text("help!!")
    reply = amina.last()
    assert reply.plain_text.startswith("If someone is in danger right now, call 112.")
    assert reply.button_texts == ["✉️ Tell the staff"], reply.button_texts
    assert "I am not sure I understood" not in reply.plain_text
    assert reply.plain_text.count("112") == alarm.count("112"), (alarm, reply.plain_text)


async def test_the_calm_line_names_the_violence_line_only_where_it_fits(chat: Chat) -> None:
    """Which help line fits, the rules know from their words; under the calm line a second
    model decides: where it is sure a message is about violence against the parent, Lev
    Uden Vold's checked line comes under 112, with the date it was checked; a worried
    message about something else gets 112 alone."""
    stranger = chat.user(96, "Eva", "en")
    library = faq_library(None, None)
    threat = "he said he'd throw acid in my face if i talk to the kommune again"
    # The model's scores move with each release: "i am not sure i can keep her safe, it is all
    # too much" read after the threat scored 0.894 with sets 1-47 and 0.8898 with sets 1-48,
    # under the alarm's 0.89; this one is plainly worried alone (0.87) and sure after (0.95).
    other = "i am not sure i can keep us safe tonight"
    for message in (threat, other):
        assert library.calm_line(message, library.signals(message))
    await stranger.text(threat)
    reply = stranger.last().plain_text
    assert reply.startswith(
        "If someone is in danger right now, call 112.\n112 is free, day and night."
    ), reply
    assert "• Lev Uden Vold: 1888 (violence at home, free and anonymous)" in reply
    assert "Numbers checked" in reply
    # Another parent: read after the threat, the same words are the model's alarm (the two
    # together: `FaqLibrary.verdict_after`).
    other_parent = chat.user(97, "Mia", "en")
    await other_parent.text(other)
    reply = other_parent.last().plain_text
    assert reply.startswith("If someone is in danger right now, call 112.")
    assert "1888" not in reply and "Numbers checked" not in reply
    assert "You are not alone." not in reply  # the calm line, not the alarm
    await stranger.text(other)
    assert "You are not alone." in stranger.last().plain_text
    # Where the model is sure, the alarm itself, with the same line under 112.
    await stranger.text("he says if i tell anyone he will send me back and keep the kids")
    reply = stranger.last().plain_text
    assert reply.startswith("If someone is in danger right now, call 112.\n112 is free")
    assert "You are not alone." in reply and "Lev Uden Vold: 1888" in reply


async def test_a_sure_answer_with_the_calm_line_offers_to_tell_the_staff(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a sure answer there is no "ask the staff" button: the calm line brings the
    alarm's "tell the staff", and only her tap sends her words. (A model worried by
    everything stands in for a message that is both answered and worrying.)"""
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    library = faq_library(None, None)
    assert library.danger_model is not None
    monkeypatch.setattr(library, "danger_model", replace(library.danger_model, threshold=0.0))
    question = "må baby sove på maven"
    await fatma.text(question)
    answer = fatma.last()
    assert answer.plain_text.startswith("Hvis nogen er i fare lige nu, så ring 112.")
    assert title("da", "sleep-back-position") in answer.plain_text
    assert answer.button_texts[0] == "✉️ Fortæl personalet"
    assert "👍 Ja" in answer.button_texts  # the answer's own buttons stay below
    with transaction(chat.db) as session:
        assert session.scalars(select(StaffQuestion)).all() == []  # nothing without her tap
    await fatma.press("✉️ Fortæl personalet")
    assert question in fatma.last().plain_text


async def test_a_vote_under_the_calm_line_never_logs_an_earlier_question(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain question's words wait in memory for her vote on its answer. When the next
    message brings the calm line with the same answer, a 👎 there must not log the words:
    the calm path keeps words in memory only, the vote counts without them. (A model
    worried by everything stands in for the second message.)"""
    _, (fatma, _, _), _ = await group_with_three_parents(chat)
    library = faq_library(None, None)
    assert library.danger_model is not None
    question = "må baby sove på maven"
    await fatma.text(question)
    assert title("da", "sleep-back-position") in fatma.last().plain_text
    assert not fatma.last().plain_text.startswith("Hvis nogen er i fare")
    monkeypatch.setattr(library, "danger_model", replace(library.danger_model, threshold=0.0))
    await fatma.text(question)  # the same words, now worrying: they must not be logged
    assert fatma.last().plain_text.startswith("Hvis nogen er i fare lige nu")
    await fatma.press("👎 Nej")
    with transaction(chat.db) as session:
        votes = session.scalars(select(FaqFeedback)).all()
    assert [vote.entry_id for vote in votes] == ["sleep-back-position"]
    assert votes[0].text is None


async def test_where_the_model_is_sure_it_raises_the_alarm_itself(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No rule fires, the learned model is sure: she gets the alarm, not the calm line, 112
    first with the offer to tell the staff, and the FAQ's sure answer one tap below. Nothing
    of it is logged. Two words stay the rules' alone. (A model sure of everything stands in
    for a danger message the rules miss.)"""
    _, (fatma, _, _), staff = await group_with_three_parents(chat)
    library = faq_library(None, None)
    assert library.danger_model is not None
    monkeypatch.setattr(library, "danger_model", replace(library.danger_model, alarm=0.0))
    question = "må baby sove på maven"
    assert library.safeguarding.signals(question) == set()
    await fatma.text(question)
    alarm = fatma.last()
    assert alarm.plain_text.startswith("Hvis nogen er i fare lige nu, så ring 112.")
    assert "Du er ikke alene" in alarm.plain_text  # the alarm's text, not the calm line's
    assert "Numrene er tjekket" in alarm.plain_text  # 112's check date
    assert title("da", "sleep-back-position") not in alarm.plain_text
    assert alarm.button_texts == [
        "✉️ Fortæl personalet",
        "📖 " + title("da", "sleep-back-position"),
    ]
    assert feedback(chat) == []
    await staff.command("/questions")
    assert "Ingen åbne spørgsmål" in staff.last().text  # nothing reaches the staff unasked
    assert library.verdict("mange tak").worry == 0  # two words: the model is never asked
    await fatma.text("mange tak")
    # Right after the alarm, the calm 112 line stays above her next message; no second alarm.
    assert "Du er ikke alene" not in fatma.last().plain_text


async def test_an_alarm_keeps_the_faqs_sure_answer_one_tap_below_112(chat: Chat) -> None:
    """Words that sound like danger may be an everyday question too: 112 comes first, and
    the answer the FAQ is sure of stays one tap away instead of being lost."""
    stranger = chat.user(97, "Eva", "en")
    await stranger.text("my baby had a seizure with high fever, when does she need a doctor")
    alarm = stranger.last()
    assert alarm.plain_text.startswith("If someone is in danger right now, call 112.")
    assert alarm.button_texts == ["📖 When does a sick child need a doctor?"]
    await stranger.press("📖 When does a sick child need a doctor?")
    assert stranger.last().plain_text.startswith("When does a sick child need a doctor?")
    await stranger.text("my baby is blue and not responding")  # no sure answer: 112 only
    assert stranger.last().button_texts == []


async def test_a_stranger_can_read_but_not_ask(chat: Chat) -> None:
    stranger = chat.user(99, "Eva", "en")
    await stranger.text("how much toothpaste for my baby")
    assert stranger.last().plain_text.startswith(title("en", "dental-brushing"))
    await stranger.text("is the library open on sunday")
    assert "✉️ Ask the staff" not in stranger.last().button_texts
    await stranger.command("/ask")
    assert "Join a group with its link first" in stranger.last().text


async def test_the_digest_before_a_session_lists_open_questions(chat: Chat) -> None:
    coordinator, (fatma, _, _), staff = await group_with_three_parents(chat)
    await fatma.command("/ask")
    await fatma.text("Hvornår kommer tandplejen på besøg?")
    await fatma.press("🙂 Med mit navn")
    await run_tick(chat, MONDAY_18)
    for member in (coordinator, staff):
        digest = next(
            m for m in member.messages() if "Åbne spørgsmål fra forældre: 1" in (m.text or "")
        )
        assert "Hvornår kommer tandplejen på besøg?" in digest.plain_text


async def test_thank_you_links_to_the_faq_of_the_session_theme(chat: Chat) -> None:
    _, (fatma, _, _), staff = await group_with_three_parents(chat)
    with transaction(chat.db) as session:
        group = session.scalars(select(Group)).one()
        group.thank_you = True
    await run_tick(chat, MONDAY_18 - timedelta(days=1))  # plans the sessions
    with transaction(chat.db) as session:
        first = session.scalars(select(Meeting).order_by(Meeting.starts_at)).first()
        first.theme = "Søvn hos de små"
    await run_tick(chat, MONDAY_18)
    await fatma.press("Jeg kommer")
    chat.app.bot_data["services"].clock.now = MONDAY_18 + timedelta(hours=16.1)
    await staff.command("/checkin")
    await staff.press("▫️ Fatma")
    await staff.press("Afslut mødet")
    await run_tick(chat, MONDAY_18 + timedelta(hours=39))  # Wednesday 09:00
    thanks = fatma.last()
    assert "Tak, fordi du kom i går!" in thanks.text
    assert thanks.button_texts == ["😴 Søvn"]
    await fatma.press("😴 Søvn")
    assert title("da", "sleep-hours-baby") in fatma.last().button_texts


async def test_words_explains_danish_words_and_answers_link_to_them(chat: Chat) -> None:
    _, (_, amina, _), _ = await group_with_three_parents(chat)
    await amina.command("/words")
    glossary = amina.last().plain_text
    assert glossary.startswith("Danish words you will meet")
    assert "afbud – Sending word that you can't come." in glossary
    assert "sundhedsplejerske – The health visitor." in glossary
    await amina.command("/faq")
    await amina.press("🏠 Daycare")
    await amina.press(title("en", "daycare-sign-up"))
    assert "📖 Danish words" in amina.last().button_texts
    await amina.press("📖 Danish words")
    used = amina.last().plain_text
    assert "pladsanvisning –" in used and "MitID –" in used
    assert "afbud" not in used  # only the words this answer uses
