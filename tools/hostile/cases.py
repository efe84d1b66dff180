"""The hostile requests, by category: seeded, so every run sends the same ones.

A :class:`Case` is one raw request (method, target, headers, body as bytes) and
what its answer must satisfy beyond the checks every answer gets (see
``checks.py``). Each category has a generator ``(rng, app) -> list[Case]``;
``bad JSON`` and ``forged cookies`` also draw from hypothesis strategies
(derandomized, so reproducible).
"""

from __future__ import annotations

import base64
import json
import random
import time
import typing as t
import zlib
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if t.TYPE_CHECKING:
    from tumbler import App

Headers = list[tuple[bytes, bytes]]


@dataclass
class Case:
    category: str
    method: bytes
    target: bytes  # path and query as sent on the request line, percent-encoded or raw
    headers: Headers = field(default_factory=list)
    body: bytes = b""
    #: A payload that must not appear verbatim in an HTML answer.
    xss: str | None = None
    #: The exact JSON an answer must be (``/session``).
    expect_json: t.Any = None
    #: The exact status the answer must have (None: any below 500).
    expect_status: int | None = None
    #: Only the deliberately failing route may answer 5xx.
    allow_5xx: bool = False
    #: The request body is sent with Transfer-Encoding: chunked (already framed).
    chunked: bool = False
    #: Run with the cookies the previous case of the same chain got (flash, then render).
    follow_cookies: bool = False

    def header(self, name: bytes, value: bytes) -> Case:
        self.headers.append((name, value))
        return self


def _case(category: str, method: str | bytes, target: str | bytes, **kwargs: t.Any) -> Case:
    m = method.encode("latin-1") if isinstance(method, str) else method
    p = target.encode("latin-1") if isinstance(target, str) else target
    return Case(category, m, p, **kwargs)


def _same_origin() -> Headers:
    return [(b"Sec-Fetch-Site", b"same-origin")]


def _hypothesis_examples(strategy: st.SearchStrategy[t.Any], count: int) -> list[t.Any]:
    """``count`` examples of ``strategy``, the same on every run (derandomized)."""
    found: list[t.Any] = []

    @settings(
        max_examples=count, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(strategy)
    def collect(value: t.Any) -> None:
        found.append(value)

    collect()
    return found


# -- bad encodings -------------------------------------------------------------------

_BAD_BYTES = [
    b"\xff",
    b"\xfe\xff",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xe2\x82",
    b"\x80abc",
    b"\xf8\x88\x80\x80\x80",
    b"\x00",
]


def bad_encodings(rng: random.Random, app: App) -> list[Case]:
    cases = []
    for _ in range(500):
        junk = rng.choice(_BAD_BYTES) + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 6)))
        pct = "".join(f"%{b:02X}" for b in junk).encode()
        kind = rng.randrange(6)
        if kind == 0:
            cases.append(_case("bad encodings", "GET", b"/search?q=" + junk))
        elif kind == 1:
            cases.append(_case("bad encodings", "GET", b"/search?q=" + pct + b"&" + junk + b"=1"))
        elif kind == 2:
            cases.append(_case("bad encodings", "GET", b"/user/" + pct))
        elif kind == 3:
            cases.append(_case("bad encodings", "GET", b"/user/" + junk.replace(b"/", b"")))
        elif kind == 4:
            cases.append(_case("bad encodings", "GET", b"/static/" + pct + b".txt"))
        else:
            cases.append(
                _case(
                    "bad encodings", "GET", b"/agent", headers=[(b"User-Agent", b"bot " + junk.replace(b"\x00", b""))]
                )
            )
    charsets = [b"utf-8", b"utf-16", b"latin-1", b"bogus-charset", b"utf-7", b'"utf-8"', b"", b"utf-8; charset=ascii"]
    for _ in range(300):
        junk = rng.choice(_BAD_BYTES) + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 20)))
        charset = rng.choice(charsets)
        ctype = b"application/x-www-form-urlencoded; charset=" + charset
        body = rng.choice([b"q=" + junk, junk + b"=" + junk, b"q=%FF%FE" + junk, junk])
        cases.append(_case("bad encodings", "POST", "/echo-form", headers=[(b"Content-Type", ctype)], body=body))
    for _ in range(200):
        junk = rng.choice(_BAD_BYTES) + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 20)))
        ctype = rng.choice(
            [b"application/json", b"application/json; charset=utf-16", b"application/json; charset=nope"]
        )
        body = rng.choice(
            [b'{"q": "' + junk + b'"}', junk, b"\xef\xbb\xbf" + b'{"q": 1}', '{"q": "é"}'.encode("utf-16")]
        )
        cases.append(
            _case(
                "bad encodings",
                "POST",
                rng.choice(["/json", "/json-echo"]),
                headers=[(b"Content-Type", ctype)],
                body=body,
            )
        )
    return cases


# -- huge headers and bodies ---------------------------------------------------------------


def huge(rng: random.Random, app: App) -> list[Case]:
    cases = []
    limit = app.config["MAX_CONTENT_LENGTH"]
    for size in (8_000, 16_000, 64_000, 256_000):
        for name in (
            b"User-Agent",
            b"X-Big",
            b"Accept",
            b"Accept-Language",
            b"If-None-Match",
            b"Range",
            b"Authorization",
        ):
            cases.append(_case("huge headers and bodies", "GET", "/agent", headers=[(name, b"a" * size)]))
    for count in (100, 1_000, 5_000):
        cases.append(
            _case("huge headers and bodies", "GET", "/", headers=[(f"X-H{i}".encode(), b"v") for i in range(count)])
        )
        cookie = "; ".join(f"c{i}={'x' * 20}" for i in range(count)).encode()
        cases.append(_case("huge headers and bodies", "GET", "/session", headers=[(b"Cookie", cookie)], expect_json={}))
    for size in (50_000, 200_000):
        cases.append(
            _case("huge headers and bodies", "GET", b"/search?" + b"&".join(b"q%d=1" % i for i in range(size // 6)))
        )
        cases.append(_case("huge headers and bodies", "GET", b"/search?q=" + b"A" * size))
        cases.append(_case("huge headers and bodies", "GET", b"/user/" + b"B" * size))
    for _ in range(250):
        size = rng.choice([limit + 1, limit * 2, limit * 5, limit // 2, 10, 0])
        path, ctype = rng.choice(
            [
                ("/echo-form", b"application/x-www-form-urlencoded"),
                ("/json", b"application/json"),
                ("/upload", b"multipart/form-data; boundary=xyz"),
                ("/any", b"application/octet-stream"),
            ]
        )
        body = b"q=" + b"x" * max(size - 2, 0) if "form" in ctype.decode() else b"[" + b"1," * (size // 2) + b"1]"
        expect = 413 if len(body) > limit and path != "/any" else None  # /any never reads its body
        cases.append(
            _case(
                "huge headers and bodies",
                "POST",
                path,
                headers=[(b"Content-Type", ctype)],
                body=body,
                expect_status=expect,
            )
        )
    lies = [b"-1", b"abc", b"1e3", b" 12 ", b"99999999999999999999999", b"0x10", b"", b"5, 5", b"+5"]
    for _ in range(150):
        lie = rng.choice(lies + [str(rng.randrange(0, 5000)).encode()])
        path = rng.choice(["/echo-form", "/json", "/upload", "/any"])
        cases.append(
            _case(
                "huge headers and bodies",
                "POST",
                path,
                headers=[(b"Content-Length", lie), (b"Content-Type", b"application/x-www-form-urlencoded")],
                body=b"q=" + b"y" * rng.randrange(0, 3000),
            )
        )
    return cases


# -- chunked games --------------------------------------------------------------------------


def _chunk(data: bytes, size_text: bytes | None = None, ext: bytes = b"") -> bytes:
    return (size_text if size_text is not None else b"%x" % len(data)) + ext + b"\r\n" + data + b"\r\n"


def chunked(rng: random.Random, app: App) -> list[Case]:
    cases = []
    games: list[tuple[str, bytes]] = [
        ("valid", _chunk(b"q=hello") + b"0\r\n\r\n"),
        ("several", _chunk(b"q=he") + _chunk(b"llo") + b"0\r\n\r\n"),
        ("extension", _chunk(b"q=1", ext=b";name=value") + b"0\r\n\r\n"),
        ("trailer", _chunk(b"q=1") + b"0\r\nX-Trailer: 1\r\n\r\n"),
        ("uppercase hex", _chunk(b"q=" + b"a" * 30, b"20") + b"0\r\n\r\n"),
        ("size too big", _chunk(b"q=1", b"ffff") + b"0\r\n\r\n"),
        ("size too small", _chunk(b"q=12345", b"2") + b"0\r\n\r\n"),
        ("negative size", b"-5\r\nq=123\r\n0\r\n\r\n"),
        ("non-hex size", b"zz\r\nq=1\r\n0\r\n\r\n"),
        ("overflow size", b"ffffffffffffffffffffffff\r\nq=1\r\n0\r\n\r\n"),
        ("no final chunk", _chunk(b"q=1")),
        ("bare LF", b"3\nq=1\n0\n\n"),
        ("missing CRLF after data", b"3\r\nq=1" + b"0\r\n\r\n"),
        ("leading zeros", b"00000003\r\nq=1\r\n0\r\n\r\n"),
        ("empty", b"0\r\n\r\n"),
        ("spaces in size", b"3 \r\nq=1\r\n0\r\n\r\n"),
    ]
    te_values = [
        b"chunked",
        b"Chunked",
        b"gzip, chunked",
        b"chunked, chunked",
        b"identity",
        b"chunked;q=1",
        b" chunked",
        b"xchunked",
    ]
    for _ in range(450):
        name, body = rng.choice(games)
        te = rng.choice(te_values)
        headers: Headers = [(b"Transfer-Encoding", te), (b"Content-Type", b"application/x-www-form-urlencoded")]
        if rng.random() < 0.3:
            headers.append((b"Content-Length", str(rng.randrange(0, 40)).encode()))
        path = rng.choice(["/echo-form", "/json", "/any"])
        cases.append(_case("chunked games", "POST", path, headers=headers, body=body, chunked=True))
    return cases


# -- bad JSON -----------------------------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def bad_json(rng: random.Random, app: App) -> list[Case]:
    bodies: list[bytes] = []
    bodies += _hypothesis_examples(st.binary(max_size=200), 400)
    bodies += [s.encode("utf-8", "surrogatepass") for s in _hypothesis_examples(st.text(max_size=100), 300)]
    for value in _hypothesis_examples(_json_values, 300):
        text = json.dumps(value)
        cut = rng.randrange(len(text) + 1)
        bodies.append(
            rng.choice([text, text[:cut], text + rng.choice(["}", "]", ",", "x"]), text.replace(":", "=")]).encode()
        )
    for depth in (100, 500, 990, 1_000, 1_100, 5_000, 50_000, 200_000):
        bodies += [b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth, b"[" * depth]
    bodies += [
        b"NaN", b"Infinity", b"-Infinity", b"1e999999", b"9" * 5_000, b"-" + b"9" * 5_000, b'"\\ud800"',
        b'{"a": 1, "a": 2}', b"\xef\xbb\xbf{}", b"", b" ", b"null", b"true", b'"str"', b"{'single': 1}",
        b'{"q": "\\u0000"}', b"[1,]", b"{,}", b"0x10", b"01", b'"\\x41"', b"\x00\x00\x00[",
    ]  # fmt: skip
    ctypes = [b"application/json", b"application/json; charset=utf-8", b"application/vnd.api+json", b"text/plain"]
    cases = []
    for body in bodies:
        path = rng.choice(["/json", "/json-echo"])
        cases.append(_case("bad JSON", "POST", path, headers=[(b"Content-Type", rng.choice(ctypes))], body=body))
    return cases


# -- bad multipart ------------------------------------------------------------------------------


def _part(name: bytes, data: bytes, filename: bytes | None = None, extra: bytes = b"") -> bytes:
    disp = b'Content-Disposition: form-data; name="' + name + b'"'
    if filename is not None:
        disp += b'; filename="' + filename + b'"'
    return disp + b"\r\n" + extra + b"\r\n" + data


def _multipart(boundary: bytes, parts: list[bytes], close: bool = True) -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + p + b"\r\n" for p in parts)
    return body + (b"--" + boundary + b"--\r\n" if close else b"")


_FILENAMES = [
    b"../../etc/passwd", b"..\\..\\boot.ini", b"/etc/passwd", b"a\x00b.txt", b"\xff\xfe.txt", b"<script>x</script>.txt",
    b"x\r\nContent-Type: text/html", b"", b" ", b"." * 300, b"con", b"a" * 5000, b"caf\xc3\xa9.txt", b'a"b.txt',
]  # fmt: skip


def bad_multipart(rng: random.Random, app: App) -> list[Case]:
    cases = []
    for _ in range(900):
        boundary = rng.choice(
            [b"xyz", b"----WebKitFormBoundary7MA4YWxk", b"a" * 70, b"a" * 200, b"sp ace", b'"quoted"', b""]
        )
        kind = rng.randrange(10)
        parts = [_part(b"title", b"hello"), _part(b"file", b"content " * rng.randrange(1, 50), rng.choice(_FILENAMES))]
        ctype = b"multipart/form-data; boundary=" + boundary
        if kind == 0:
            ctype = b"multipart/form-data"
        elif kind == 1:
            ctype = b"multipart/form-data; boundary=other"
        body = _multipart(boundary.strip(b'"'), parts, close=kind != 2)
        if kind == 3:
            body = body.replace(b"\r\n", b"\n")
        elif kind == 4:
            body = _multipart(boundary, [_part(b"f", b"x", extra=b"X-Long: " + b"h" * 50_000 + b"\r\n")])
        elif kind == 5:
            body = _multipart(boundary, [_part(b"f%d" % i, b"x") for i in range(rng.choice([999, 1_001, 3_000]))])
        elif kind == 6:
            body = b"--" + boundary + b"\r\nContent-Disposition: form-data\r\n\r\nnoname\r\n--" + boundary + b"--\r\n"
        elif kind == 7:
            body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        elif kind == 8:
            inner = _multipart(b"inner", [_part(b"x", b"y")])
            body = _multipart(
                boundary,
                [
                    b'Content-Disposition: form-data; name="n"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n'
                    + inner
                ],
            )
        elif kind == 9:
            body = _multipart(
                boundary,
                [
                    b'Content-Disposition: form-data; name="b64"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64'
                ],
            )
        cases.append(_case("bad multipart", "POST", "/upload", headers=[(b"Content-Type", ctype)], body=body))
    return cases


# -- path traversal -------------------------------------------------------------------------------

_TRAVERSALS = [
    "../secret.txt", "../../outside-sentinel.txt", "..%2fsecret.txt", "%2e%2e/secret.txt", "%2e%2e%2fsecret.txt",
    "..%5csecret.txt", "..\\secret.txt", "....//secret.txt", "%252e%252e%252fsecret.txt", "..%00/secret.txt",
    "/etc/passwd", "%2fetc%2fpasswd", "..;/secret.txt", "%c0%ae%c0%ae/secret.txt", "%ef%bc%8e%ef%bc%8e/secret.txt",
    "static/../../secret.txt", "C:\\Windows\\win.ini", "~/.bashrc", "/proc/self/environ", "..%2f..%2f..%2f..%2fetc%2fpasswd",
    "./../secret.txt", "%2e%2e%5c%2e%2e%5csecret.txt", "..%252fsecret.txt", "hello.txt/../../secret.txt", "css/../../secret.txt",
    "css%2f..%2f..%2fsecret.txt", "%00", "..", "../", ".", "//etc/passwd", "\\\\server\\share", "..%c0%afsecret.txt",
]  # fmt: skip


def path_traversal(rng: random.Random, app: App) -> list[Case]:
    cases = []
    prefixes = ["/static/", "/files/", "/static/css/", "/", "/files/./", "/static//"]
    for _ in range(1_300):
        payload = rng.choice(_TRAVERSALS)
        if rng.random() < 0.3:
            payload = "../" * rng.randrange(1, 8) + rng.choice(["secret.txt", "outside-sentinel.txt", "etc/passwd"])
        cases.append(_case("path traversal", rng.choice(["GET", "HEAD"]), rng.choice(prefixes) + payload))
    return cases


# -- forged and broken cookies -------------------------------------------------------------------------


def _signer(app: App) -> t.Any:
    from tumbler_sessions import SecureCookieSessionInterface

    return SecureCookieSessionInterface().get_signing_serializer(app)


def _sign_raw(app: App, payload: bytes, when: float | None = None) -> str:
    """A session cookie signed with the app's key around ``payload`` (raw JSON bytes)."""
    from itsdangerous import encoding

    serializer = _signer(app)
    signer = serializer.make_signer(serializer.salt)
    if when is not None:
        signer.get_timestamp = lambda: int(when)  # type: ignore[method-assign]
    return signer.sign(encoding.base64_encode(payload)).decode()


def valid_cookie(app: App, data: dict[str, t.Any], when: float | None = None) -> str:
    return _sign_raw(app, json.dumps(data, separators=(",", ":")).encode(), when)


def cookies(rng: random.Random, app: App) -> list[Case]:
    cases = []
    name = app.config["SESSION_COOKIE_NAME"]
    good = valid_cookie(app, {"user": "ada"})

    def session_case(cookie: bytes | str, expect: t.Any = None) -> Case:
        value = cookie.encode("latin-1", "replace") if isinstance(cookie, str) else cookie
        return _case("forged cookies", "GET", "/session", headers=[(b"Cookie", value)], expect_json=expect)

    # a control group: a valid cookie must give its session (the check is not vacuous)
    for _ in range(40):
        cases.append(session_case(f"{name}={good}", {"user": "ada"}))
    forged: list[str] = []
    forged += _hypothesis_examples(
        st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=';,"\\'), max_size=120),
        250,
    )
    for _ in range(200):
        i = rng.randrange(len(good) - 1)  # the last character's low bits are base64 padding: not a change
        flipped = good[:i] + rng.choice("ABCabc0123-_.") + good[i + 1 :]
        if flipped != good:
            forged.append(flipped)
    forged += [good[: rng.randrange(len(good))] for _ in range(60)]
    forged += [good + rng.choice(["x", ".", "..", "AAAA"]) for _ in range(20)]
    other_key = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "a-different-key-that-signs-forgeries-00000"
    forged += [valid_cookie(app, {"user": f"mallory{i}"}) for i in range(60)]
    app.config["SECRET_KEY"] = other_key
    expired_at = time.time() - 2 * 3600  # the app's PERMANENT_SESSION_LIFETIME is one hour
    forged += [valid_cookie(app, {"user": "ada", "n": i}, when=expired_at - i) for i in range(60)]
    forged += ["." + base64.urlsafe_b64encode(zlib.compress(b"x" * i)).decode() + ".AAAA.BBBB" for i in range(1, 30)]
    for value in forged:
        cases.append(session_case(f"{name}={value}", {}))
    # validly signed but malformed payloads: any status below 500 will do
    malformed = [
        b"[1,2]",
        b'"text"',
        b"null",
        b"{",
        b'{" t": ["nope", 1]}',
        b'{" t": 1}',
        b'{"a": {" d": "bad date"}}',
        b"1e9999",
        b"\xff",
    ]
    malformed += [b'{" b": "!!!"}', b'{" m": 5}', b'{" u": "not-a-uuid"}', b'{" t__": []}', b"[" * 5_000]
    for payload in malformed:
        cases.append(session_case(f"{name}={_sign_raw(app, payload)}"))
    syntax = [
        f'{name}="unterminated', f"{name}=", f";;;;{name}={good}", "=;=;=", f"{name}={'x' * 5_000}", f"{name}=a; {name}=b",
        f"{name}=\xff\xfe", "tumbler_csrf=\x00\x01", "pref=" + "%" * 50, f"{name}=\"{good}\"", "a" * 9_000,
    ]  # fmt: skip
    for value in syntax:
        cases.append(session_case(value))
    return cases


# -- CRLF injection ------------------------------------------------------------------------------------

_INJECTIONS = [
    "%0d%0aSet-Cookie:%20injected=1", "%0aX-Injected:%201", "%0dX-Injected:%201", "%0d%0a%0d%0a<html>injected",
    "%E5%98%8A%E5%98%8DX-Injected:%201", "%00X-Injected:%201", "\r\nX-Injected: 1", "%u000aX-Injected:1",
]  # fmt: skip


def crlf(rng: random.Random, app: App) -> list[Case]:
    cases = []
    for _ in range(700):
        inj = rng.choice(_INJECTIONS)
        target = (
            rng.choice(["/go?next=/home", "/pref?v=dark", "/flash?m=hi", "/search?q=x", "/user/x", "/abort?d=x"]) + inj
        )
        encoded = target.encode("latin-1").replace(b"\r", b"%0d").replace(b"\n", b"%0a")
        cases.append(_case("CRLF", "GET", encoded))
    return cases


# -- odd Host headers -------------------------------------------------------------------------------------

_HOSTS = [
    b"..", b".", b"a..b", b"x" * 64 + b".example", b"a." + b"b" * 300, b"ex ample.com", b"exa\tmple", b"[::1]", b"[::1",
    b"[zz]", b"localhost:99999", b"localhost:-1", b"localhost:abc", b"", b"@evil.example", b"evil.example/path",
    b"\xc3\xbc\xc3\xb1\xc3\xad.example", b"xn--broken", b"host\x00", b"localhost:80:80", b"h" * 10_000, b"LOCALHOST",
    b"127.0.0.1", b"evil.example", b"xn--", b"a" * 63 + b"." + b"b" * 63, b"-leading.example", b"trailing.",
    b"\xff\xfe", b"localhost\r\nX-Injected: 1",
]  # fmt: skip


def hosts(rng: random.Random, app: App) -> list[Case]:
    cases = []
    for _ in range(800):
        host = rng.choice(_HOSTS)
        path = rng.choice(["/", "/static/hello.txt", "/missing", "/search?q=x", "/go?next=/", "/user/x"])
        cases.append(_case("odd Host headers", "GET", path, headers=[(b"Host", host)]))
    return cases


# -- odd methods ------------------------------------------------------------------------------------------------

_METHODS = [
    b"get", b"GeT", b"FOO", b"PROPFIND", b"CONNECT", b"TRACE", b"OPTIONS", b"HEAD", b"M" * 1_000, b"G ET", b"GET\x00",
    b"\xc4\xd6", b"", b"PATCH", b"DELETE", b"PUT", b"MKCOL", b"BREW", b"QUERY", b"*", b"-",
]  # fmt: skip


def methods(rng: random.Random, app: App) -> list[Case]:
    cases = []
    for _ in range(600):
        method = rng.choice(_METHODS)
        path = rng.choice(["/any", "/", "/search?q=1", "/missing", "/static/hello.txt", "/stream?w=a", "/echo-form"])
        cases.append(_case("odd methods", method, path, body=b"q=1" if rng.random() < 0.3 else b""))
    return cases


# -- XSS payloads --------------------------------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>", '"><script>alert(1)</script>', "'><img src=x onerror=alert(1)>", "<svg/onload=alert(1)>",
    '" onmouseover="alert(1)', "' onfocus='alert(1)' autofocus='", "</title><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)>", "<body onload=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "<<script>alert(1)//<</script>", "<scr<script>ipt>alert(1)</script>", "<img src=\"x\" onerror=\"alert(1)\">",
    "\"><svg><script>alert(1)</script>", "<math><mi xlink:href=\"javascript:alert(1)\">x", "<details open ontoggle=alert(1)>",
    "{{7*7}}<b>", "<style>@import'x'</style>", "<input autofocus onfocus=alert(1)>", "<x onclick=alert(1)>click",
    "</textarea><script>alert(1)</script>", "<!--<script>-->", "<![CDATA[<script>]]>", "<meta http-equiv=refresh content=0>",
    "<base href=//evil.example/>", "<object data=javascript:alert(1)>", "<embed src=x onerror=alert(1)>",
    "<video><source onerror=alert(1)>", "<marquee onstart=alert(1)>", "\"'><", "<ScRiPt>alert(1)</sCrIpT>",
    "<img src=x onerror=&#97;lert(1)>", "<a href='x' onclick='a'>", "<svg><animate onbegin=alert(1) attributeName=x>",
]  # fmt: skip


def xss(rng: random.Random, app: App) -> list[Case]:
    from urllib.parse import quote

    cases = []
    for _ in range(1_500):
        payload = rng.choice(XSS)
        q = quote(payload, safe="")
        point = rng.randrange(8)
        if point == 0:
            cases.append(_case("XSS payloads", "GET", f"/search?q={q}", xss=payload))
        elif point == 1 and "/" not in payload:
            cases.append(_case("XSS payloads", "GET", f"/user/{q}", xss=payload))
        elif point == 2:
            cases.append(
                _case("XSS payloads", "GET", "/agent", headers=[(b"User-Agent", payload.encode())], xss=payload)
            )
        elif point == 3:
            form = f"q={q}".encode()
            headers = [(b"Content-Type", b"application/x-www-form-urlencoded"), *_same_origin()]
            cases.append(_case("XSS payloads", "POST", "/echo-form", headers=headers, body=form, xss=payload))
        elif point == 4:
            body = json.dumps({"q": payload}).encode()
            headers = [(b"Content-Type", b"application/json"), *_same_origin()]
            cases.append(_case("XSS payloads", "POST", "/json-echo", headers=headers, body=body, xss=payload))
        elif point == 5:
            # flash the payload, then render it from the session on the next request
            cases.append(_case("XSS payloads", "GET", f"/flash?m={q}&c={q}", xss=payload))
            cases.append(_case("XSS payloads", "GET", "/", xss=payload, follow_cookies=True))
        elif point == 6:
            cases.append(_case("XSS payloads", "GET", f"/abort?d={q}", xss=payload))
        else:
            boundary = b"xss"
            body = _multipart(boundary, [_part(b"f", b"data", payload.encode()), _part(b"t", payload.encode())])
            headers = [(b"Content-Type", b"multipart/form-data; boundary=xss"), *_same_origin()]
            cases.append(_case("XSS payloads", "POST", "/upload", headers=headers, body=body, xss=payload))
    return cases


# -- cross-origin requests (tumbler-security) ----------------------------------------------------------------------


def cross_origin(rng: random.Random, app: App) -> list[Case]:
    cases = []
    targets = [
        ("POST", "/echo-form"),
        ("POST", "/login"),
        ("PUT", "/any"),
        ("DELETE", "/any"),
        ("PATCH", "/any"),
        ("POST", "/json"),
    ]
    for _ in range(400):
        method, path = rng.choice(targets)
        kind = rng.randrange(4)
        body = b"q=1&user=mallory"
        if kind == 0:
            headers: Headers = [(b"Sec-Fetch-Site", rng.choice([b"cross-site", b"same-site"]))]
            cases.append(_case("cross-origin", method, path, headers=headers, body=body, expect_status=403))
        elif kind == 1:
            origin = rng.choice(
                [b"https://evil.example", b"null", b"http://localhost.evil.example", b"http://127.0.0.1"]
            )
            cases.append(
                _case("cross-origin", method, path, headers=[(b"Origin", origin)], body=body, expect_status=403)
            )
        elif kind == 2:
            headers = [(b"Sec-Fetch-Site", b"cross-site"), (b"Origin", b"http://localhost")]
            cases.append(_case("cross-origin", method, path, headers=headers, body=body, expect_status=403))
        else:
            headers = [(b"Origin", b"http://localhost"), (b"Content-Type", b"application/x-www-form-urlencoded")]
            cases.append(_case("cross-origin", method, path, headers=headers, body=body))
    return cases


def failing(rng: random.Random, app: App) -> list[Case]:
    """The deliberate failure: proves a 500 is answered, and answered cleanly."""
    return [_case("deliberate failure", "GET", "/fail", allow_5xx=True, expect_status=500) for _ in range(20)]


CATEGORIES: dict[str, t.Callable[[random.Random, App], list[Case]]] = {
    "bad encodings": bad_encodings,
    "huge headers and bodies": huge,
    "chunked games": chunked,
    "bad JSON": bad_json,
    "bad multipart": bad_multipart,
    "path traversal": path_traversal,
    "forged cookies": cookies,
    "CRLF": crlf,
    "odd Host headers": hosts,
    "odd methods": methods,
    "XSS payloads": xss,
    "cross-origin": cross_origin,
    "deliberate failure": failing,
}


def generate(app: App, seed: int) -> list[Case]:
    """Every case, category by category, each category from its own seeded generator."""
    cases: list[Case] = []
    for index, generator in enumerate(CATEGORIES.values()):
        cases += generator(random.Random(seed * 100 + index), app)
    return cases
