"""Reading the question a form asks before an irreversible action (static/js/confirm.js shows it)."""

import html
import re


def confirm_of(page: str, action: str) -> str:
    """The data-confirm question of the form that posts to `action`; fails if that form asks nothing."""
    for form in re.findall(r"<form\b[^>]*>", page):
        if f'action="{action}"' in form:
            match = re.search(r'data-confirm="([^"]*)"', form)
            assert match, f"the form posting to {action} asks nothing before it is sent"
            return html.unescape(match.group(1))
    raise AssertionError(f"no form posts to {action}")
