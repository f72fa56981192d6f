"""The benchmark harness runs end to end (at toy sizes) and writes what it promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_harness_writes_figures_with_spread_ratios_and_targets(tmp_path):
    out = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only", "scale", "--sizes", "300", "600", "--repeats", "2", "--floor", "pandas", "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (result,) = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")]
    assert result["machine"]["cores"] and result["versions"]["pandas"]
    names = {f["name"]: f for f in result["figures"]}
    valid = names["validate 600 segments"]
    assert valid["min"] <= valid["median"] <= valid["max"] and valid["repeats"] == 2
    assert valid["floor"] == "pandas parse 600 segments" and valid["ratio"] > 0
    assert valid["peak_rss"] > 10 * 2**20
    render = names["render quotations of one code, 10000 excerpts"]
    assert render["target"] == {"kind": "seconds", "limit": 5.0} and isinstance(render["met"], bool)
    assert (out / "scaling.png").stat().st_size > 1000


def test_a_missing_floor_is_a_clear_error(tmp_path, monkeypatch):
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import run; run.DEPS = run.Path({str(tmp_path)!r}); run.main(['--only', 'scale', '--out', {str(tmp_path / 'out')!r}])"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode != 0 and "pyarrow is missing" in done.stderr
    assert not (tmp_path / "out").exists()
