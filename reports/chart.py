"""Attendance per session as a PNG that reads on a phone (matplotlib, no display needed).

Square 1080 x 1080 pixels (fills a portrait phone's width in Telegram), big
type, at most the 26 most recent sessions (half a year of weekly meetings),
dates as day/month. Every word comes from `labels` (keys in
`reports.labels.CHART_KEYS`).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")  # headless: the bot runs on a server

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from reports.figures import SessionLine
from reports.labels import CHART_KEYS, require

MAX_BARS = 26
SIZE_INCHES, DPI = 7.2, 150  # 1080 x 1080 pixels
# Okabe-Ito colours: told apart with the common kinds of colour blindness too.
COLOURS = {"attended": "#009E73", "notice": "#E69F00", "no_show": "#D55E00"}
CANCELLED_COLOUR = "#555555"


def short_date(line: SessionLine) -> str:
    """6/1 for 6 January: short, and read the same way in every supported language."""
    return f"{line.day.day}/{line.day.month}"


def attendance_chart(sessions: Sequence[SessionLine], labels: Mapping[str, str]) -> bytes:
    """Stacked bars per session (attended, notice, no-show); a cancelled session is an ×.

    `sessions` are `figures.session_lines(...)` (any order); sessions neither held
    nor cancelled (not yet closed) are left out; the 26 most recent are drawn.
    """
    require(labels, CHART_KEYS)
    shown = sorted(
        (s for s in sessions if s.held or s.cancelled), key=lambda s: (s.starts_at, s.id)
    )
    shown = shown[-MAX_BARS:]
    figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(textwrap.fill(labels["chart.title"], 34), fontsize=24, pad=16)
    if not any(s.held for s in shown):
        axes.text(
            0.5,
            0.5,
            textwrap.fill(labels["chart.empty"], 30),
            ha="center",
            va="center",
            fontsize=22,
            transform=axes.transAxes,
        )
        axes.set_axis_off()
    else:
        _bars(axes, shown, labels)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _bars(axes: Axes, shown: list[SessionLine], labels: Mapping[str, str]) -> None:
    xs = list(range(len(shown)))
    bottom = [0] * len(shown)
    for key in ("attended", "notice", "no_show"):
        values = [getattr(s, key) or 0 for s in shown]
        axes.bar(
            xs,
            values,
            bottom=bottom,
            width=0.8,
            color=COLOURS[key],
            label=labels[f"outcome.{key}"],
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    top = max(max(bottom), 1)
    axes.set_ylim(0, top * 1.08)
    handles, names = axes.get_legend_handles_labels()
    cancelled = [x for x, s in zip(xs, shown, strict=True) if s.cancelled]
    if cancelled:
        axes.plot(
            cancelled,
            [top * 0.04] * len(cancelled),
            linestyle="none",
            marker="x",
            markersize=16,
            markeredgewidth=3,
            color=CANCELLED_COLOUR,
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="x",
                markersize=14,
                markeredgewidth=3,
                color=CANCELLED_COLOUR,
            )
        )
        names.append(labels["session.cancelled"])
    many = len(shown) > 12
    axes.set_xticks(xs, [short_date(s) for s in shown], rotation=90 if many else 0)
    axes.tick_params(axis="x", labelsize=14 if many else 17, length=0)
    axes.tick_params(axis="y", labelsize=17)
    axes.set_xlim(-0.6, len(shown) - 0.4)
    axes.set_ylabel(labels["chart.y_axis"], fontsize=19)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(
        handles,
        names,
        fontsize=17,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 if many else -0.08),
        ncol=2,
        frameon=False,
    )
