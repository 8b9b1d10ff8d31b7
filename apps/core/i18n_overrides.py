"""Strings whose Georgian in Django's or allauth's own catalogue is wrong or reads badly; the project's
catalogue corrects them (the translations are in locale/ka/LC_MESSAGES/django.po).

Never called: makemessages extracts these so that locale/ka carries the corrected Georgian.
"""

from django.utils.translation import gettext_noop, ngettext


def _overrides():  # pragma: no cover
    # Django's Georgian drops the space between the number and the word ("10სიმბოლოს").
    ngettext(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        2,
    )
    # Django's Georgian help text for the minimum length is the error message ("the password is too short").
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        2,
    )
    # Django's admin puts a name into a Georgian sentence where it cannot take its case ending; allauth's and
    # Django's password and e-mail messages read as mistranslations. Better Georgian for each:
    gettext_noop("Delete selected %(verbose_name_plural)s")
    gettext_noop("Change")
    gettext_noop("Add %s")
    gettext_noop("Change %s")
    gettext_noop("View %s")
    gettext_noop("View")
    gettext_noop("Add %(name)s")
    gettext_noop(" By %(filter_title)s ")
    gettext_noop("Recent actions")
    gettext_noop("Change selected %(model)s")
    gettext_noop("Delete selected %(model)s")
    gettext_noop("The password is too similar to the %(verbose_name)s.")
    gettext_noop("Your password can’t be too similar to your other personal information.")
    gettext_noop("Your password can’t be a commonly used password.")
    gettext_noop("The email address is not assigned to any user account.")
    gettext_noop("You must type the same password each time.")
    gettext_noop("Remember Me")
    gettext_noop("primary")
    gettext_noop("email addresses")
    gettext_noop("Password Reset")
    gettext_noop("The following email addresses are associated with your account:")
    gettext_noop("The following email address is associated with your account:")
    gettext_noop("Primary")
    gettext_noop("Make Primary")
    gettext_noop("Re-send Verification")
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first.")
    gettext_noop("You cannot remove your primary email address (%(email)s).")
    gettext_noop("Reset My Password")
    gettext_noop("Please contact us if you have any trouble resetting your password.")
    gettext_noop(
        'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    )
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s.")
    gettext_noop("You can store this secret and use it to reinstall your authenticator app at a later time.")
