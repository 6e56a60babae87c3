"""Updates run side by side between people, and in order for each person."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User

from handlers.processing import MeteredUpdateProcessor

PARENTS = {"Amina": 11, "Fatma": 12}


def text_from(name: str, update_id: int) -> Update:
    user = User(PARENTS[name], name, is_bot=False)
    chat = Chat(PARENTS[name], Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, None, chat, from_user=user, text="hej"))


async def test_one_parent_waiting_for_telegram_does_not_hold_up_another() -> None:
    processor = MeteredUpdateProcessor()
    answer_to_amina = asyncio.Event()
    done: list[str] = []

    async def handle(label: str, waits_for: asyncio.Event | None = None) -> None:
        if waits_for is not None:
            await waits_for.wait()  # the Bot API has not answered yet
        await asyncio.sleep(0)
        done.append(label)

    amina_first = asyncio.create_task(
        processor.process_update(text_from("Amina", 1), handle("amina 1", answer_to_amina))
    )
    amina_second = asyncio.create_task(
        processor.process_update(text_from("Amina", 2), handle("amina 2"))
    )
    fatma = asyncio.create_task(processor.process_update(text_from("Fatma", 3), handle("fatma")))
    await asyncio.wait_for(fatma, 1)
    assert done == ["fatma"]  # Fatma is answered while Amina's first update still waits
    assert not amina_second.done()  # Amina's second waits for her first: her order holds

    answer_to_amina.set()
    await asyncio.wait_for(asyncio.gather(amina_first, amina_second), 1)
    assert done == ["fatma", "amina 1", "amina 2"]
    assert processor._turns == {}  # nobody's turn is kept once her updates are done


async def test_a_flood_from_one_person_takes_one_place_not_all() -> None:
    processor = MeteredUpdateProcessor(max_concurrent_updates=2)
    release = asyncio.Event()
    done: list[str] = []

    async def handle(label: str) -> None:
        await release.wait()
        done.append(label)

    flood = [
        asyncio.create_task(processor.process_update(text_from("Amina", n), handle(f"a{n}")))
        for n in range(10)
    ]

    async def fatma_handle() -> None:
        done.append("fatma")

    fatma = asyncio.create_task(processor.process_update(text_from("Fatma", 99), fatma_handle()))
    await asyncio.wait_for(fatma, 1)
    assert done == ["fatma"]
    release.set()
    await asyncio.wait_for(asyncio.gather(*flood), 1)
    assert done == ["fatma"] + [f"a{n}" for n in range(10)]
