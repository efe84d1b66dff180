"""Fail unless the kernel runs a request with none of the given libraries
installed or imported: ``python check_kernel_alone.py jinja2 click ...``."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sys


def main(forbidden: list[str]) -> int:
    installed = [name for name in forbidden if importlib.util.find_spec(name) is not None]
    if installed:
        print(f"kernel session: these must not be installed: {', '.join(installed)}")
        return 1
    import tumbler
    from werkzeug.test import Client

    app = tumbler.App(__name__)

    @app.get("/")
    def index() -> dict[str, str]:
        return {"hello": tumbler.request.path}

    response = Client(app).get("/")
    if response.status_code != 200 or response.json != {"hello": "/"}:
        print(f"kernel session: the kernel could not answer a request: {response.status}")
        return 1
    plugins = [p.name for p in app.plugins.list()]
    if plugins:
        print(f"kernel session: plugins were loaded, but none is installed: {plugins}")
        return 1
    imported = sorted(name for name in sys.modules if name.split(".")[0] in forbidden)
    if imported:
        print(f"kernel session: the kernel imported {imported}")
        return 1
    print(f"kernel alone: ok (none of {', '.join(forbidden)} installed or imported)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
