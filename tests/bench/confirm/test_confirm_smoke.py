"""`fanout.py --confirm-only` in seconds: tiny numbers, both measurements in one invocation, every row written.

The full run (10 000 and 100 000 customers) takes minutes; it is not a test.
"""

from __future__ import annotations

import json
import pstats
from pathlib import Path

import pytest

from tests.bench import fanout
from tests.bench.confirm import scale


def test_confirm_only_times_both_sizes_and_reports_their_growth(capsys: pytest.CaptureFixture[str]) -> None:
    """Seeds and confirms 12 and 4 customers in fresh SQLite files; the JSON line holds the issue's keys.

    In this process: the full run's children import the engine each (seconds); their command line is below."""
    result = scale.run(12, reference_controllers=4, in_process=True, say=print)
    said = capsys.readouterr().out
    assert "12 customers on sqlite" in said
    assert '"cases": 12, "notices": 12, "deadlines": 12' in said  # checked by `measure` too: it raises otherwise
    assert set(result) >= {"controllers", "confirm_s", "confirm_10k_s", "confirm_growth", "peak_rss_mb"}
    assert result["controllers"] == 12
    assert result["reference_controllers"] == 4
    assert result["confirm_s"] > 0
    assert result["confirm_10k_s"] > 0
    assert result["confirm_growth"] == round(result["confirm_s"] / result["confirm_10k_s"], 3)
    assert 50 < result["peak_rss_mb"] < 1024
    json.dumps(result)  # the script's last line


def test_the_child_steps_seed_and_confirm_from_their_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What ``measure`` runs in a process of its own, each printing one JSON line."""
    url = f"sqlite:///{tmp_path / 'breach.db'}"
    assert scale.main(["seed", url, "3"]) == 0
    reference = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["reference"]
    assert scale.main(["confirm", url, reference, "--profile", str(tmp_path / "confirm.prof")]) == 0
    done = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (done["affected"], done["written"]) == (3, {"cases": 3, "notices": 3, "deadlines": 3})
    assert pstats.Stats(str(tmp_path / "confirm.prof")).get_stats_profile().total_tt > 0


def test_the_option_is_parsed_and_a_wrong_database_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        fanout.main(["--confirm-only", "--database", "oracle"])
    assert "invalid choice: 'oracle'" in capsys.readouterr().err
    with pytest.raises(ValueError, match="--database: expected sqlite or postgres, got 'oracle'"):
        scale.run(2, backend="oracle", reference_controllers=1)
