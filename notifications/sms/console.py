import sys


class SmsBackend:
    """Prints each SMS (development)."""

    def send(self, mobile: str, text: str, reference: str) -> str:
        sys.stdout.write(f"SMS to {mobile} [{reference}]: {text}\n")
        sys.stdout.flush()
        return f"console-{reference}"
