"""The running bot's clockwork: the minute tick and the background sender.

Only the leader (`db.leadership`) ticks and sends; any other process running
on the same database answers updates and stands by, trying each minute to
take over. The sender is a task of its own for as long as the bot runs and
leads; handlers only wake it (`Services.wake_sender`) after they commit.
"""

from __future__ import annotations

import asyncio
import logging

from telegram.ext import Application, ContextTypes

from handlers.common import Services
from handlers.delivery import telegram_deliver
from handlers.outgoing import renderer_for
from ops import metrics
from outbox.sender import DrainReport
from scheduling.sending import make_sender
from scheduling.tick import plan, report_announcements

log = logging.getLogger(__name__)

TICK_SECONDS = 60


def schedule(application: Application) -> None:
    if application.job_queue is not None:
        # Added before the scheduler starts: a repeating job's first run would be counted
        # from when the scheduler starts plus a minute; a one-off runs as soon as it starts.
        application.job_queue.run_once(
            tick_job, when=0, name="first tick", job_kwargs={"misfire_grace_time": None}
        )
        application.job_queue.run_repeating(
            tick_job, interval=TICK_SECONDS, first=TICK_SECONDS, name="tick"
        )


async def tick_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    if services.leadership is not None and not services.leadership.try_acquire():
        metrics.set_leader(False)
        return  # a standby: another process ticks and sends
    metrics.set_leader(True)
    start_sender(context.application)  # first: a failed planning must not stop the sending
    now = services.clock()
    with metrics.tick_timer():
        if services.db.kw["bind"].dialect.name == "postgresql":
            # Database work only: in a thread, so updates are answered meanwhile.
            await asyncio.to_thread(plan, services.db, now)
        else:  # SQLite has one writer: planning beside a handler's write would only wait
            plan(services.db, now)
    services.wake_sender()


def start_sender(application: Application) -> None:
    """Start the background sender unless it runs already."""
    services: Services = application.bot_data["services"]
    if services.sender_task is not None and not services.sender_task.done():
        return
    deliver = telegram_deliver(application.bot, renderer_for(services.db), services.limits)
    sender = make_sender(services.db, deliver, services.limits, services.clock)

    def keep_running() -> bool:
        leads = services.leadership is None or services.leadership.held
        return application.running and leads

    def after_pass(report: DrainReport) -> None:
        if report.sent or report.blocked or report.failed:  # an announcement may be complete
            report_announcements(services.db, services.clock())

    services.sender_task = application.create_task(
        sender.run(keep_running, services.sender_wakeup, after_pass), name="outbox sender"
    )
    log.info("the outbox sender is running (%s)", sender.owner)
