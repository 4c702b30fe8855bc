from .models import Street


def street(request):
    """The street whose portal this is, for the header and footer of every page."""
    return {"street": Street.objects.current()}
