"""`commlint lsp`: the language server over stdio, for editors (needs the `lsp` extra)."""

from __future__ import annotations

import argparse

from commlint.cli.common import EXIT_OK
from commlint.extras import require_extra


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    lsp = sub.add_parser(
        "lsp",
        parents=[config],
        help="run the language server over stdio (for editors; needs commlint[lsp])",
    )
    lsp.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    require_extra("lsp", "commlint lsp")
    from commlint.lsp.server import serve

    serve(args.config)
    return EXIT_OK
