from .models import Street


def street(request):
    """The street whose portal this is, for the header and footer of every page."""
    return {"street": Street.objects.current()}


ELDER_MODE_COOKIE = "elder_mode"


def elder_mode(request):
    """长辈模式: larger text and targets, higher contrast; remembered in a cookie."""
    return {"elder_mode": request.COOKIES.get(ELDER_MODE_COOKIE) == "1"}
