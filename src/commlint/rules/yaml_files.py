"""Reading the YAML files of the rule packs: where the built-in packs are, parsing with the
node tree kept, and the line of any key, so that every mistake reads `file:line: what`.

Standard library and PyYAML only (no spaCy), so the scoring profile loads without the NLP stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from commlint.errors import RuleError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def builtin_rules_dir() -> Path:
    """The rule packs shipped with commlint: inside the wheel, or `rules/` in a checkout."""
    packaged = Path(str(resources.files("commlint"))) / "rulepacks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


def parse_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The file's data and its YAML node tree (for `line_of`); errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read rule file: {exc}", path=path) from None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise RuleError(f"invalid YAML: {exc.problem or exc}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise RuleError(f"invalid YAML: {exc}", path=path) from None
    except RecursionError:  # PyYAML composes and constructs nested nodes recursively
        raise RuleError("invalid YAML: nested too deeply", path=path) from None
    _check_duplicate_keys(node, path)
    return data, node


def _check_duplicate_keys(root: yaml.Node | None, path: Path) -> None:
    """A key given twice in one mapping is an error (YAML loaders silently keep the last)."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise RuleError(
                            f"duplicate key {key.value!r} (first given at line {seen[key.value]})",
                            path=path,
                            line=line,
                        )
                    seen[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def line_of(node: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location (as deep as it exists)."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for key in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == key:
                    child = value_node
                    line = key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
