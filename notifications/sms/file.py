import json
import os
from pathlib import Path

from django.conf import settings


class SmsBackend:
    """Appends each SMS as one JSON line to `NOTIFICATIONS_SMS_FILE_PATH`/sms.jsonl, where tests
    and the developer read them; safe for several worker processes (one append per line)."""

    def send(self, mobile: str, text: str, reference: str) -> str:
        folder = Path(settings.NOTIFICATIONS_SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"to": mobile, "text": text, "ref": reference}, ensure_ascii=False)
        fd = os.open(folder / "sms.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)
        return f"file-{reference}"
