"""What the browser tests share besides fixtures: where Chromium is and screenshots go, signing in, and watching a
page's security policies."""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


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


def log_in(page, email, password):
    page.goto("/account/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/account/login/" not in url)
