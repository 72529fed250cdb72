"""The resident HTTP service (`commlint serve`): checks over HTTP, and a page to paste drafts into.

The app process never loads spaCy: checks run in worker processes, one `Linter` each, that the
app can kill when a check runs past the time limit. FastAPI and uvicorn are imported only by
`commlint.service.app` and the `serve` command, so this package stays light to import.
"""
