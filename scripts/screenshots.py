"""Screenshots of a running portal (make run) for the README and for looking at pages as users see them.

Usage: .venv/bin/python scripts/screenshots.py [base-url] [output-folder]
"""

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
LOGIN = ("admin@microcred.localhost", "demo-password-2026")

PAGES = [
    # (file name, language, path, signed in)
    ("home-ka", "ka", "/", False),
    ("home-en", "en", "/", False),
    ("signup-ka", "ka", "/account/signup/", False),
    ("privacy-ka", "ka", "/privacy/", False),
    ("profile-ka", "ka", "/account/profile/", True),
    ("admin-ka", "ka", "/admin/", True),
    ("admin-users-en", "en", "/admin/accounts/user/", True),
    ("not-found-ka", "ka", "/no-such-page/", False),
    ("catalogue-ka", "ka", "/registry/programmes/", False),
    ("programme-en", "en", "/registry/programmes/1/", False),
    ("providers-ka", "ka", "/registry/providers/", False),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, language, path, signed_in in PAGES:
            context = browser.new_context(base_url=BASE, viewport={"width": 1280, "height": 800})
            context.add_cookies([{"name": "django_language", "value": language, "url": BASE}])
            page = context.new_page()
            if signed_in:
                page.goto("/account/login/")
                page.fill("#id_login", LOGIN[0])
                page.fill("#id_password", LOGIN[1])
                page.locator("main form button[type=submit]").click()
                page.wait_for_load_state()
            page.goto(path)
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            context.close()
            print(OUT / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
