"""Every page says what the browser may run and use: a strict Content-Security-Policy (scripts, styles and
images from the portal only, nothing inline) and a Permissions-Policy that turns off the devices and features
the portal never uses. The templates hold no inline script or event handler that such a policy would block."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory

ROOT = Path(__file__).resolve().parents[2]
STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "display-capture"]


def policy(response):
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def permissions(response):
    return dict(part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(","))


def assert_strict(response):
    directives = policy(response)
    for name, values in STRICT.items():
        assert directives.get(name) == values, (name, directives.get(name))
    for values in directives.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(values), directives
    features = permissions(response)
    for feature in DENIED_FEATURES:
        assert features.get(feature) == "()", (feature, features.get(feature))
    # The copy buttons write to the clipboard: it stays with the portal's own pages.
    assert "clipboard-write" not in features


@pytest.fixture
def provider_admin(db):
    return MembershipFactory(role="admin").user


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/verify/", "/verify/ABCDE-ABCDE-ABCDE/", "/registry/programmes/", "/nowhere/"])
def test_public_pages_carry_the_strict_policies(client, url):
    assert_strict(client.get(url))


def test_the_provider_area_carries_the_strict_policies(client, provider_admin):
    client.force_login(provider_admin)
    response = client.get(reverse("providers:home"))
    assert response.status_code == 200
    assert_strict(response)


def test_the_admin_carries_the_strict_policies(client, reviewer):
    client.force_login(reviewer)
    for url in ("/admin/", "/admin/providers/authorizationapplication/?status__in=submitted,under_review"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


@pytest.mark.django_db
def test_the_api_docs_run_no_inline_script_and_only_they_may_apply_inline_style(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert {name: values for name, values in directives.items() if name != "style-src"} == {
        name: values for name, values in policy(client.get("/")).items() if name != "style-src"
    }
    # Swagger UI's start-up script comes from the portal, as a file of its own.
    page = response.content.decode()
    assert not re.search(r"<script>(?!\s*</script>)", page)
    assert 'src="/api/docs/?script="' in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
# A <script> with a body that is not data, an on…= handler attribute, a javascript: URL, and inline style.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT / "templates")))
def test_templates_hold_nothing_the_policy_would_block(template):
    text = template.read_text()
    for pattern in (INLINE_SCRIPT, HANDLER, JAVASCRIPT_URL, INLINE_STYLE):
        assert not pattern.search(text), f"{template.name}: {pattern.search(text).group(0)}"
