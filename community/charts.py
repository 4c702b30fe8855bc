"""Charts drawn on the server as SVG: readable when printed, no script needed.

This module computes the geometry; `templates/_line_chart.html` draws it, so every label is
escaped by the template engine. Every chart also has its numbers in a table beside it.

The value axis counts in round steps (0, 250, 500, …) up to the first step that covers the
largest value. The labels of the other axis are spaced so none is cut off at the chart's edge or
touches the next: where they would, only every second (third, …) is drawn. On a phone the chart
is half as wide, so `portal.css` draws the axes' labels larger there (`PHONE_FONT_SIZE`) and hides
the ones marked minor; the spacing here is worked out for both sizes. The labels under the plot
hang from `category_label_top`, so a larger font grows away from the plot, not into it
(`category_label_y` is their baseline at the normal size, for `chart_images`).
"""

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import pgettext_lazy

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
FONT_SIZE = 12  # of the axes' labels, as the templates draw them
PHONE_FONT_SIZE = 20  # as portal.css draws them on a phone
PHONE_BAR_FONT_SIZE = 16  # a bar's label, on a phone, where it fits
LABEL_GAP = 8  # at least between two labels of an axis, and between a label and the plot
LINE_HEIGHT = 14  # of a bar's label on several lines (1.2 em of FONT_SIZE)
PALETTE = ["#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"]

MONTHS = [
    pgettext_lazy("month on a chart's axis", "Jan"),
    pgettext_lazy("month on a chart's axis", "Feb"),
    pgettext_lazy("month on a chart's axis", "Mar"),
    pgettext_lazy("month on a chart's axis", "Apr"),
    pgettext_lazy("month on a chart's axis", "May"),
    pgettext_lazy("month on a chart's axis", "Jun"),
    pgettext_lazy("month on a chart's axis", "Jul"),
    pgettext_lazy("month on a chart's axis", "Aug"),
    pgettext_lazy("month on a chart's axis", "Sep"),
    pgettext_lazy("month on a chart's axis", "Oct"),
    pgettext_lazy("month on a chart's axis", "Nov"),
    pgettext_lazy("month on a chart's axis", "Dec"),
]


def month_labels() -> list[str]:
    """The twelve months of a year's axis and table, in order: 1月 … 12月 (Jan … Dec)."""
    return [str(month) for month in MONTHS]


def year_labels(first: int, last: int) -> list[str]:
    """The years of an axis, in order and as written: 2022 … 2026 (never 2,022)."""
    return [str(year) for year in range(first, last + 1)]


def ticks(maximum: float, *, whole: bool = False, most: int = 5) -> list[Decimal]:
    """Values of the value axis, from 0 to the first round number that covers `maximum`.

    The step is 1, 2 or 5 × 10ⁿ (or 25, 250, …, so a scale to 1,250 need not go on to 1,500),
    the smallest that needs at most `most` steps; `whole` keeps the steps of a count whole.
    """
    top = Decimal(repr(float(maximum))) if maximum and maximum > 0 else Decimal(1)
    magnitude = Decimal(10) ** (top / most).adjusted()
    if whole:
        magnitude = max(magnitude, Decimal(1))
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if factor == Decimal("2.5") and magnitude < 10:
            continue  # 2.5 and 7.5 would need a digit more than the values
        step = factor * magnitude
        if math.ceil(top / step) <= most:
            break
    return [step * n for n in range(math.ceil(top / step) + 1)]


def number_label(value: float | Decimal) -> str:
    """A number with the digits it needs: 1250, 7.5, 0.05; never 1250.0 or 1.25e+03. A value
    measured (not a tick) is shown to one decimal, as the table beside the chart shows it."""
    if not isinstance(value, Decimal):
        value = Decimal(repr(float(value))).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value.normalize():f}"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """About how wide a label is drawn: a Chinese character a full em, a digit or letter less."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.62 for c in text)


def _value_axis(values: Sequence[float], maximum: float | None) -> tuple[list[Decimal], float]:
    """The values of the ticks, and the top of the scale they make."""
    whole = all(float(v).is_integer() for v in values)
    tick_values = ticks(maximum or max(values, default=0), whole=whole)
    return tick_values, float(tick_values[-1])


def _plot_left(tick_labels: Sequence[str]) -> float:
    """Where the plot begins: right of the widest tick label, at a phone's size too."""
    widest = max((text_width(label, PHONE_FONT_SIZE) for label in tick_labels), default=0)
    return max(LEFT, widest + LABEL_GAP + 2)


def _every(widths: Sequence[float], spacing: float) -> int:
    """Every how many labels one can be drawn, so that none touches the next."""
    if len(widths) < 2 or spacing <= 0:
        return 1
    return max(1, math.ceil((max(widths) + LABEL_GAP) / spacing))


@dataclass
class Series:
    name: str
    colour: str
    points: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, value label

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _label in self.points)


@dataclass
class LineChart:
    title: str
    x_labels: list[tuple[float, str]]  # the labels drawn, where they are
    y_ticks: list[tuple[float, str]]
    series: list[Series]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    tick_label_x: float = LEFT - LABEL_GAP
    category_label_y: int = HEIGHT - BOTTOM + 20
    category_label_top: int = HEIGHT - BOTTOM + 12
    phone_every: int = 1  # a phone shows every how many of `x_labels`

    @property
    def axis_labels(self) -> list[tuple[float, str, bool]]:
        """The labels under the plot: where, what, and whether a phone leaves it out."""
        return [(x, label, n % self.phone_every != 0) for n, (x, label) in enumerate(self.x_labels)]


def line_chart(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    maximum: float | None = None,
) -> LineChart:
    """A line per series over shared categories (terms, months, years); None leaves a gap."""
    categories = [str(category) for category in categories]
    values = [v for row in series.values() for v in row if v is not None]
    tick_values, top = _value_axis(values, maximum)
    tick_labels = [number_label(value) for value in tick_values]
    # The first and the last label are centred on their point: the plot leaves them room.
    left, right = _plot_left(tick_labels), WIDTH - RIGHT
    if categories:
        left = max(left, text_width(categories[0], PHONE_FONT_SIZE) / 2 + 2)
        right = min(right, WIDTH - text_width(categories[-1], PHONE_FONT_SIZE) / 2 - 2)
    spacing = (right - left) / max(len(categories) - 1, 1)
    every = _every([text_width(label) for label in categories], spacing)
    on_phone = _every([text_width(label, PHONE_FONT_SIZE) for label in categories], spacing)
    span_y = HEIGHT - BOTTOM - TOP

    def x_of(index: int) -> float:
        return left + index * spacing if len(categories) > 1 else (left + right) / 2

    def y_of(value: float) -> float:
        return TOP + span_y * (1 - float(value) / top)

    lines = []
    for n, (name, row) in enumerate(series.items()):
        points = [(x_of(i), y_of(v), number_label(v)) for i, v in enumerate(row) if v is not None]
        lines.append(Series(name=name, colour=PALETTE[n % len(PALETTE)], points=points))
    return LineChart(
        title=title,
        x_labels=[(x_of(i), label) for i, label in enumerate(categories) if i % every == 0],
        y_ticks=[
            (y_of(value), label) for value, label in zip(tick_values, tick_labels, strict=True)
        ],
        series=lines,
        plot_left=left,
        plot_right=right,
        tick_label_x=left - LABEL_GAP,
        phone_every=math.ceil(on_phone / every),
    )


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    label_x: float
    label_lines: list[str] = field(default_factory=list)  # the label as drawn, line by line


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    y_ticks: list[tuple[float, str]]
    colour: str = PALETTE[0]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: float = LEFT
    plot_right: int = WIDTH - RIGHT
    tick_label_x: float = LEFT - LABEL_GAP
    category_label_y: int = HEIGHT - BOTTOM + 20
    category_label_top: int = HEIGHT - BOTTOM + 12
    labels_grow: bool = True  # whether a phone may draw the bars' labels larger: they fit


def label_lines(label: str, room: float) -> list[str]:
    """A bar's label on as many lines as it needs to fit the bar's room: broken between words,
    or a Chinese label into equal parts."""
    if text_width(label) <= room:
        return [label]
    separator = " " if " " in label else ""
    lines, line = [], ""
    for token in label.split(" ") if separator else label:
        longer = f"{line}{separator}{token}" if line else token
        if line and text_width(longer) > room:
            lines.append(line)
            line = token
        else:
            line = longer
    lines.append(line)
    if not separator:
        size = math.ceil(len(label) / len(lines))
        lines = [label[n : n + size] for n in range(0, len(label), size)]
    return lines


def bar_chart(
    title: str, values: Sequence[tuple[str, float]], *, maximum: float | None = None
) -> BarChart:
    """One bar per category."""
    tick_values, top = _value_axis([v for _label, v in values], maximum)
    tick_labels = [number_label(value) for value in tick_values]
    left = _plot_left(tick_labels)
    slot = (WIDTH - RIGHT - left) / max(len(values), 1)
    room = slot - LABEL_GAP
    lines = [label_lines(str(label), room) for label, _value in values]
    extra = max((len(label) for label in lines), default=1) - 1
    span_y = HEIGHT - BOTTOM - TOP
    bars = []
    for n, (label, value) in enumerate(values):
        height = span_y * value / top
        x = left + n * slot + slot * 0.15
        bars.append(
            Bar(
                x=x,
                y=TOP + span_y - height,
                width=slot * 0.7,
                height=height,
                label=label,
                value=number_label(value),
                label_x=x + slot * 0.35,
                label_lines=lines[n],
            )
        )
    return BarChart(
        title=title,
        bars=bars,
        y_ticks=[
            (TOP + span_y * (1 - float(value) / top), label)
            for value, label in zip(tick_values, tick_labels, strict=True)
        ],
        height=HEIGHT + extra * LINE_HEIGHT,
        plot_left=left,
        tick_label_x=left - LABEL_GAP,
        labels_grow=not extra
        and all(text_width(str(label), PHONE_BAR_FONT_SIZE) <= room for label, _value in values),
    )
