"""Time-driven core: when groups meet, what is due, and what to send."""
