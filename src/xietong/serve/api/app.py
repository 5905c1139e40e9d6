"""The FastAPI application factory: the JSON API under ``/api`` and the dashboard.

Errors leave the API in one shape, ``{"error": {"code": ..., "message": ...}}``; pages get
an HTML error page.  Every response carries a strict Content-Security-Policy: the
dashboard loads scripts only from this server (plotly's own bundle included); the API docs
are a server-rendered page of the OpenAPI document (Swagger UI would load from a CDN).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from xietong.errors import ConfigError, XietongError
from xietong.serve.api.security import AuthError, Guard, load_token

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 422: "invalid", 500: "internal"}


class SecurityHeaders:
    """Pure ASGI middleware adding the CSP and friends to every response (cheaper than
    Starlette's BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                h.setdefault("Content-Security-Policy", CSP)
                h.setdefault("X-Content-Type-Options", "nosniff")
                h.setdefault("Referrer-Policy", "same-origin")
            await send(message)

        if _has_nul(scope):
            # No database accepts NUL in a text parameter (PostgreSQL refuses it, FTS5
            # reads it as the end of the query): refuse it here, once, for every route.
            response = error_json(400, "bad_request", "NUL characters are not allowed in URLs")
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _has_nul(scope: Scope) -> bool:
    """Whether the request's path or query string carries a NUL (raw or %00-encoded)."""
    raw = bytes(scope.get("raw_path") or b"") + b"?" + bytes(scope.get("query_string") or b"")
    return b"\x00" in raw or b"%00" in raw or "\x00" in scope.get("path", "")


def error_json(status: int, code: str, message: str) -> JSONResponse:
    """The API's one error shape."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def settle_heap() -> None:
    """Load the reference data now and move everything alive at start-up out of the
    garbage collector's sight (``gc.freeze``): a full collection over the gazetteer's
    objects would otherwise pause every request in flight for tens of milliseconds."""
    import gc

    from xietong.store.queries import warm_up

    warm_up()
    gc.collect()
    gc.freeze()


def ensure_read_indexes(ledger: Any) -> bool:
    """Create the store's read indexes (:data:`xietong.store.queries.PROJECT_INDEXES`)
    when missing — idempotent, until a migration of the store adds them; False when the
    database refused (read-only file)."""
    from sqlalchemy.exc import SQLAlchemyError

    from xietong.store.queries import ensure_indexes

    try:
        with ledger.write() as conn:
            ensure_indexes(conn)
    except SQLAlchemyError:
        return False
    return True


def create_app(db_url: str | None = None, *, token: str | None = None,
               token_file: str | None = None, create: bool = True) -> FastAPI:
    """The xietong web application over the ledger at ``db_url`` (see
    :func:`xietong.store.resolve_url`).  Writes need ``token`` (else ``token_file``, else
    ``XIETONG_TOKEN``); with none configured the server is read-only."""
    from xietong.serve.api import routes
    from xietong.serve.api.cache import LedgerCache
    from xietong.serve.api.search import ensure_fts
    from xietong.serve.web import pages
    from xietong.store import open_ledger

    ledger = open_ledger(db_url, create=create)
    guard = Guard.create(load_token(token, token_file))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        settle_heap()
        yield
        ledger.close()

    app = FastAPI(title="xietong", version="0.1.0", lifespan=lifespan,
                  description="The source-linked ledger of Chinese regional-development news: "
                              "projects, organizations, places, indicators and their sources.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.ledger = ledger
    app.state.guard = guard
    app.state.fts = ensure_fts(ledger)
    ensure_read_indexes(ledger)
    app.state.cache = LedgerCache(ledger)

    app.add_middleware(SecurityHeaders)

    def fail(request: Request, status: int, code: str, message: str) -> Response:
        if _is_api(request):
            return error_json(status, code, message)
        return pages.error_page(request, status, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return fail(request, exc.status_code, _HTTP_CODES.get(exc.status_code, "error"),
                    str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors()[:5]:
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{loc}: {e.get('msg', 'invalid')}" if loc else str(e.get("msg")))
        return fail(request, 422, "invalid", "; ".join(parts) or "invalid request")

    @app.exception_handler(routes.NotFound)
    async def not_found(request: Request, exc: routes.NotFound) -> Response:
        return fail(request, 404, "not_found", str(exc))

    @app.exception_handler(AuthError)
    async def auth_error(request: Request, exc: AuthError) -> Response:
        return fail(request, exc.status, exc.code, exc.message)

    @app.exception_handler(ConfigError)
    async def bad_input(request: Request, exc: ConfigError) -> Response:
        return fail(request, 400, "bad_request", str(exc))

    @app.exception_handler(XietongError)
    async def xietong_error(request: Request, exc: XietongError) -> Response:
        return fail(request, 500, "store", str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        return fail(request, 500, "internal", f"internal error: {type(exc).__name__}")

    app.include_router(routes.router)
    pages.mount(app)
    return app


def app_from_env() -> Any:
    """Factory for ``uvicorn --factory xietong.serve.api.app:app_from_env`` (reads
    ``XIETONG_DB`` and ``XIETONG_TOKEN``)."""
    return create_app(create=False)
