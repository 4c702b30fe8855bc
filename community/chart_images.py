"""The dashboard's charts as PNG images, for documents that cannot show SVG (the Word report).

The geometry is community.charts', the one the SVG templates draw; Pillow paints it at twice the
size, so a chart is sharp when printed. Chinese labels need a Chinese font on the server (as the
browser tests do: fonts-wqy-microhei or fonts-noto-cjk); without one, the labels that are not
plain ASCII are left out rather than drawn as empty boxes, and the document's caption and
table still name everything.
"""

from functools import cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .charts import BarChart, LineChart
from .reporting import Chart

SCALE = 2
LEGEND = 28  # room above the plot for the names of a chart's lines
GRID, INK, LABEL = "#dee2e6", "#212529", "#495057"
FONTS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]


@cache
def chinese_font_path() -> str | None:
    return next((path for path in FONTS if Path(path).exists()), None)


@cache
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = chinese_font_path()
    if path is not None:
        return ImageFont.truetype(path, size * SCALE)
    return ImageFont.load_default(size * SCALE)


def drawable(label) -> str:
    """The label as text, or nothing when no Chinese font would draw it."""
    text = str(label)
    return text if chinese_font_path() is not None or text.isascii() else ""


def chart_png(chart: Chart) -> bytes:
    """A chart of the dashboard as a PNG image."""
    drawing = chart.drawing
    legend = LEGEND if isinstance(drawing, LineChart) and len(drawing.series) > 1 else 0
    image = Image.new("RGB", (drawing.width * SCALE, (drawing.height + legend) * SCALE), "white")
    pen = ImageDraw.Draw(image)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * SCALE, (y + legend) * SCALE

    for y, label in drawing.y_ticks:
        pen.line([at(drawing.plot_left, y), at(drawing.plot_right, y)], fill=GRID, width=SCALE)
        pen.text(
            at(drawing.tick_label_x, y), drawable(label), font=font(12), fill=LABEL, anchor="rm"
        )
    if isinstance(drawing, BarChart):
        _bars(pen, drawing, at)
    else:
        _lines(pen, drawing, at)
        if legend:
            _legend(pen, drawing)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _bars(pen: ImageDraw.ImageDraw, drawing: BarChart, at) -> None:
    for bar in drawing.bars:
        if bar.height > 0:
            pen.rectangle(
                [at(bar.x, bar.y), at(bar.x + bar.width, bar.y + bar.height)], fill=drawing.colour
            )
        pen.text(
            at(bar.label_x, bar.y - 4), drawable(bar.value), font=font(12), fill=INK, anchor="ms"
        )
        pen.text(
            at(bar.label_x, drawing.category_label_y),
            drawable(bar.label),
            font=font(12),
            fill=LABEL,
            anchor="ms",
        )


def _lines(pen: ImageDraw.ImageDraw, drawing: LineChart, at) -> None:
    for x, label in drawing.x_labels:
        pen.text(
            at(x, drawing.category_label_y), drawable(label), font=font(12), fill=LABEL, anchor="ms"
        )
    for line in drawing.series:
        points = [at(x, y) for x, y, _value in line.points]
        if len(points) > 1:
            pen.line(points, fill=line.colour, width=3 * SCALE, joint="curve")
        radius = 4 * SCALE
        for x, y in points:
            pen.ellipse([x - radius, y - radius, x + radius, y + radius], fill=line.colour)


def _legend(pen: ImageDraw.ImageDraw, drawing: LineChart) -> None:
    x = drawing.plot_left * SCALE
    middle = LEGEND * SCALE // 2
    for line in drawing.series:
        side = 14 * SCALE
        pen.rectangle([x, middle - side // 2, x + side, middle + side // 2], fill=line.colour)
        x += side + 6 * SCALE
        name = drawable(line.name)
        pen.text((x, middle), name, font=font(13), fill=INK, anchor="lm")
        x += int(pen.textlength(name, font=font(13))) + 24 * SCALE
