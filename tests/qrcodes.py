import re

from community.qrcodes import qr_matrix

# One run of dark modules in a row, as `community.qrcodes.qr_drawing` draws it.
RUN = re.compile(r"M(\d+),(\d+)H(\d+)V\d+H\d+z")


def drawn_modules(page: str, css_class: str = "qr-code") -> set[tuple[int, int]]:
    """The dark modules of the inline <svg class="qr-code"> in a page."""
    svg = re.search(rf'<svg class="{css_class}"[^>]*>.*?</svg>', page, re.S)
    path = re.search(r'<path d="([^"]*)"', svg.group(0)) if svg else None
    if path is None:
        return set()
    return {
        (x, int(y))
        for start, y, end in RUN.findall(path.group(1))
        for x in range(int(start), int(end))
    }


def dark_modules(data: str) -> set[tuple[int, int]]:
    """The dark modules of the QR code of this text."""
    return {(x, y) for y, row in enumerate(qr_matrix(data)) for x, dark in enumerate(row) if dark}
