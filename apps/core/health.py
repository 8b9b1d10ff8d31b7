import redis
from django.conf import settings
from django.db import connection


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def run_checks() -> tuple[bool, dict[str, str]]:
    """Each configured dependency and whether it answered: 'ok', 'not configured', or the error."""
    results: dict[str, str] = {}
    checks = {"database": check_database}
    if settings.REDIS_URL:
        checks["broker"] = check_broker
    else:
        results["broker"] = "not configured"
    healthy = True
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means unhealthy; the type is reported
            healthy = False
            results[name] = f"error: {type(exc).__name__}"
    return healthy, results
