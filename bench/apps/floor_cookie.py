"""The signed session cookie of the two floor apps: JSON, HMAC-SHA256, base64url.

The least work a signed-cookie session can do (no timestamp, no key derivation),
so the floors show what the session scenario costs before any framework.
"""

import base64
import hashlib
import hmac
import json

import bench_data as data

_KEY = data.SECRET_KEY.encode()


def dump_session(state: dict) -> str:
    """Serialize and sign ``state`` into a cookie value."""
    payload = base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode())
    signature = base64.urlsafe_b64encode(hmac.new(_KEY, payload, hashlib.sha256).digest())
    return (payload + b"." + signature).decode("ascii")


def load_session(value: "str | None") -> dict:
    """The state signed into ``value``, or an empty dict when it is missing or forged."""
    if not value or "." not in value:
        return {}
    payload, _, signature = value.encode("ascii", "replace").rpartition(b".")
    expected = base64.urlsafe_b64encode(hmac.new(_KEY, payload, hashlib.sha256).digest())
    if not hmac.compare_digest(signature, expected):
        return {}
    return json.loads(base64.urlsafe_b64decode(payload))
