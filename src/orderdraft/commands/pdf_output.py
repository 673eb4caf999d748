"""PDFs beside the DOCX files ``compose`` and ``report`` wrote: converted in one
LibreOffice run and stamped with each document's properties."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import click

from ..errors import EXIT_USAGE, OrderdraftError
from ..provenance import stamp_pdf
from ..render import pdf as render_pdf
from ..render.docx import Properties


def write_pdfs(documents: Mapping[Path, Properties], outdir: Path, *, overwrite: bool,
               pdfa: bool = False) -> int:
    """One LibreOffice run for every document, then each PDF stamped with its DOCX's
    properties (``provenance.stamp_pdf``), so ``validate`` reads the PDF as it reads the
    DOCX: an order exactly from its case data, a report form as a form. Returns the exit
    code: 2 if any PDF could not be written or stamped."""
    if overwrite:
        # convert_to_pdf never replaces a PDF; an old one beside a new DOCX would show
        # an order that no longer exists, so it goes even if the conversion then fails.
        for docx in documents:
            docx.with_suffix(".pdf").unlink(missing_ok=True)
    worst = 0
    with _progress(len(documents)) as step:
        conversions = render_pdf.convert_to_pdf(list(documents), outdir, pdfa=pdfa, progress=step)
    for conv in conversions:
        if conv.error or conv.pdf is None:
            click.echo(f"error: {conv.source}: PDF not written: {conv.error}", err=True)
            worst = EXIT_USAGE
            continue
        try:
            stamp_pdf(conv.pdf, documents[conv.source])
        except OrderdraftError as exc:
            click.echo(f"error: {conv.pdf}: written, but its properties could not be set: "
                       f"{exc.format_message()}", err=True)
            worst = EXIT_USAGE
            continue
        # Named as the user named the folder (the converter works with absolute paths).
        beside = conv.source.with_suffix(".pdf")
        click.echo(f"{conv.source}: wrote {beside if beside.absolute() == conv.pdf else conv.pdf}")
    return worst


# Below this many files a conversion takes a few seconds and a bar would only flicker.
_BAR_FROM = 10


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on the terminal (stderr) for long batches; nothing otherwise."""
    if total < _BAR_FROM or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="Converting to PDF", file=sys.stderr) as bar:
        def step(done: int, _total: int) -> None:
            bar.update(done - bar.pos)

        yield step
