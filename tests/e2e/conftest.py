"""Browser tests: Playwright drives Debian's Chromium (Playwright's own browser download needs the internet)
against a live server started by the test."""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# Reports every Content-Security-Policy violation of the page to the test, whatever the page does itself. Init
# scripts and bindings come in through the DevTools protocol, so the page's own policy does not stop them.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile || document.URL}:${event.lineNumber}`;
  window.__reportPolicyViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""
# What Chromium writes to the console when a policy blocks something or a policy header is malformed.
_POLICY_MESSAGES = ("Content Security Policy", "Refused to", "Permissions-Policy", "Permissions policy")


def watch_policies(context):
    """Collect, for the whole context, the console messages and securitypolicyviolation events that say a
    Content-Security-Policy or Permissions-Policy got in a page's way."""
    problems = []
    context.expose_binding("__reportPolicyViolation", lambda source, text: problems.append(f"violation: {text}"))
    context.add_init_script(_REPORT_VIOLATIONS)

    def on_console(message):
        if any(words in message.text for words in _POLICY_MESSAGES):
            problems.append(f"console {message.type} at {message.location.get('url')}: {message.text}")

    context.on("console", on_console)
    return problems


def fail_on_policy_problems(context, problems):
    from playwright.sync_api import Error as PlaywrightError

    for open_page in context.pages:
        # Lets the events still queued for this page arrive; a page closing or navigating has none to send.
        with contextlib.suppress(PlaywrightError):
            open_page.evaluate("0")
    if problems:
        pytest.fail("The pages broke their security policies:\n" + "\n".join(dict.fromkeys(problems)), pytrace=False)


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, locale="ka-GE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    problems = watch_policies(context)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    fail_on_policy_problems(context, problems)
    context.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """Another person's browser: page(language) opens a fresh context, so two people can act in one test."""
    contexts = []

    def open_page(language="ka"):
        context = browser.new_context(
            base_url=live_server.url, locale=language, viewport={"width": 1280, "height": 900}
        )
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        context.set_default_timeout(15_000)
        contexts.append((context, watch_policies(context)))
        return context.new_page()

    yield open_page
    ARTIFACTS.mkdir(exist_ok=True)
    for number, (context, _problems) in enumerate(contexts):
        for page in context.pages:
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{number}.png"), full_page=True)
    try:
        for context, problems in contexts:
            fail_on_policy_problems(context, problems)
    finally:
        for context, _problems in contexts:
            context.close()


def log_in(page, email, password):
    page.goto("/account/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/account/login/" not in url)
