"""Markdown as a terminal shows it: headings, bold, code and lists as plain readable text.

`commlint explain` prints a rule's page (Markdown, the same as docs/rules.md) through this.
With colour, bold is bold and code is cyan; without it the markers go, and bold inside a
sentence (the flagged words of an example) is kept visible as `[words]`.
"""

from __future__ import annotations

import os
import shutil
from typing import TextIO

from markdown_it import MarkdownIt
from markdown_it.token import Token

MAX_WIDTH = 100
_SGR = {"bold": "1", "em": "3", "code": "36", "heading": "1;4"}


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def width() -> int:
    return min(shutil.get_terminal_size((MAX_WIDTH, 24)).columns, MAX_WIDTH)


Piece = tuple[str, frozenset[str]]  # text and its styles


def _pieces(inline: Token, *, colour: bool, label: bool) -> list[Piece]:
    """The inline content as styled text; `label`: a bold run opening the paragraph is a
    label ("**Why it matters.**"), shown without brackets when there is no colour."""
    pieces: list[Piece] = []
    styles: set[str] = set()
    link = ""
    in_label = False
    for child in inline.children or []:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            if colour:
                styles ^= {"bold"}
            elif kind == "strong_open" and label and not "".join(t for t, _ in pieces):
                in_label = True
            elif kind == "strong_close" and in_label:
                in_label = False
            else:
                pieces.append(("[" if kind == "strong_open" else "]", frozenset()))
        elif kind in ("em_open", "em_close"):
            if colour:
                styles ^= {"em"}
        elif kind == "code_inline":
            pieces.append((child.content, frozenset({*styles, "code"} if colour else styles)))
        elif kind in ("softbreak", "hardbreak"):
            pieces.append((" " if kind == "softbreak" else "\n", frozenset()))
        elif kind == "link_open":
            link = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            pieces.append((f" ({link})", frozenset()))
        else:  # text, html_inline, image (its alt text)
            pieces.append((child.content, frozenset(styles)))
    return pieces


def _styled(text: str, styles: frozenset[str]) -> str:
    codes = ";".join(_SGR[s] for s in sorted(styles) if s in _SGR)
    return f"\033[{codes}m{text}\033[0m" if codes else text


def _wrap(pieces: list[Piece], first: str, rest: str, columns: int) -> list[str]:
    """Fill lines to `columns` visible characters, breaking only at spaces."""
    words: list[list[Piece]] = [[]]
    for text, styles in pieces:
        for n, part in enumerate(text.replace("\n", " \n ").split(" ")):
            if n:
                words.append([])
            if part:
                words[-1].append((part, styles))
    lines: list[str] = []
    line, size, empty = first, len(first), True
    for word in filter(None, words):
        length = sum(len(text) for text, _ in word)
        if word[0][0] == "\n" or (not empty and size + 1 + length > columns):
            lines.append(line)
            line, size, empty = rest, len(rest), True
            if word[0][0] == "\n":
                continue
        gap = "" if empty else " "
        line += gap + "".join(_styled(text, styles) for text, styles in word)
        size, empty = size + len(gap) + length, False
    lines.append(line)
    return lines


def render(markdown: str, *, colour: bool, columns: int = MAX_WIDTH) -> str:
    """`markdown` as terminal text, wrapped to `columns`."""
    out: list[str] = []
    depth = 0  # list nesting
    item_start = False  # the next paragraph opens a list item
    heading = 0
    for token in MarkdownIt("commonmark").parse(markdown):
        kind = token.type
        if kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if not depth:
                out.append("")
        elif kind == "list_item_open":
            item_start = True
        elif kind == "inline" and heading:
            text = "".join(t for t, _ in _pieces(token, colour=False, label=False))
            if colour:
                out += [_styled(text, frozenset({"heading"})), ""]
            else:
                out += [text, ("=" if heading < 3 else "-") * len(text), ""]
            heading = 0
        elif kind == "inline":
            indent = "  " * max(depth - 1, 0)
            first = f"{indent}- " if item_start else indent + ("  " if depth else "")
            pieces = _pieces(token, colour=colour, label=not depth)
            out += _wrap(pieces, first, indent + ("  " if depth else ""), columns)
            item_start = False
        elif kind == "paragraph_close" and not depth:
            out.append("")
        elif kind in ("fence", "code_block"):
            code = frozenset({"code"}) if colour else frozenset()
            out += [f"    {_styled(line, code)}" for line in token.content.rstrip().split("\n")]
            out.append("")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
