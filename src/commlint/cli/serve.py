"""`commlint serve`: the resident HTTP service for helpdesk tools, pre-send hooks and the page."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import socket
import sys
from pathlib import Path

from commlint.cli.common import EXIT_OK, above_zero, resolve_config
from commlint.errors import ConfigError
from commlint.extras import require_extra
from commlint.service.settings import (
    DEFAULT_HOST,
    DEFAULT_KEEP_ALIVE,
    DEFAULT_MAX_BATCH,
    DEFAULT_MAX_BODY,
    DEFAULT_PORT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_RECYCLE_AFTER,
    DEFAULT_RECYCLE_GROWTH,
    DEFAULT_TIMEOUT,
    TOKEN_ENV,
    Settings,
    default_workers,
    token_from_env,
)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    serve = sub.add_parser(
        "serve",
        parents=[config],
        help="run the HTTP service and the page",
        description=f"Run the HTTP service. Set {TOKEN_ENV} to require a bearer token.",
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind ({DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port; 0 picks a free one")
    serve.add_argument(
        "--workers",
        type=above_zero(int),
        default=None,
        help=f"check worker processes (default: cores, here {default_workers()})",
    )
    serve.add_argument(
        "--timeout",
        type=above_zero(float),
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"abandon a check after this long with 503 ({DEFAULT_TIMEOUT:g})",
    )
    serve.add_argument(
        "--max-body",
        type=above_zero(int),
        default=DEFAULT_MAX_BODY,
        metavar="BYTES",
        help=f"largest request body ({DEFAULT_MAX_BODY})",
    )
    serve.add_argument(
        "--max-batch",
        type=above_zero(int),
        default=DEFAULT_MAX_BATCH,
        metavar="N",
        help=f"most messages per batch request ({DEFAULT_MAX_BATCH})",
    )
    serve.add_argument(
        "--read-timeout",
        type=above_zero(float),
        default=DEFAULT_READ_TIMEOUT,
        metavar="SECONDS",
        help="close a connection whose request head is not in after this long, and answer "
        f"408 to a body still arriving after it ({DEFAULT_READ_TIMEOUT:g})",
    )
    serve.add_argument(
        "--keep-alive",
        type=above_zero(int),
        default=DEFAULT_KEEP_ALIVE,
        metavar="SECONDS",
        help=f"close an idle keep-alive connection after this long ({DEFAULT_KEEP_ALIVE})",
    )
    serve.add_argument(
        "--recycle-after",
        type=above_zero(int),
        default=DEFAULT_RECYCLE_AFTER,
        metavar="CHECKS",
        help=f"replace a worker after this many checks ({DEFAULT_RECYCLE_AFTER})",
    )
    serve.add_argument(
        "--recycle-growth",
        type=above_zero(int),
        default=DEFAULT_RECYCLE_GROWTH,
        metavar="MIB",
        help="replace a worker once its memory has grown this much past its size when ready "
        f"({DEFAULT_RECYCLE_GROWTH})",
    )
    serve.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="allow browser calls from this origin (repeatable; CORS is off without it)",
    )
    serve.add_argument("--log-level", choices=["debug", "info", "warning", "error"], default="info")
    serve.set_defaults(run=run)


def _listen(host: str, port: int) -> socket.socket:
    """Bind before loading the workers, so a taken port fails at once, in one line."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=2048)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


async def _serve(settings: Settings, listener: socket.socket, log_level: str) -> None:
    import uvicorn

    from commlint.service.app import create_app
    from commlint.service.protocol import DeadlineH11Protocol
    from commlint.service.workers import WorkerPool

    pool = WorkerPool(
        settings.config,
        settings.workers,
        settings.timeout,
        recycle_after=settings.recycle_after,
        recycle_growth=settings.recycle_growth * 1024 * 1024,
    )
    await pool.start()
    try:
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(settings, pool),
                http=DeadlineH11Protocol.with_head_timeout(settings.read_timeout),
                timeout_keep_alive=settings.keep_alive,
                access_log=False,  # the app writes its own, without query strings
                log_level=log_level,
                lifespan="off",
                server_header=False,
                forwarded_allow_ips="127.0.0.1",
            )
        )
        host, port = listener.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(f"commlint: serving on http://{shown}:{port}/ ({pool.live} workers)", file=sys.stderr)
        await server.serve(sockets=[listener])
    finally:
        await pool.close()


def run(args: argparse.Namespace) -> int:
    require_extra("serve", "commlint serve")
    config = resolve_config(args.config, Path.cwd())
    settings = Settings(
        config=config,
        host=args.host,
        port=args.port,
        workers=args.workers or default_workers(),
        max_body=args.max_body,
        timeout=args.timeout,
        max_batch=args.max_batch,
        read_timeout=args.read_timeout,
        keep_alive=args.keep_alive,
        recycle_after=args.recycle_after,
        recycle_growth=args.recycle_growth,
        cors_origins=tuple(args.cors_origin),
        token=token_from_env(),
    )
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s: %(name)s: %(message)s")
    if not _is_loopback(settings.host) and settings.token is None:
        print(
            f"commlint: warning: listening on {settings.host} without a token; "
            f"set {TOKEN_ENV} unless a proxy in front authenticates callers",
            file=sys.stderr,
        )
    listener = _listen(settings.host, settings.port)
    with listener:
        asyncio.run(_serve(settings, listener, args.log_level))
    return EXIT_OK
