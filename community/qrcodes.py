"""QR codes drawn as SVG (one path, no inline style): posters, authenticator set-up, and codes
drawn inside a page (`qr_drawing`, with the `_qr_code.html` partial)."""

import functools
from dataclasses import dataclass
from io import BytesIO

import qrcode
import qrcode.image.svg


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str) -> bytes:
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_matrix(data: str) -> list[list[bool]]:
    """The modules of the same QR code, for checking what the SVG draws."""
    return _code(data).get_matrix()


@dataclass(frozen=True)
class QrDrawing:
    """A QR code for an inline <svg> in a template: its side in modules and the path of its dark
    modules. Plain text, so the template escapes it like anything else (no markup marked safe)."""

    size: int
    path: str


@functools.lru_cache(maxsize=1024)
def qr_drawing(data: str) -> QrDrawing:
    """The same QR code as `qr_svg`, each row's runs of dark modules drawn as one rectangle.
    Remembered per text (a page drawing the same link again costs nothing; making a code is
    ~15 ms)."""
    matrix = qr_matrix(data)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start},{y}H{x}V{y + 1}H{start}z")
    return QrDrawing(size=len(matrix), path="".join(runs))
