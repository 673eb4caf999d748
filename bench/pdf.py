"""PDF benchmark: orderdraft's LibreOffice conversion against bare ``soffice --convert-to pdf``
of the same DOCX files, measured in the same run.

    python bench/pdf.py                       # 1 order x 5 runs, a batch of 50
    python bench/pdf.py --orders 20 --runs 3

Figures, each printed as one summary line:

* ``single``: one order, ``convert_to_pdf([docx])`` (private throwaway profile, network
  off, watchdog, atomic move into place) against ``soffice --headless --convert-to pdf``
  of the same file with LibreOffice's ordinary, already-created user profile: the median
  of RUNS each. Target: within 1.15x of bare soffice.
* ``batch``: ORDERS orders in one ``convert_to_pdf`` call, per order, against bare soffice
  started once per file (what a script looping over files does), per order. Target: the
  batch at least 5x faster per order.

Nothing here is asserted (timings on shared machines are noisy; see README). The run
checks that both produced a PDF of the same page count for every file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compose import cases

from orderdraft.compose import compose_case
from orderdraft.library import load_library
from orderdraft.render.pdf import convert_to_pdf, find_soffice

TARGET_SINGLE = 1.15
TARGET_BATCH = 5.0


def bare(soffice: str, files: list[Path], outdir: Path, profile: Path) -> None:
    """One plain ``soffice --convert-to pdf`` per file, as a shell loop would run it."""
    for f in files:
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(outdir), str(f)],
            check=True, capture_output=True)


def ours(files: list[Path], outdir: Path) -> None:
    results = convert_to_pdf(files, outdir)
    failed = [r for r in results if r.error]
    if failed:
        raise SystemExit(f"orderdraft could not convert {failed[0].source}: {failed[0].error}")


def timed(action: object, *args: object) -> float:
    start = time.perf_counter()
    action(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def same_pages(a: Path, b: Path) -> None:
    for pdf in sorted(a.glob("*.pdf")):
        if len(PdfReader(pdf).pages) != len(PdfReader(b / pdf.name).pages):
            raise SystemExit(f"{pdf.name}: the two conversions differ; the comparison is void")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    soffice = find_soffice()
    library = load_library()
    work = Path(tempfile.mkdtemp(prefix="orderdraft-bench-pdf-"))
    try:
        docx = []
        for i, case in enumerate(cases(args.orders)):
            path = work / "in" / f"order{i:03d}.docx"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(compose_case(case, library)[2])
            docx.append(path)
        profile = work / "profile"  # bare soffice's ordinary profile, created once up front
        bare(soffice, docx[:1], fresh(work / "warm"), profile)
        ours(docx[:1], fresh(work / "warm"))

        single_ours = [timed(ours, docx[:1], fresh(work / "ours1")) for _ in range(args.runs)]
        single_bare = [timed(bare, soffice, docx[:1], fresh(work / "bare1"), profile)
                       for _ in range(args.runs)]
        same_pages(work / "ours1", work / "bare1")
        s_ours, s_bare = statistics.median(single_ours), statistics.median(single_bare)
        ratio = s_ours / s_bare
        print(f"single: orderdraft {s_ours * 1000:.0f} ms, bare soffice {s_bare * 1000:.0f} ms "
              f"(median of {args.runs}); ratio {ratio:.2f}x (target <= {TARGET_SINGLE}x): "
              f"{'OK' if ratio <= TARGET_SINGLE else 'OVER'}", flush=True)

        b_ours = timed(ours, docx, fresh(work / "oursN")) / len(docx)
        b_bare = timed(bare, soffice, docx, fresh(work / "bareN"), profile) / len(docx)
        same_pages(work / "oursN", work / "bareN")
        speedup = b_bare / b_ours
        print(f"batch of {len(docx)}: orderdraft {b_ours * 1000:.0f} ms per order in one run, "
              f"bare soffice one by one {b_bare * 1000:.0f} ms per order; {speedup:.1f}x faster "
              f"(target >= {TARGET_BATCH}x): {'OK' if speedup >= TARGET_BATCH else 'UNDER'}")
        print(f"(cores: {os.cpu_count()}; LibreOffice: {soffice})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
