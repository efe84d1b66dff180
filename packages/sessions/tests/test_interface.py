"""Session interfaces: replacing the default on an app or from a plugin, the
interface contract, lazy opening, and Flask's open-on-every-request mode."""

from __future__ import annotations

import typing as t
import uuid

import pytest
import tumbler
from tumbler import hookimpl
from tumbler_sessions import (
    NullSession,
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionInterface,
    SessionMixin,
    get_request_session,
    get_session_interface,
    open_sessions_eagerly,
    session,
    set_request_session,
    set_session_interface,
)
from werkzeug.test import Client


class ServerSession(dict, SessionMixin):  # type: ignore[type-arg]
    """A session kept on the server; the cookie holds only its id."""

    def __init__(self, sid: str, data: dict[str, t.Any] | None = None) -> None:
        super().__init__(data or {})
        self.sid = sid


class MemoryInterface(SessionInterface):
    """A server-side backend, as a third party would write one."""

    def __init__(self) -> None:
        self.store: dict[str, dict[str, t.Any]] = {}
        self.opened = 0

    def open_session(self, app: tumbler.App, request: tumbler.Request) -> ServerSession:
        self.opened += 1
        sid = request.cookies.get(self.get_cookie_name(app))
        if sid in self.store:
            return ServerSession(sid, self.store[sid])
        return ServerSession(uuid.uuid4().hex)

    def save_session(self, app: tumbler.App, session: SessionMixin, response: tumbler.Response) -> None:
        assert isinstance(session, ServerSession)
        self.store[session.sid] = dict(session)
        response.set_cookie(self.get_cookie_name(app), session.sid, httponly=self.get_cookie_httponly(app))


class BackendPlugin:
    """A third-party plugin that provides the interface through the hook."""

    def __init__(self, interface: SessionInterface | None, name: str = "memory_sessions") -> None:
        self.interface = interface
        self.tumbler_plugin_name = name

    @hookimpl
    def tumbler_session_interface(self, app: tumbler.App) -> SessionInterface | None:
        return self.interface


def add_counter(app: tumbler.App) -> tumbler.App:
    @app.get("/")
    def bump() -> str:
        session["n"] = session.get("n", 0) + 1
        return str(session["n"])

    @app.get("/nothing")
    def nothing() -> str:
        return "nothing"

    return app


def test_default_is_the_signed_cookie(app: tumbler.App) -> None:
    interface = get_session_interface(app)
    assert type(interface) is SecureCookieSessionInterface
    assert interface.session_class is SecureCookieSession
    assert interface.null_session_class is NullSession
    assert interface.pickle_based is False
    assert app.plugins.hook.tumbler_session_interface(app=app) is interface


def test_app_replaces_the_interface(app: tumbler.App) -> None:
    backend = MemoryInterface()
    set_session_interface(app, backend)
    assert get_session_interface(app) is backend
    client = Client(add_counter(app))
    assert [client.get("/").text for _ in range(3)] == ["1", "2", "3"]
    assert list(backend.store.values()) == [{"n": 3}]
    set_session_interface(app, None)
    assert type(get_session_interface(app)) is SecureCookieSessionInterface


def test_replacement_must_be_an_interface(app: tumbler.App) -> None:
    with pytest.raises(TypeError, match="needs a SessionInterface"):
        set_session_interface(app, {"not": "an interface"})  # type: ignore[arg-type]


def test_plugin_provides_the_interface() -> None:
    backend = MemoryInterface()
    app = add_counter(tumbler.App("p", plugins=["sessions", BackendPlugin(backend)]))
    assert get_session_interface(app) is backend
    client = Client(app)
    assert [client.get("/").text for _ in range(2)] == ["1", "2"]
    assert list(backend.store.values()) == [{"n": 2}]


def test_app_override_wins_over_a_plugin() -> None:
    from_plugin, from_app = MemoryInterface(), MemoryInterface()
    app = tumbler.App("p", plugins=["sessions", BackendPlugin(from_plugin)])
    set_session_interface(app, from_app)
    assert get_session_interface(app) is from_app
    assert app.plugins.hook.tumbler_session_interface(app=app) is from_app


def test_plugin_that_passes_leaves_the_default() -> None:
    app = tumbler.App("p", plugins=["sessions", BackendPlugin(None)])
    assert type(get_session_interface(app)) is SecureCookieSessionInterface


def test_first_plugin_answer_wins() -> None:
    first, second = MemoryInterface(), MemoryInterface()
    # plugins of equal priority are called in selection order (docs/plugins/platform.md)
    app = tumbler.App("p", plugins=["sessions", BackendPlugin(first, "b_backend"), BackendPlugin(second, "a_backend")])
    assert app.plugins.call_order("tumbler_session_interface")[1:3] == ["b_backend", "a_backend"]
    assert get_session_interface(app) is first


def test_interface_is_asked_again_until_the_first_request() -> None:
    """A plugin may read config set after the app was made; once the app
    serves requests, its answer is kept."""

    class ConfiguredBackend(BackendPlugin):
        @hookimpl
        def tumbler_session_interface(self, app: tumbler.App) -> SessionInterface | None:
            return self.interface if app.config.get("USE_MEMORY") else None

    backend = MemoryInterface()
    app = add_counter(tumbler.App("p", plugins=["sessions", ConfiguredBackend(backend)]))
    assert type(get_session_interface(app)) is SecureCookieSessionInterface
    app.config["USE_MEMORY"] = True
    assert get_session_interface(app) is backend
    Client(app).get("/")
    app.config["USE_MEMORY"] = False
    assert get_session_interface(app) is backend
    assert backend.store


def test_null_session_helpers(app: tumbler.App) -> None:
    interface = get_session_interface(app)
    null = interface.make_null_session(app)
    assert isinstance(null, NullSession)
    assert interface.is_null_session(null)
    assert not interface.is_null_session(SecureCookieSession())


def test_open_returning_none_gives_a_null_session(app: tumbler.App) -> None:
    class Unavailable(MemoryInterface):
        def open_session(self, app: tumbler.App, request: tumbler.Request) -> None:  # type: ignore[override]
            return None

    backend = Unavailable()
    set_session_interface(app, backend)

    @app.get("/")
    def index() -> str:
        return repr(session.get("x"))

    rv = Client(app).get("/")
    assert rv.text == "None"
    assert backend.store == {}  # a null session is not saved
    assert "Vary" not in rv.headers


def test_base_interface_says_what_to_implement(app: tumbler.App) -> None:
    class Half(SessionInterface):
        pass

    with app.test_request_context(), pytest.raises(NotImplementedError, match=r"Half must implement open_session"):
        Half().open_session(app, tumbler.request)


def test_cookie_helpers_read_config(app: tumbler.App) -> None:
    interface = SessionInterface()
    app.config.update(SESSION_COOKIE_NAME="sid", SESSION_COOKIE_PATH=None, APPLICATION_ROOT="/app")
    assert interface.get_cookie_name(app) == "sid"
    assert interface.get_cookie_path(app) == "/app"
    assert interface.get_cookie_domain(app) is None
    assert interface.get_cookie_httponly(app) is True
    assert interface.get_cookie_secure(app) is False
    assert interface.get_cookie_samesite(app) is None
    assert interface.get_cookie_partitioned(app) is False
    assert interface.get_expiration_time(app, SecureCookieSession()) is None


def test_the_plugin_must_be_loaded() -> None:
    bare = tumbler.App("bare", plugins=[])
    with pytest.raises(RuntimeError, match="sessions plugin is not loaded on the app 'bare'"):
        get_session_interface(bare)


class TestLazyOpening:
    def test_untouched_request_does_not_open(self, app: tumbler.App) -> None:
        backend = MemoryInterface()
        set_session_interface(app, backend)
        client = Client(add_counter(app))
        client.get("/")
        assert backend.opened == 1
        rv = client.get("/nothing")
        assert backend.opened == 1
        assert "Set-Cookie" not in rv.headers

    def test_opened_once_per_request(self, app: tumbler.App) -> None:
        backend = MemoryInterface()
        set_session_interface(app, backend)

        @app.get("/many")
        def many() -> str:
            for i in range(5):
                session[str(i)] = i
            return ""

        Client(app).get("/many")
        assert backend.opened == 1

    def test_no_per_request_hook(self, app: tumbler.App) -> None:
        assert app.plugins.call_order("tumbler_request_started") == []
        assert app.plugins.call_order("tumbler_request_received") == []
        assert app.plugins.call_order("tumbler_process_response") == []

    def test_open_sees_the_routed_request(self, app: tumbler.App) -> None:
        seen: list[str | None] = []

        class EndpointAware(MemoryInterface):
            def open_session(self, app: tumbler.App, request: tumbler.Request) -> ServerSession:
                seen.append(request.endpoint)
                return super().open_session(app, request)

        set_session_interface(app, EndpointAware())
        Client(add_counter(app)).get("/")
        assert seen == ["bump"]

    def test_set_request_session(self, app: tumbler.App) -> None:
        with app.test_request_context() as ctx:
            given = SecureCookieSession({"given": 1})
            set_request_session(ctx, given)
            assert session["given"] == 1
            assert get_request_session(ctx, open=False) is given
            session["more"] = 2
            response = app.process_response(app.response_class())
        assert response.headers.getlist("Vary") == ["Cookie"]
        assert "Set-Cookie" in response.headers  # saved by the app's interface

    def test_get_request_session_without_opening(self, app: tumbler.App) -> None:
        with app.test_request_context():
            assert get_request_session(open=False) is None
            opened = get_request_session()
            assert get_request_session(open=False) is opened
            assert not opened.accessed  # type: ignore[union-attr]
        with pytest.raises(RuntimeError, match="Working outside of request context"):
            get_request_session()


class TestEagerOpening:
    """``open_sessions_eagerly``: Flask's open-on-every-request behaviour."""

    def test_permanent_session_refreshed_by_untouched_request(self, app: tumbler.App) -> None:
        open_sessions_eagerly(app)

        @app.get("/login")
        def login() -> str:
            session["user"] = 1
            session.permanent = True
            return ""

        @app.get("/ignored")
        def ignored() -> str:
            return ""

        client = Client(app)
        assert client.get("/login").headers["Vary"] == "Cookie"
        rv = client.get("/ignored")
        assert "expires=" in rv.headers["Set-Cookie"].lower()
        assert rv.headers["Vary"] == "Cookie"

    def test_lazy_app_does_not_refresh_untouched_requests(self, app: tumbler.App) -> None:
        @app.get("/login")
        def login() -> str:
            session["user"] = 1
            session.permanent = True
            return ""

        @app.get("/ignored")
        def ignored() -> str:
            return ""

        client = Client(app)
        client.get("/login")
        assert "Set-Cookie" not in client.get("/ignored").headers

    def test_custom_interface_opened_for_every_request(self, app: tumbler.App) -> None:
        open_sessions_eagerly(app)
        backend = MemoryInterface()
        set_session_interface(app, backend)
        client = Client(add_counter(app))
        client.get("/nothing")
        client.get("/nothing")
        assert backend.opened == 2
        client.get("/")
        assert backend.opened == 3

    def test_failing_open_is_a_500(self, app: tumbler.App) -> None:
        class Failing(MemoryInterface):
            def open_session(self, app: tumbler.App, request: tumbler.Request) -> ServerSession:
                raise OSError("session store down")

        open_sessions_eagerly(app)
        set_session_interface(app, Failing())
        rv = Client(add_counter(app)).get("/nothing")
        assert rv.status_code == 500
        assert not tumbler.has_request_context()

    def test_default_interface_opens_only_with_the_cookie(self, app: tumbler.App) -> None:
        """With the signed cookie, a request without the session cookie would
        open an empty session that saves nothing, so none is opened."""
        open_sessions_eagerly(app)
        seen: list[SessionMixin | None] = []

        @app.after_request
        def look(response: tumbler.Response) -> tumbler.Response:
            seen.append(get_request_session(open=False))
            return response

        client = Client(add_counter(app))
        client.get("/nothing")
        client.get("/")
        client.get("/nothing")
        assert seen[0] is None
        assert seen[2] is not None and seen[2]["n"] == 1 and not seen[2].accessed

    def test_registered_once_and_listed(self, app: tumbler.App) -> None:
        open_sessions_eagerly(app)
        open_sessions_eagerly(app)
        assert app.plugins.call_order("tumbler_request_received") == ["sessions.each_request"]

    def test_only_during_setup(self, app: tumbler.App) -> None:
        Client(add_counter(app)).get("/nothing")
        with pytest.raises(AssertionError, match="can no longer be called"):
            open_sessions_eagerly(app)
