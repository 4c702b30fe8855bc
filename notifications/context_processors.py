from django.utils.functional import SimpleLazyObject


def unread(request):
    """The number of unread messages for the header's badge; counted only when shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        return user.messages.unread().count()

    return {"unread_messages": SimpleLazyObject(count)}
