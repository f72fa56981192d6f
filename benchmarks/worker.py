"""One measurement in a process of its own, so that its peak memory is its own.

    python benchmarks/worker.py CASE SIZE FOLDER REPEATS

Sets up the case (untimed), runs it REPEATS times, and prints one JSON object: the case,
the size, the seconds of each run and the process's peak resident memory in bytes.
The pyarrow floor runs with ``benchmarks/.deps`` on the path (pyarrow is kept out of the
project's environment: with pandas 3 it would change the default string storage).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _csvs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.csv"))


def setup(case: str, size: int, folder: Path):
    """What the case works on, made before the clock starts; returns the function to time."""
    if case == "generate":
        from compendium import synthetic

        return lambda: synthetic.write_coded(synthetic.coded_tables(size, seed=0), folder, name="synthetic", title=f"Synthetic coded project, {size} segments")
    if case == "pyarrow-parse":
        from pyarrow import csv as pacsv

        files = _csvs(folder)
        return lambda: [pacsv.read_csv(f) for f in files]
    if case == "pandas-parse":
        import pandas as pd

        files = _csvs(folder)
        return lambda: [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files]
    if case == "validate":
        from compendium import coded

        def run():
            found = coded.problems(folder)
            if found:
                raise SystemExit(f"the synthetic package does not validate: {found[:3]}")
        return run
    if case in ("cooccurrence", "excerpts-by-code"):
        from compendium import coded

        tables = coded.load(folder)
        if case == "cooccurrence":
            return lambda: coded.cooccurrence(tables)
        name = tables["codes"]["name"].iloc[-1]
        return lambda: coded.excerpts(tables, name)
    if case == "render-quotations":
        from compendium import render, synthetic
        from compendium.coding import theme_of
        from compendium.package import load

        data = synthetic.scaled_compendium(load(), size, theme="C-WAY-FORWARD")
        codings = data["codings"]
        ids = list(codings[codings["code_id"].map(theme_of(data)) == "C-WAY-FORWARD"]["excerpt_id"].unique())
        return lambda: render.excerpt_quotations(data, ids)._repr_html_()
    if case in ("refi-export", "refi-import"):
        from compendium import coded, refi, synthetic

        project = synthetic.project(coded.load(folder))
        target = folder.parent / f"synthetic-{size}.qdpx"
        if case == "refi-export":
            return lambda: refi.write_qdpx(project, target)
        refi.write_qdpx(project, target)
        return lambda: refi.read(target)
    if case == "write-scaled":
        from compendium import synthetic
        from compendium.package import load

        return lambda: synthetic.write_compendium(synthetic.scaled_compendium(load(), size), folder)
    if case == "validate-scaled":
        from compendium.validate import validate

        return lambda: validate(folder, sources=None)  # synthetic locators quote no source text: text checks left out
    if case == "validate-real":
        from compendium.validate import validate

        return lambda: validate()
    if case == "load-valid-cached":
        from compendium.validate import load_valid

        load_valid()
        return lambda: load_valid()
    raise SystemExit(f"unknown case {case!r}")


def main(argv: list[str]) -> None:
    case, size, folder, repeats = argv[0], int(argv[1]), Path(argv[2]), int(argv[3])
    run = setup(case, size, folder)
    if case.endswith("-parse"):
        run()  # a parser's first call warms its thread pool and caches: not part of the floor
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"case": case, "size": size, "seconds": seconds, "peak_rss": peak}))


if __name__ == "__main__":
    main(sys.argv[1:])
