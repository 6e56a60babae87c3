"""Attendance per meeting as a PNG for a phone screen (matplotlib, no display needed)."""

from __future__ import annotations

import importlib
import io

import matplotlib

matplotlib.use("Agg")  # headless: the bot runs on a server

import matplotlib.pyplot as plt
from matplotlib import font_manager

from summaries.figures import MeetingCount
from summaries.labels import Label

MAX_BARS = 26  # half a year of weekly meetings still reads on a phone
COLOURS = {"attended": "#2e7d32", "notice": "#f9a825", "no_show": "#c62828"}
# Noto fonts shipped as Python packages, so a fresh `pip install` draws every script of
# the ten languages: Latin with Danish, Polish, Turkish and Somali letters, and Cyrillic
# (Noto Sans); Arabic, Persian and Urdu letters such as HEH GOAL and YEH BARREE (Noto Sans
# Arabic). matplotlib falls back from one family to the next, glyph by glyph.
FONT_PACKAGES = ("fontpkg_noto_sans", "fontpkg_noto_sans_arabic")


def _register_fonts() -> list[str]:
    families = []
    for name in FONT_PACKAGES:
        package = importlib.import_module(name)
        for path in sorted((package.ROOT / "files").glob("*.ttf")):
            font_manager.fontManager.addfont(str(path))
        families.append(package.FAMILY)
    return families


FONT_FAMILIES = [*_register_fonts(), "DejaVu Sans"]  # DejaVu: matplotlib's own, last resort


def attendance_chart(counts: list[MeetingCount], label: Label) -> bytes:
    """Stacked bars per meeting: came, sent word, did not come; cancelled weeks marked ×."""
    shown = counts[-MAX_BARS:]
    with plt.rc_context({"font.family": FONT_FAMILIES}):
        return _draw(shown, label)


def _draw(shown: list[MeetingCount], label: Label) -> bytes:
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
