"""HTML messages (helpdesk editors, HTML email): the text a reader sees, laid out in lines.

The stdlib `html.parser` streams through the markup without recursion and keeps no tree, so
markup nested a million levels deep costs time in proportion to its size and no stack.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

import re2

from commlint.extract.base import Comment, Draft, TextBuilder, directive, line_starts
from commlint.extract.plain import decode
from commlint.extract.quotes import QUOTED

_HIDDEN = frozenset(
    {"head", "title", "script", "style", "template", "noscript", "svg", "math", "iframe"}
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre"}
    | {"hr", "address", "figure", "form", "section", "article", "header", "footer", "aside"}
)
_LINE = frozenset({"div", "li", "tr", "td", "th", "dt", "dd", "caption", "center", "main"})
_DISPLAY_NONE = re2.compile(r"(?i)display\s*:\s*none")


def _hidden(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in _HIDDEN:
        return True
    for name, value in attrs:
        if name == "hidden" or (name == "style" and value and _DISPLAY_NONE.search(value)):
            return True
    return False


class _Visible(HTMLParser):
    """Collects visible text; `<blockquote>` content is marked as a quoted reply."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.out = TextBuilder()
        self._starts = line_starts(source)
        self._skip: tuple[str, int] | None = None  # the hidden element's tag and nesting depth
        self._pre = 0
        self._quotes = 0
        self.comments: list[Comment] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip is not None:
            if tag == self._skip[0]:
                self._skip = (tag, self._skip[1] + 1)
            return
        if _hidden(tag, attrs):
            if tag not in _VOID:
                self._skip = (tag, 1)
            return
        self._block(tag, opening=True)

    def handle_endtag(self, tag: str) -> None:
        if self._skip is not None:
            if tag == self._skip[0]:
                depth = self._skip[1] - 1
                self._skip = (tag, depth) if depth else None
            return
        self._block(tag, opening=False)

    def _block(self, tag: str, *, opening: bool) -> None:
        at = self._at()
        if tag == "br" and opening:
            self.out.line_break(at)
        elif tag in _PARAGRAPH:
            self.out.brk(2, at)
        elif tag in _LINE:
            self.out.brk(1, at)
        if tag == "pre":
            self._pre = max(0, self._pre + (1 if opening else -1))
        if tag == "blockquote":
            self._quotes = max(0, self._quotes + (1 if opening else -1))
            if opening:
                self.out.open(QUOTED)
            elif not self._quotes:
                self.out.close(QUOTED)

    def handle_data(self, data: str) -> None:
        if self._skip is not None:
            return
        if self._pre:
            self.out.add(data, self._at())
        else:
            self.out.add_collapsed(data, self._at())

    def _reference(self, char: str) -> None:
        if self._skip is not None:
            return
        if char.isascii() and char.isspace() and not self._pre:
            self.out.space(self._at())
        else:
            self.out.add(char, self._at(), verbatim=False)

    def handle_comment(self, data: str) -> None:
        start = self._at()
        if found := directive(data, start, start + len(f"<!--{data}-->")):
            self.comments.append(found)

    def handle_entityref(self, name: str) -> None:
        self._reference(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._reference(html.unescape(f"&#{name};"))


def html_draft(source: str) -> Draft:
    """The visible text of an HTML document, with offsets into `source`."""
    parser = _Visible(source)
    parser.feed(source)
    parser.close()
    text, offsets, regions = parser.out.end(len(source))
    return Draft(text, offsets, regions, source, len(text), tuple(parser.comments))


def extract(data: bytes, source: str | None, encoding: str) -> Draft:
    return html_draft(decode(data, source or "<input>", encoding))
