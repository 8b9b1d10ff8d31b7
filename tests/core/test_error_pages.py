import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "text"), [("ka", "გვერდი ვერ მოიძებნა"), ("en", "Page not found")])
def test_an_unknown_page_is_a_translated_404(client, language, text):
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.urls("tests.core.urls_with_error")
def test_a_server_error_is_a_translated_500_without_a_stack_trace(client):
    client.raise_request_exception = False
    client.cookies["django_language"] = "ka"

    response = client.get("/broken/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "ჩვენს მხარეს რაღაც შეცდომა მოხდა" in body
    assert "secret internals" not in body and "Traceback" not in body
