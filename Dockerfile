# The portal's image: one image for the web server, the Celery worker, Celery beat and the
# one-shot migrate job (docker-compose.yml picks the command). See docs/operations.md.

# --- Stage 1: front-end assets ---------------------------------------------------------------
FROM node:20 AS assets

WORKDIR /build

# Dependencies first, so that this layer is reused until the lock file changes.
COPY package.json package-lock.json ./
RUN npm ci

# The build reads only the sources under static/ (scss/, js/) and node_modules; copying just
# static/ keeps a Python-only change from rebuilding the assets. Widen this if the build grows.
COPY static/ ./static/
RUN npm run build


# --- Stage 2: the Django application ----------------------------------------------------------
FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production

# System libraries: WeasyPrint (the PDF committee reports) draws text with Pango and subsets
# fonts with HarfBuzz; the reports use the Liberation and DejaVu fonts installed here, so no
# font is ever fetched while a PDF is rendered.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv "$VIRTUAL_ENV"

WORKDIR /app

COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
COPY --from=assets /build/static/dist ./static/dist

# collectstatic needs no database, but the production settings refuse to load without these
# variables; the values below exist for this one command and are not kept in the image.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite://:memory: \
    python manage.py collectstatic --noinput

# Run as an unprivileged user. The code stays owned by root (read-only to the app); the only
# writable place is var/beat, where Celery beat keeps its schedule state.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app app \
    && mkdir -p /app/var/beat \
    && chown app:app /app/var/beat
USER app

EXPOSE 8000

# /healthz answers 200 when the database is reachable. The request carries a host from
# DJANGO_ALLOWED_HOSTS (a wildcard falls back to localhost) and X-Forwarded-Proto: https, so
# neither host validation nor DJANGO_SECURE_SSL_REDIRECT turns it away; no curl in slim images.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = [x.strip().lstrip('.') for x in os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',') if x.strip() not in ('', '*')]; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': (h or ['localhost'])[0], 'X-Forwarded-Proto': 'https'}), timeout=4)"]

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
