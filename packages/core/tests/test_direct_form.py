"""Differential test of the direct form path: ``Request`` parses a small
urlencoded body itself instead of running werkzeug's form parser.

Every generated request (body, ``Content-Type``, ``Content-Length``, server
stream, limits, what is read before and after the form) is answered twice: by
:class:`tumbler.Request` and by a subclass that overrides a form member, which
sends it through werkzeug's parser as before. The form, the files, every error
and everything read afterwards (``get_data``, ``data``, ``stream``,
``input_stream``) must be the same.
"""

from __future__ import annotations

import io
import random
import typing as t
from urllib.parse import parse_qsl

import pytest
import tumbler
from tumbler import App, Request
from tumbler.wrappers import _parse_urlencoded
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.formparser import FormDataParser
from werkzeug.test import Client
from werkzeug.wrappers import Request as WerkzeugRequest

URLENCODED = "application/x-www-form-urlencoded"


class WerkzeugParsing(Request):
    """Tumbler's request with werkzeug's form parser (a subclass's own parsing)."""

    def make_form_data_parser(self) -> FormDataParser:
        return super().make_form_data_parser()


class ServerError(Exception):
    """What a server raises for a body it cannot read (gunicorn has its own)."""


class ServerStream:
    """A ``wsgi.input`` with only ``read``, as gunicorn's: short reads of
    ``chunk`` bytes, optionally an error once ``fail_at`` bytes are read."""

    def __init__(self, data: bytes, chunk: int, fail_at: int | None, error: type[Exception]) -> None:
        self.data, self.pos, self.chunk, self.fail_at, self.error = data, 0, chunk, fail_at, error

    def read(self, size: int = -1) -> bytes:
        if self.fail_at is not None and self.pos >= self.fail_at:
            raise self.error("connection lost")
        size = len(self.data) if size is None or size < 0 else size
        out = self.data[self.pos : self.pos + min(size, self.chunk)]
        self.pos += len(out)
        return out


# Tokens of keys and values: escapes good and bad, '+', separators, raw UTF-8 and invalid bytes.
TOKENS = [b"a", b"name", b"x", b"", b" ", b"+", b"%", b"%2", b"%zz", b"%41", b"%2B", b"%26", b"%3D", b"%C3%A9",
          b"%FF", b"%C3", b"%e2%82%ac", b"\xc3\xa9", b"\xff", b"\xe2\x82", b";", b"=", b"~", b"%00", b"\x00",
          b"%3d", b"%2b", b"%25", b"%2526", b"%%", b"%E2%82", b"%c3%28", b"%F0%9F%98%80", b"\xf0\x9f\x98\x80"]  # fmt: skip
CONTENT_TYPES = [URLENCODED, URLENCODED.upper(), "Application/X-WWW-Form-Urlencoded", f"{URLENCODED}; charset=utf-8",
                 f"{URLENCODED}; charset=UTF-8", f"{URLENCODED}; charset=latin-1", f"{URLENCODED};", f" {URLENCODED}",
                 f"{URLENCODED} ", f'{URLENCODED}; charset="utf-8"', "multipart/form-data; boundary=x",
                 "text/plain", "application/json", "application/x-url-encoded", "", None]  # fmt: skip
LIMITS = [None, 0, 5, 20, 1000]


def random_body(rng: random.Random) -> bytes:
    fields = []
    for _ in range(rng.choice([0, 1, 2, 5, 12])):
        key = b"".join(rng.choices(TOKENS, k=rng.randint(0, 3)))
        value = b"".join(rng.choices(TOKENS, k=rng.randint(0, 4)))
        fields.append(key + rng.choice([b"=", b"=", b"", b"=="]) + value)
    return rng.choice([b"&", b"&", b";", b"&&"]).join(fields)


def random_length(rng: random.Random, body: bytes) -> str | None:
    n = len(body)
    return rng.choice([str(n)] * 6 + [str(max(n - 3, 0)), str(n + 4), "0", "", None, f" {n}", f"{n} ", f"+{n}",
                      "-1", f"0{n}", "abc", "\u0663", "9" * 7, "9" * 30, "9" * 5000, str(10**6 - 1), "1e3"])  # fmt: skip


def make_case(rng: random.Random) -> dict[str, t.Any]:
    body = random_body(rng)
    if rng.random() < 0.5:  # a field that makes the body the common, escape-free shape
        body = b"plain=field&" + body
    return {
        "body": body,
        "trailing": rng.choice([b"", b"", b"&extra=after"]),
        "type": rng.choice(CONTENT_TYPES[:5] * 3 + CONTENT_TYPES),
        "length": random_length(rng, body),
        "chunked": rng.random() < 0.08,
        "terminated": rng.random() < 0.08,
        "stream": rng.choice(["bytes"] * 4 + ["short", "oserror", "servererror"]),
        "max_content_length": rng.choice(LIMITS + [None] * 3),
        "max_form_memory_size": rng.choice(LIMITS + [500_000] * 3),
        "debug": rng.random() < 0.2,
        "before": rng.choice([None] * 6 + ["get_data", "stream", "stream_partly"]),
        "after": rng.sample(["get_data", "data", "stream", "input_stream", "form", "values", "files_key", "text"], 4),
    }


def make_environ(case: dict[str, t.Any]) -> dict[str, t.Any]:
    data = case["body"] + case["trailing"]
    stream: t.Any = io.BytesIO(data)
    if case["stream"] != "bytes":
        fail_at = None if case["stream"] == "short" else len(data) // 2
        stream = ServerStream(data, 3, fail_at, OSError if case["stream"] == "oserror" else ServerError)
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "SERVER_NAME": "localhost", "SERVER_PORT": "80",
               "wsgi.url_scheme": "http", "wsgi.input": stream}  # fmt: skip
    if case["type"] is not None:
        environ["CONTENT_TYPE"] = case["type"]
    if case["length"] is not None:
        environ["CONTENT_LENGTH"] = case["length"]
    if case["chunked"]:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    if case["terminated"]:
        environ["wsgi.input_terminated"] = True
    return environ


def outcome(f: t.Callable[[], t.Any]) -> t.Any:
    """What a user sees: the value, or the error (an HTTP error's code and text)."""
    try:
        value = f()
    except HTTPException as e:
        return ("http error", type(e).__name__, e.code, e.description)
    except Exception as e:
        return ("error", type(e).__name__, str(e))
    if isinstance(value, MultiDict):
        return (type(value).__name__, list(value.items(multi=True)))
    return value


def answer(request_class: type[Request], app: App, case: dict[str, t.Any]) -> list[t.Any]:
    """Everything observable about the form and the body, in order."""
    environ = make_environ(case)
    with app.app_context():
        request = request_class(environ)
        seen: list[t.Any] = []
        if case["before"] == "get_data":
            seen.append(outcome(request.get_data))
        elif case["before"] == "stream":
            seen.append(outcome(lambda: type(request.stream).__name__))
        elif case["before"] == "stream_partly":
            seen.append(outcome(lambda: request.stream.read(2)))
        seen.append(outcome(lambda: request.form))
        seen.append(outcome(lambda: request.files))
        for step in case["after"]:
            if step == "get_data":
                seen.append(outcome(request.get_data))
            elif step == "text":
                seen.append(outcome(lambda: request.get_data(as_text=True)))
            elif step == "data":
                seen.append(outcome(lambda: request.data))
            elif step == "stream":
                seen.append(
                    outcome(lambda: (type(request.stream).__name__, request.stream.tell(), request.stream.read()))
                )
            elif step == "input_stream":
                seen.append(outcome(request.input_stream.read))
            elif step == "files_key":
                seen.append(outcome(lambda: request.files["file"]))
            else:
                seen.append(outcome(lambda step=step: getattr(request, step)))
        request.close()
        return seen


def test_direct_form_matches_werkzeug(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"parser": 0}
    werkzeug_parse = FormDataParser.parse

    def counting_parse(self: FormDataParser, *args: t.Any, **kwargs: t.Any) -> t.Any:
        calls["parser"] += 1
        return werkzeug_parse(self, *args, **kwargs)

    monkeypatch.setattr(FormDataParser, "parse", counting_parse)
    rng = random.Random(20240521)
    direct = 0
    for i in range(3000):
        case = make_case(rng)
        app = App(f"form{i}", plugins=[])
        app.config.update(MAX_CONTENT_LENGTH=case["max_content_length"], DEBUG=case["debug"])
        app.config["MAX_FORM_MEMORY_SIZE"] = case["max_form_memory_size"]
        before = calls["parser"]
        ours = answer(Request, app, case)
        direct += calls["parser"] == before and case["before"] is None
        assert ours == answer(WerkzeugParsing, app, case), case
    # the comparison means something only if many requests took the direct path
    assert direct > 500


def test_parsing_matches_parse_qsl() -> None:
    """The parser alone, over many more bodies (as text: werkzeug decodes the body first)."""
    rng = random.Random(7)
    tokens = [token.decode("latin-1") for token in TOKENS] + ["é", "€", "&", "&&", "=", "%", "+"]
    for _ in range(20_000):
        body = "".join(rng.choices(tokens, k=rng.randint(0, 12)))
        assert _parse_urlencoded(body) == parse_qsl(body, keep_blank_values=True, errors="werkzeug.url_quote"), body


def test_common_form_skips_werkzeugs_parser(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parser(*args: t.Any) -> t.NoReturn:
        raise AssertionError("werkzeug's parser ran")

    monkeypatch.setattr(WerkzeugRequest, "make_form_data_parser", no_parser)
    body = b"name=Ada&lang=py&empty=&flag&name=Grace"
    environ = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": URLENCODED, "CONTENT_LENGTH": str(len(body)),
               "wsgi.input": io.BytesIO(body + b"next")}  # fmt: skip
    with app.app_context():
        request = Request(environ)
        assert request.form.to_dict(flat=False) == {
            "name": ["Ada", "Grace"],
            "lang": ["py"],
            "empty": [""],
            "flag": [""],
        }
        assert not request.files
        assert request.get_data() == b""
        assert request.input_stream.read() == b"next"  # exactly Content-Length bytes were read


def test_subclass_with_its_own_parser_keeps_it(app: App) -> None:
    class Upper(FormDataParser):
        def parse(self, stream: t.Any, mimetype: str, content_length: int | None, options: t.Any = None) -> t.Any:
            stream, form, files = super().parse(stream, mimetype, content_length, options)
            return stream, ImmutableMultiDict({k.upper(): v for k, v in form.items()}), files

    class UpperRequest(Request):
        form_data_parser_class = Upper

    environ = {
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": URLENCODED,
        "CONTENT_LENGTH": "3",
        "wsgi.input": io.BytesIO(b"a=b"),
    }
    with app.app_context():
        assert UpperRequest(environ).form.to_dict() == {"A": "b"}


def test_body_over_max_content_length_is_413(app: App) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10

    @app.post("/")
    def view() -> str:
        return ",".join(tumbler.request.form)

    client = Client(app)
    assert client.post("/", data={"a": "1"}).text == "a"
    response = client.post("/", data={"a": "x" * 20})
    assert response.status_code == 413


def test_uploaded_files_are_closed_when_the_request_ends(app: App) -> None:
    uploads: list[t.Any] = []

    @app.post("/upload")
    def upload() -> str:
        uploads.append(tumbler.request.files["doc"])
        return str(uploads[0].read(), "utf-8")

    response = Client(app).post("/upload", data={"doc": (io.BytesIO(b"hello"), "a.txt")})
    assert response.text == "hello"
    assert uploads[0].stream.closed
