"""``flask.typing``: type aliases for annotations."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import collections.abc as cabc
import typing as t

ResponseValue = t.Any
HeaderValue = str | list[str] | tuple[str, ...]
HeadersValue = t.Any
ResponseReturnValue = t.Any
ResponseClass = t.Any
AppOrBlueprintKey = str | None
AfterRequestCallable = t.Callable[..., t.Any]
BeforeFirstRequestCallable = t.Callable[[], None]
BeforeRequestCallable = t.Callable[[], t.Any]
ShellContextProcessorCallable = t.Callable[[], dict[str, t.Any]]
TeardownCallable = t.Callable[[BaseException | None], None]
TemplateContextProcessorCallable = t.Callable[[], dict[str, t.Any]]
TemplateFilterCallable = t.Callable[..., t.Any]
TemplateGlobalCallable = t.Callable[..., t.Any]
TemplateTestCallable = t.Callable[..., bool]
URLDefaultCallable = t.Callable[[str, dict[str, t.Any]], None]
URLValuePreprocessorCallable = t.Callable[[str | None, dict[str, t.Any] | None], None]
ErrorHandlerCallable = t.Callable[[t.Any], t.Any]
RouteCallable = t.Callable[..., t.Any]
