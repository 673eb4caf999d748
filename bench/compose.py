"""Compose benchmark: orderdraft against a bare docxtpl render of the same template, and
the CLI's start-up time.

    python bench/compose.py                 # 500 orders x 3 rounds, 20 start-up runs
    python bench/compose.py --orders 100 --rounds 5

Figures, each printed as one summary line:

* ``compose``: ``compose_case`` per order (rules + plan + render to DOCX bytes, no disk),
  over ORDERS case files with different names and dates.
* ``bare docxtpl``: ``DocxTemplate(templates/orders/order.docx); render(ctx,
  autoescape=True); save(BytesIO)`` per order, with the very context orderdraft's renderer
  gets for the same case — the baseline, measured in the same run.
* ``ratio``: compose / bare, the median of the per-round ratios. Target: at most 0.5x.
* ``--version``: wall time of the installed ``orderdraft --version``, median of RUNS
  subprocess runs, next to ``python -c pass`` (the interpreter's own floor). Target: under
  250 ms; when over, the slowest imports of ``orderdraft.cli.main`` are listed.

Nothing here is asserted: timings on shared machines are noisy, so the suite never
depends on them (see README). The run checks only that both renderers produced the same
text, so the comparison is like for like.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from orderdraft.case import Case, case_from_data
from orderdraft.compose import compose_case, order_template, template_context
from orderdraft.library import Library, load_library
from orderdraft.plan import plan
from orderdraft.source import load

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dvpp-direction.yaml"
TARGET_RATIO = 0.5
TARGET_STARTUP_MS = 250.0

FIRST = ["John", "Siân", "Zoë", "Mohammed", "Aleksandra", "Rhys", "Oluwaseun", "Niamh",
         "Dafydd", "Priya", "Tomás", "Ewa", "Kwame", "Llŷr", "Chloé", "Ahmed"]
LAST = ["Smith", "Llŷr", "O'Brien-Ñúñez", "Khan", "Kowalski", "Evans", "Adeyemi", "Byrne",
        "Jones", "Patel", "García", "Nowak", "Mensah", "Hughes", "Dubois", "Hussain"]


def cases(n: int) -> list[Case]:
    """``n`` variations of the example: names, dates and optional parts all differ."""
    base = load(EXAMPLE).data
    out = []
    for i in range(n):
        data: dict[str, Any] = {**base, "hearing": dict(base["hearing"]),
                                "order": dict(base["order"])}
        hearing = dt.date(2026, 1, 5) + dt.timedelta(days=i % 300)
        father = f"{FIRST[i % 16]} {LAST[(i * 7) % 16]}"
        mother = f"{FIRST[(i + 5) % 16]} {LAST[(i * 3 + 1) % 16]}"
        data["case_number"] = f"NG26P{i:05d}"
        data["hearing"]["date"] = hearing.isoformat()
        data["parties"] = [dict(base["parties"][0], name=father),
                           dict(base["parties"][1], name=mother)]
        data["children"] = [
            {"name": f"{FIRST[(i + k) % 16]} {LAST[(i * 7) % 16]}",
             "date_of_birth": (dt.date(2015, 3, 1) + dt.timedelta(days=97 * i + 400 * k))
             .isoformat()}
            for k in range(1 + i % 3)
        ]
        activity = dict(base["activities"][0])
        activity["refer_by"] = (hearing + dt.timedelta(days=14 + i % 7)).isoformat()
        activity["list_on_completion"] = i % 2 == 0
        if i % 3 == 0:
            activity.pop("updated_section7")
        data["activities"] = [activity]
        out.append(case_from_data(data, f"case-{i}.yaml"))
    return out


def _document_text(blob: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def bare_render(template: Path, context: dict[str, Any]) -> bytes:
    doc = DocxTemplate(str(template))
    doc.render(context, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def one_round(orders: list[Case], library: Library, contexts: list[dict[str, Any]],
              template: Path) -> tuple[list[float], list[float]]:
    ours, bare = [], []
    for case in orders:
        start = time.perf_counter()
        compose_case(case, library)
        ours.append(time.perf_counter() - start)
    for context in contexts:
        start = time.perf_counter()
        bare_render(template, context)
        bare.append(time.perf_counter() - start)
    return ours, bare


def startup(runs: int) -> tuple[float, float, Path]:
    script = Path(sys.executable).with_name("orderdraft")
    if not script.exists():
        raise SystemExit(f"no console script beside {sys.executable}; pip install -e . first")

    def median_ms(args: list[str]) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    return median_ms([str(script), "--version"]), median_ms([sys.executable, "-c", "pass"]), script


def slowest_imports(module: str, top: int = 12) -> list[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          capture_output=True, text=True, check=True)
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    rows.sort(reverse=True)
    return [f"  {us / 1000:7.1f} ms  {name}" for us, name in rows[:top]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=20)
    args = parser.parse_args()

    library = load_library()
    template = order_template()
    orders = cases(args.orders)
    contexts = [template_context(plan(case, library)) for case in orders]

    # Like for like: both renderers produce the same words from the same context.
    ours_text = _document_text(compose_case(orders[0], library)[2])
    bare_text = _document_text(bare_render(template, contexts[0]))
    if ours_text != bare_text:
        raise SystemExit("the two renderers disagree about the text; the comparison is void")
    one_round(orders[:5], library, contexts[:5], template)  # warm caches and imports

    rounds = []
    for r in range(args.rounds):
        ours, bare = one_round(orders, library, contexts, template)
        rounds.append((ours, bare))
        print(f"round {r + 1}: compose {statistics.mean(ours) * 1000:6.2f} ms/order, "
              f"bare docxtpl {statistics.mean(bare) * 1000:6.2f} ms/order", flush=True)

    ours_means = [statistics.mean(o) * 1000 for o, _ in rounds]
    bare_means = [statistics.mean(b) * 1000 for _, b in rounds]
    ratios = [o / b for o, b in zip(ours_means, bare_means, strict=True)]
    every = sorted(t * 1000 for o, _ in rounds for t in o)
    p95 = every[int(len(every) * 0.95) - 1]
    ratio = statistics.median(ratios)
    print(f"compose: {args.orders} orders x {args.rounds} rounds, "
          f"{statistics.median(ours_means):.2f} ms per order (median of round means; "
          f"single orders p50 {statistics.median(every):.2f} ms, p95 {p95:.2f} ms)")
    print(f"bare docxtpl render+save, same template and contexts: "
          f"{statistics.median(bare_means):.2f} ms per order (median of round means)")
    print(f"ratio compose/bare: {ratio:.3f}x (target <= {TARGET_RATIO}x): "
          f"{'OK' if ratio <= TARGET_RATIO else 'OVER'}")

    version_ms, python_ms, script = startup(args.startup_runs)
    print(f"orderdraft --version: {version_ms:.0f} ms median of {args.startup_runs} runs "
          f"({script}; python -c pass: {python_ms:.0f} ms) (target < {TARGET_STARTUP_MS:.0f} "
          f"ms): {'OK' if version_ms < TARGET_STARTUP_MS else 'OVER'}")
    if version_ms >= TARGET_STARTUP_MS:
        print("slowest imports of orderdraft.cli.main (cumulative):")
        print("\n".join(slowest_imports("orderdraft.cli.main")))


if __name__ == "__main__":
    main()
