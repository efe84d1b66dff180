"""App and request contexts, and the helpers that work with the active ones.

Contexts live in :mod:`contextvars`, so each thread and each asyncio task
sees its own. Pushing a context twice nests; teardown runs on the last pop.
"""

from __future__ import annotations

import sys
import typing as t
from functools import update_wrapper
from types import TracebackType

from werkzeug.exceptions import HTTPException

from .globals import _cv_app, _cv_request
from .stash import Stash

if t.TYPE_CHECKING:
    from werkzeug.routing import MapAdapter, Rule

    from .app import App
    from .wrappers import Request, Response

__all__ = [
    "AppContext",
    "RequestContext",
    "after_this_request",
    "copy_current_request_context",
    "has_app_context",
    "has_request_context",
    "stream_with_context",
]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
_sentinel: t.Any = object()


class _AppCtxGlobals:
    """The ``g`` object: a namespace for data during one app context."""

    #: The name shown in its repr.
    _repr_name = "tumbler.g"

    def __getattr__(self, name: str) -> t.Any:
        raise AttributeError(name)  # only called when the instance has no such attribute

    def __delattr__(self, name: str) -> None:
        if self.__dict__.pop(name, _sentinel) is _sentinel:
            raise AttributeError(name)

    def get(self, name: str, default: t.Any | None = None) -> t.Any:
        return self.__dict__.get(name, default)

    def pop(self, name: str, default: t.Any = _sentinel) -> t.Any:
        return self.__dict__.pop(name) if default is _sentinel else self.__dict__.pop(name, default)

    def setdefault(self, name: str, default: t.Any = None) -> t.Any:
        return self.__dict__.setdefault(name, default)

    def __contains__(self, item: str) -> bool:
        return item in self.__dict__

    def __iter__(self) -> t.Iterator[str]:
        return iter(self.__dict__)

    def __repr__(self) -> str:
        ctx = _cv_app.get(None)
        return object.__repr__(self) if ctx is None else f"<{self._repr_name} of '{ctx.app.name}'>"


class AppContext:
    """Makes ``current_app`` and ``g`` available; pushed for every request."""

    # class-level until set: most requests use neither
    _g: _AppCtxGlobals | None = None
    _adapter: MapAdapter | None = _sentinel

    def __init__(self, app: App) -> None:
        self.app = app
        self._cv_tokens: list[t.Any] = []

    @property
    def g(self) -> _AppCtxGlobals:
        """This context's ``g`` (made on first use: most requests never touch it)."""
        if self._g is None:
            self._g = self.app.app_ctx_globals_class()
        return self._g

    @g.setter
    def g(self, value: _AppCtxGlobals) -> None:
        self._g = value

    @property
    def url_adapter(self) -> MapAdapter | None:
        if self._adapter is _sentinel:
            self._adapter = self.app.create_url_adapter(None)
        return self._adapter

    @url_adapter.setter
    def url_adapter(self, value: MapAdapter | None) -> None:
        self._adapter = value

    def push(self) -> None:
        self._cv_tokens.append(_cv_app.set(self))
        try:
            for hook in self.app._hooks.appcontext_pushed:
                hook(self.app)
        except BaseException:
            _cv_app.reset(self._cv_tokens.pop())  # a failed push leaves nothing behind
            raise

    def pop(self, exc: BaseException | None = _sentinel) -> None:
        try:
            if len(self._cv_tokens) == 1:
                if exc is _sentinel:
                    exc = sys.exc_info()[1]
                if (app := self.app)._custom_ctx or app.teardown_appcontext_funcs or app._hooks.teardown_appcontext:
                    app.do_teardown_appcontext(exc)
        finally:
            ctx = _cv_app.get()
            _cv_app.reset(self._cv_tokens.pop())
        if ctx is not self:
            raise AssertionError(f"Popped wrong app context. ({ctx!r} instead of {self!r})")
        for hook in self.app._hooks.appcontext_popped:
            try:
                hook(self.app)
            except Exception as e:  # the response is made: keep it, run the other hooks
                self.app.plugins.log_failure(e)

    def __enter__(self) -> AppContext:
        self.push()
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.pop(exc)


class RequestContext:
    """Everything about one request: the environ, the lazily built :class:`Request`,
    the matched rule, and per-request plugin state in :attr:`stash`.

    The :class:`Request` object and the URL adapter are only built when
    something asks for them, so a request that needs neither costs neither.
    """

    def __init__(self, app: App, environ: dict[str, t.Any], request: Request | None = None) -> None:
        self.app = app
        self.environ = environ
        self._request = request
        self._adapter: MapAdapter | None = _sentinel
        self.url_rule: Rule | None = None
        self.view_args: dict[str, t.Any] | None = None
        self.routing_exception: HTTPException | None = None
        #: Per-request plugin state (sessions, flashes, ...): a dict literal, cheaper than ``Stash()``.
        self.stash: Stash = {}  # type: ignore[assignment]
        self._after_request_functions: list[t.Callable[[Response], Response]] = []
        self._response_processors: list[t.Callable[[Response], None]] = []
        self._cv_tokens: list[tuple[t.Any, AppContext | None]] = []
        if request is not None:
            self.url_rule = request.url_rule
            self.view_args = request.view_args
            self.routing_exception = request.routing_exception

    @property
    def request(self) -> Request:
        req = self._request
        if req is None:
            req = self._request = self.app.request_class(self.environ)
            req.url_rule = self.url_rule
            req.view_args = self.view_args
            req.routing_exception = self.routing_exception
        return req

    @request.setter
    def request(self, value: Request) -> None:
        self._request = value

    @property
    def url_adapter(self) -> MapAdapter | None:
        if self._adapter is _sentinel:
            try:
                self._adapter = routing.request_url_adapter(self.app, self)
            except HTTPException as e:
                self._adapter = None
                self.routing_exception = self.request.routing_exception = e
        return self._adapter

    @url_adapter.setter
    def url_adapter(self, value: MapAdapter | None) -> None:
        self._adapter = value

    @property
    def endpoint(self) -> str | None:
        return self.url_rule.endpoint if self.url_rule is not None else None

    def blueprint_names(self) -> tuple[str, ...]:
        """The blueprints handling this request, innermost first (``a.b``, ``a``)."""
        rule = self.url_rule
        if rule is None or "." not in rule.endpoint:
            return ()
        return _blueprint_chain(rule.endpoint.rpartition(".")[0])

    def add_response_processor(self, f: t.Callable[[Response], None]) -> None:
        """Call ``f(response)`` for this request after the ``after_request``
        functions, to change the response in place.

        For plugins that start per-request work lazily (a session opened on
        first use): a request that never registers one pays nothing. A
        processor may add another; it runs later in the same pass (to act
        after every processor registered so far).
        """
        self._response_processors.append(f)

    def match_request(self) -> None:
        """Match the URL with the full werkzeug adapter, storing rule or error."""
        if (adapter := self.url_adapter) is None:
            return
        try:
            rule, args = adapter.match(return_rule=True)
            self.url_rule, self.view_args = rule, t.cast("dict[str, t.Any]", args)
        except HTTPException as e:
            self.routing_exception = e
        if self._request is not None:
            self._request.url_rule = self.url_rule
            self._request.view_args = self.view_args
            self._request.routing_exception = self.routing_exception

    def copy(self) -> RequestContext:
        """A context for the same request, to push in another thread or greenlet."""
        ctx = type(self)(self.app, self.environ, self.request)
        ctx.stash = self.stash
        return ctx

    def push(self) -> None:
        app_ctx, app = _cv_app.get(None), self.app
        if app_ctx is None or app_ctx.app is not app:
            app_ctx = app.app_context() if app._custom_ctx else AppContext(app)
            if app._custom_ctx or app._hooks.appcontext_pushed:
                app_ctx.push()
            else:  # what push does when no hook runs, without the call
                app_ctx._cv_tokens.append(_cv_app.set(app_ctx))
        else:
            app_ctx = None
        self._cv_tokens.append((_cv_request.set(self), app_ctx))
        if self.url_rule is None and self.routing_exception is None:
            try:
                for hook in app._hooks.request_received:
                    hook(app, self.environ)
                app._route(self)
                if self._request is not None:  # a request_received hook built it before the match
                    self._request.url_rule, self._request.view_args = self.url_rule, self.view_args
            except BaseException:
                token, app_ctx = self._cv_tokens.pop()  # a failed push leaves nothing behind
                _cv_request.reset(token)
                if app_ctx is not None:
                    app_ctx.pop(None)
                raise

    def pop(self, exc: BaseException | None = _sentinel) -> None:
        clear = len(self._cv_tokens) == 1
        try:
            if clear:
                if exc is _sentinel:
                    exc = sys.exc_info()[1]
                if (app := self.app)._custom_ctx or app.teardown_request_funcs or app._hooks.teardown_request:
                    app.do_teardown_request(exc)
                if self._request is not None:
                    self._request.close()
        finally:
            ctx = _cv_request.get()
            token, app_ctx = self._cv_tokens.pop()
            _cv_request.reset(token)
            if clear and self._request is not None:
                # break the request <-> environ cycle so it is freed promptly
                self._request.environ["werkzeug.request"] = None
            if app_ctx is not None:
                app_ctx.pop(exc)
            if ctx is not self:
                raise AssertionError(f"Popped wrong request context. ({ctx!r} instead of {self!r})")

    def __enter__(self) -> RequestContext:
        self.push()
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.pop(exc)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.environ.get('PATH_INFO')!r} of {self.app.name}>"


def _blueprint_chain(name: str) -> tuple[str, ...]:
    """``"a.b.c"`` -> ``("a.b.c", "a.b", "a")``."""
    parts = name.split(".")
    return tuple(".".join(parts[:i]) for i in range(len(parts), 0, -1))


def has_app_context() -> bool:
    """Whether an app context is active."""
    return _cv_app.get(None) is not None


def has_request_context() -> bool:
    """Whether a request context is active."""
    return _cv_request.get(None) is not None


def _active_request_ctx(helper: str) -> RequestContext:
    if (ctx := _cv_request.get(None)) is None:
        raise RuntimeError(f"'{helper}' can only be used when a request context is active, such as in a view function.")
    return ctx


def after_this_request(f: F) -> F:
    """Run ``f(response)`` after the current request; it must return a response."""
    _active_request_ctx("after_this_request")._after_request_functions.append(f)
    return f


def copy_current_request_context(f: F) -> F:
    """Wrap ``f`` so it runs inside a copy of the current request context
    (for work handed to a thread or greenlet)."""
    ctx = _active_request_ctx("copy_current_request_context").copy()

    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        with ctx:
            return ctx.app.ensure_sync(f)(*args, **kwargs)

    return update_wrapper(wrapper, f)  # type: ignore[return-value]


def stream_with_context(generator_or_function: t.Any) -> t.Any:
    """Keep the request context alive while a streamed response is generated.

    Use as a decorator on a generator function, or call it on a generator.
    Each step of the iteration runs with the request's app and request
    contexts current, on whichever thread iterates; between steps, and before
    the first one, nothing stays pushed. Teardown runs once, when the body is
    closed (also if it was never iterated), with the error the generator
    raised, if any.
    """
    try:
        gen = iter(generator_or_function)
    except TypeError:

        def decorator(*args: t.Any, **kwargs: t.Any) -> t.Any:
            return stream_with_context(generator_or_function(*args, **kwargs))

        return update_wrapper(decorator, generator_or_function)
    return _ContextStream(gen, _active_request_ctx("stream_with_context"), _cv_app.get())


#: Held at the bottom of a context's token stack by an open stream: the
#: request's own pop is then not the last one, so teardown waits for close().
_HOLD: t.Any = object()


class _ContextStream:
    """The body made by :func:`stream_with_context`."""

    def __init__(self, gen: t.Iterator[t.Any], req_ctx: RequestContext, app_ctx: AppContext) -> None:
        self._gen, self._app_ctx, self._req_ctx = gen, app_ctx, req_ctx
        self._error: BaseException | None = None
        self._open, self._end = True, False
        req_ctx._cv_tokens.insert(0, _HOLD)
        app_ctx._cv_tokens.insert(0, _HOLD)

    def __iter__(self) -> _ContextStream:
        return self

    def __next__(self) -> t.Any:
        # set and reset around each step (no push hooks): the thread keeps nothing between steps
        tokens = _cv_app.set(self._app_ctx), _cv_request.set(self._req_ctx)
        try:
            return next(self._gen)
        except BaseException as e:
            self._error = None if isinstance(e, StopIteration) else e
            self._end = True
            raise
        finally:
            _cv_request.reset(tokens[1])
            _cv_app.reset(tokens[0])
            if self._end:  # exhausted or failed: tear down now, as if closed
                self.close()

    def close(self) -> None:
        if not self._open:
            return
        self._open = False
        app_ctx, req_ctx = self._app_ctx, self._req_ctx
        req_ctx._cv_tokens.remove(_HOLD)
        app_ctx._cv_tokens.remove(_HOLD)
        app_ctx.push()  # on this thread; the last pop of each runs its teardown
        try:
            req_ctx.push()
            try:
                getattr(self._gen, "close", lambda: None)()  # the generator's finally sees the request
            finally:
                req_ctx.pop(self._error)
        finally:
            app_ctx.pop(self._error)


# at the end: routing imports this module (an import inside url_adapter would
# cost every request a failed '__path__' lookup, error message included)
from . import routing  # noqa: E402
