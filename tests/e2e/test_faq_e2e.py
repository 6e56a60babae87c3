"""End to end over HTTP: a parent browses a theme, asks in free text and gets an answer with
its source; asks something the FAQ can't answer and sends it to the staff anonymously; the
staff member sees it with /questions and replies; the parent gets the reply in the chat."""

from __future__ import annotations

from harness import AsyncEmulatedUser, Emulator, new_token, run_polling_in_background
from test_reminders_e2e import group_and_bot, join

from handlers.common import faq_library


def title(language: str, entry_id: str) -> str:
    return faq_library(None, None).content.entry(language, entry_id).title


async def test_faq_and_the_question_box(emulator: Emulator, db_url: str) -> None:
    token = new_token()
    parent_code, staff_code, _, app, engine = group_and_bot(
        emulator, db_url, token, "Holtbjerg", "Fælleshuset"
    )
    async with (
        run_polling_in_background(app, poll_interval=0.05),
        AsyncEmulatedUser(emulator, token, 901, "Amina", language_code="en") as amina,
        AsyncEmulatedUser(emulator, token, 902, "Fatma", language_code="da") as fatma,
        AsyncEmulatedUser(emulator, token, 903, "Sofie", language_code="da") as staff,
    ):
        await join(amina, parent_code, "English", "Yes, that is OK")
        await join(fatma, parent_code, "Dansk", "Ja, det er i orden")
        await join(staff, staff_code, "Dansk", "Ja, det er i orden")

        # browse a theme
        await amina.send_command("/faq")
        await amina.wait_for(lambda m: "🥣 Food and breastfeeding" in m.button_texts)
        await amina.press("🥣 Food and breastfeeding")
        await amina.wait_for(lambda m: title("en", "food-vitamin-d") in m.button_texts)
        await amina.press(title("en", "food-vitamin-d"))
        answer = await amina.wait_for("Source:")
        assert title("en", "food-vitamin-d") in answer.text

        # free text, with a typo
        await amina.send_message("when can my baby start eating solid fod")
        answer = await amina.wait_for("Source:")
        assert title("en", "food-solids-start") in answer.text
        assert "👍 Yes" in answer.button_texts

        # something the FAQ does not know goes to the staff, anonymously
        question = "Can my mother in law come with me to the group next week?"
        await amina.send_message(question)
        await amina.wait_for(lambda m: "✉️ Ask the staff" in m.button_texts)
        await amina.press("✉️ Ask the staff")
        await amina.wait_for(lambda m: "🙈 Anonymously" in m.button_texts)
        await amina.press("🙈 Anonymously")
        await amina.wait_for("without your name")

        await staff.send_command("/questions")
        listing = await staff.wait_for("Spørgsmål fra forældre")
        assert question in listing.text and "Amina" not in listing.text
        await staff.press("✉️ 1. Svar")
        await staff.wait_for("Skriv dit svar")
        await staff.send_message("Ja, hun er meget velkommen!")
        await staff.wait_for("Sendt")

        reply = await amina.wait_for("An answer from the staff")
        assert question in reply.text and "Ja, hun er meget velkommen!" in reply.text
        assert all(question not in m.text for m in await fatma.history())
    engine.dispose()
