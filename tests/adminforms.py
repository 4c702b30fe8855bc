"""What a browser would post back from an admin form: every field as the page shows it."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            # The admin's change form, or the page's main post form (not the logout button's).
            wanted = attrs.get("id", "").endswith("_form") or "logout" not in attrs.get(
                "action", ""
            )
            self.in_form = wanted and not self.data
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.textarea:
            if not self.data[self.textarea][0]:
                data = data.removeprefix("\n")  # as browsers read a textarea
            self.data[self.textarea][0] += data


def form_data(response, **changes) -> dict:
    """The fields of the page's post form, with some changed (None removes a field)."""
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {name: values if len(values) != 1 else values[0] for name, values in parser.data.items()}
    data = {name: value for name, value in data.items() if value != []}
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
