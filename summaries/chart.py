"""Attendance per meeting as a PNG for a phone screen (matplotlib, no display needed)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # headless: the bot runs on a server

import matplotlib.pyplot as plt

from summaries.figures import SessionCount
from summaries.labels import Label

MAX_BARS = 26  # half a year of weekly meetings still reads on a phone
COLOURS = {"attended": "#2e7d32", "notice": "#f9a825", "no_show": "#c62828"}


def attendance_chart(counts: list[SessionCount], label: Label) -> bytes:
    """Stacked bars per meeting: came, sent word, did not come; cancelled weeks marked ×."""
    shown = counts[-MAX_BARS:]
    figure, axes = plt.subplots(figsize=(7.2, 7.2), dpi=150)  # 1080 x 1080 pixels
    try:
        xs = list(range(len(shown)))
        bottom = [0] * len(shown)
        for key in ("attended", "notice", "no_show"):
            values = [getattr(c, key) for c in shown]
            axes.bar(xs, values, bottom=bottom, color=COLOURS[key], label=label(key))
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        cancelled = [x for x, c in zip(xs, shown, strict=True) if c.cancelled]
        if cancelled:
            axes.scatter(
                cancelled,
                [0.3] * len(cancelled),
                marker="x",
                s=120,
                color="#555555",
                label=label("cancelled"),
                zorder=3,
            )
        axes.set_xticks(
            xs, [c.session.starts_at.strftime("%d/%m") for c in shown], rotation=60, fontsize=11
        )
        axes.set_title(label("chart_title"), fontsize=18)
        axes.set_ylabel(label("families"), fontsize=14)
        axes.tick_params(axis="y", labelsize=12)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        if shown:
            axes.legend(fontsize=12, loc="upper left", frameon=False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)
