"""``nox -s scale``: the notes example as two app servers behind nginx, sharing PostgreSQL and Redis.

Everything runs on loopback, from Debian packages installed with apt-get
when missing: a throw-away PostgreSQL cluster (as ``nobody`` when root),
redis-server, two gunicorn instances of ``notes:create_app()`` (``a`` and
``b``, each naming itself in an ``X-Notes-Instance`` header) and nginx
round-robin in front, with a config, pid file, logs and temp folders in a
temporary prefix. ``examples/notes/scale/`` then checks, through nginx,
that the two servers behave as one app, and kills instance ``b`` mid-run.
Everything started here is stopped, also on failure.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nox
from nox_support import (
    EXAMPLES_DIR,
    apt_install,
    free_port,
    install_package,
    postgres_server,
    pytest,
    redis_server,
    wait_for_http,
)

EXAMPLE_DIR = EXAMPLES_DIR / "notes"

NGINX_CONF = """\
# Written by nox -s scale: nginx round-robin in front of two notes instances.
daemon off;
master_process on;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    upstream notes {{
        # One failure takes a server out for a second; then nginx tries it again.
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://notes;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            # A server that refuses the connection or times out: try the next.
            # POSTs too, when nothing was sent yet (nginx's rule for non-idempotent requests).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


def _wait_for(session: nox.Session, url: str, process: subprocess.Popen, log: Path, what: str) -> None:
    wait_for_http(session, url, process, what, log.read_text)


@contextlib.contextmanager
def _process_group(session: nox.Session, command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Run ``command`` in a process group of its own (so a test can kill it whole); always stop the group."""
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # workers left behind by a killed master


@nox.session(tags=["ci"])
def scale(session: nox.Session) -> None:
    """Two gunicorn instances of the example behind nginx, on PostgreSQL and Redis: one app, and a failover."""
    apt_install(session, {"nginx": "/usr/sbin/nginx"}, "nox -s scale")
    install_package(session, EXAMPLE_DIR, extras="scale")
    with contextlib.ExitStack() as stack:
        prefix = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="notes-scale-")))
        for folder in ("tmp", "instance"):
            (prefix / folder).mkdir()
        if os.geteuid() == 0:  # nginx's workers run as nobody and write their temp files here
            nobody = pwd.getpwnam("nobody")
            os.chown(prefix / "tmp", nobody.pw_uid, nobody.pw_gid)
        database = stack.enter_context(postgres_server(session, "notes"))
        redis = stack.enter_context(redis_server(session, prefix / "redis.log"))
        app = f"notes:create_app(instance_path={str(prefix / 'instance')!r})"
        env = {
            "NOTES_SECRET_KEY": secrets.token_hex(),  # one key for every instance
            "DATABASE_URL": database,
            "REDIS_URL": redis,
            "NOTES_TRUSTED_PROXIES": "1",  # nginx: X-Forwarded-For names the client
            "SESSION_COOKIE_SECURE": "0",  # plain http on loopback
            "TRUSTED_HOSTS": "127.0.0.1",
            "TUMBLER_DEBUG": "0",
        }
        session.run("tumbler", "--app", app, "init-db", env=env)
        gunicorn = str(Path(session.bin) / "gunicorn")
        ports, groups = {}, {}
        for name in ("a", "b"):
            ports[name] = free_port()
            log = prefix / f"gunicorn-{name}.log"
            command = [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{ports[name]}", "--access-logfile", "-", app]
            groups[name] = stack.enter_context(_process_group(session, command, {**env, "NOTES_INSTANCE_ID": name}, log))
            _wait_for(session, f"http://127.0.0.1:{ports[name]}/auth/login", groups[name], log, f"gunicorn {name}")
        port = free_port()
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=1s;" for p in ports.values())
        (prefix / "nginx.conf").write_text(NGINX_CONF.format(prefix=prefix, servers=servers, port=port))
        nginx_cmd = ["/usr/sbin/nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
        nginx = stack.enter_context(_process_group(session, nginx_cmd, {}, prefix / "nginx.out"))
        url = f"http://127.0.0.1:{port}"
        _wait_for(session, url + "/auth/login", nginx, prefix / "error.log", "nginx")
        session.log(f"nginx on {url} -> a on :{ports['a']}, b on :{ports['b']}; everything in {prefix}")
        pytest(
            session,
            str(EXAMPLE_DIR / "scale"),
            *session.posargs,
            env={
                "NOTES_SCALE_URL": url,
                "NOTES_SCALE_KILL_GROUP": str(groups["b"].pid),
                "NOTES_SCALE_NGINX_ERROR_LOG": str(prefix / "error.log"),
            },
        )
