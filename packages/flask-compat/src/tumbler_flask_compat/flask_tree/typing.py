"""``flask.typing``: type aliases for annotations."""

from __future__ import annotations

import typing as t

ResponseValue = t.Any
HeaderValue = t.Union[str, t.List[str], t.Tuple[str, ...]]
HeadersValue = t.Any
ResponseReturnValue = t.Any
ResponseClass = t.Any
AppOrBlueprintKey = t.Optional[str]
AfterRequestCallable = t.Callable[..., t.Any]
BeforeFirstRequestCallable = t.Callable[[], None]
BeforeRequestCallable = t.Callable[[], t.Any]
ShellContextProcessorCallable = t.Callable[[], t.Dict[str, t.Any]]
TeardownCallable = t.Callable[[t.Optional[BaseException]], None]
TemplateContextProcessorCallable = t.Callable[[], t.Dict[str, t.Any]]
TemplateFilterCallable = t.Callable[..., t.Any]
TemplateGlobalCallable = t.Callable[..., t.Any]
TemplateTestCallable = t.Callable[..., bool]
URLDefaultCallable = t.Callable[[str, t.Dict[str, t.Any]], None]
URLValuePreprocessorCallable = t.Callable[[t.Optional[str], t.Optional[t.Dict[str, t.Any]]], None]
ErrorHandlerCallable = t.Callable[[t.Any], t.Any]
RouteCallable = t.Callable[..., t.Any]
