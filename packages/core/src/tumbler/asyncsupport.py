"""Running ``async def`` views and hooks from the synchronous WSGI pipeline."""

from __future__ import annotations

import collections.abc as cabc
import contextvars
import threading
import typing as t
from functools import wraps

__all__ = ["async_to_sync"]


def async_to_sync(func: t.Callable[..., cabc.Coroutine[t.Any, t.Any, t.Any]]) -> t.Callable[..., t.Any]:
    """Wrap a coroutine function so that calling it runs it to completion.

    The coroutine runs on a fresh event loop in the current thread, seeing the
    current context variables (so ``request`` and ``g`` work). If a loop is
    already running in this thread, it runs in a helper thread instead.
    """

    import asyncio  # here: importing asyncio costs every app's start-up ~20 ms

    @wraps(func)
    def run(*args: t.Any, **kwargs: t.Any) -> t.Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(func(*args, **kwargs))
        ctx = contextvars.copy_context()
        result: list[t.Any] = []
        error: list[BaseException] = []

        def target() -> None:
            try:
                result.append(ctx.run(asyncio.run, func(*args, **kwargs)))
            except BaseException as e:  # handed back to the calling thread
                error.append(e)

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        if error:
            raise error[0]
        return result[0]

    return run
