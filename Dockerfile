# MicroCred Georgia: one image for the web process (gunicorn), the Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.prod

WORKDIR /app

# Debian packages from the same list the Makefile reads (the "run" ones; the image has its own Python).
COPY deps/debian-packages.txt deps/debian-packages.txt
RUN apt-get update \
 && awk '$1 !~ /^#/ && $1 !~ /^python3/ && / run/ {print $1}' deps/debian-packages.txt \
    | xargs --no-run-if-empty apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Translations and static files are built into the image. collectstatic needs the production settings to
# import, so it gets placeholder values here; the real ones come from the environment at run time.
RUN python manage.py compilemessages -v 0 \
 && DJANGO_SECRET_KEY=build-only-placeholder-build-only-placeholder-build-only \
    DJANGO_ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 1000 --home /app microcred \
 && mkdir -p /app/var/media /app/var/private /app/var/keys \
 && chown -R microcred /app/var
USER microcred

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
