"""Charts for the Word reports, drawn with matplotlib as PNG pictures (engine.Chart).

Each chart is its own matplotlib Figure on an Agg canvas: pyplot keeps one global current figure, and
the worker draws reports in several threads at once. The picture is drawn at the size it is placed at
in the document, so a 9-point label prints at 9 points. Numbers on a chart are for the eye only (floats
for the axes); the figures a reader checks are printed in the text and the tables, from economy.figures.

Chinese labels need a CJK font: the first installed of CJK_FAMILIES, looked for on disk too when
matplotlib's font cache predates it. Without one matplotlib draws boxes, so that is logged as a warning
(install fonts-noto-cjk or fonts-wqy-zenhei).
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server; set before anything imports pyplot

from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from parkops.reports.engine import Chart  # noqa: E402

logger = logging.getLogger(__name__)

DPI = 200
MM_PER_INCH = 25.4
# Simplified Chinese faces first; a Japanese or traditional face of the same family still has the hanzi.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Sarasa Gothic SC", "Noto Sans CJK JP", "Noto Sans CJK TC",
)
# Digits and Latin letters fall back to this when the CJK face lacks a glyph (the minus sign, say).
LATIN_FAMILY = "DejaVu Sans"

BLUE, LIGHT_BLUE, RED, GREY = "#2F5597", "#8FAADC", "#C00000", "#7F7F7F"
PALETTE = ("#2F5597", "#C55A11", "#548235", "#BF9000", "#7030A0", "#2E75B6", "#A5A5A5", "#843C0C", "#375623")
LABEL_SIZE, SMALL_SIZE = 9, 7.5
LINE_BOTTOM, LINE_TOP = 0.70, 0.88
# Percentage points the line's band spans at least: a rate moving by tenths should not look like a cliff.
MIN_LINE_RANGE = 4.0


# File names of the faces above (Noto/Source Han ship as .ttc collections, WenQuanYi as wqy-*.ttc).
CJK_FILE_HINTS = ("cjk", "sourcehan", "wqy", "msyh", "simhei", "pingfang", "sarasa")


@functools.cache
def cjk_family() -> str | None:
    """The Chinese font the charts use; None (and a warning, once) when none is installed."""
    family = _installed_cjk_family()
    if family is None and _add_fonts_missing_from_the_cache():
        family = _installed_cjk_family()
    if family:
        return family
    logger.warning("没有找到中文字体（%s），报告图表中的中文将显示为方框；请安装 fonts-noto-cjk 或 fonts-wqy-zenhei。",
                   "、".join(CJK_FAMILIES[:4]))
    return None


def _installed_cjk_family() -> str | None:
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def _add_fonts_missing_from_the_cache() -> bool:
    """matplotlib lists the system's fonts once, in a cache written at its first use: a Chinese font
    installed after that (`make run` on a fresh machine, then the fonts) stays unknown to it. Look on
    disk for such fonts and add them; True when one was added."""
    added = False
    for path in font_manager.findSystemFonts():
        if any(hint in Path(path).name.lower() for hint in CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # a broken or unreadable file: try the next
                continue
            added = True
    return added


def _families() -> list[str]:
    family = cjk_family()
    return [family, LATIN_FAMILY] if family else [LATIN_FAMILY]


def _figure(width_mm: float, height_mm: float) -> Figure:
    figure = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _style(axes, *, grid_axis: str = "y") -> None:
    axes.tick_params(labelsize=LABEL_SIZE, labelfontfamily=_families(), length=0)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis=grid_axis, color="#D9D9D9", linewidth=0.6)
    axes.set_axisbelow(True)


def _png(figure: Figure, width_mm: float, caption: str) -> Chart:
    # Every text (legends, annotations, tick labels) in the CJK face: set per text, not in rcParams,
    # which all threads share.
    for text in figure.findobj(Text):
        text.set_fontfamily(_families())
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return Chart(png=buffer.getvalue(), width_mm=width_mm, caption=caption)


def _number(value: float) -> str:
    return f"{value:.2f}"


def trend_chart(months: Sequence[str], values: Sequence[float | None], growth: Sequence[float | None], *,
                value_label: str, growth_label: str, caption: str = "", width_mm: float = 150,
                height_mm: float = 78) -> Chart:
    """Bars of a cumulative value month by month, and a line of its growth rate (%) on a second axis."""
    figure = _figure(width_mm, height_mm)
    bars_axes = figure.add_subplot()
    positions = list(range(len(months)))
    heights = [value or 0 for value in values]
    bars = bars_axes.bar(positions, heights, width=0.6, color=LIGHT_BLUE, edgecolor=BLUE, linewidth=0.6,
                         label=value_label)
    bars_axes.bar_label(bars, labels=[_number(v) if v is not None else "" for v in values], fontsize=SMALL_SIZE,
                        padding=1.5, color="#404040")
    bars_axes.set_xticks(positions, list(months))
    bars_axes.set_ylabel(value_label, fontsize=LABEL_SIZE)
    # The bars and their labels in the lower 62% of the height, below the growth line.
    bars_axes.set_ylim(0, max(heights + [1]) / 0.62)
    # No scale above the tallest bar, where the growth line runs.
    bars_axes.set_yticks([t for t in bars_axes.get_yticks() if 0 <= t <= max(heights + [1]) * 1.05])
    _style(bars_axes)
    handles = [bars]

    known = [(p, g) for p, g in zip(positions, growth, strict=True) if g is not None]
    if known:
        line_axes = bars_axes.twinx()
        line = line_axes.plot([p for p, _ in known], [g for _, g in known], color=RED, marker="o", markersize=3.5,
                              linewidth=1.4, label=growth_label)[0]
        for position, rate in known:
            line_axes.annotate(f"{rate:.2f}%", (position, rate), textcoords="offset points", xytext=(0, 5),
                               ha="center", fontsize=SMALL_SIZE, color=RED)
        # The line in a band of its own above the bars (which keep the lower part of the chart): its
        # lowest point at 70% of the height, its highest at 88%; each point carries its value, so the
        # second axis has no scale to read.
        low, high = min(g for _, g in known), max(g for _, g in known)
        span = max(high - low, MIN_LINE_RANGE) / (LINE_TOP - LINE_BOTTOM)
        bottom = low - LINE_BOTTOM * span - (span * (LINE_TOP - LINE_BOTTOM) - (high - low)) / 2
        line_axes.set_ylim(bottom, bottom + span)
        line_axes.set_yticks([])
        for side in ("top", "right"):
            line_axes.spines[side].set_visible(False)
        handles.append(line)
    bars_axes.legend(handles=handles, loc="upper left", fontsize=LABEL_SIZE, frameon=False, ncols=2,
                     bbox_to_anchor=(0, 1.13))
    figure.subplots_adjust(left=0.1, right=0.97, top=0.88, bottom=0.1)
    return _png(figure, width_mm, caption)


def bar_chart(names: Sequence[str], values: Sequence[float], notes: Sequence[str], *, value_label: str,
              highlighted: Sequence[bool] = (), caption: str = "", width_mm: float = 150) -> Chart:
    """Horizontal bars, the largest at the top, each with its note at its end ("280.17亿元  +15.97%");
    highlighted bars (the leading industries) darker."""
    highlighted = list(highlighted) or [True] * len(names)
    height_mm = 22 + 9 * len(names)
    figure = _figure(width_mm, height_mm)
    axes = figure.add_subplot()
    positions = list(range(len(names)))[::-1]
    colours = [BLUE if mark else LIGHT_BLUE for mark in highlighted]
    bars = axes.barh(positions, list(values), height=0.6, color=colours)
    axes.bar_label(bars, labels=list(notes), fontsize=SMALL_SIZE, padding=3, color="#404040")
    axes.set_yticks(positions, list(names))
    axes.set_xlabel(value_label, fontsize=LABEL_SIZE)
    axes.set_xlim(0, max(list(values) + [1]) * 1.35)
    _style(axes, grid_axis="x")
    figure.subplots_adjust(left=0.2, right=0.97, top=1 - 6 / height_mm, bottom=14 / height_mm)
    return _png(figure, width_mm, caption)


def share_chart(names: Sequence[str], values: Sequence[float], labels: Sequence[str], *, caption: str = "",
                width_mm: float = 130, height_mm: float = 70) -> Chart:
    """A ring of shares, each part labelled outside with its name and share ("装备制造 46.20%")."""
    figure = _figure(width_mm, height_mm)
    axes = figure.add_subplot()
    wedges, _ = axes.pie(list(values), colors=PALETTE[:len(values)], startangle=90, counterclock=False,
                         wedgeprops={"width": 0.42, "edgecolor": "white", "linewidth": 1})
    for wedge, name, label in zip(wedges, names, labels, strict=True):
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        x, y = math.cos(angle), math.sin(angle)
        axes.annotate(f"{name} {label}", xy=(x * 0.8, y * 0.8), xytext=(x * 1.25, y * 1.18),
                      ha="left" if x >= 0 else "right", va="center", fontsize=LABEL_SIZE,
                      arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.6})
    axes.set_aspect("equal")
    figure.subplots_adjust(left=0.25, right=0.75, top=0.92, bottom=0.08)
    return _png(figure, width_mm, caption)
