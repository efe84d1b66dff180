"""``tumbler run``: werkzeug's development server, its reloader and its debugger."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
import typing as t

import click
from click.core import ParameterSource
from tumbler import SetupError
from werkzeug.serving import is_running_from_reloader

from .appgroup import pass_script_info
from .dialect import TUMBLER, CliDialect, get_debug_flag
from .discovery import ScriptInfo

if t.TYPE_CHECKING:
    import ssl

__all__ = ["CertParamType", "SeparatedPathType", "debug_option", "run_command", "show_server_banner"]


def _dialect(ctx: click.Context) -> CliDialect:
    info = ctx.find_object(ScriptInfo)
    return info.dialect if info is not None else TUMBLER


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool | None:
    if ctx.get_parameter_source(param.name or "debug") in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP):
        return None  # not given: TUMBLER_DEBUG (or its absence) decides
    # an environment variable, so an app factory sees it too
    os.environ[_dialect(ctx).env("DEBUG")] = "1" if value else "0"
    return value


def debug_option() -> click.Option:
    """The ``--debug/--no-debug`` option (sets ``TUMBLER_DEBUG`` for the app)."""
    return click.Option(
        ["--debug/--no-debug"],
        help="Set debug mode (also turns on the reloader and the debugger).",
        expose_value=False,
        callback=_set_debug,
    )


def show_server_banner(
    debug: bool | None, app_import_path: str | None, *, dialect: CliDialect = TUMBLER, app: object = None
) -> None:
    """Say which app is served, in which mode, and that this server is not for
    production (not repeated by the reloader's child process)."""
    if is_running_from_reloader():
        return
    if app_import_path is not None:
        click.echo(f" * Serving {dialect.display_name} app '{app_import_path}'")
    if debug is not None:
        click.echo(f" * Debug mode: {'on' if debug else 'off'}")
    click.secho(
        " * This is a development server, not for production; there, use a WSGI server"
        f" such as gunicorn: gunicorn '{_wsgi_target(app_import_path, app)}'",
        fg="yellow",
    )


def _wsgi_target(app_import_path: str | None, app: object) -> str:
    """What to give gunicorn: ``module:name``, as near to the real names as known."""
    path, _, name = (app_import_path or "").partition(":")
    if path.endswith(".py"):
        path = os.path.splitext(os.path.basename(path))[0]
    if name:
        return f"{path}:{name.strip()}"
    module = sys.modules.get(path) if path else None
    found = [key for key, value in vars(module).items() if value is app] if module is not None else []
    if found:
        return f"{path}:{found[0]}"
    return f"{path or 'module'}:app"


class CertParamType(click.ParamType):  # type: ignore[type-arg,unused-ignore]  # generic from click 8.5
    """``--cert``: a certificate file, ``adhoc`` (a throwaway certificate, needs
    the cryptography library), or the import name of an :class:`ssl.SSLContext`."""

    name = "path"

    def __init__(self) -> None:
        self.path_type = click.Path(exists=True, dir_okay=False, resolve_path=True)

    def convert(self, value: t.Any, param: click.Parameter | None, ctx: click.Context | None) -> t.Any:
        try:
            import ssl
        except ImportError:
            raise click.BadParameter(
                'Using "--cert" requires Python to be compiled with SSL support.', ctx, param
            ) from None
        try:
            return self.path_type(value, param, ctx)
        except click.BadParameter:
            text = click.STRING(value, param, ctx)
            if text.lower() == "adhoc":
                try:
                    importlib.import_module("cryptography")
                except ImportError:
                    raise click.BadParameter(
                        "Using ad-hoc certificates requires the cryptography library."
                        " Install it (pip install cryptography), or pass a certificate file.",
                        ctx,
                        param,
                    ) from None
                return "adhoc"
            from werkzeug.utils import import_string

            obj = import_string(text, silent=True)
            if isinstance(obj, ssl.SSLContext):
                return obj
            self.fail(
                f"{text!r} is not an existing certificate file, 'adhoc', or the import name of an"
                " ssl.SSLContext. Give the path of a PEM certificate (with --key), or 'adhoc'.",
                param,
                ctx,
            )


def _validate_key(ctx: click.Context, param: click.Parameter, value: t.Any) -> t.Any:
    """``--key`` goes with a certificate file, and only with one; the pair
    becomes ``cert=(cert, key)``."""
    cert = ctx.params.get("cert")
    is_adhoc = cert == "adhoc"
    try:
        import ssl
    except ImportError:
        is_context = False
    else:
        is_context = isinstance(cert, ssl.SSLContext)
    if value is not None:
        if is_adhoc:
            raise click.BadParameter('When "--cert" is "adhoc", "--key" is not used. Drop "--key".', ctx, param)
        if is_context:
            raise click.BadParameter(
                'When "--cert" is an SSLContext object, "--key" is not used. Drop "--key".', ctx, param
            )
        if not cert:
            raise click.BadParameter('"--cert" must also be specified.', ctx, param)
        ctx.params["cert"] = cert, value
    elif cert and not (is_adhoc or is_context):
        raise click.BadParameter('Required when using "--cert" with a certificate file.', ctx, param)
    return value


class SeparatedPathType(click.Path):
    """A list of paths separated by ``os.pathsep`` (``:``; ``;`` on Windows),
    each checked as a :class:`click.Path`."""

    def convert(self, value: t.Any, param: click.Parameter | None, ctx: click.Context | None) -> t.Any:
        convert = super().convert
        return [convert(item, param, ctx) for item in self.split_envvar_value(value)]


def _check_certificate(cert: tuple[str, str]) -> None:
    import ssl

    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(*cert)
    except (ssl.SSLError, OSError) as e:
        raise click.BadParameter(
            f"Could not load the certificate {cert[0]!r} with the key {cert[1]!r} ({e}). Both must be"
            " PEM files and the key must belong to the certificate; or use --cert adhoc.",
            param_hint="'--cert' / '--key'",
        ) from None


@click.command("run", short_help="Run a development server.")
@click.option("--host", "-h", default="127.0.0.1", show_default=True, help="The interface to bind to.")
@click.option(
    "--port", "-p", default=5000, type=click.IntRange(0, 65535), show_default=True, help="The port to bind to."
)
@click.option(
    "--cert", type=CertParamType(), is_eager=True, help="A certificate file (with --key), or 'adhoc', for HTTPS."
)
@click.option(
    "--key",
    type=click.Path(exists=True, dir_okay=False, resolve_path=True),
    callback=_validate_key,
    expose_value=False,
    help="The key file of the certificate given with --cert.",
)
@click.option("--reload/--no-reload", default=None, help="Restart on code changes. On by default with --debug.")
@click.option(
    "--debugger/--no-debugger", default=None, help="werkzeug's interactive debugger. On by default with --debug."
)
@click.option("--with-threads/--without-threads", default=True, help="Handle each request in a thread.")
@click.option(
    "--extra-files",
    default=None,
    type=SeparatedPathType(),
    help=f"More files whose change triggers a reload, separated by {os.path.pathsep!r}.",
)
@click.option(
    "--exclude-patterns",
    default=None,
    type=SeparatedPathType(),
    help=f"fnmatch patterns of files whose change does not trigger a reload, separated by {os.path.pathsep!r}.",
)
@pass_script_info
def run_command(
    info: ScriptInfo,
    host: str,
    port: int,
    reload: bool | None,
    debugger: bool | None,
    with_threads: bool,
    cert: ssl.SSLContext | tuple[str, str] | t.Literal["adhoc"] | None,
    extra_files: list[str] | None,
    exclude_patterns: list[str] | None,
) -> None:
    """Run the app on werkzeug's development server.

    It is for development only: it is neither fast, secure nor robust enough
    for production. The reloader and the debugger are on with '--debug'.
    """
    from werkzeug import serving  # looked up now, so tests can replace run_simple

    app: t.Any
    try:
        app = info.load_app()
        # End setup now, so that a misconfigured app (a plugin's check at setup end,
        # such as tumbler-security's SECRET_KEY check) stops here, not at its first request.
        if not getattr(app, "_got_first_request", True):
            app.finish_setup()
    except Exception as e:
        if not is_running_from_reloader():
            if isinstance(e, SetupError):
                raise click.ClickException(f"The app cannot start: {e}") from e
            raise
        # The reloader's child: report now, serve the error until the code is fixed.
        traceback.print_exc()
        app = _failing_app(e)
    dialect = info.dialect
    debug = get_debug_flag(dialect)
    if isinstance(cert, tuple):
        _check_certificate(cert)
    show_server_banner(debug, info.app_import_path, dialect=dialect, app=app)
    try:
        serving.run_simple(
            host,
            port,
            app,
            use_reloader=debug if reload is None else reload,
            use_debugger=debug if debugger is None else debugger,
            threaded=with_threads,
            ssl_context=cert,
            extra_files=extra_files,
            exclude_patterns=exclude_patterns,
        )
    except SystemExit as e:
        if e.code in (0, None) or is_running_from_reloader():
            raise
        raise click.ClickException(
            f"The development server on {host}:{port} stopped with an error (the reason is printed"
            f" above). If the port is in use, choose another with --port (or {dialect.env('RUN_PORT')});"
            " if the address is wrong, change --host."
        ) from None


run_command.params.insert(0, debug_option())


def _failing_app(error: Exception) -> t.Callable[..., t.Any]:
    def app(environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> t.Any:
        raise error from None

    return app
