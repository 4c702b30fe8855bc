"""`{{ name|public }}`: a name or text on a public page, with any mobile number masked."""

from django import template

from community.masking import public_text

register = template.Library()


@register.filter
def public(text) -> str:
    return public_text(str(text or ""))
