"""`python -m atlas check`: output lines, summary and exit codes, in-process and as a process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from atlas.__main__ import main

REPO_DIR = Path(__file__).resolve().parents[2]
VALID_DIR = REPO_DIR / "tests" / "fixtures" / "valid"
VALID_SUMMARY = "OK: 3 members, 1 site, 1 mission, 1 event, 2 quotes from 2 sources, 1 scene"


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "atlas", *args],
        cwd=REPO_DIR, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )


def break_quote_source(facts_dir: Path) -> None:
    path = facts_dir / "quotes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source: fa-sample-feature", "source: fa-nowhere"), "utf-8")


def test_valid_fixture_exits_0_with_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(VALID_DIR)]) == 0

    assert capsys.readouterr().out.splitlines() == [VALID_SUMMARY]


def test_problems_exit_1_one_line_each_then_count(
    valid_facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_quote_source(valid_facts)
    (valid_facts / "missions.yaml").unlink()

    assert main(["check", str(valid_facts)]) == 1

    assert capsys.readouterr().out.splitlines() == [
        "missions.yaml: -: -: file not found",
        "quotes.yaml: fa-kurecik-radar: source: unknown source fa-nowhere",
        f"2 problems in {valid_facts}",
    ]


def test_nonexistent_dir_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"

    assert main(["check", str(missing)]) == 1

    assert capsys.readouterr().out.splitlines() == [
        f"{missing}: -: -: facts directory does not exist",
        f"1 problem in {missing}",
    ]


def test_geodata_option_is_used(
    valid_facts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty_geodata = tmp_path / "geodata"
    empty_geodata.mkdir()

    assert main(["check", str(valid_facts), "--geodata", str(empty_geodata)]) == 1

    out = capsys.readouterr().out
    assert f"{empty_geodata / 'countries.geojson'}: -: -: file not found" in out


@pytest.mark.parametrize(
    "argv", [[], ["frobnicate"], ["check", "--no-such-option"], ["check", "a", "b"]]
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2

    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--help"]) == 0

    assert "--geodata" in capsys.readouterr().out


def test_subprocess_valid_exits_0() -> None:
    result = run_module("check", str(VALID_DIR))

    assert (result.returncode, result.stdout, result.stderr) == (0, VALID_SUMMARY + "\n", "")


def test_subprocess_bad_facts_exit_1_without_traceback(valid_facts: Path) -> None:
    break_quote_source(valid_facts)

    result = run_module("check", str(valid_facts))

    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "quotes.yaml: fa-kurecik-radar: source: unknown source fa-nowhere",
        f"1 problem in {valid_facts}",
    ]


def test_subprocess_nonexistent_dir_exits_1_without_traceback(tmp_path: Path) -> None:
    result = run_module("check", str(tmp_path / "nowhere"))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.endswith(f"1 problem in {tmp_path / 'nowhere'}\n")


def test_subprocess_usage_error_exits_2() -> None:
    result = run_module("check", "--no-such-option")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage:" in result.stderr


# -- checks that need geometry (atlas.geochecks): one edit of the valid fixture each --------


@pytest.mark.parametrize(("old", "new", "expected"), [
    # Kürecik moved into Syria by its latitude: some longitude at 38.35°N is Türkiye, no
    # latitude on 37.79°E outside 36-42°N is, so the latitude is blamed.
    ("lat: 38.3494", "lat: 35.3494",
     "sites.yaml: kurecik: lat: (35.3494, 37.7936) is not in host TUR as drawn in 2012; "
     "it is in SYR"),
    # Longitude typed with the digits swapped: 73.79°E at 38.35°N is in Tajikistan.
    ("lon: 37.7936", "lon: 73.7936",
     "sites.yaml: kurecik: lon: (38.3494, 73.7936) is not in host TUR as drawn in 2012; "
     "it is in TJK"),
])
def test_wrong_site_coordinate_fails_with_file_record_field(
    valid_facts: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    path = valid_facts / "sites.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")

    assert main(["check", str(valid_facts)]) == 1

    assert capsys.readouterr().out.splitlines() == [expected, f"1 problem in {valid_facts}"]


def test_mission_label_outside_its_areas_fails(
    valid_facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = valid_facts / "missions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("lon: 20.9", "lon: 12.9"), "utf-8")

    assert main(["check", str(valid_facts)]) == 1

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("missions.yaml: kfor: lon: label point (42.6, 12.9) is not in "
                             "its areas XKX")
    assert out[1:] == [f"1 problem in {valid_facts}"]
