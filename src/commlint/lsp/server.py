"""The pygls language server: check documents on open, change (debounced) and save.

Checks run one at a time on a worker thread, so the server keeps answering while spaCy works;
a Linter is built once per configuration (found as the CLI finds it: `.commlint.toml` or
`[tool.commlint]` above the document) and kept for the life of the server.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from commlint import __version__
from commlint.cli.common import resolve_config
from commlint.config import Config
from commlint.errors import CommlintError
from commlint.fixes import Source, fix_message, replacement_edits, snippet_edit
from commlint.linter import Linter
from commlint.lsp.convert import (
    SUPPRESSIBLE,
    Checked,
    contains,
    diagnostics,
    hover_text,
    suppression,
)
from commlint.message_files import format_for

DEBOUNCE_SECONDS = 0.3
FIX_ALL = types.CodeActionKind.SourceFixAll + ".commlint"
_LANGUAGES = {"markdown": "markdown", "html": "html", "plaintext": "text", "mail": "eml"}


class CommlintServer(LanguageServer):
    """Keeps the Linters, the last check of each open document and the pending checks."""

    def __init__(self, config_path: Path | None = None) -> None:
        super().__init__("commlint", __version__)
        self.config_path = config_path
        self.linters: dict[str, Linter] = {}
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="commlint-check")
        self.fix_all: dict[str, tuple[Checked, list[types.TextEdit]]] = {}

    async def fix_all_edits(self, uri: str, checked: Checked) -> list[types.TextEdit]:
        """The edits of every safe fix that survives the re-check, once per checked version."""
        cached = self.fix_all.get(uri)
        if cached is not None and cached[0] is checked:
            return cached[1]
        path = to_fs_path(uri)
        source = checked.source

        def run() -> list[types.TextEdit]:
            linter = self.linter_for(path)
            result = fix_message(
                linter, source.data, source.fmt, source=path, kind=checked.report.kind
            )
            return [checked.text_edit(e) for e in result.applied]

        edits = await asyncio.get_running_loop().run_in_executor(self.worker, run)
        self.fix_all[uri] = (checked, edits)
        return edits

    def linter_for(self, path: str | None) -> Linter:
        near = Path(path) if path else Path.cwd()
        config: Config = resolve_config(self.config_path, near)
        key = config.model_dump_json()
        if key not in self.linters:
            self.linters[key] = Linter(config)
        return self.linters[key]

    def check(self, uri: str, text: str, language: str | None) -> Checked | None:
        """Check one version of a document; `None` when there is nothing to check."""
        path = to_fs_path(uri)
        fmt = _LANGUAGES.get(language or "") or format_for(path or uri)
        try:
            linter = self.linter_for(path)
            source = Source.load(text.encode("utf-8"), fmt, source=path)
            report = linter.check(source.extracted, source=path)
        except CommlintError as exc:
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Info, message=str(exc))
            )
            return None
        return Checked(text, source, report)

    async def refresh(self, document: TextDocument, delay: float = 0.0) -> None:
        """Check the document after `delay` seconds unless a newer change comes first."""
        uri = document.uri
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        task = asyncio.current_task()
        assert task is not None  # a feature handler runs as a task
        self.pending[uri] = task
        try:
            await asyncio.sleep(delay)
            text, version = document.source, document.version
            loop = asyncio.get_running_loop()
            checked = await loop.run_in_executor(
                self.worker, self.check, uri, text, document.language_id
            )
        except asyncio.CancelledError:
            return
        finally:
            if self.pending.get(uri) is task:
                del self.pending[uri]
        if checked is None:
            self.checked.pop(uri, None)
            found: list[types.Diagnostic] = []
        else:
            self.checked[uri] = checked
            found = diagnostics(checked)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=found)
        )


def _code_actions(uri: str, checked: Checked, wanted: types.Range) -> list[types.CodeAction]:
    """Quick fixes for the findings in `wanted`: each suggestion, the snippet, a suppression."""
    actions: list[types.CodeAction] = []

    def action(title: str, edits: list[types.TextEdit], preferred: bool = False) -> None:
        actions.append(
            types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                edit=types.WorkspaceEdit(changes={uri: edits}),
                is_preferred=preferred or None,
            )
        )

    for finding in checked.report.findings:
        if not contains(wanted, checked.finding_range(finding)):
            continue
        for option in finding.suggestions:
            made = replacement_edits(checked.source, finding, option)
            if not isinstance(made, str):
                title = f"Replace with '{option}'" if option else f"Remove '{finding.text}'"
                action(title, [checked.text_edit(e) for e in made], finding.safe)
        if finding.snippet is not None:
            insert = snippet_edit(checked.source, finding)
            if not isinstance(insert, str):
                action(f"Insert: {finding.snippet.text}", [checked.text_edit(insert)])
        if checked.source.fmt in SUPPRESSIBLE:
            title = f"Add inline suppression for {finding.rule}"
            action(title, [suppression(checked, finding)])
    return actions


def build(config_path: Path | None = None) -> CommlintServer:
    server = CommlintServer(config_path)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: CommlintServer, params: types.DidOpenTextDocumentParams) -> None:
        await ls.refresh(ls.workspace.get_text_document(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: CommlintServer, params: types.DidChangeTextDocumentParams) -> None:
        document = ls.workspace.get_text_document(params.text_document.uri)
        await ls.refresh(document, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: CommlintServer, params: types.DidSaveTextDocumentParams) -> None:
        await ls.refresh(ls.workspace.get_text_document(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CommlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.checked.pop(uri, None)
        ls.fix_all.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    async def code_action(
        ls: CommlintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        uri = params.text_document.uri
        checked = ls.checked.get(uri)
        if checked is None or checked.text != ls.workspace.get_text_document(uri).source:
            return []  # stale: the document changed since it was checked
        only = params.context.only
        quick = not only or types.CodeActionKind.QuickFix in only
        found = _code_actions(uri, checked, params.range) if quick else []
        if (not only or any(FIX_ALL.startswith(k) for k in only)) and any(
            f.safe for f in checked.report.findings
        ):
            edits = await ls.fix_all_edits(uri, checked)
            if edits:
                found.append(
                    types.CodeAction(
                        title="Fix all safe replacements (commlint)",
                        kind=FIX_ALL,
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    )
                )
        return found

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: CommlintServer, params: types.HoverParams) -> types.Hover | None:
        checked = ls.checked.get(params.text_document.uri)
        if checked is None:
            return None
        at = types.Range(start=params.position, end=params.position)
        for finding in checked.report.findings:
            where = checked.finding_range(finding)
            if finding.end > finding.start and contains(where, at):
                rules = ls.linter_for(to_fs_path(params.text_document.uri)).ruleset.rules
                return types.Hover(
                    contents=types.MarkupContent(
                        kind=types.MarkupKind.Markdown,
                        value=hover_text(finding, rules.get(finding.rule)),
                    ),
                    range=where,
                )
        return None

    return server


def serve(config_path: Path | None = None) -> None:
    """Run the server over stdin and stdout until the client shuts it down."""
    build(config_path).start_io()
