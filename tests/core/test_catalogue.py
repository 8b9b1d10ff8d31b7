"""No screen a user reaches falls back to English in Georgian mode, the admin included."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from apps.core.catalogues import DOMAINS, entries, georgian_gaps, user_facing_catalogues

PROJECT_LOCALE = Path(__file__).resolve().parents[2] / "locale" / "ka" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_gap_of_the_libraries_catalogues_has_georgian_in_the_projects(domain):
    project = {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(PROJECT_LOCALE / f"{domain}.po"))
        if entry.translated() and "fuzzy" not in entry.flags
    }
    missing = [f"{pkg}: {e.msgid!r}" for pkg, e in georgian_gaps(domain) if (e.msgctxt, e.msgid) not in project]
    assert not missing, "Run `make messages` and translate:\n" + "\n".join(missing[:50])


def test_the_project_catalogue_is_what_users_get():
    with translation.override("ka"):
        assert translation.gettext("Search") == "ძიება"  # the project's word wins over Django's ("ძებნა")
        assert translation.gettext("Page not found") == "გვერდი ვერ მოიძებნა"


# Names and abbreviations that are written the same in Georgian text.
LATIN_EVERYWHERE = {"MicroCred Georgia", "ECTS", "TOTP", "JSON", "WebAuthn"}


class _VisibleText(HTMLParser):
    """The text a person sees, without scripts and styles and without what is marked as in another language
    (the language switch names each language in that language)."""

    VOID = {"input", "img", "br", "hr", "meta", "link", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.texts, self._skip, self._stack = set(), 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return self._attributes(tag, attrs)
        other_language = dict(attrs).get("lang", "ka") != "ka"
        skip = other_language or tag in ("script", "style")
        self._stack.append((tag, skip))
        self._skip += skip
        if not self._skip:
            self._attributes(tag, attrs)

    def _attributes(self, tag, attrs):
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.texts.add(value.strip())
            if tag == "input" and name == "value" and dict(attrs).get("type") == "submit":
                self.texts.add(value.strip())

    def handle_endtag(self, tag):
        # Pop up to the matching start tag: HTML lets some elements (p, li) close implicitly.
        if any(open_tag == tag for open_tag, _ in self._stack):
            while self._stack:
                open_tag, skip = self._stack.pop()
                self._skip -= skip
                if open_tag == tag:
                    break

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.add(" ".join(data.split()))


def english_messages():
    """The English source strings of the admin and the portal that have a different Georgian translation."""
    messages = set()
    with translation.override("ka"):
        for _package, entry in ((p, e) for p, path, _g in user_facing_catalogues() for e in entries(path)):
            plain = not entry.msgid_plural and not entry.msgctxt and len(entry.msgid) > 3 and "%" not in entry.msgid
            if plain and translation.gettext(entry.msgid) != entry.msgid:
                messages.add(entry.msgid)
    return messages


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/user/{admin}/change/",
        "/admin/accounts/user/{admin}/password/",
        "/admin/auth/group/",
        "/admin/auth/group/add/",
        "/admin/accounts/twofactorauthenticator/",
        "/admin/password_change/",
        "/account/login/",
        "/account/signup/",
        "/account/password/reset/",
        "/account/2fa/",
        "/account/2fa/totp/activate",
        "/account/email/",
    ],
)
def test_pages_in_georgian_show_no_english(client, django_user_model, path):
    admin = django_user_model.objects.create_superuser(email="root@example.ge", password="x")
    if not path.startswith(("/account/login", "/account/signup", "/account/password/reset")):
        client.force_login(admin)
    client.cookies["django_language"] = "ka"

    response = client.get(path.format(admin=admin.pk), follow=True)
    assert response.status_code == 200
    parser = _VisibleText()
    parser.feed(response.content.decode())

    leaked = sorted(parser.texts & english_messages())
    assert not leaked, f"English on a Georgian page {path}: {leaked}"
    # Anything else in Latin letters only is English that no catalogue knows (an untranslatable model name,
    # say), apart from the names that stay as they are in every language.
    latin_only = {t for t in parser.texts if re.fullmatch(r"[A-Za-z][A-Za-z ,.:;'()/-]{3,}", t)}
    assert not latin_only - LATIN_EVERYWHERE, f"English on a Georgian page {path}: {sorted(latin_only)}"


@pytest.mark.django_db
def test_the_admin_speaks_english_when_asked(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@example.ge", password="x")
    client.force_login(admin)
    client.cookies["django_language"] = "en"

    body = client.get(reverse("admin:index")).content.decode()
    assert "MicroCred Georgia: administration" in body


@pytest.mark.django_db
def test_the_admin_scripts_speak_georgian(admin_client):
    admin_client.cookies["django_language"] = "ka"
    catalogue = admin_client.get("/admin/jsi18n/").content.decode()
    # Calendar widgets: the month names that Django's Georgian script catalogue lacks.
    assert "\\u10d8\\u10d0\\u10dc\\u10d5\\u10d0\\u10e0\\u10d8" in catalogue or "იანვარი" in catalogue
