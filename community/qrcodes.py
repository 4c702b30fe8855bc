"""QR codes drawn as SVG (one path, no inline style): posters, authenticator set-up."""

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
