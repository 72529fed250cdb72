"""The commlint language server (`commlint lsp`): diagnostics, quick fixes and hover in editors.

`commlint.lsp.convert` turns reports and fixes into LSP types; `commlint.lsp.server` is the
pygls server that keeps one Linter per configuration and checks documents as they change.
"""
