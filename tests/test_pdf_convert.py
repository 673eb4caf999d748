"""PDF conversion through LibreOffice, and PDF metadata stamping.

Tests marked ``needs_soffice`` drive the real LibreOffice (installed in CI); the rest use a
small fake ``soffice`` script so crash, hang and chunking paths run in milliseconds and
deterministically. Every conversion runs with ``tempfile.tempdir`` pointed at a private
folder so the tests can prove the throwaway profile is deleted and no LibreOffice process
outlives the call.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from orderdraft.errors import RenderError
from orderdraft.render import pdf as pdfmod
from orderdraft.render.pdf import Conversion, convert_to_pdf, find_soffice, set_pdf_metadata


def _have_soffice() -> bool:
    """False skips the LibreOffice tests on a laptop without it; CI (scripts/test.sh) sets
    ORDERDRAFT_REQUIRE_LIBREOFFICE=1 so a missing LibreOffice fails there instead."""
    try:
        find_soffice()
    except RenderError:
        if os.environ.get("ORDERDRAFT_REQUIRE_LIBREOFFICE") == "1":
            raise
        return False
    return True


needs_soffice = pytest.mark.skipif(not _have_soffice(), reason="LibreOffice is not installed")


# --- helpers ---------------------------------------------------------------------------


def make_docx(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def make_damaged_docx(path: Path, good: Path) -> Path:
    """A real ZIP package whose document.xml is cut short: gets past our check, not LO's."""
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 3]
            zout.writestr(item, data)
    return path


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def processes_mentioning(text: str) -> list[int]:
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if text.encode() in cmdline:
            found.append(int(entry.name))
    return found


def assert_no_leftovers(private_tmp: Path, outdir: Path) -> None:
    assert list(private_tmp.iterdir()) == [], "temporary profile/staging not removed"
    assert processes_mentioning(str(private_tmp)) == [], "LibreOffice still running"
    assert [p.name for p in outdir.iterdir() if p.name.startswith(".")] == []


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    where = tmp_path / "private-tmp"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    yield where
    assert processes_mentioning(str(where)) == []


# --- real LibreOffice ------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch_of_three(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[Conversion], list[tuple[int, int]], Path, Path]:
    """One real batch shared by several tests: LibreOffice start-up is the slow part."""
    if not _have_soffice():
        pytest.skip("LibreOffice is not installed")
    base = tmp_path_factory.mktemp("batch3")
    private = base / "private-tmp"
    private.mkdir()
    words = ["Aardvark", "Buttercup", "Cormorant"]
    sources = [
        make_docx(base / f"order{i}.docx", f"{w} contact order") for i, w in enumerate(words)
    ]
    calls: list[tuple[int, int]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tempfile, "tempdir", str(private))
        results = convert_to_pdf(
            sources, base / "out", progress=lambda done, total: calls.append((done, total))
        )
    return results, calls, base / "out", private


@needs_soffice
def test_batch_converts_every_file_with_its_text(
    batch_of_three: tuple[list[Conversion], list[tuple[int, int]], Path, Path],
) -> None:
    results, _, outdir, private = batch_of_three
    assert [r.error for r in results] == [None, None, None]
    for result, word in zip(results, ["Aardvark", "Buttercup", "Cormorant"], strict=True):
        assert result.pdf == outdir / f"{result.source.stem}.pdf"
        assert f"{word} contact order" in pdf_text(result.pdf)
    assert sorted(p.name for p in outdir.iterdir()) == ["order0.pdf", "order1.pdf", "order2.pdf"]
    assert_no_leftovers(private, outdir)


@needs_soffice
def test_progress_counts_up_to_the_total(
    batch_of_three: tuple[list[Conversion], list[tuple[int, int]], Path, Path],
) -> None:
    _, calls, _, _ = batch_of_three
    assert calls == [(1, 3), (2, 3), (3, 3)]


@needs_soffice
def test_damaged_files_fail_alone(tmp_path: Path, private_tmp: Path) -> None:
    first = make_docx(tmp_path / "first.docx", "Elderberry first")
    damaged = make_damaged_docx(tmp_path / "damaged.docx", first)
    not_zip = tmp_path / "notzip.docx"
    not_zip.write_bytes(b"this is not a Word document")
    last = make_docx(tmp_path / "last.docx", "Foxglove last")
    outdir = tmp_path / "out"

    results = convert_to_pdf([first, damaged, not_zip, last], outdir)

    assert results[0].pdf is not None and "Elderberry" in pdf_text(results[0].pdf)
    assert results[1].pdf is None and "LibreOffice could not convert it" in str(results[1].error)
    assert results[2].pdf is None and "not a valid Word document" in str(results[2].error)
    assert results[3].pdf is not None and "Foxglove" in pdf_text(results[3].pdf)
    assert sorted(p.name for p in outdir.iterdir()) == ["first.pdf", "last.pdf"]
    assert_no_leftovers(private_tmp, outdir)


@needs_soffice
def test_timeout_reports_every_file_and_cleans_up(tmp_path: Path, private_tmp: Path) -> None:
    sources = [make_docx(tmp_path / f"slow{i}.docx", "Gorse") for i in range(3)]
    outdir = tmp_path / "out"

    results = convert_to_pdf(sources, outdir, timeout=0.01)

    assert all(r.pdf is None for r in results)
    assert "within 0.01 seconds" in str(results[0].error)
    assert "timed out twice in a row" in str(results[2].error)
    assert list(outdir.iterdir()) == []
    assert_no_leftovers(private_tmp, outdir)


@needs_soffice
def test_pdfa_output_carries_the_pdfa_marker_and_survives_metadata(
    tmp_path: Path, private_tmp: Path
) -> None:
    source = make_docx(tmp_path / "archive.docx", "Hawthorn archive copy")
    [result] = convert_to_pdf([source], tmp_path / "out", pdfa=True)
    assert result.pdf is not None, result.error
    xmp = PdfReader(result.pdf).xmp_metadata
    assert xmp is not None
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")

    set_pdf_metadata(
        result.pdf,
        title="Child arrangements order",
        subject="C43",
        author="HHJ Example",
        keywords="DVPP",
        custom={"OrderdraftCase": "ZW24C00123"},
    )

    reader = PdfReader(result.pdf)
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")
    # PDF/A requires these info entries to equal their XMP counterparts.
    info = reader.metadata
    assert info is not None
    assert xmp.dc_title == {"x-default": info.title}
    assert xmp.dc_description == {"x-default": info.subject}
    assert xmp.dc_creator == [info.author]
    assert xmp.pdf_keywords == info["/Keywords"]
    assert xmp.pdf_producer == info.producer
    assert reader.pdf_header == "%PDF-1.6"


@needs_soffice
def test_metadata_round_trip(
    tmp_path: Path,
    batch_of_three: tuple[list[Conversion], list[tuple[int, int]], Path, Path],
) -> None:
    produced = batch_of_three[0][0].pdf
    assert produced is not None
    target = tmp_path / "stamped.pdf"
    shutil.copyfile(produced, target)
    target.chmod(0o644)

    set_pdf_metadata(
        target,
        title="Order — Smith v Smith",
        subject="Child arrangements",
        author="Ó Brien J",
        keywords="DVPP; s.11",
        custom={"OrderdraftCase": "ZW24C00123", "OrderdraftClauses": "dvpp.attend,contact"},
    )

    reader = PdfReader(target)
    info = reader.metadata
    assert info is not None
    assert info.title == "Order — Smith v Smith"
    assert info.subject == "Child arrangements"
    assert info.author == "Ó Brien J"
    assert info["/Keywords"] == "DVPP; s.11"
    assert info["/OrderdraftCase"] == "ZW24C00123"
    assert info["/OrderdraftClauses"] == "dvpp.attend,contact"
    assert info.producer == "LibreOffice " + info.producer.split(" ", 1)[1]
    assert "Aardvark" in pdf_text(target)
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stamped.pdf"]


def test_metadata_rejects_unusable_custom_keys(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="custom PDF metadata key"):
        set_pdf_metadata(
            tmp_path / "x.pdf", title="", subject="", author="", keywords="", custom={"Title": "x"}
        )


def test_metadata_on_a_non_pdf_is_a_render_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.pdf"
    bogus.write_bytes(b"not a pdf at all")
    with pytest.raises(RenderError, match="not a readable PDF"):
        set_pdf_metadata(bogus, title="t", subject="s", author="a", keywords="k", custom={})
    assert bogus.read_bytes() == b"not a pdf at all"


def test_missing_libreoffice_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(pdfmod, "_FALLBACK_LOCATIONS", ())
    with pytest.raises(RenderError) as excinfo:
        find_soffice()
    assert "apt-get install libreoffice-writer-nogui" in excinfo.value.format_message()
    assert "--no-pdf" in excinfo.value.format_message()
    assert excinfo.value.exit_code == 2
    source = make_docx(tmp_path / "a.docx", "x")
    with pytest.raises(RenderError, match="libreoffice-writer-nogui"):
        convert_to_pdf([source], tmp_path / "out")


# --- fake LibreOffice: crash, hang, chunking, refusals ---------------------------------

FAKE_SOFFICE = """\
import os, sys, time
from pathlib import Path

args = sys.argv[1:]
outdir = Path(args[args.index("--outdir") + 1])
state = Path(os.environ["FAKE_SOFFICE_STATE"])
with open(state / "runs.log", "a") as log:
    log.write(" ".join(Path(a).name for a in args[args.index("--outdir") + 2 :]) + "\\n")
(state / f"pid-{os.getpid()}").touch()
for name in args[args.index("--outdir") + 2 :]:
    src = Path(name)
    data = src.read_bytes()
    if b"HANG" in data:
        time.sleep(3600)
    if b"CRASH" in data:
        sys.exit(134)
    if b"FLAKY" in data and not (state / src.name).exists():
        (state / src.name).touch()
        sys.exit(139)
    if b"NOLOAD" in data:
        print("Error: source file could not be loaded", file=sys.stderr, flush=True)
        continue
    print(f"convert {src} -> {outdir / (src.stem + '.pdf')} using filter : x", flush=True)
    tmp = outdir / "lu123.tmp"
    tmp.write_bytes(b"%PDF-1.4\\n% fake " + src.name.encode() + b"\\n%%EOF\\n")
    os.replace(tmp, outdir / (src.stem + ".pdf"))
"""


@pytest.fixture
def fake_soffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_tmp: Path
) -> Iterator[Path]:
    state = tmp_path / "fake-state"
    state.mkdir()
    script = tmp_path / "soffice"
    script.write_text(f"#!{sys.executable}\n" + FAKE_SOFFICE)
    script.chmod(0o755)
    monkeypatch.setattr(pdfmod, "find_soffice", lambda: str(script))
    monkeypatch.setenv("FAKE_SOFFICE_STATE", str(state))
    yield state
    for marker in state.glob("pid-*"):
        with pytest.raises(ProcessLookupError):
            os.kill(int(marker.name[4:]), 0)


def make_package(path: Path, token: str) -> Path:
    """A minimal OOXML-looking ZIP (stored, so the fake sees the token in the raw bytes)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("token.txt", token)
    return path


def runs(state: Path) -> list[str]:
    return (state / "runs.log").read_text().splitlines()


def test_crash_keeps_finished_files_and_retries_the_rest(
    tmp_path: Path, fake_soffice: Path, private_tmp: Path
) -> None:
    tokens = ["ok", "CRASH", "ok", "FLAKY", "ok"]
    sources = [make_package(tmp_path / f"f{i}.docx", t) for i, t in enumerate(tokens)]
    outdir = tmp_path / "out"

    results = convert_to_pdf(sources, outdir)

    assert [r.pdf is not None for r in results] == [True, False, True, True, True]
    assert "LibreOffice crashed (exit code 134) while converting it" in str(results[1].error)
    assert runs(fake_soffice) == [
        "od00000.docx od00001.docx od00002.docx od00003.docx od00004.docx",
        "od00001.docx",  # the crash victim, alone: crashes again
        "od00002.docx od00003.docx od00004.docx",
        "od00003.docx",  # the flaky one, alone: converts
        "od00004.docx",
    ]
    assert_no_leftovers(private_tmp, outdir)


def test_hung_file_times_out_without_losing_the_others(
    tmp_path: Path, fake_soffice: Path, private_tmp: Path
) -> None:
    tokens = ["ok", "HANG", "NOLOAD", "ok"]
    sources = [make_package(tmp_path / f"h{i}.docx", t) for i, t in enumerate(tokens)]
    outdir = tmp_path / "out"
    calls: list[tuple[int, int]] = []

    results = convert_to_pdf(sources, outdir, timeout=1.0, progress=lambda *a: calls.append(a))

    assert results[0].pdf == outdir / "h0.pdf"
    assert results[1].error == "LibreOffice did not finish it within 1 second"
    assert "could not convert" in str(results[2].error)
    assert results[3].pdf == outdir / "h3.pdf"
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert sorted(p.name for p in outdir.iterdir()) == ["h0.pdf", "h3.pdf"]
    assert_no_leftovers(private_tmp, outdir)


def test_large_batches_are_split_into_runs(
    tmp_path: Path, fake_soffice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdfmod, "_MAX_FILES_PER_RUN", 2)
    sources = [make_package(tmp_path / f"c{i}.docx", "ok") for i in range(5)]
    results = convert_to_pdf(sources, tmp_path / "out")
    assert all(r.error is None for r in results)
    assert [len(line.split()) for line in runs(fake_soffice)] == [2, 2, 1]


def test_existing_and_clashing_targets_are_refused(tmp_path: Path, fake_soffice: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "kept.pdf").write_bytes(b"the user's own PDF")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    kept = make_package(tmp_path / "kept.docx", "ok")
    twin_a = make_package(tmp_path / "a" / "twin.docx", "ok")
    twin_b = make_package(tmp_path / "b" / "twin.docx", "ok")
    missing = tmp_path / "missing.docx"

    results = convert_to_pdf([kept, twin_a, twin_b, missing], outdir)

    assert results[0].error == "kept.pdf already exists and was not overwritten"
    assert (outdir / "kept.pdf").read_bytes() == b"the user's own PDF"
    assert results[1].pdf == outdir / "twin.pdf"
    assert results[2].error == "another file in this batch also becomes twin.pdf"
    assert results[3].error == "file not found"
    assert runs(fake_soffice) == ["od00001.docx"]


def test_interrupt_still_cleans_up(tmp_path: Path, fake_soffice: Path, private_tmp: Path) -> None:
    sources = [make_package(tmp_path / f"k{i}.docx", "ok") for i in range(3)]
    outdir = tmp_path / "out"

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        convert_to_pdf(sources, outdir, progress=interrupt)
    assert_no_leftovers(private_tmp, outdir)


def test_relative_paths_are_resolved_against_the_callers_folder(
    tmp_path: Path, fake_soffice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_package(tmp_path / "rel.docx", "ok")
    [result] = convert_to_pdf([Path("rel.docx")], Path("out"))
    assert result.error is None
    assert result.pdf == tmp_path / "out" / "rel.pdf"
    assert result.pdf.is_file()


def test_a_missing_pdf_on_a_full_disk_blames_the_disk(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import collections

    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(pdfmod.shutil, "disk_usage", lambda _: usage(10**9, 10**9 - 4096, 4096))
    assert pdfmod._unconverted(tmp_path) == ("the disk is full, so LibreOffice could not write "
                                             "the PDF")
    monkeypatch.setattr(pdfmod.shutil, "disk_usage", lambda _: usage(10**9, 0, 10**9))
    assert pdfmod._unconverted(tmp_path).startswith("LibreOffice could not convert it")
