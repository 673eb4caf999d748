"""One PDF for service on the parties: the order, the information sheet for the party
ordered to attend a DVPP, report forms drafted from the case, and documents the user adds
(a completed midway report, say), with an index, bookmarks and page numbers.

Every document is rendered in one LibreOffice run in a private temporary folder, so only
the finished bundle reaches the output folder, atomically; nothing half-made is left
behind whatever fails. The bundle carries the order's provenance, like the order's own
PDF, so ``validate`` checks the order in it exactly against its case data.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .callmodule import make_callable
from .case import load_case
from .compose import compose_case, order_properties, output_path
from .errors import OrderdraftError
from .extract import read_document
from .findings import Finding
from .fsutil import atomic_write, safe_stem
from .library import Library, load_library
from .render.docx import Properties
from .render.merge import Part, merge_bundle
from .report_kinds import TITLES, ReportKind
from .reports import render_report
from .rules import Context
from .validate import PROP_ADDED

PROP_BUNDLE = "orderdraft.bundle"  # the titles of the documents in the bundle, in order


@dataclass(frozen=True)
class Bundled:
    pdf: Path
    titles: tuple[str, ...]
    pages: int
    findings: list[Finding]


@dataclass(frozen=True)
class _Doc:
    title: str
    name: str  # the staged file's name, and what an error message calls the document
    data: bytes
    is_pdf: bool


def bundle_path(case_path: Path, outdir: Path) -> Path:
    return output_path(case_path, outdir, "-bundle.pdf")


def bundle(case_path: str | Path, outdir: str | Path, *, reports: Sequence[ReportKind] = (),
           include: Sequence[str | Path] = (), accept: Sequence[str] = (),
           overwrite: bool = False, final: bool = False, activity: int | None = None,
           library: Library | None = None, ctx: Context | None = None,
           timeout: float = 120.0) -> Bundled:
    """Write ``outdir/<case stem>-bundle.pdf``; the order is validated first, as by compose.

    The information sheet goes in whenever the order directs a DVPP; ``reports`` adds
    report forms, ``include`` adds the user's own DOCX or PDF files, in the order given.
    """
    case_path, outdir = Path(case_path), Path(outdir)
    if isinstance(include, str | Path):  # one file, not the letters of its name
        include = [include]
    unknown = [k for k in reports if k not in TITLES]
    if unknown:
        raise OrderdraftError(f"no report kind {unknown[0]!r}; choose from: "
                              + ", ".join(TITLES))
    accept = [code.upper() for code in accept]
    target = bundle_path(case_path, outdir)
    if target.exists() and not overwrite:
        raise OrderdraftError(f"{target} already exists; pass --overwrite to replace it")
    extra = [_included(Path(p)) for p in include]  # unreadable additions fail before any work
    case = load_case(case_path)
    draft, findings, order = compose_case(case, library or load_library(), accept=accept,
                                          ctx=ctx, final=final)
    docs = [_Doc(draft.title.capitalize(), "order.docx", order, False)]
    first: list[ReportKind] = ["information-sheet"] if case.dvpps else []
    kinds = list(dict.fromkeys([*first, *reports]))  # each form once, in the order asked
    docs += [_Doc(TITLES[k], f"{k}.docx", render_report(case, k, activity), False)
             for k in kinds]
    docs += extra
    pdfs = _render_all(docs, timeout)
    data, pages = merge_bundle(
        [Part(d.title, pdf) for d, pdf in zip(docs, pdfs, strict=True)],
        heading=f"{case.court.name}: case number {case.case_number}",
        subheading=f"Bundle for service: {draft.title.lower()}"
                   + (f" and {len(docs) - 1} other document{'' if len(docs) == 2 else 's'}"
                      if len(docs) > 1 else ""),
    )
    props = order_properties(draft, accept)
    props = replace(
        props, title=f"Bundle — {case.case_number}",
        subject=f"{draft.title.capitalize()} and documents for service",
        custom={**props.custom, PROP_BUNDLE: " | ".join(d.title for d in docs),
                PROP_ADDED: str(len(extra)) if extra else ""},
    )
    _write_stamped(data, target, props, overwrite=overwrite)
    return Bundled(target, tuple(d.title for d in docs), pages, findings)


def _included(path: Path) -> _Doc:
    """A user's document, read with the validator's limits (size, pages, time, encryption)."""
    doc = read_document(path)
    title = doc.properties.get("core:title") or doc.properties.get("Title") or path.stem
    return _Doc(title, f"include-{path.name}", path.read_bytes(), doc.kind == "pdf")


def _render_all(docs: Sequence[_Doc], timeout: float) -> list[bytes]:
    """Each document's PDF bytes, the DOCX ones from one LibreOffice run."""
    from .render.pdf import convert_to_pdf

    work = Path(tempfile.mkdtemp(prefix="orderdraft-bundle-"))
    try:
        staged: dict[int, Path] = {}
        for i, d in enumerate(docs):
            if not d.is_pdf:
                # Numbered, so two included files of the same name cannot collide.
                staged[i] = work / f"{i:03d}-{safe_stem(Path(d.name).stem)}.docx"
                staged[i].write_bytes(d.data)
        out: dict[int, bytes] = {}
        conversions = convert_to_pdf(list(staged.values()), work / "out", timeout=timeout)
        for (i, _), conv in zip(staged.items(), conversions, strict=True):
            if conv.error or conv.pdf is None:
                raise OrderdraftError(f"{docs[i].title}: could not be converted to PDF: "
                                      f"{conv.error}; no bundle was written")
            out[i] = conv.pdf.read_bytes()
        return [out.get(i, d.data) for i, d in enumerate(docs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_stamped(data: bytes, target: Path, props: Properties, *, overwrite: bool) -> None:
    """Stamp the bundle's properties in a private folder, then move it into place whole."""
    from .provenance import stamp_pdf

    work = Path(tempfile.mkdtemp(prefix="orderdraft-bundle-"))
    try:
        staged = work / target.name
        staged.write_bytes(data)
        stamp_pdf(staged, props)
        atomic_write(target, staged.read_bytes(), overwrite=overwrite)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ``orderdraft.bundle`` is both this module and the API function (see callmodule).
make_callable(__name__, "bundle")
