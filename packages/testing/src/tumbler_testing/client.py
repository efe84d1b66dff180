"""The test client: werkzeug's ``Client``, aware of the app's URL settings,
JSON provider, contexts and session interface."""

from __future__ import annotations

import typing as t
from contextlib import ExitStack, contextmanager
from copy import copy
from functools import cache
from importlib import metadata
from types import TracebackType

import werkzeug.test
from tumbler.testenv import EnvironBuilder
from werkzeug.wrappers import Request as BaseRequest

if t.TYPE_CHECKING:
    from tumbler import App
    from werkzeug.test import TestResponse

__all__ = ["TestClient", "client_class", "test_client"]

_SESSIONS_MISSING = (
    "session_transaction() needs a session interface, and no plugin on this app"
    " provides one. Install tumbler-sessions (or another session backend) and make"
    " sure its plugin is not disabled for this app."
)
_NO_SESSION = (
    "Session backend did not open a session. Check the configuration (the default"
    " signed-cookie session needs SECRET_KEY to be set)."
)


@cache
def _werkzeug_version() -> str:
    return metadata.version("werkzeug")


class TestClient(werkzeug.test.Client):
    """Send requests to an app without a server.

    Cookies are kept across requests (unless ``use_cookies=False``); ``get``,
    ``post`` and the other methods take werkzeug's ``EnvironBuilder`` arguments
    (``json=``, ``data=``, ``query_string=``, ``headers=``, ...) plus
    ``follow_redirects`` and ``buffered``. URLs are relative to the app's
    ``SERVER_NAME``, ``APPLICATION_ROOT`` and ``PREFERRED_URL_SCHEME``.

    Inside ``with client:``, the contexts of the last request stay pushed until
    the next request or the end of the block, so ``request``, ``g`` and the
    session can be inspected after the view ran.

    Make one with :func:`tumbler_testing.test_client`.
    """

    __test__ = False  # not a pytest test class, despite its name

    application: App

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        #: Whether contexts are kept after a request (inside ``with client:``).
        self.preserve_context = False
        self._new_contexts: list[t.ContextManager[t.Any]] = []
        self._context_stack = ExitStack()
        #: Defaults for every request's WSGI environ; change them freely.
        self.environ_base: dict[str, t.Any] = {
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": f"Werkzeug/{_werkzeug_version()}",
        }

    # -- requests ------------------------------------------------------------

    def open(
        self,
        *args: t.Any,
        buffered: bool = False,
        follow_redirects: bool = False,
        **kwargs: t.Any,
    ) -> TestResponse:
        """Make a request: from werkzeug ``EnvironBuilder`` arguments, or from
        an ``EnvironBuilder``, a WSGI environ dict or a ``Request``.

        :param buffered: read the whole response body before returning.
        :param follow_redirects: follow redirects; ``response.history`` holds
            the responses that led to the final one.
        """
        request = self._make_request(args, kwargs)
        # Contexts kept from an earlier request end now: a `with client:` block
        # only ever shows the last request.
        self._context_stack.close()
        self._new_contexts.clear()
        try:
            response = super().open(request, buffered=buffered, follow_redirects=follow_redirects)
        finally:
            # Pushed even when the app raised, so the failed request can be
            # inspected; `with client:` pops them at its end.
            for cm in self._new_contexts:
                self._context_stack.enter_context(cm)
            self._new_contexts.clear()
        response.json_module = self.application.json  # type: ignore[assignment]  # has loads/dumps
        return response

    def _make_request(self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]) -> BaseRequest:
        first = args[0] if args else None
        if isinstance(first, werkzeug.test.EnvironBuilder):
            builder = copy(first)
            builder.environ_base = self._copy_environ(builder.environ_base or {})
            return builder.get_request()
        if isinstance(first, dict):
            return EnvironBuilder.from_environ(
                first, app=self.application, environ_base=self._copy_environ({})
            ).get_request()
        if isinstance(first, BaseRequest):
            request = copy(first)
            request.environ = self._copy_environ(request.environ)
            return request
        kwargs["environ_base"] = self._copy_environ(kwargs.get("environ_base") or {})
        builder = EnvironBuilder(self.application, *args, **kwargs)
        try:
            return builder.get_request()
        finally:
            builder.close()

    def _copy_environ(self, other: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
        environ = {**self.environ_base, **other}
        if self.preserve_context:
            # The app calls this with its app and request contexts as the request ends.
            environ["werkzeug.debug.preserve_context"] = self._new_contexts.append
        return environ

    # -- context preservation --------------------------------------------------

    def __enter__(self) -> TestClient:
        if self.preserve_context:
            raise RuntimeError("Cannot nest client invocations")
        self.preserve_context = True
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.preserve_context = False
        self._context_stack.close()

    # -- sessions ----------------------------------------------------------------

    @contextmanager
    def session_transaction(self, *args: t.Any, **kwargs: t.Any) -> t.Iterator[t.Any]:
        """Open the client's session for reading and changing outside a request::

            with client.session_transaction() as session:
                session["user_id"] = 42

        The session is saved back into the client's cookies when the block
        ends. Needs a session plugin (``tumbler-sessions``). The arguments are
        those of ``app.test_request_context()``, for session backends that
        look at the request.
        """
        if self._cookies is None:
            raise TypeError("Cookies are disabled. Create a client with 'use_cookies=True'.")
        app = self.application
        interface = _session_interface(app)
        ctx = app.test_request_context(*args, **kwargs)
        self._add_cookies_to_wsgi(ctx.environ)
        with ctx:
            session = interface.open_session(app, ctx.request)
        if session is None or interface.is_null_session(session):
            raise RuntimeError(_NO_SESSION)
        yield session
        response = app.response_class()
        with ctx:
            interface.save_session(app, session, response)
        self._update_cookies_from_response(
            ctx.request.host.partition(":")[0], ctx.request.path, response.headers.getlist("Set-Cookie")
        )


def _session_interface(app: App) -> t.Any:
    """The app's session interface, from the ``tumbler_session_interface`` hook
    that the sessions plugin declares."""
    hook = getattr(app.plugins.hook, "tumbler_session_interface", None)
    if hook is None or not hook.get_hookimpls():
        raise RuntimeError(_SESSIONS_MISSING)
    interface = hook(app=app)
    if isinstance(interface, list):  # no spec declared: pluggy returns every result
        interface = next((i for i in interface if i is not None), None)
    if interface is None:
        raise RuntimeError(_SESSIONS_MISSING)
    return interface


def client_class(app: App) -> type[TestClient]:
    """The test client class for ``app``: its ``test_client_class`` attribute
    when set, else the first answer of the ``tumbler_test_client_class`` hook,
    else :class:`TestClient`."""
    cls = getattr(app, "test_client_class", None)
    where = "app.test_client_class"
    if cls is None:
        hook = getattr(app.plugins.hook, "tumbler_test_client_class", None)
        if hook is not None and hook.get_hookimpls():
            cls = hook(app=app)
            if isinstance(cls, list):  # no spec declared: pluggy returns every result
                cls = next((c for c in cls if c is not None), None)
            plugins = ", ".join(app.plugins.call_order("tumbler_test_client_class"))
            where = f"the tumbler_test_client_class hook (implemented by {plugins})"
    if cls is None:
        return TestClient
    if not (isinstance(cls, type) and issubclass(cls, TestClient)):
        raise TypeError(
            f"{where} gave {cls!r}, which is not a test client class. Use a subclass"
            " of tumbler_testing.TestClient (or None to keep the default)."
        )
    return cls


def test_client(app: App, use_cookies: bool = True, **kwargs: t.Any) -> TestClient:
    """A test client for ``app`` (see :class:`TestClient`)::

        client = test_client(app)
        assert client.get("/").status_code == 200

    :param use_cookies: keep cookies across requests.
    :param kwargs: passed to the client class (see :func:`client_class`).
    """
    return client_class(app)(app, _test_response_class(app.response_class), use_cookies=use_cookies, **kwargs)


_test_response_classes: dict[type[t.Any], type[TestResponse]] = {}


def _test_response_class(response_class: type[t.Any]) -> type[TestResponse]:
    """werkzeug's ``TestResponse`` mixed into the app's response class, made
    once per class (werkzeug would make a new class for every client)."""
    if issubclass(response_class, werkzeug.test.TestResponse):
        return response_class
    cls = _test_response_classes.get(response_class)
    if cls is None:
        cls = _test_response_classes[response_class] = type(
            "TestResponse", (werkzeug.test.TestResponse, response_class), {}
        )
    return cls


test_client.__test__ = False  # type: ignore[attr-defined]  # a pytest module importing it must not collect it
