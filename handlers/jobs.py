"""The running bot's clockwork: the minute tick and the background sender.

Only the leader (`db.leadership`) ticks and sends; any other process running
on the same database answers updates and stands by, trying every
`LEADERSHIP_SECONDS` to take over (and the leader checks as often that it
still leads). A replica that takes over ticks at once and starts its sender,
which takes over the dead leader's claimed rows after `TAKEOVER_GRACE`
rather than when their two-minute lease ends: the reminders a dead leader had
claimed go out within a minute of its death, not three. The sender is a task
of its own for as long as the bot runs and leads; handlers only wake it
(`Services.wake_sender`) after they commit.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

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
# A standby tries to lead this often, and the leader checks it still leads: with a start-up
# of a few seconds, a dead leader's successor sends within about 15 s.
LEADERSHIP_SECONDS = 10
# A leader that merely lost its lock (its database connection broke) notices within
# LEADERSHIP_SECONDS and stops; its claims are taken over after twice that.
TAKEOVER_GRACE = timedelta(seconds=2 * LEADERSHIP_SECONDS)


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
        application.job_queue.run_repeating(
            leadership_job, interval=LEADERSHIP_SECONDS, first=LEADERSHIP_SECONDS, name="leader"
        )


async def leadership_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A standby takes over as soon as the leader is gone; a leader notices it lost the lock."""
    services: Services = context.application.bot_data["services"]
    if services.leadership is None:
        return
    was_leading = services.leadership.held
    if _leads(services) and not was_leading:
        await tick_job(context)  # plan what is due and start sending now, not at the next tick


async def tick_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    if not _leads(services):
        return  # a standby: another process ticks and sends
    start_sender(context.application)  # first: a failed planning must not stop the sending
    now = services.clock()
    with metrics.tick_timer():
        if services.db.kw["bind"].dialect.name == "postgresql":
            # Database work only: in a thread, so updates are answered meanwhile.
            await asyncio.to_thread(plan, services.db, now)
        else:  # SQLite has one writer: planning beside a handler's write would only wait
            plan(services.db, now)
    services.wake_sender()


def _leads(services: Services) -> bool:
    """Lead if nobody does (the leader: check the lock is still ours); a standby says so once."""
    leadership = services.leadership
    if leadership is None:  # tests, or a bot without a database of its own to share
        metrics.set_leader(True)
        return True
    leads = leadership.try_acquire()
    metrics.set_leader(leads)
    if leads:
        services.said_standby = False
    elif not services.said_standby:
        log.info(
            "standby: another process runs the tick and the sender (%s); this one answers "
            "updates and takes over within %s s when that one stops",
            leadership.holder(),
            LEADERSHIP_SECONDS,
        )
        services.said_standby = True
    return leads


def start_sender(application: Application) -> None:
    """Start the background sender unless it runs already."""
    services: Services = application.bot_data["services"]
    if services.sender_task is not None and not services.sender_task.done():
        return
    deliver = telegram_deliver(application.bot, renderer_for(services.db), services.limits)
    sender = make_sender(
        services.db, deliver, services.limits, services.clock, services.settings.sender_in_flight
    )

    def keep_running() -> bool:
        leads = services.leadership is None or services.leadership.held
        return application.running and leads

    def after_pass(report: DrainReport) -> None:
        if report.sent or report.blocked or report.failed:  # an announcement may be complete
            report_announcements(services.db, services.clock())

    taken = sender.take_over(TAKEOVER_GRACE)
    if taken:
        log.info(
            "%s outbox rows were claimed by a sender that is gone; they go out in %s s",
            taken,
            TAKEOVER_GRACE.seconds,
        )
    services.sender_task = application.create_task(
        sender.run(keep_running, services.sender_wakeup, after_pass), name="outbox sender"
    )
    log.info("the outbox sender is running (%s)", sender.owner)
