# Tumbler Notes (examples/notes) served by gunicorn, installed from the wheelhouse.
#
# Build the wheelhouse first (it writes dist/), then the image, then run it:
#
#   python3 dev.py nox -s build
#   docker build -t tumbler-notes .
#   docker run -p 8000:8000 \
#       -e NOTES_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_hex())')" \
#       -e TRUSTED_HOSTS=notes.example.com tumbler-notes
#
# Environment (docker run -e NAME=value):
#   NOTES_SECRET_KEY       required: a long random string that signs the session cookie;
#                          the app refuses to start without it. Every container serving
#                          the same site needs the same key.
#   WEB_CONCURRENCY        gunicorn worker processes (default 2; about 2 per CPU core).
#   SESSION_COOKIE_SECURE  on by default: browsers send the session cookie over https only,
#                          as behind a TLS-terminating proxy. 0 to try the image over plain http.
#   TRUSTED_HOSTS          comma-separated host names the app answers to (others get 400).
#   DATABASE_URL           postgresql://user:password@host/db (psycopg needed: install the
#                          example's "postgres" extra); default: SQLite in the instance folder
#                          /opt/venv/var/notes-instance (mount a volume there to keep it).
#   NOTES_TRUSTED_PROXIES  1 behind one reverse proxy: trust its X-Forwarded-* headers (default 0).
#
# The start command creates the database tables if they are missing (existing data is
# kept), then serves on port 8000 of every interface of the container.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH WEB_CONCURRENCY=2

WORKDIR /src
COPY dist/ dist/
COPY examples/notes/ examples/notes/
# Our packages come from dist/ (the wheelhouse); gunicorn and the other libraries from the index.
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir --find-links dist "./examples/notes[gunicorn]" \
    && useradd --create-home --uid 10001 notes \
    && mkdir -p /opt/venv/var/notes-instance \
    && chown notes /opt/venv/var/notes-instance

USER notes
WORKDIR /home/notes
EXPOSE 8000
CMD ["sh", "-c", "tumbler --app notes init-db && exec gunicorn --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY} --access-logfile - 'notes:create_app()'"]
