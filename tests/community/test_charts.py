"""The charts' axes: round ticks that cover the data, and time labels in order, whole and apart."""

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from community.charts import (
    FONT_SIZE,
    PHONE_BAR_FONT_SIZE,
    PHONE_FONT_SIZE,
    WIDTH,
    bar_chart,
    line_chart,
    month_labels,
    number_label,
    text_width,
    ticks,
    year_labels,
)

MAXIMA = [0, 1, 7, 8.25, 86.25, 99, 100, 357.5, 1430, 1072.5]
ROUND_STEPS = {Decimal(1), Decimal(2), Decimal(5), Decimal(25)}


def is_round(step: Decimal) -> bool:
    """1, 2 or 5 × 10ⁿ, or 25 × 10ⁿ (25, 250, 2500)."""
    digits = step.normalize().as_tuple().digits
    return Decimal("".join(map(str, digits))) in ROUND_STEPS


@pytest.mark.parametrize("whole", [False, True])
@pytest.mark.parametrize("maximum", MAXIMA)
def test_the_ticks_are_round_steps_from_zero_that_cover_the_maximum(maximum, whole):
    values = ticks(maximum, whole=whole)
    steps = {b - a for a, b in zip(values, values[1:], strict=False)}

    assert values[0] == 0 and len(steps) == 1
    (step,) = steps
    assert is_round(step)
    assert values[-1] >= Decimal(str(maximum)) and values[-2] < max(Decimal(str(maximum)), 1)
    assert 2 <= len(values) <= 6
    assert not whole or step == step.to_integral_value()


@pytest.mark.parametrize(
    ("maximum", "labels"),
    [
        (0, ["0", "1"]),
        (7, ["0", "2", "4", "6", "8"]),
        (86.25, ["0", "20", "40", "60", "80", "100"]),
        (357.5, ["0", "100", "200", "300", "400"]),
        (1072.5, ["0", "250", "500", "750", "1000", "1250"]),
        (1430, ["0", "500", "1000", "1500"]),
    ],
)
def test_the_ticks_of_the_walkthroughs_charts_read_as_people_count(maximum, labels):
    assert [number_label(value) for value in ticks(maximum, whole=True)] == labels


def test_a_number_is_labelled_with_the_digits_it_needs():
    assert [number_label(v) for v in (0.0, 1430.0, 85.44, 2.25, 1234567.0)] == [
        "0",
        "1430",
        "85.4",
        "2.3",
        "1234567",
    ]
    assert [number_label(v) for v in ticks(0.2)] == ["0", "0.05", "0.1", "0.15", "0.2"]


def svg_texts(svg: str, css_class: str, anchor: str = "middle") -> list[str]:
    """The labels of one axis: the value axis's end at the plot, the others are centred."""
    pattern = rf'<text class="{css_class}[^"]*"[^>]*text-anchor="{anchor}"[^>]*>([^<]*)</text>'
    return re.findall(pattern, svg)


@pytest.mark.parametrize("maximum", MAXIMA)
def test_a_charts_svg_has_no_tick_label_with_more_digits_than_needed(maximum):
    spread = [maximum * n / 11 for n in range(12)]
    svg = render_to_string(
        "_line_chart.html", {"chart": line_chart("Sign-ups", month_labels(), {"Sign-ups": spread})}
    )
    y_labels = svg_texts(svg, "chart-axis", anchor="end")

    assert y_labels[0] == "0"
    for label in y_labels:
        assert re.fullmatch(r"\d+(\.\d)?", label), label
        assert not label.endswith(".0")
        assert Decimal(label) == 0 or Decimal(label) % (Decimal(y_labels[1])) == 0
    assert float(y_labels[-1]) >= maximum


def test_the_months_are_in_order_under_a_years_line():
    with translation.override("en"):
        chart = line_chart("Sign-ups", month_labels(), {"Sign-ups": [float(n) for n in range(12)]})
        svg = render_to_string("_line_chart.html", {"chart": chart})

    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert [label for _x, label in chart.x_labels] == months
    assert svg_texts(svg, "chart-axis")[-12:] == months
    xs = [x for x, _label in chart.x_labels]
    assert xs == sorted(xs)


def test_years_are_written_as_years():
    chart = line_chart("Deeds", year_labels(2022, 2026), {"Deeds": [70, 85, 100, 120, 135]})

    assert [label for _x, label in chart.x_labels] == ["2022", "2023", "2024", "2025", "2026"]


def extents(chart, size):
    labels = [(x, label) for x, label, minor in chart.axis_labels if size == FONT_SIZE or not minor]
    return [
        (x - text_width(label, size) / 2, x + text_width(label, size) / 2) for x, label in labels
    ]


@pytest.mark.parametrize(
    "categories",
    [
        [f"{year} {season} term" for year in range(2022, 2027) for season in ("spring", "autumn")],
        [f"{year}年{season}季学期" for year in range(2022, 2027) for season in "春秋"],
        [f"{year}-autumn" for year in (2025, 2026)],
        ["2026年秋季学期"],
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        [f"{m}月" for m in range(1, 13)],
    ],
)
def test_no_label_of_the_time_axis_is_cut_off_or_touches_the_next(categories):
    """On a screen and, with the labels a phone draws larger and the ones it leaves out, on a
    phone: every label lies inside the chart and clear of its neighbours."""
    chart = line_chart("Scores", categories, {"Maths": [50.0] * len(categories)}, maximum=100)

    assert chart.x_labels[0][1] == categories[0]
    for size in (FONT_SIZE, PHONE_FONT_SIZE):
        drawn = extents(chart, size)
        assert drawn[0][0] >= 0 and drawn[-1][1] <= WIDTH
        for (_start, end), (start, _end) in zip(drawn, drawn[1:], strict=False):
            assert start > end


def test_a_long_bar_label_goes_on_two_lines_and_the_chart_makes_room():
    chart = bar_chart(
        "Courses per category",
        [(name, 3.0) for name in ("Skills", "Arts", "Taste", "Party member education", "Cadre")]
        + [("Knowledge", 1.0), ("Service", 2.0)],
    )
    slot = chart.bars[1].x - chart.bars[0].x

    party = chart.bars[3]
    assert len(party.label_lines) > 1 and " ".join(party.label_lines) == party.label
    assert chart.height == 320 + (len(party.label_lines) - 1) * 14 and not chart.labels_grow
    for bar in chart.bars:
        assert all(text_width(line) < slot for line in bar.label_lines)
    svg = render_to_string("_bar_chart.html", {"chart": chart})
    assert f'<tspan x="{party.label_x:.1f}" dy="1.2em">education</tspan>' in svg


def test_a_long_chinese_bar_label_is_split_evenly():
    chart = bar_chart("Courses", [(f"第{n}类课程的很长名称", 1.0) for n in range(7)])

    assert chart.bars[0].label_lines == ["第0类课程", "的很长名称"]


def test_short_bar_labels_stay_on_one_line_and_grow_on_a_phone():
    chart = bar_chart("Passed", [("英语", 90.0), ("计算机", 83.0), ("三项全部", 65.5)], maximum=100)

    assert [bar.label_lines for bar in chart.bars] == [["英语"], ["计算机"], ["三项全部"]]
    assert chart.labels_grow and chart.height == 320
    slot = chart.bars[1].x - chart.bars[0].x
    assert all(text_width(bar.label, PHONE_BAR_FONT_SIZE) < slot for bar in chart.bars)
    assert [label for _y, label in chart.y_ticks] == ["0", "20", "40", "60", "80", "100"]
