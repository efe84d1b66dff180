"""The data every benchmark app serves, so that all columns do the same work.

Each app module imports its constants from here; the harness imports the same
names to check the responses.
"""

HELLO = "Hello, World!"

#: The small dict served by ``GET /json``.
JSON_PAYLOAD = {"message": "Hello, World!", "id": 42, "tags": ["a", "b", "c"], "ok": True}

#: ``GET /template`` renders ``templates/page.html`` with these (a 10-item loop).
TITLE = "Tumbler bench"
ITEMS = [{"name": f"item {i}", "value": i * i} for i in range(10)]

#: ``POST /form`` reads these five fields and answers their values joined by commas.
FORM = {
    "name": "Ada",
    "email": "ada@example.com",
    "age": "36",
    "city": "London",
    "lang": "python",
}
FORM_FIELDS = tuple(FORM)

#: The signing key of the session cookie (``GET /session`` reads and writes it).
SECRET_KEY = "bench-secret-key-not-for-production"
SESSION_COOKIE = "session"

#: ``/r/s<i>`` static and ``/r/p<i>/<int:id>`` parametrised rules, i < MANY_ROUTES.
MANY_ROUTES = 200


def static_rule(i: int) -> str:
    """The path of the i-th static rule of the many-routes scenario."""
    return f"/r/s{i}"


def param_prefix(i: int) -> str:
    """The path of the i-th parametrised rule, before its ``<int:id>`` part."""
    return f"/r/p{i}"
