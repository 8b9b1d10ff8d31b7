import pytest

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database_and_the_broker(client, settings):
    assert settings.REDIS_URL, "make test runs with Redis"
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_is_unhealthy_when_the_broker_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["broker"].startswith("error")


def test_healthz_without_a_broker_checks_only_the_database(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "not configured"}}
