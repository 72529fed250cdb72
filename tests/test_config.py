"""Config discovery and validation: errors name the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from commlint.config import Config, find_config, load_config
from commlint.errors import ConfigError
from commlint.report import Dimension, Severity
from tests.conftest import write


def test_config_found_walking_up(tmp_path: Path) -> None:
    config = write(tmp_path / ".commlint.toml", "min_score = 80\n")
    draft = write(tmp_path / "a" / "b" / "draft.txt", "Hi")
    assert find_config(draft) == config
    assert load_config(config).min_score == 80


def test_config_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / "pyproject.toml", "[tool.commlint]\nfail_on = 'warning'\n")
    write(tmp_path / "inner" / "pyproject.toml", "[project]\nname = 'x'\n")
    found = find_config(tmp_path / "inner" / "draft.txt")
    assert found == outer
    assert load_config(outer).fail_on is Severity.WARNING


def test_config_pyproject_of_another_tool_is_passed_over_unparsed(tmp_path: Path) -> None:
    outer = write(tmp_path / ".commlint.toml", "min_score = 40\n")
    write(tmp_path / "inner" / "pyproject.toml", "[project\nname = 'not toml at all'\n")
    assert find_config(tmp_path / "inner" / "draft.txt") == outer


def test_config_pyproject_naming_commlint_elsewhere_is_parsed(tmp_path: Path) -> None:
    outer = write(tmp_path / ".commlint.toml", "min_score = 40\n")
    inner = tmp_path / "inner" / "pyproject.toml"
    write(inner, "[project]\ndependencies = ['commlint']\n")
    assert find_config(tmp_path / "inner" / "draft.txt") == outer
    write(inner, "[project]\ndependencies = ['commlint'\n")
    with pytest.raises(ConfigError, match="invalid TOML") as raised:
        find_config(tmp_path / "inner" / "draft.txt")
    assert raised.value.path == str(inner)


def test_config_nearest_wins_and_commlint_toml_first(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.commlint]\nmin_score = 10\n")
    near = write(tmp_path / "team" / ".commlint.toml", "min_score = 20\n")
    write(tmp_path / "team" / "pyproject.toml", "[tool.commlint]\nmin_score = 30\n")
    assert find_config(tmp_path / "team" / "draft.txt") == near


def test_config_full_example(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        """\
[tool.commlint]
select = ["tone", "empathy.thanks"]
ignore = ["tone.chatspeak"]
min_score = 70
fail_on = "warning"
rule_dirs = ["team-rules"]
allow_words = ["Zendesk", "Priya"]
kind = "incident_update"
pipeline = "blank"

[tool.commlint.severity]
"tone.blame" = "error"

[tool.commlint.min_dimension]
tone = 75
""",
    )
    config = load_config(path)
    assert config.select == ["tone", "empathy.thanks"]
    assert config.rule_dirs == [tmp_path / "team-rules"]
    assert config.severity == {"tone.blame": Severity.ERROR}
    assert config.min_dimension == {Dimension.TONE: 75}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("min_score = 60\nmin_scor = 70\n", 2, "unknown key 'min_scor'"),
        ("min_score = 'high'\n", 1, "min_score: Input should be a valid integer"),
        ("fail_on = 'sometimes'\n", 1, "fail_on"),
        ("[severity]\n'tone.blame' = 'loud'\n", 2, "severity.tone.blame"),
        ("min_score = \n", 1, "invalid TOML"),
        ("kind = 'memo'\n", 1, "kind: Input should be"),
        ("max_chars = 1e20\n", 1, "max_chars: Unable to parse"),
        ("max_chars = 100000000000000000000\n", 1, "max_chars: Input should be less than"),
        ("gate_timeout = inf\n", 1, "gate_timeout: Input should be a finite number"),
        ("gate_timeout = 0\n", 1, "gate_timeout: Input should be greater than 0"),
        ("# deep\nx = [\n" + "[" * 5_000 + "]" * 5_000 + "]\n", 3, "nested too deeply"),
        ("x = " + "{a = " * 3_000 + "1" + "}" * 3_000 + "\n", 1, "nested too deeply"),
    ],
)
def test_config_errors_name_file_line_key(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = write(tmp_path / ".commlint.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message
    assert "\n" not in message


def test_config_defaults() -> None:
    config = Config()
    assert (
        config.min_score == 70
        and config.dimension_floor == 50
        and config.fail_on is Severity.ERROR
        and config.select == []
    )


def test_config_a_tool_commlint_table_works_in_any_file(tmp_path: Path) -> None:
    """A `[tool.commlint]` table copied out of a pyproject.toml works with `--config`."""
    other = write(tmp_path / "team.toml", "[tool.commlint]\nmin_score = 55\n")
    assert load_config(other).min_score == 55
    typo = write(tmp_path / "typo.toml", "[tool.commlint]\nmin_scor = 55\n")
    with pytest.raises(ConfigError, match=r"typo\.toml:2: unknown key 'min_scor'"):
        load_config(typo)


def test_config_too_large_max_chars_is_a_config_error_in_the_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hook reads the message before validating the config: the limit it reads by is
    clamped, so a huge `max_chars` is named by validation, not an OverflowError."""
    from commlint.cli import EXIT_ERROR, main

    config = write(tmp_path / ".commlint.toml", "max_chars = 100000000000000000000\n")
    message = write(tmp_path / "m.txt", "Hi Dana, the drive is back.\n")
    assert main(["hook", "--config", str(config), str(message)]) == EXIT_ERROR
    assert f"{config}:1: max_chars: Input should be less than" in capsys.readouterr().err
