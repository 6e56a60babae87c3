"""What runs by the clock, above the capabilities it drives.

`tick` plans meetings, queues reminders, follow-ups and digests, closes
finished meetings and reports finished announcements, at one instant. It calls
down into `reminders`, `announcements` and the `outbox`; none of them calls up.
"""
