"""End to end: a real `commlint lsp` process driven over stdio by pytest-lsp."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from commlint.lsp.convert import SOURCE, VERDICT_CODE
from commlint.rules.docs import help_uri

pytestmark = pytest.mark.asyncio(loop_scope="module")

FOLDER = Path(__file__).parent


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "commlint", "lsp"]),
)
async def client(lsp_client: LanguageClient) -> None:  # type: ignore[misc]
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=FOLDER.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """The text with LSP edits applied (positions in UTF-16 units; ASCII here)."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        return sum(len(line) + 1 for line in lines[: position.line]) + position.character

    ordered = sorted(edits, key=lambda e: offset(e.range.start), reverse=True)
    for edit in ordered:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def open_document(
    client: LanguageClient, uri: str, text: str, language: str = "plaintext"
) -> list[types.Diagnostic]:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    return await diagnostics_for(client, uri)


async def diagnostics_for(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri:
            return list(params.diagnostics)


async def actions_at(
    client: LanguageClient, uri: str, where: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=where,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


def by_code(found: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in found if d.code == code]


TEXT = "Hi Dana,\n\nCan u restart ur laptop pls? Thanks for waiting.\n\nPriya\n"


async def test_lsp_diagnostics_on_open_and_change(client: LanguageClient) -> None:
    uri = (FOLDER / "draft.txt").as_uri()
    found = await open_document(client, uri, TEXT)
    verdict = by_code(found, VERDICT_CODE)
    assert len(verdict) == 1 and verdict[0].range.start.line == 0
    assert verdict[0].severity == types.DiagnosticSeverity.Information
    assert "score" in verdict[0].message
    chat = by_code(found, "tone.chatspeak")
    assert [(d.range.start.line, d.range.start.character, d.range.end.character) for d in chat] == [
        (2, 4, 5),
        (2, 14, 16),
        (2, 24, 27),
    ]
    assert {d.severity for d in chat} == {types.DiagnosticSeverity.Error}
    assert all(d.source == SOURCE for d in found)
    assert chat[0].code_description is not None
    assert chat[0].code_description.href == help_uri("tone.chatspeak")

    fixed = TEXT.replace("ur laptop pls", "your laptop please")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    after = await diagnostics_for(client, uri)
    assert [d.range.start.character for d in by_code(after, "tone.chatspeak")] == [4]

    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await diagnostics_for(client, uri) == after


async def test_lsp_debounces_changes(client: LanguageClient) -> None:
    """Changes typed faster than the debounce give one check, of the last version."""
    uri = (FOLDER / "typing.txt").as_uri()
    await open_document(client, uri, TEXT)
    for version, word in enumerate(["y", "yo", "you"], start=2):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangeWholeDocument(
                        text=TEXT.replace(" u ", f" {word} ")
                    )
                ],
            )
        )
    params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert params.uri == uri and params.version == 4
    assert [
        d.range.start.character for d in by_code(list(params.diagnostics), "tone.chatspeak")
    ] == [
        16,
        26,
    ]


async def test_lsp_quick_fix_and_fix_all(client: LanguageClient) -> None:
    uri = (FOLDER / "quick.txt").as_uri()
    found = await open_document(client, uri, TEXT)
    pls = by_code(found, "tone.chatspeak")[2]
    actions = await actions_at(client, uri, pls.range)
    replace = [a for a in actions if a.title == "Replace with 'please'"]
    assert replace and replace[0].kind == types.CodeActionKind.QuickFix
    assert replace[0].edit is not None and replace[0].edit.changes is not None
    after = apply_edits(TEXT, list(replace[0].edit.changes[uri]))
    assert after == TEXT.replace("pls?", "please?")

    whole = types.Range(start=types.Position(line=0, character=0), end=pls.range.end)
    fix_all = await actions_at(client, uri, whole, only=[types.CodeActionKind.SourceFixAll])
    assert [a.title for a in fix_all] == ["Fix all safe replacements (commlint)"]
    assert fix_all[0].edit is not None and fix_all[0].edit.changes is not None
    fixed = apply_edits(TEXT, list(fix_all[0].edit.changes[uri]))
    assert "your laptop please?" in fixed and fixed.endswith("Thanks for waiting.\n\nPriya\n")


async def test_lsp_snippet_and_suppression_in_markdown(client: LanguageClient) -> None:
    uri = (FOLDER / "notice.md").as_uri()
    text = "Hi Dana,\n\nYour printer is fixed, thx.\n\nPriya\n"
    found = await open_document(client, uri, text, "markdown")
    chat = by_code(found, "tone.chatspeak")[0]
    actions = await actions_at(client, uri, chat.range)
    suppress = [a for a in actions if a.title == "Add inline suppression for tone.chatspeak"]
    assert suppress and suppress[0].edit is not None and suppress[0].edit.changes is not None
    assert apply_edits(text, list(suppress[0].edit.changes[uri])) == text.replace(
        "Your printer", "<!-- commlint-disable-next-line tone.chatspeak -->\nYour printer"
    )
    follow_up = by_code(found, "options.missing-follow-up")
    assert follow_up, [d.code for d in found]
    inserts = [
        a
        for a in await actions_at(client, uri, follow_up[0].range)
        if a.title.startswith("Insert: ")
    ]
    assert inserts and inserts[0].edit is not None and inserts[0].edit.changes is not None
    inserted = apply_edits(text, list(inserts[0].edit.changes[uri]))
    assert inserted.endswith("thx.\n\nIf it comes back, reply here and I'll pick it up.\n\nPriya\n")


async def test_lsp_hover_shows_the_rule(client: LanguageClient) -> None:
    uri = (FOLDER / "hover.txt").as_uri()
    found = await open_document(client, uri, TEXT)
    chat = by_code(found, "tone.chatspeak")[0]
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=chat.range.start
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "**What it flags.**" in hover.contents.value
    assert "**Why it matters.**" in hover.contents.value
    assert "**Better:**" in hover.contents.value
    assert hover.range == chat.range


async def test_lsp_email_positions(client: LanguageClient) -> None:
    uri = (FOLDER / "reply.eml").as_uri()
    text = (
        "From: Priya <priya@example.com>\nTo: dana@example.com\nSubject: Your laptop\n"
        "Content-Type: text/plain; charset=utf-8\n\nHi Dana,\n\nCan u restart it? Thanks.\n"
    )
    found = await open_document(client, uri, text, "mail")
    chat = by_code(found, "tone.chatspeak")
    assert [(d.range.start.line, d.range.start.character) for d in chat] == [(7, 4)]


async def test_lsp_config_is_discovered(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".commlint.toml").write_text('ignore = ["tone.chatspeak"]\n', encoding="utf-8")
    uri = (tmp_path / "configured.txt").as_uri()
    found = await open_document(client, uri, TEXT)
    assert by_code(found, VERDICT_CODE) and not by_code(found, "tone.chatspeak")
