# Riktning's production image: the web process (gunicorn), the Celery worker and beat all run it;
# docker-compose.yml says which. Settings come from the environment (see README.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# GNU gettext compiles the translation catalogues (Swedish is the default language); Pango,
# HarfBuzz and DejaVu are what WeasyPrint needs to print the period report as PDF; the Swedish
# hunspell dictionary and thesaurus are what the overlap finder reads words with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        hunspell-sv mythes-sv \
    && rm -rf /var/lib/apt/lists/*

# pg_dump and pg_restore for `manage.py backup` and `restore_check`, from PostgreSQL's own Debian
# repository: pg_dump refuses a server newer than itself, docker-compose.yml runs PostgreSQL 16,
# and Debian's own client is 15 on bookworm. Keep POSTGRES_CLIENT_VERSION at least the server's.
ARG POSTGRES_CLIENT_VERSION=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
        https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && . /etc/os-release \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc]" \
        "https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-client-${POSTGRES_CLIENT_VERSION}" \
    && apt-get purge -y curl && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The project's dependencies only (pyproject.toml lists no packages to install, and the dev group
# is left out); a layer of its own, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# Static files and translations are built into the image, so every container serves the same
# hashed files (whitenoise) and starts at once. DATABASE_URL is set only so that settings do not
# start the embedded PostgreSQL: neither command connects to a database.
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only \
        python manage.py collectstatic --noinput \
    && DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only \
        python manage.py compilemessages --ignore '.venv/*'

# The code stays owned by root: the app's user can read it but not change it.
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent riktning \
    && mkdir -p /var/lib/riktning/private-media /var/lib/riktning/backups \
    && chown riktning /var/lib/riktning/private-media /var/lib/riktning/backups
USER riktning

EXPOSE 8000
CMD ["gunicorn", "vaxjo_riktning.wsgi", "--bind", "0.0.0.0:8000"]
