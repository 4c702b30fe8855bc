"""The printable 功德榜 poster: its QR code leads to the board's page."""

from community.qrcodes import qr_matrix, qr_svg

__all__ = ["qr_matrix", "qr_svg"]
