"""Throughput of ``orderdraft validate`` against the cost of just reading the documents.

    python bench/validate_throughput.py [--rebuild] [--repeat N]

Builds (once; cached under bench/.cache/, which git ignores) 1,000 DOCX — orders composed
by orderdraft from varied cases, copies of them, and a few foreign-style orders drafted by
hand, some edited after composition so they take the text path — and 200 PDFs converted
from them by LibreOffice in one batch. Then it times, on one core, in-process:

  floor     what any checker must pay: DOCX unzipped and word/document.xml's text joined
            with lxml; PDF text extracted page by page with pypdf
  validate  ``orderdraft.validate`` on the same files (settings fixed, no config file)

and prints documents per second and validate's cost as a multiple of the floor.
Targets: >= 150 DOCX/s and >= 10 PDF/s, within 2x of the floor.
"""

from __future__ import annotations

import argparse
import copy
import io
import shutil
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import docx
import yaml
from lxml import etree
from pypdf import PdfReader

from orderdraft.case import case_from_data
from orderdraft.compose import compose_case
from orderdraft.config import Config
from orderdraft.library import load_library
from orderdraft.validate import validate

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
EXAMPLE = ROOT / "examples" / "dvpp-direction.yaml"
N_DOCX = 1000
N_PDF = 200
N_PDF_SOURCES = 50  # distinct documents converted; the rest of the 200 are copies

FIRST = ["John", "Adam", "Peter", "Mark", "Luke", "Owen", "Rhys", "Tom", "Sam", "Dan"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Evans", "Wilson", "Hughes", "Wood"]

FOREIGN = [
    ("IN THE FAMILY COURT SITTING AT LEEDS", "CASE MANAGEMENT ORDER",
     "The father must attend the following activity programme:",
     "a Domestic Violence Perpetrator Programme (DVPP)", "The matter is adjourned."),
    ("IN THE FAMILY COURT SITTING AT YORK", "FINAL CHILD ARRANGEMENTS ORDER",
     "The child shall live with the mother.",
     "It is a condition of this order that the father attends a domestic violence "
     "perpetrator programme.", "This is a final order."),
    ("IN THE FAMILY COURT SITTING AT HULL", "INTERIM ORDER",
     "The father must attend a Domestic Abuse Perpetrator Programme, including an initial "
     "assessment, and if deemed suitable on the dates confirmed by the provider.",
     "Cafcass must by 7 December 2026 refer the father for a suitability assessment.",
     "Cafcass will prepare a report on the father's progress midway through the programme. "
     "Cafcass to file a copy of the report with the court and serve a copy of the report on "
     "both parties."),
]


def _variants(n: int) -> list[dict[str, Any]]:
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    out = []
    for i in range(n):
        data = copy.deepcopy(base)
        father = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"
        data["parties"][0]["name"] = father
        data["parties"][1]["name"] = f"Mary {LAST[(i + 3) % len(LAST)]}"
        data["children"][0]["name"] = f"Amy {LAST[i % len(LAST)]}"
        data["case_number"] = f"NG26P{10000 + i:05d}"
        act = data["activities"][0]
        act["refer_by"] = f"2026-12-{7 + i % 14:02d}"
        act["midway_report"] = i % 5 != 0
        act["list_on_completion"] = i % 2 == 0
        if i % 7 == 3:
            act["mechanism"] = "condition"  # composed with --accept, so findings are recorded
        out.append(data)
    return out


def _foreign(paragraphs: Sequence[str]) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _edited(data: bytes) -> bytes:
    """A composed order edited in Word afterwards: its provenance no longer holds."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w",
                                                                    zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "word/document.xml":
                body = body.replace(b"dispute resolution appointment", b"hearing")
            dst.writestr(item, body)
    return buf.getvalue()


def build(rebuild: bool) -> tuple[list[Path], list[Path]]:
    docx_dir, pdf_dir = CACHE / "docx", CACHE / "pdf"
    if not rebuild and len(list(docx_dir.glob("*.docx"))) == N_DOCX \
            and len(list(pdf_dir.glob("*.pdf"))) == N_PDF:
        return sorted(docx_dir.glob("*.docx")), sorted(pdf_dir.glob("*.pdf"))
    shutil.rmtree(CACHE, ignore_errors=True)
    docx_dir.mkdir(parents=True)
    library = load_library()
    distinct: list[bytes] = []
    for i, data in enumerate(_variants(60)):
        case = case_from_data(data, name=f"case{i}.yaml")
        accept = ("OD101", "OD201", "OD202") if data["activities"][0]["mechanism"] == "condition" \
            else ()
        body = compose_case(case, library, accept=accept)[2]
        distinct.append(_edited(body) if i % 10 == 9 else body)
    distinct += [_foreign(f) for f in FOREIGN]
    for n in range(N_DOCX):
        (docx_dir / f"order{n:04d}.docx").write_bytes(distinct[n % len(distinct)])
    sources = sorted(docx_dir.glob("*.docx"))[:N_PDF_SOURCES]
    from orderdraft.render.pdf import convert_to_pdf

    staging = CACHE / "pdf-distinct"
    started = time.perf_counter()
    results = convert_to_pdf(sources, staging)  # one LibreOffice batch
    failed = [r for r in results if r.error]
    if failed:
        raise SystemExit(f"LibreOffice failed on {len(failed)} file(s): {failed[0].error}")
    print(f"converted {len(sources)} DOCX to PDF in one batch in "
          f"{time.perf_counter() - started:.1f} s")
    pdfs = sorted(staging.glob("*.pdf"))
    pdf_dir.mkdir()
    for n in range(N_PDF):
        shutil.copyfile(pdfs[n % len(pdfs)], pdf_dir / f"order{n:04d}.pdf")
    shutil.rmtree(staging)
    return sorted(docx_dir.glob("*.docx")), sorted(pdf_dir.glob("*.pdf"))


def floor_docx(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return len("".join(root.itertext()))


def floor_pdf(path: Path) -> int:
    reader = PdfReader(path)
    return sum(len(page.extract_text()) for page in reader.pages)


def _time(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached documents")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    args = parser.parse_args(argv)
    docx_files, pdf_files = build(args.rebuild)
    config = Config()  # fixed settings: a config file found by accident must not skew it
    validate(docx_files[:5], config=config)  # warm up: rule registry, regexes, imports

    rows = []
    for kind, files, floor in (("DOCX", docx_files, floor_docx), ("PDF", pdf_files, floor_pdf)):
        t_floor = _time(lambda files=files, floor=floor: [floor(p) for p in files], args.repeat)
        report = validate(files, config=config)
        assert not report.errors, report.errors[0].error
        t_val = _time(lambda files=files: validate(files, config=config), args.repeat)
        rows.append((kind, len(files), len(report.findings), t_floor, t_val))

    print(f"{'kind':<5} {'files':>5} {'findings':>8} {'floor docs/s':>13} "
          f"{'validate docs/s':>16} {'ratio':>6}")
    for kind, n, found, t_floor, t_val in rows:
        print(f"{kind:<5} {n:>5} {found:>8} {n / t_floor:>13.0f} {n / t_val:>16.0f} "
              f"{t_val / t_floor:>5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
