"""Write access: a curator token for the API, a signed session and CSRF tokens for forms.

Everyone may read.  Writes need the token configured on the server (``XIETONG_TOKEN`` or
``--token-file``): the API takes it as ``Authorization: Bearer <token>`` (or
``X-Xietong-Token``); the browser exchanges it once on ``/login`` for a signed session
cookie.  Every form carries a CSRF token bound to a per-browser cookie (signed double
submit).  With no token configured, every write is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

SESSION_COOKIE = "xt_session"
CSRF_COOKIE = "xt_csrf"
USER_HEADER = "X-Xietong-User"
_NAME_RE = re.compile(r"[^\w.@\-\u4e00-\u9fff ]+")


class AuthError(Exception):
    """A write without valid credentials (401) or without a valid CSRF token (403)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def load_token(token: str | None = None, token_file: str | Path | None = None) -> str | None:
    """The curator token: given, else read from ``token_file``, else ``XIETONG_TOKEN``."""
    if token:
        return token.strip() or None
    if token_file:
        return Path(token_file).read_text(encoding="utf-8").strip() or None
    return (os.environ.get("XIETONG_TOKEN") or "").strip() or None


def clean_author(name: str | None, default: str = "web") -> str:
    """A safe, short author name for the edit log."""
    name = _NAME_RE.sub("", name or "").strip()[:60]
    return name or default


@dataclass
class Guard:
    """Checks tokens, signs sessions and CSRF tokens with a per-process secret."""

    token: str | None
    secret: bytes

    @classmethod
    def create(cls, token: str | None) -> Guard:
        """A guard for ``token``.  The signing secret derives from the token, so that
        sessions survive a restart and hold across ``--workers`` processes; without a token
        it is random (there are no sessions then)."""
        if token:
            secret = hmac.new(token.encode("utf-8"), b"xietong-web-sessions/1",
                              hashlib.sha256).digest()
        else:
            secret = secrets.token_bytes(32)
        return cls(token, secret)

    @property
    def writable(self) -> bool:
        return self.token is not None

    def _sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def check_token(self, given: str | None) -> bool:
        """True when ``given`` is the configured token (constant time)."""
        if self.token is None or not given:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    # --- API ---------------------------------------------------------------------------

    def api_author(self, request: Request) -> str:
        """The author of an API write, or :class:`AuthError` when the token is missing."""
        if self.token is None:
            raise AuthError(403, "read_only", "this server is read-only: no token configured")
        given = request.headers.get("X-Xietong-Token")
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not self.check_token(given):
            raise AuthError(401, "unauthorized", "a valid token is required to write")
        return clean_author(request.headers.get(USER_HEADER), "api")

    # --- browser sessions ----------------------------------------------------------------

    def session_value(self, author: str) -> str:
        """The signed session cookie value for a curator named ``author``."""
        author = clean_author(author)
        return f"{author}|{self._sign('session:' + author)}"

    def session_author(self, request: Request) -> str | None:
        """The curator of this browser session, or None (read-only)."""
        if self.token is None:
            return None
        raw = request.cookies.get(SESSION_COOKIE, "")
        author, _, sig = raw.rpartition("|")
        if author and hmac.compare_digest(sig, self._sign("session:" + author)):
            return author
        return None

    def csrf_nonce(self, request: Request) -> tuple[str, bool]:
        """The browser's CSRF nonce (from its cookie) and whether it must be set."""
        nonce = request.cookies.get(CSRF_COOKIE, "")
        if re.fullmatch(r"[0-9a-f]{32}", nonce):
            return nonce, False
        return secrets.token_hex(16), True

    def csrf_token(self, nonce: str) -> str:
        """The form token for a nonce."""
        return self._sign("csrf:" + nonce)

    def check_csrf(self, request: Request, form_token: str | None) -> None:
        """Raise :class:`AuthError` (403) unless the form token matches the cookie."""
        nonce = request.cookies.get(CSRF_COOKIE, "")
        if not nonce or not form_token or not hmac.compare_digest(
                form_token, self.csrf_token(nonce)):
            raise AuthError(403, "csrf", "missing or invalid CSRF token: reload the page")

    def form_author(self, request: Request, form_token: str | None) -> str:
        """The curator of a form write (CSRF checked first), else :class:`AuthError`."""
        self.check_csrf(request, form_token)
        if self.token is None:
            raise AuthError(403, "read_only", "this server is read-only: no token configured")
        author = self.session_author(request)
        if author is None:
            raise AuthError(401, "unauthorized", "log in with the curator token to edit")
        return author
