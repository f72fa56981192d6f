"""Every benchmark of the compendium in one run: ``make bench``.

Measures, each over repeats (min, median, max) and each beside its floor measured in the
same run:

- the book: a clean build against a throwaway book of as many notebooks that only import
  pandas, seaborn and statsmodels (same toolchain and flags), and a no-change rebuild
  (which must execute nothing);
- validation of seeded synthetic coded projects (:mod:`compendium.synthetic`) of 10^4,
  10^5 and 10^6 segments against a pyarrow parse of the same files, with peak memory and
  the growth exponent;
- the analysis helpers at scale (co-occurrence, excerpts by code, rendering quotations)
  and REFI-QDA export and import;
- optionally (``--with-test``) the README's test command.

Writes ``benchmarks/results/<date>.json``, the scaling plot ``benchmarks/results/scaling.png``
and the table in ``benchmarks/README.md``. Work files go to a temporary folder; nothing
is written into ``data/`` or the project's ``_build/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "benchmarks"
RESULTS = HERE / "results"
DEPS = HERE / ".deps"
BIN = Path(sys.executable).parent
SIZES = (10_000, 100_000, 1_000_000)
GIB = 2**30

#: The targets of the performance issue: figure name -> (kind, limit).
TARGETS = {
    "book: clean build": ("ratio", 1.3),
    "book: no-change rebuild": ("seconds", 15.0),
    "tests: make test after set-up": ("ratio", 2.5),
    "validate 1000000 segments": ("ratio", 10.0),
    "validate 1000000 segments, peak memory": ("bytes", 2 * GIB),
    "validate growth exponent 10^5 to 10^6": ("value", 1.1),
    "co-occurrence, 1000000 segments": ("seconds", 2.0),
    "excerpts by code, 1000000 segments": ("seconds", 1.0),
    "render quotations of one code, 10000 excerpts": ("seconds", 5.0),
    "REFI-QDA export, 100000 segments": ("seconds", 30.0),
    "REFI-QDA import, 100000 segments": ("seconds", 30.0),
}

FLOOR_CELL = "import pandas\nimport seaborn\nimport statsmodels.api\nprint(1)"


def spread(seconds: list[float]) -> dict:
    """Min, median and max of repeated timings, rounded to milliseconds."""
    return {"min": round(min(seconds), 3), "median": round(statistics.median(seconds), 3), "max": round(max(seconds), 3), "repeats": len(seconds)}


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


# --------------------------------------------------------------------------- the book


def floor_book(folder: Path, notebooks: int) -> Path:
    """A throwaway book of ``notebooks`` notebooks that import the stack and print one value."""
    import nbformat

    folder.mkdir(parents=True)
    (folder / "_config.yml").write_text(
        "title: floor\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: force\n  timeout: 300\n", encoding="utf-8"
    )
    names = [f"chapter{i:02d}" for i in range(notebooks)]
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n" + "".join(f"- file: {n}\n" for n in names), encoding="utf-8")
    (folder / "intro.md").write_text("# Floor\n\nA book of notebooks that do nothing but import.\n", encoding="utf-8")
    for name in names:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), nbformat.v4.new_code_cell(FLOOR_CELL)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def jupyter_book(path: Path, output: Path | None, env: dict, full: bool = True) -> tuple[float, str]:
    """Build a book as the Makefile does; the seconds it took and its log (a failed build stops the run)."""
    command = [str(BIN / "jupyter-book"), "build", str(path), "-W", "-n", "--keep-going", *(["--all"] if full else [])]
    if output is not None:
        command += ["--path-output", str(output)]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"build of {path} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds, done.stdout + done.stderr


def executed(build_log: str) -> int:
    """How many notebooks a build executed (ahead in parallel, or one by one by myst-nb)."""
    ahead = sum(int(n) for n in re.findall(r"executing (\d+) notebook\(s\) ahead", build_log))
    return ahead + len(re.findall(r"Executing notebook using", build_log))


def book(work: Path, repeats: int) -> list[dict]:
    """Clean builds of the floor and of this book, then no-change rebuilds of this book."""
    chapters = len(list((ROOT / "book").glob("*.ipynb")))
    floor = floor_book(work / "floor", chapters)
    env = dict(os.environ)
    floor_times, clean_times, ran = [], [], []
    for i in range(repeats):
        log(f"floor book of {chapters} notebooks, clean build {i + 1}/{repeats}")
        shutil.rmtree(floor / "_build", ignore_errors=True)
        floor_times.append(jupyter_book(floor, None, env)[0])
        log(f"this book, clean build {i + 1}/{repeats}")
        out = work / "book"
        shutil.rmtree(out, ignore_errors=True)
        clean_env = {**env, "COMPENDIUM_CACHE": str(out / "validated")}
        seconds, text = jupyter_book(ROOT, out, clean_env)
        clean_times.append(seconds)
        ran.append(executed(text))
    rebuild = []
    for i in range(repeats):
        log(f"this book, no-change rebuild {i + 1}/{repeats}")
        seconds, text = jupyter_book(ROOT, out, clean_env, full=False)
        rebuild.append(seconds)
        ran.append(executed(text))
    f, c = spread(floor_times), spread(clean_times)
    return [
        {"name": f"book: floor build ({chapters} import-only notebooks)", **f},
        {"name": "book: clean build", **c, "floor": "book: floor build", "ratio": round(c["median"] / f["median"], 2), "notebooks executed": ran[0]},
        {"name": "book: no-change rebuild", **spread(rebuild), "notebooks executed": sum(ran[repeats:])},
    ]


def make_test(floor_median: float) -> dict:
    """The README's test command after set-up (every test, the build included)."""
    log("make test (after set-up)")
    start = time.perf_counter()
    done = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"make test failed:\n{done.stdout[-3000:]}")
    return {"name": "tests: make test after set-up", **spread([seconds]), "floor": "book: floor build", "ratio": round(seconds / floor_median, 2)}


# --------------------------------------------------------------------------- scale


def worker(case: str, size: int, folder: Path, repeats: int) -> dict:
    """One case in its own process (see ``worker.py``); pyarrow is on the path only for the floor."""
    env = dict(os.environ)
    if case == "pyarrow-parse":
        env["PYTHONPATH"] = str(DEPS)
    done = subprocess.run([sys.executable, str(HERE / "worker.py"), case, str(size), str(folder), str(repeats)], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{case} at {size} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def scale(work: Path, repeats: int, sizes=SIZES, floor_case: str = "pyarrow-parse") -> list[dict]:
    """Validation and helpers on synthetic coded projects of each size."""
    figures, medians = [], {}
    for size in sizes:
        folder = work / f"coded-{size}"
        log(f"synthetic coded project of {size} segments")
        gen = worker("generate", size, folder, 1)
        figures.append({"name": f"generate {size} segments", "size": size, **spread(gen["seconds"]), "peak_rss": gen["peak_rss"]})
        n = repeats if size < 1_000_000 else max(2, repeats - 1)
        pandas_parse = worker("pandas-parse", size, folder, n)
        floor = worker(floor_case, size, folder, n) if floor_case != "pandas-parse" else pandas_parse
        floor_name = f"{floor_case.replace('-', ' ')} {size} segments"
        log(f"validate {size} segments")
        valid = worker("validate", size, folder, n)
        f, p, v = spread(floor["seconds"]), spread(pandas_parse["seconds"]), spread(valid["seconds"])
        medians[size] = v["median"]
        if floor_case != "pandas-parse":
            figures.append({"name": floor_name, "size": size, **f, "peak_rss": floor["peak_rss"]})
        figures += [
            {"name": f"pandas parse {size} segments", "size": size, **p, "peak_rss": pandas_parse["peak_rss"]},
            {"name": f"validate {size} segments", "size": size, **v, "floor": floor_name, "ratio": round(v["median"] / f["median"], 1), "peak_rss": valid["peak_rss"]},
        ]
        if size == max(sizes):
            figures.append({"name": f"validate {size} segments, peak memory", "size": size, "bytes": valid["peak_rss"]})
        for case, label in (("cooccurrence", "co-occurrence"), ("excerpts-by-code", "excerpts by code")):
            log(f"{label}, {size} segments")
            r = worker(case, size, folder, repeats)
            figures.append({"name": f"{label}, {size} segments", "size": size, **spread(r["seconds"]), "peak_rss": r["peak_rss"]})
        if size == 100_000 or (size == max(sizes) and size < 100_000):
            for case, label in (("refi-export", "REFI-QDA export"), ("refi-import", "REFI-QDA import")):
                log(f"{label}, {size} segments")
                r = worker(case, size, folder, max(1, repeats - 1))
                figures.append({"name": f"{label}, {size} segments", "size": size, **spread(r["seconds"]), "peak_rss": r["peak_rss"]})
        if size != max(sizes):
            shutil.rmtree(folder, ignore_errors=True)
    if 100_000 in medians and 1_000_000 in medians:
        exponent = math.log(medians[1_000_000] / medians[100_000]) / math.log(10)
        figures.append({"name": "validate growth exponent 10^5 to 10^6", "value": round(exponent, 2)})
    log("render quotations of one code, 10000 excerpts")
    r = worker("render-quotations", 10_000, work, repeats)
    figures.append({"name": "render quotations of one code, 10000 excerpts", "size": 10_000, **spread(r["seconds"]), "peak_rss": r["peak_rss"]})
    return figures


def project_data(work: Path, repeats: int, floor_case: str = "pyarrow-parse") -> list[dict]:
    """Validation of the project's own data: afresh, from the validation cache, and scaled up.

    Scaled: this compendium with synthetic excerpts added (``synthetic.scaled_compendium``),
    written as a data package and validated by every check of :mod:`compendium.validate`
    (the verbatim checks against the source texts left out).
    """
    out = []
    for case, label in (("validate-real", "validate this compendium's data"), ("load-valid-cached", "load validated data from the cache")):
        log(label)
        r = worker(case, 0, ROOT, repeats)
        out.append({"name": label, **spread(r["seconds"]), "peak_rss": r["peak_rss"]})
    for size in (10_000, 100_000):
        folder = work / f"scaled-{size}"
        log(f"this compendium with {size} excerpts: validate")
        worker("write-scaled", size, folder, 1)
        floor = spread(worker(floor_case, size, folder, repeats)["seconds"])
        r = worker("validate-scaled", size, folder, max(2, repeats - 1))
        v = spread(r["seconds"])
        floor_name = f"{floor_case.replace('-', ' ')} of this compendium with {size} excerpts"
        out += [
            {"name": floor_name, "size": size, **floor},
            {"name": f"validate this compendium with {size} excerpts", "size": size, **v, "floor": floor_name, "ratio": round(v["median"] / floor["median"], 1), "peak_rss": r["peak_rss"]},
        ]
        shutil.rmtree(folder, ignore_errors=True)
    return out


# --------------------------------------------------------------------------- results


def judge(figures: list[dict]) -> list[dict]:
    """Each figure with a target gets its target and whether it is met."""
    for f in figures:
        if f["name"] not in TARGETS:
            continue
        kind, limit = TARGETS[f["name"]]
        value = {"ratio": f.get("ratio"), "seconds": f.get("median"), "bytes": f.get("bytes"), "value": f.get("value")}[kind]
        f["target"] = {"kind": kind, "limit": limit}
        f["met"] = value is not None and value <= limit
        if f["name"] == "book: no-change rebuild":
            f["met"] = f["met"] and f.get("notebooks executed") == 0
    return figures


def machine() -> dict:
    memory = 0
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        pass
    return {"platform": platform.platform(), "processor": platform.machine(), "cores": os.cpu_count(), "memory_bytes": memory, "python": platform.python_version()}


def versions() -> dict:
    names = ["compendium", "pandas", "numpy", "scipy", "frictionless", "jupyter-book", "myst-nb", "jupyter-cache", "sphinx", "nbval", "pytest-xdist"]
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    try:
        out["pyarrow (floor only)"] = next(d.version for d in metadata.distributions(path=[str(DEPS)]) if d.metadata["Name"] == "pyarrow")
    except StopIteration:
        out["pyarrow (floor only)"] = None
    return out


def shown(f: dict) -> tuple[str, str, str, str]:
    """A figure as the table's cells: value, spread, ratio to floor, target."""
    if "bytes" in f:
        value, span = f"{f['bytes'] / GIB:.2f} GiB", ""
    elif "value" in f:
        value, span = f"{f['value']}", ""
    else:
        value, span = f"{f['median']:.2f} s", f"{f['min']:.2f}–{f['max']:.2f} s ({f['repeats']}×)"
        if f.get("peak_rss"):
            span += f", peak {f['peak_rss'] / 2**20:,.0f} MiB"
        if "notebooks executed" in f:
            span += f", {f['notebooks executed']} notebook(s) executed"
    ratio = f"{f['ratio']}×" if "ratio" in f else ""
    target = ""
    if "target" in f:
        kind, limit = f["target"]["kind"], f["target"]["limit"]
        limit_text = {"ratio": f"≤ {limit}×", "seconds": f"≤ {limit:g} s", "bytes": f"≤ {limit / GIB:g} GiB", "value": f"≤ {limit}"}[kind]
        target = f"{limit_text}: {'met' if f['met'] else '**missed**'}"
    return value, span, ratio, target


def write_readme(result: dict, path: Path) -> None:
    """Put the latest table between the markers of ``benchmarks/README.md``."""
    rows = ["| figure | median | spread | ratio to floor | target |", "|---|---|---|---|---|"]
    for f in result["figures"]:
        rows.append("| " + " | ".join([f["name"], *shown(f)]) + " |")
    table = f"Latest run: {result['date']}, {result['machine']['cores']} cores, Python {result['machine']['python']}.\n\n" + "\n".join(rows)
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- results: start -->", "<!-- results: end -->"
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    path.write_text(f"{before}{start}\n{table}\n{end}{after}", encoding="utf-8")


def plot(figures: list[dict], path: Path) -> None:
    """Seconds against segments, log-log: validation, its pyarrow floor and the helpers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = {
        r"validate \d+ segments": "validate (coded project)",
        r"pyarrow parse \d+ segments": "pyarrow parse (floor)",
        r"pandas parse \d+ segments": "pandas parse",
        r"validate this compendium with \d+ excerpts": "validate (this compendium, scaled)",
        r"co-occurrence, \d+ segments": "co-occurrence",
        r"excerpts by code, \d+ segments": "excerpts by code",
    }
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for pattern, label in series.items():
        points = sorted((f["size"], f["median"]) for f in figures if re.fullmatch(pattern, f["name"]) and f.get("size") and "median" in f)
        if points:
            ax.plot(*zip(*points), marker="o", label=label)
            ax.annotate(label, points[-1], textcoords="offset points", xytext=(4, 0), fontsize=8)
    ax.set(xscale="log", yscale="log", xlabel="coded segments", ylabel="seconds (median)", title="Scaling on synthetic coded projects")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each figure (builds: one fewer, at least 2)")
    parser.add_argument("--only", choices=["book", "scale", "data"], action="append", help="run only these groups")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="segments of the synthetic projects (default: 10^4 10^5 10^6)")
    parser.add_argument("--floor", choices=["pyarrow", "pandas"], default="pyarrow", help="the parse that validation is compared with (pyarrow needs `make bench`'s benchmarks/.deps)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the results (the README's table is updated only for the default)")
    parser.add_argument("--with-test", action="store_true", help="also time `make test` (about ten minutes more)")
    args = parser.parse_args(argv)
    groups = args.only or ["data", "scale", "book"]
    if {"data", "scale"} & set(groups) and args.floor == "pyarrow" and not (DEPS / "pyarrow").is_dir():
        sys.exit("pyarrow is missing from benchmarks/.deps: run `make bench` (it installs it there), or give --floor pandas")
    started = time.perf_counter()
    figures: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="compendium-bench-") as tmp:
        work = Path(tmp)
        if "data" in groups:
            figures += project_data(work, args.repeats, f"{args.floor}-parse")
        if "scale" in groups:
            figures += scale(work, args.repeats, tuple(args.sizes), f"{args.floor}-parse")
        if "book" in groups:
            figures += book(work, max(2, args.repeats - 1))
            if args.with_test:
                floor = next(f for f in figures if f["name"].startswith("book: floor"))
                figures.append(make_test(floor["median"]))
    result = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(),
        "seconds": round(time.perf_counter() - started, 1),
        "figures": judge(figures),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if "scale" in groups:
        plot(figures, args.out / "scaling.png")
    if args.out.resolve() == RESULTS.resolve():
        write_readme(result, HERE / "README.md")
    for f in result["figures"]:
        print(" | ".join([f["name"], *shown(f)]))
    log(f"done in {result['seconds']} s: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
