"""Optional dependencies: which extra brings a module, and the one line that says to install it.

Standard library only, so a command can check for its extra before it loads anything else.
"""

from __future__ import annotations

import importlib.util

from commlint.errors import MissingExtraError

EXTRAS: dict[str, tuple[str, ...]] = {
    # the top-level modules commlint imports from each extra of pyproject.toml, with the
    # dependencies of those it imports directly (starlette from fastapi, lsprotocol from pygls)
    "serve": ("fastapi", "starlette", "uvicorn", "psutil"),
    "audit": ("matplotlib", "tqdm"),
    "dask": ("dask", "distributed", "pyarrow", "pandas"),
    "lsp": ("pygls", "lsprotocol"),
}


def _error(extra: str, what: str, missing: list[str]) -> MissingExtraError:
    return MissingExtraError(
        f"{what} needs the '{extra}' extra ({', '.join(missing)} not installed): "
        f"pip install 'commlint[{extra}]'"
    )


def require_extra(extra: str, what: str) -> None:
    """Raise `MissingExtraError` naming `extra` when any of its modules is not installed."""
    missing = [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]
    if missing:
        raise _error(extra, what, missing)


def missing_extra(exc: BaseException, what: str) -> MissingExtraError | None:
    """The one-line error for an import of an extra's module that failed deep in a command,
    or None when `exc` is not about a module an extra provides."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return None
    top = exc.name.partition(".")[0]
    extra = next((extra for extra, names in EXTRAS.items() if top in names), None)
    return _error(extra, what, [top]) if extra is not None else None
