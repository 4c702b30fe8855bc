"""Documents staff publish (newsletter issues, study plans): PDF files only, at most 20 MB.

No PDF library is installed, so a PDF is recognised by its frame: it starts with the `%PDF-1.x`
header and ends with the `%%EOF` trailer (in its last kilobyte, as PDF readers allow). Whatever
name it came with, it is stored under a .pdf name, which nginx serves as a download that cannot
run as a page of the portal (deploy/nginx-portal.conf). An HTML page named .pdf is refused.
"""

import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024
HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
TRAILER = b"%%EOF"
TRAILER_WINDOW = 1024


def validate_pdf(file) -> None:
    """Refuse a new upload that is not a PDF or is larger than 20 MB. A file stored earlier was
    checked when it came, and is not read again each time its record is saved."""
    if getattr(file, "_committed", False):
        return
    if file.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="too_large")
    file.seek(0)
    head = file.read(16)
    file.seek(max(file.size - TRAILER_WINDOW, 0))
    tail = file.read()
    file.seek(0)
    if not HEADER.match(head) or TRAILER not in tail:
        raise ValidationError(_("Only PDF files are accepted."), code="not_pdf")


@deconstructible
class PdfName:
    """`upload_to` for a PDF: the name it came with, in `folder`, ending in .pdf."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return f"{self.folder}/{PurePath(filename).stem or 'document'}.pdf"

    def __eq__(self, other):
        return isinstance(other, PdfName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)
