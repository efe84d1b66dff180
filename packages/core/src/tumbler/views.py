"""Class-based views: :class:`View`, and :class:`MethodView` dispatching on the HTTP method."""

from __future__ import annotations

import typing as t

from .globals import current_app, request

__all__ = ["MethodView", "View"]

http_method_funcs = frozenset(["get", "post", "head", "options", "delete", "put", "trace", "patch"])


class View:
    """Subclass and implement :meth:`dispatch_request`; register
    ``MyView.as_view("name")`` with ``add_url_rule``."""

    #: Allowed methods (``add_url_rule`` reads it); ``["GET"]`` when unset.
    methods: t.ClassVar[t.Collection[str] | None] = None
    #: Whether OPTIONS is answered automatically.
    provide_automatic_options: t.ClassVar[bool | None] = None
    #: Decorators applied, in order, to the generated view function.
    decorators: t.ClassVar[list[t.Callable[..., t.Any]]] = []
    #: ``False``: one instance serves every request (do not keep request data on ``self``).
    init_every_request: t.ClassVar[bool] = True

    def dispatch_request(self) -> t.Any:
        """The view: receives the URL variables as keyword arguments."""
        raise NotImplementedError()

    @classmethod
    def as_view(cls, name: str, *class_args: t.Any, **class_kwargs: t.Any) -> t.Callable[..., t.Any]:
        """A view function named ``name`` that instantiates the class with
        ``class_args`` / ``class_kwargs`` (per request, or once) and dispatches."""
        if cls.init_every_request:

            def view(**kwargs: t.Any) -> t.Any:
                self = view.view_class(*class_args, **class_kwargs)  # type: ignore[attr-defined]
                return current_app.ensure_sync(self.dispatch_request)(**kwargs)

        else:
            instance = cls(*class_args, **class_kwargs)

            def view(**kwargs: t.Any) -> t.Any:
                return current_app.ensure_sync(instance.dispatch_request)(**kwargs)

        view.__name__, view.__module__ = name, cls.__module__  # what the decorators see
        for decorator in cls.decorators:
            view = decorator(view)
        view.view_class = cls  # type: ignore[attr-defined]
        view.__name__ = name
        view.__doc__ = cls.__doc__
        view.__module__ = cls.__module__
        view.methods = cls.methods  # type: ignore[attr-defined]
        view.provide_automatic_options = cls.provide_automatic_options  # type: ignore[attr-defined]
        return view


class MethodView(View):
    """Dispatches to the method named after the request's HTTP method
    (``get``, ``post``, ...); ``methods`` is filled in from them. HEAD falls
    back to ``get``."""

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "methods" not in cls.__dict__:
            methods = {m for base in cls.__bases__ for m in getattr(base, "methods", None) or ()}
            methods.update(key.upper() for key in http_method_funcs if hasattr(cls, key))
            if methods:
                cls.methods = methods

    def dispatch_request(self, **kwargs: t.Any) -> t.Any:
        meth = getattr(self, request.method.lower(), None)
        if meth is None and request.method == "HEAD":
            meth = getattr(self, "get", None)
        assert meth is not None, f"Unimplemented method {request.method!r}"
        return current_app.ensure_sync(meth)(**kwargs)
