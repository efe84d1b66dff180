"""The signed cookie's wire format, compiled once per key and per cookie
settings: what itsdangerous's ``URLSafeTimedSerializer`` writes and reads, the
session cookie's value in a ``Cookie`` header, and the ``Set-Cookie`` header
werkzeug's ``dump_cookie`` writes.

Each fast path gives exactly what the general function gives (the tests
compare them over many inputs) and hands anything it does not handle to that
function.
"""

from __future__ import annotations

import binascii
import hmac
import time
import typing as t
import zlib

from werkzeug.http import dump_cookie, http_date
from werkzeug.sansio.http import parse_cookie
from werkzeug.sansio.response import Response as _SansioResponse

if t.TYPE_CHECKING:
    from datetime import datetime

    from itsdangerous import URLSafeTimedSerializer
    from tumbler import Response

#: :meth:`CookieCodec.loads` could not decide: let itsdangerous load it.
UNSURE: t.Any = object()
_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")
_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")
_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


def _b64encode(data: bytes) -> bytes:
    return binascii.b2a_base64(data, newline=False).translate(_TO_URLSAFE).rstrip(b"=")


def _b64decode(data: bytes) -> bytes:
    return binascii.a2b_base64(data.translate(_FROM_URLSAFE) + b"=" * (-len(data) % 4))


def _never_shorter_compressed(raw: bytes) -> bool:
    """Whether ``zlib.compress(raw)`` is certainly not shorter than
    ``len(raw) - 1`` bytes, so itsdangerous would keep ``raw`` uncompressed:
    answered without compressing (zlib clears 64 KiB of tables per call).

    A lower bound that holds for any deflate encoder: a zlib stream has 6
    bytes of header and checksum. The first occurrence of each of the ``k``
    distinct bytes must be a literal (a match copies earlier bytes). Without
    a dynamic-Huffman block, a literal costs at least 8 bits and the last
    block at least 10 (header and end code): ``10 + 8k`` bits. A dynamic
    block's header alone is at least 46 bits (3 + 5 + 5 + 4, three
    code-length code lengths of 3 bits each for at least four codes, and at
    least 17 bits to give 258 code lengths, one of them not zero), its end
    code 1 and each literal 1: ``47 + k`` bits.
    """
    n = len(raw)
    if n > 45:  # the bound cannot reach n - 1 bytes (k <= 256)
        return False
    k = len(set(raw))
    bits = min(10 + 8 * k, 47 + k)
    return 6 + (bits + 7) // 8 >= n - 1


class _Hmac:
    """HMAC (RFC 2104) with one key, its padded inner and outer hash states
    made once: per message two hash copies, instead of a key setup per call.
    Used only when it gives what :func:`hmac.digest` gives (checked once)."""

    __slots__ = ("_inner", "_outer")

    def __init__(self, key: bytes, digest: t.Callable[..., t.Any]) -> None:
        block = digest().block_size
        if len(key) > block:
            key = digest(key).digest()
        key = key.ljust(block, b"\0")
        self._inner = digest(key.translate(_IPAD))
        self._outer = digest(key.translate(_OPAD))

    def __call__(self, message: bytes) -> bytes:
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()  # type: ignore[no-any-return]


def _mac(key: bytes, digest: t.Any) -> t.Callable[[bytes], bytes]:
    """The fastest exact HMAC of ``key`` with ``digest`` (a hashlib constructor,
    or anything else :func:`hmac.digest` takes)."""
    try:
        fast = _Hmac(key, digest)
        if fast(b"probe") == hmac.digest(key, b"probe", digest):
            return fast
    except Exception:  # not a constructor with block_size and copy(): the general one
        pass
    return lambda message: hmac.digest(key, message, digest)


class CookieCodec:
    """The cookie format of a :class:`URLSafeTimedSerializer`
    (``payload.timestamp.signature``, the payload zlib-compressed when that is
    shorter) made with the signing keys derived once, instead of itsdangerous
    deriving them and building its signer objects for every call.

    :meth:`loads` only decides cookies that verify and load cleanly; for any
    other it answers :data:`UNSURE`, and itsdangerous itself then rejects
    (or accepts) it, with its own error.
    """

    def __init__(self, serializer: URLSafeTimedSerializer) -> None:
        signer = serializer.make_signer()
        #: Signature functions of the derived keys, the newest (the signing key)
        #: first, in the order itsdangerous tries them.
        self._macs = [_mac(signer.derive_key(key), signer.digest_method) for key in reversed(signer.secret_keys)]
        self._payload = serializer.serializer
        self._text = serializer.is_text_serializer

    def dumps(self, data: t.Any) -> t.Any:
        """What ``serializer.dumps(data)`` gives (``str`` for a text payload serializer)."""
        text = self._payload.dumps(data)
        raw: bytes = text.encode("utf-8") if isinstance(text, str) else text
        payload = _b64encode(raw)
        if not _never_shorter_compressed(raw):
            compressed = zlib.compress(raw)
            if len(compressed) < len(raw) - 1:
                payload = b"." + _b64encode(compressed)
        stamp = _b64encode(int(time.time()).to_bytes(8, "big").lstrip(b"\x00"))
        value = payload + b"." + stamp
        signed = value + b"." + _b64encode(self._macs[0](value))
        return signed.decode("utf-8") if self._text else signed

    def loads(self, cookie: str, max_age: int) -> t.Any:
        try:
            value, _, signature = cookie.encode("ascii").rpartition(b".")
            for mac in self._macs:  # a loop, not any(<generator>): usually one key
                if hmac.compare_digest(_b64encode(mac(value)), signature):
                    break
            else:
                return UNSURE
            payload, _, stamp = value.rpartition(b".")
            stamp = _b64decode(stamp)
            if not payload or len(stamp) > 8:
                return UNSURE
            age = int(time.time()) - int.from_bytes(stamp, "big")
            if age < 0 or age > max_age:
                return UNSURE
            if payload[:1] == b".":
                data = zlib.decompress(_b64decode(payload[1:]))
            else:
                data = _b64decode(payload)
            return self._payload.loads(data.decode("utf-8") if self._text else data)  # type: ignore[arg-type]
        except Exception:
            return UNSURE


_NOT_IN_NAME = frozenset(' \t=";')


def cookie_value(header: str | None, name: str) -> str | None:
    """``parse_cookie(header).get(name)`` (werkzeug): the first well-formed
    ``name=value`` pair's value.

    Without a quoted value in the header, werkzeug's parser reads each
    ``;``-separated part on its own, and a part it cannot read is skipped:
    that is done here with string methods instead of a regular expression
    per part and a ``MultiDict`` of every cookie.
    """
    if not header:
        return None
    if '"' in header or not name or not _NOT_IN_NAME.isdisjoint(name):
        return parse_cookie(header).get(name)
    size = len(name)
    for part in header.split(";"):
        part = part.strip(" \t")
        if not part.startswith(name):
            continue
        rest = part[size:]
        if not rest:
            return ""  # a name without "=value"
        if rest[0] not in " \t=":
            continue  # another cookie whose name starts with ours
        rest = rest.lstrip(" \t")
        if rest[:1] != "=":
            continue  # "name junk": werkzeug skips the part
        value = rest[1:].lstrip(" \t")
        if " " in value or "\t" in value:
            continue  # a value with a space in it: werkzeug skips the part
        return value
    return None


class SetCookie:
    """``Set-Cookie`` headers for one cookie's settings, made by werkzeug's
    ``dump_cookie`` once; per response only the value and the expiry change.

    ``dump_cookie`` writes ``name=value``, then ``Domain``, ``Expires`` and the
    other attributes in a fixed order: the parts around the value and the
    expiry are what it writes for an empty value without an expiry. The
    value must need no quoting (the codec writes URL-safe base64 and dots).
    """

    __slots__ = ("_name", "_domain", "_rest", "settings")

    def __init__(
        self,
        name: str,
        domain: str | None,
        path: str | None,
        secure: bool,
        httponly: bool,
        samesite: str | None,
        partitioned: bool,
    ) -> None:
        #: The cookie's name and attributes, as ``set_cookie`` (and ``dump_cookie``) take them.
        self.settings: dict[str, t.Any] = {
            "key": name,
            "domain": domain,
            "path": path,
            "secure": secure,
            "httponly": httponly,
            "samesite": samesite,
            "partitioned": partitioned,
        }
        full = dump_cookie(value="", max_size=0, **self.settings)
        with_domain = dump_cookie(name, "", domain=domain, path=None, max_size=0)
        self._name = dump_cookie(name, "", path=None, max_size=0)  # "name=", werkzeug's encoding of the name
        self._domain = with_domain[len(self._name) :]
        self._rest = full[len(with_domain) :]

    def header(self, value: str, expires: str | datetime | int | float | None) -> str:
        """``dump_cookie(name, value, expires=expires, <the settings>)``."""
        if expires is None:
            return f"{self._name}{value}{self._domain}{self._rest}"
        if not isinstance(expires, str):
            expires = http_date(expires)
        return f"{self._name}{value}{self._domain}; Expires={expires}{self._rest}"

    def set(self, response: Response, value: str, expires: t.Any) -> None:
        """``response.set_cookie(name, value, expires=expires, <the settings>)``,
        which werkzeug's own ``set_cookie`` still does for a response class
        that overrides it, or to warn about a cookie over ``max_cookie_size``."""
        if type(response).set_cookie is _SansioResponse.set_cookie:
            header = self.header(value, expires)
            limit = response.max_cookie_size
            if not limit or len(header) <= limit:
                response.headers.add("Set-Cookie", header)
                return
        response.set_cookie(value=value, expires=expires, **self.settings)
