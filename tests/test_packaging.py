"""The wheel carries the rule packs: build it, install it into a fresh venv, run it there."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_packaging_wheel_ships_rules(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("commlint-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("commlint-0.1.0.dist-info/METADATA").decode()
        names = set(archive.namelist())
    # the bundled pipeline is CC BY-SA 4.0 (derived from UD EWT); the metadata must say so
    assert "License-Expression: MIT AND CC-BY-SA-4.0" in metadata
    assert "commlint/models/en_commlint_ewt/LICENSE" in names
    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The fresh venv gets commlint from the wheel only; its dependencies (spaCy and friends)
    # come from this environment's site-packages, so the test needs no network.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    draft = tmp_path / "work" / "draft.txt"
    draft.parent.mkdir()
    shutil.copy(ROOT / "examples" / "poor-draft.txt", draft)
    where = subprocess.run(
        [python, "-c", "import commlint.rules.loader as l; print(l.builtin_rules_dir())"],
        check=True,
        capture_output=True,
        text=True,
        cwd=draft.parent,
    ).stdout.strip()
    assert where.startswith(str(site)) and where.endswith("commlint/rulepacks"), where
    proc = subprocess.run(
        [env / "bin" / "commlint", "check", "draft.txt"],
        capture_output=True,
        text=True,
        cwd=draft.parent,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "tone.condescending" in proc.stdout and "draft.txt: score" in proc.stdout
