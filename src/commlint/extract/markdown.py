"""Markdown messages (canned responses and macros kept in git): the prose a reader sees.

markdown-it-py parses (CommonMark, plus tables and strikethrough). Code blocks, inline code,
raw HTML, images and bare autolinks are skipped; link text is kept and its URL dropped. Tokens
give only their source lines, so each piece of text is found in its lines in order.
"""

from __future__ import annotations

import re2
from markdown_it import MarkdownIt
from markdown_it.token import Token

from commlint.extract.base import Comment, Draft, TextBuilder, directive, line_starts
from commlint.extract.plain import decode
from commlint.extract.quotes import QUOTED

CODE = "code"
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_SKIPPED_INLINE = frozenset({"code_inline", "html_inline", "image"})
_PARAGRAPH_ENDS = frozenset({"paragraph_close", "heading_close", "table_close", "hr"})
_LINE_ENDS = frozenset({"list_item_close", "tr_close", "th_close", "td_close"})
_COMMENT = re2.compile(r"(?s)<!--(.*?)-->")


class _Walker:
    """Turns markdown-it tokens into text, finding each piece in the source as it goes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = line_starts(source)
        self.out = TextBuilder()
        self.cursor = 0
        self.limit = len(source)
        self.comments: list[Comment] = []
        self.after_comments = 0
        """Where the last comment found ends: the next is searched for after it."""

    def _line_offset(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.source)

    def _place(self, text: str) -> None:
        """Append `text`, found verbatim in the source if it is there, else character by
        character (an entity or a backslash escape stands for a different source text)."""
        found = self.source.find(text, self.cursor, self.limit)
        if found != -1:
            self.out.add(text, found)
            self.cursor = found + len(text)
            return
        for char in text:
            found = self.source.find(char, self.cursor, self.limit)
            at = found if found != -1 else self.cursor
            self.out.add(char, at, verbatim=False)
            self.cursor = at + 1 if found != -1 else self.cursor

    def _comments(self, html: str) -> None:
        """Collect the suppression comments in raw HTML (a block or inline), each found in the
        source by its first line (a `>` quote or a list item prefixes the lines after it)."""
        at = max(self.cursor, self.after_comments)
        for match in _COMMENT.finditer(html):
            start = self.source.find(match.group().split("\n", 1)[0], at, self.limit)
            end = self.source.find("-->", start + 4, self.limit) if start != -1 else -1
            if end == -1:
                continue
            at = self.after_comments = end + 3
            if comment := directive(match.group(1), start, at):
                self.comments.append(comment)

    def inline(self, token: Token) -> None:
        skipping = False  # inside an autolink, whose text is a URL
        for child in token.children or []:
            if child.type == "link_open" and child.markup == "autolink":
                skipping = True
            elif child.type == "link_close":
                skipping = False
            elif child.type == "html_inline" and not skipping:
                self._comments(child.content)
            elif skipping or child.type in _SKIPPED_INLINE:
                continue
            elif child.type in ("text", "text_special"):
                self._place(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                newline = self.source.find("\n", self.cursor, self.limit)
                self.out.add("\n", newline if newline != -1 else self.cursor)

    def block(self, token: Token) -> None:
        if token.map is not None:
            self.cursor = max(self.cursor, self._line_offset(token.map[0]))
            self.limit = self._line_offset(token.map[1])
        if token.type == "inline":
            self.inline(token)
        elif token.type == "html_block":
            self._comments(token.content)
        elif token.type in ("fence", "code_block"):
            # Kept as a region, not dropped, so the report can say where it was.
            self.out.brk(2, self.cursor)
            self.out.open(CODE)
            self.out.add(self.source[self.cursor : self.limit], self.cursor)
            self.out.close(CODE)
            self.cursor = self.limit
        elif token.type == "blockquote_open":
            self.out.brk(2, self.cursor)
            self.out.open(QUOTED)
        elif token.type == "blockquote_close":
            self.out.close(QUOTED)
        elif token.type in _PARAGRAPH_ENDS and not token.hidden:
            self.out.brk(2, self.cursor)
        elif token.type in _LINE_ENDS or token.type == "paragraph_close":
            self.out.brk(1, self.cursor)


def markdown_draft(source: str) -> Draft:
    """The prose of a Markdown document, with offsets into `source`."""
    walker = _Walker(source)
    for token in _PARSER.parse(source):
        walker.block(token)
    text, offsets, regions = walker.out.end(len(source))
    return Draft(text, offsets, regions, source, len(text), tuple(walker.comments))


def extract(data: bytes, source: str | None, encoding: str) -> Draft:
    return markdown_draft(decode(data, source or "<input>", encoding))
