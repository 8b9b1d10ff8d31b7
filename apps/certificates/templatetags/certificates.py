from django import template

from ..forms import Sharing

register = template.Library()


@register.filter
def sharing_options(credential) -> list[dict]:
    """The learner's choices of what people with the code get, the current one checked."""
    return Sharing.options(credential)
