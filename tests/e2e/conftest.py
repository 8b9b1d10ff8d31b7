"""Browser tests: Playwright drives Debian's Chromium (Playwright's own browser download needs the internet)
against a live server started by the test."""

import os

import pytest

from .browser import ARTIFACTS, CHROMIUM, fail_on_policy_problems, watch_policies

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
