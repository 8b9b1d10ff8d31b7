"""Production settings: refuse to start without secrets; `check --deploy` is clean with realistic values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-that-is-long-enough-0123456789",
    "DJANGO_ALLOWED_HOSTS": "microcred.eqe.ge",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://microcred.eqe.ge",
    "DATABASE_URL": "postgres://microcred:secret@db.internal:5432/microcred",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "PUBLIC_BASE_URL": "https://microcred.eqe.ge",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_check_deploy_reports_no_issues_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_database():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_static_files_collect_with_hashed_names(tmp_path):
    result = manage("collectstatic", "--noinput", env={**PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("fonts/NotoSansGeorgian-Regular.*.ttf"))


def test_the_suite_refuses_to_run_on_anything_but_postgresql(tmp_path):
    """A race or constraint test on SQLite would pass without proving anything."""
    sqlite = manage(
        "check", env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    )
    assert sqlite.returncode != 0 and "PostgreSQL only" in sqlite.stderr
    unset = manage("check", env={"DJANGO_SETTINGS_MODULE": "config.settings.test"})
    assert unset.returncode != 0 and "PostgreSQL only" in unset.stderr
