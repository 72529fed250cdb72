"""`commlint lsp`: the language server over stdio, for editors (needs the `lsp` extra)."""

from __future__ import annotations

import argparse
import importlib.util
import sys

from commlint.cli.common import EXIT_ERROR, EXIT_OK

MISSING_EXTRA = "commlint lsp needs the lsp extra: pip install 'commlint[lsp]'"


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
    if importlib.util.find_spec("pygls") is None:
        print(MISSING_EXTRA, file=sys.stderr)
        return EXIT_ERROR
    from commlint.lsp.server import serve

    serve(args.config)
    return EXIT_OK
