"""The benchmark harness: commlint against proselint and the bare spaCy pipeline.

Run it from the repository root with `python -m bench` (see `bench/README.md` and
`docs/performance.md`). It is not part of the unit tests; `tests/bench/` runs it on a tiny corpus
so it cannot rot.
"""
