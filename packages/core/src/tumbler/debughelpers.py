"""Errors that explain common mistakes, raised in debug mode only."""

from __future__ import annotations

import typing as t

from werkzeug.exceptions import BadRequestKeyError

if t.TYPE_CHECKING:
    from .wrappers import Request


class DebugFilesKeyError(KeyError, AssertionError):
    """``request.files[key]`` failed because the form was not sent as multipart."""

    def __init__(self, request: Request, key: str) -> None:
        form_matches = request.form.getlist(key)
        msg = (
            f"request.files has no file {key!r}: the request was sent as"
            f" {request.mimetype!r}, not 'multipart/form-data', so no file contents"
            ' were transmitted. Add enctype="multipart/form-data" to the HTML form.'
        )
        if form_matches:
            names = ", ".join(repr(x) for x in form_matches)
            msg += f"\n\nThe form field carried only file names. This was submitted: {names}"
        self.msg = msg

    def __str__(self) -> str:
        return self.msg


class FormDataRoutingRedirect(AssertionError):
    """A redirect for a POST would drop the form data (debug mode only)."""

    def __init__(self, request: Request) -> None:
        exc = request.routing_exception
        new_url = getattr(exc, "new_url", "?")
        msg = [
            f"A request was sent to '{request.url}', but routing issued a redirect to the canonical URL '{new_url}'."
        ]
        if f"{request.base_url}/" == new_url.partition("?")[0]:
            msg.append(
                " The URL was defined with a trailing slash. Tumbler redirects to"
                " the URL with a trailing slash if it was accessed without one."
            )
        msg.append(
            " Send requests to the canonical URL, or use 307 or 308 for routing"
            " redirects. Otherwise, browsers will drop form data.\n\n"
            "This exception is only raised in debug mode."
        )
        super().__init__("".join(msg))


def attach_enctype_error_multidict(request: Request) -> None:
    """Make ``request.files[key]`` explain a missing multipart enctype."""
    oldcls = request.files.__class__

    class newcls(oldcls):  # type: ignore[valid-type,misc]
        def __getitem__(self, key: str) -> t.Any:
            try:
                return super().__getitem__(key)
            except KeyError as e:
                if key not in request.form:
                    raise
                raise DebugFilesKeyError(request, key).with_traceback(e.__traceback__) from None

    newcls.__name__ = oldcls.__name__
    newcls.__module__ = oldcls.__module__
    request.files.__class__ = newcls


__all__ = ["BadRequestKeyError", "DebugFilesKeyError", "FormDataRoutingRedirect"]
