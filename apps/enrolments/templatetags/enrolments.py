"""The offerings part of pages that programmes render: programmes know nothing of offerings, so a programme
version's page (in the provider area) asks for its offerings here, in its template."""

from django import template

from ..selectors import offerings_with_places

register = template.Library()


@register.inclusion_tag("enrolments/_version_offerings.html")
def version_offerings(version, provider):
    """The offerings of a programme version, newest first, with the places taken of each."""
    return {
        "offerings": offerings_with_places().filter(version=version).order_by("-start_date"),
        "provider": provider,
    }
