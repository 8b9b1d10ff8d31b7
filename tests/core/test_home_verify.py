"""Issue 13, item 2: an employer's way in from the home page: a code box that checks a certificate, and the
employers' card a link to the verification page."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_has_a_code_box_that_checks_a_certificate(client, issued):
    home = client.get("/").content.decode()  # Georgian, the default
    box = re.search(r'<form method="get" action="/verify/"[^>]*>(.*?)</form>', home, re.S)
    assert box and 'name="code"' in box.group(1) and "გადამოწმების კოდი" in box.group(1)
    assert "სერტიფიკატის გადამოწმება" in home
    # What the box sends: a code in any spelling goes to its page.
    typed = issued.code.lower().replace("-", " ")
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/verify/{issued.code}/"
    assert "მოქმედია" in client.get(response["Location"]).content.decode()
    mistyped = client.get("/verify/", {"code": "not a code"})
    assert mistyped.status_code == 200 and "ეს არ არის გადამოწმების კოდი" in mistyped.content.decode()


def test_the_employers_card_links_to_the_verification_page(client):
    home = client.get("/").content.decode()
    card = re.search(r'<a class="card-link" href="(/verify/)">\s*<h3>([^<]*)</h3>', home)
    assert card and card.group(2) == "დამსაქმებლები"
