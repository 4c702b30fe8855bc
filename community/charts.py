"""Charts drawn on the server as SVG: readable when printed, no script needed.

This module computes the geometry; `templates/_line_chart.html` draws it, so every label is
escaped by the template engine. Every chart also has its numbers in a table beside it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
PALETTE = ["#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"]


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
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    series: list[Series]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    tick_label_x: int = LEFT - 8
    category_label_y: int = HEIGHT - BOTTOM + 20


def line_chart(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    maximum: float | None = None,
) -> LineChart:
    """A line per series over shared categories (terms, months); None leaves a gap."""
    values = [v for row in series.values() for v in row if v is not None]
    top = maximum or max(values, default=0) or 1
    span_x = (WIDTH - RIGHT - LEFT) / max(len(categories) - 1, 1)
    span_y = HEIGHT - BOTTOM - TOP

    def x_of(index: int) -> float:
        return LEFT + index * span_x if len(categories) > 1 else (LEFT + WIDTH - RIGHT) / 2

    def y_of(value: float) -> float:
        return TOP + span_y * (1 - value / top)

    lines = []
    for n, (name, row) in enumerate(series.items()):
        points = [(x_of(i), y_of(v), f"{v:g}") for i, v in enumerate(row) if v is not None]
        lines.append(Series(name=name, colour=PALETTE[n % len(PALETTE)], points=points))
    ticks = [(y_of(top * step / 4), f"{top * step / 4:g}") for step in range(5)]
    return LineChart(
        title=title,
        x_labels=[(x_of(i), label) for i, label in enumerate(categories)],
        y_ticks=ticks,
        series=lines,
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


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    y_ticks: list[tuple[float, str]]
    colour: str = PALETTE[0]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    tick_label_x: int = LEFT - 8
    category_label_y: int = HEIGHT - BOTTOM + 20


def bar_chart(
    title: str, values: Sequence[tuple[str, float]], *, maximum: float | None = None
) -> BarChart:
    """One bar per category."""
    top = maximum or max((v for _label, v in values), default=0) or 1
    span_y = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - RIGHT - LEFT) / max(len(values), 1)
    bars = []
    for n, (label, value) in enumerate(values):
        height = span_y * value / top
        x = LEFT + n * slot + slot * 0.15
        bars.append(
            Bar(
                x=x,
                y=TOP + span_y - height,
                width=slot * 0.7,
                height=height,
                label=label,
                value=f"{value:g}",
                label_x=x + slot * 0.35,
            )
        )
    ticks = [(TOP + span_y * (1 - step / 4), f"{top * step / 4:g}") for step in range(5)]
    return BarChart(title=title, bars=bars, y_ticks=ticks)
