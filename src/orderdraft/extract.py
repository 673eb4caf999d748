"""Turn an untrusted DOCX or PDF into the plain paragraphs the rule engine checks.

Documents handed to ``orderdraft validate`` come from outside (other parties, solicitors,
e-mail), so this module treats every byte as hostile:

* the file is read once, by descriptor, refusing symbolic links and anything that is not a
  regular file, and never more than ``Limits.max_file_bytes`` of it;
* the kind is decided by magic bytes, and a name that disagrees with the content is
  reported rather than guessed around, because a mislabelled court order usually means
  the wrong file was picked;
* DOCX parts are size- and ratio-checked from the ZIP central directory before any byte is
  inflated, then counted again while inflating because the directory can lie;
* XML parts carrying a DTD are refused before lxml sees them (Word never writes one), and
  the parser itself is hardened in case a DTD slips past the byte scan;
* PDF parsing runs under a wall-clock alarm so a parser loop cannot hang a batch run;
* every unexpected parser exception becomes one ``DocumentError`` line that names the file
  and the exception *class* only: exception messages from parsers can quote document bytes,
  and documents hold children's names.

python-docx is deliberately not used here: it builds a full object model for every part,
which is slow for a validator that only needs body text and a few properties.
"""

from __future__ import annotations

import io
import logging
import os
import re
import signal
import stat
import threading
import types
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, cast

from lxml import etree
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError
from pypdf.generic import ArrayObject, DictionaryObject, NullObject

from orderdraft.errors import DocumentError

__all__ = [
    "DEFAULT_LIMITS",
    "Document",
    "DocumentKind",
    "Limits",
    "document_xml_paragraphs",
    "read_document",
    "sniff_kind",
]

DocumentKind = Literal["docx", "pdf"]

# pypdf reports every robustness fix-up on its logger. Without a handler anywhere in the
# hierarchy Python's last-resort handler prints those to stderr, which buries the findings
# of a batch run in noise. A NullHandler only stops that fallback; an application that
# configures logging still receives the records through propagation.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Limits:
    """Resource ceilings for one document, generous for real orders, fatal for bombs.

    A 40-page order with embedded images is a few megabytes; the defaults leave an order
    of magnitude of headroom so legitimate documents never hit them.
    """

    max_file_bytes: int = 50 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024  # sum over zip entries read
    max_compression_ratio: float = 200.0  # per zip entry: zip bomb guard
    max_pdf_pages: int = 500
    pdf_timeout_seconds: float = 20.0  # per file


DEFAULT_LIMITS: Final = Limits()


@dataclass(frozen=True)
class Document:
    """The text of one document as the rule engine sees it.

    Paragraphs are whitespace-normalised and empty ones are dropped: blank spacer
    paragraphs carry no wording, and PDF text cannot represent them anyway, so dropping
    them keeps paragraph numbers comparable between the DOCX and PDF of the same order.
    ``paragraph_pages`` is parallel to ``paragraphs``; DOCX has no fixed pagination, so
    its entries are all 0 rather than a guess. ``properties`` values are kept exactly as
    stored, not normalised: the composer keeps the case data there as JSON, and collapsing
    spaces inside it would change what it says.
    """

    path: Path
    kind: DocumentKind
    paragraphs: tuple[str, ...]
    paragraph_pages: tuple[int, ...]
    # A read-only view so a shared Document cannot be edited by one rule under another;
    # excluded from the hash because mapping views are unhashable.
    properties: Mapping[str, str] = field(hash=False)


# --------------------------------------------------------------------------- helpers


def _normalise(text: str) -> str:
    """Collapse whitespace so phrase matching is immune to layout spacing.

    ``str.split()`` with no argument splits on every Unicode space, including NBSP and the
    narrow/figure spaces word processors insert. Soft hyphens are invisible unless a line
    breaks there, so they are removed rather than left to split words.
    """
    if "\u00ad" in text:
        text = text.replace("\u00ad", "")
    return " ".join(text.split())


def _fail(path: Path, message: str) -> DocumentError:
    return DocumentError(message, path=str(path))


def _damaged(path: Path, exc: BaseException) -> DocumentError:
    """Name only the exception class: parser messages can quote bytes of the document."""
    name = type(exc).__name__
    if name == "error":  # zlib.error, struct.error: the bare name says nothing
        name = f"{type(exc).__module__}.{name}"
    return _fail(path, f"could not be read: the file is damaged ({name})")


def _megabytes(n: float) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)  # a symlink swapped in after lstat() still fails
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in cannot block the open
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """Open ``path`` for reading only if it is a real, regular file.

    ``lstat`` gives the friendly message; ``O_NOFOLLOW`` plus ``fstat`` on the open
    descriptor closes the race where the file is swapped between check and open.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise _fail(path, "does not exist") from None
    except PermissionError:
        raise _fail(path, "cannot be opened: permission denied") from None
    except OSError as exc:
        raise _fail(path, f"cannot be opened ({exc.strerror or type(exc).__name__})") from None
    if stat.S_ISLNK(st.st_mode):
        raise _fail(path, "is a symbolic link; pass the real file")
    if stat.S_ISDIR(st.st_mode):
        raise _fail(path, "is a folder, not a document")
    if not stat.S_ISREG(st.st_mode):
        raise _fail(path, "is not a regular file")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except PermissionError:
        raise _fail(path, "cannot be opened: permission denied") from None
    except OSError as exc:
        if os.path.islink(path):
            raise _fail(path, "is a symbolic link; pass the real file") from None
        raise _fail(path, f"cannot be opened ({exc.strerror or type(exc).__name__})") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise _fail(path, "is not a regular file")
    return fd, st


def _read_bytes(path: Path, limits: Limits) -> bytes:
    """Read the whole file once so every later check sees the same bytes.

    Reading stops one byte past the limit, so a file that grows after ``fstat`` cannot
    smuggle more than ``max_file_bytes`` into memory.
    """
    fd, st = _open_regular(path)
    with os.fdopen(fd, "rb", buffering=0) as fh:
        if st.st_size > limits.max_file_bytes:
            raise _too_big(path, st.st_size, limits)
        chunks: list[bytes] = []
        total = 0
        try:
            while total <= limits.max_file_bytes:
                chunk = fh.read(min(1 << 20, limits.max_file_bytes + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
        except OSError as exc:
            raise _fail(path, f"could not be read ({exc.strerror or type(exc).__name__})") from None
    if total > limits.max_file_bytes:
        raise _too_big(path, total, limits)
    if total == 0:
        raise _fail(path, "is empty")
    return b"".join(chunks)


def _too_big(path: Path, size: int, limits: Limits) -> DocumentError:
    return _fail(
        path,
        f"is too large to check ({_megabytes(size)}; the limit is "
        f"{_megabytes(limits.max_file_bytes)})",
    )


# --------------------------------------------------------------------------- sniffing

_ZIP_MAGIC: Final = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC: Final = b"PK\x05\x06"
_PDF_MAGIC: Final = b"%PDF-"
_PDF_HEADER_WINDOW: Final = 1024  # Acrobat accepts junk before the header within 1 KiB
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_PART: Final = "word/document.xml"
_DOCX_SUFFIXES: Final = frozenset({".docx", ".docm", ".dotx", ".dotm"})


def _part_index(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Map lower-cased part names to entries: OPC part names are case-insensitive."""
    return {info.filename.lower(): info for info in zf.infolist()}


def _is_pdf_head(head: bytes) -> bool:
    return _PDF_MAGIC in head[:_PDF_HEADER_WINDOW]


def sniff_kind(path: Path) -> DocumentKind | None:
    """Say what a file really is from its bytes, so a misnamed file is caught early.

    Returns ``None`` for anything that is neither a Word (.docx) ZIP package nor a PDF,
    including a damaged ZIP whose directory cannot be read. A file that cannot be opened
    at all (missing, symlink, permission) raises ``DocumentError`` instead of returning
    ``None``, because "not a document" would send the user looking for the wrong problem.
    """
    fd, _ = _open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        try:
            head = fh.read(_PDF_HEADER_WINDOW)
            if head.startswith(_ZIP_MAGIC):
                fh.seek(0)
                with zipfile.ZipFile(fh) as zf:
                    return "docx" if _MAIN_PART in _part_index(zf) else None
        except Exception:
            return None
    return "pdf" if _is_pdf_head(head) else None


def _not_a_document(path: Path, data: bytes) -> DocumentError:
    """Explain what the file seems to be instead, so the user knows how to fix it."""
    if data.startswith(_OLE_MAGIC):
        return _fail(
            path,
            "is an old-style Word .doc file or a password-protected Word file; "
            "ask the sender for an unprotected .docx or PDF",
        )
    if data.startswith(b"{\\rtf"):
        return _fail(path, "is an RTF file, not a Word (.docx) or PDF document; save it as .docx")
    if data.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        return _fail(path, "is not a Word document (it is a ZIP archive without word/document.xml)")
    head = data[:4096]
    looks_text = b"\x00" not in head
    if looks_text:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the 4 KiB boundary is still text.
            looks_text = exc.start >= len(head) - 3
    hint = " (it looks like plain text)" if looks_text else ""
    return _fail(path, f"is not a Word (.docx) or PDF document{hint}")


def _check_name(path: Path, kind: DocumentKind) -> None:
    suffix = path.suffix.lower()
    if kind == "pdf" and suffix in _DOCX_SUFFIXES:
        raise _fail(path, f"is named {suffix} but is a PDF; rename it to .pdf")
    if kind == "docx" and suffix == ".pdf":
        raise _fail(path, "is named .pdf but is a Word document; rename it to .docx")


# --------------------------------------------------------------------------- public entry


def read_document(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one untrusted DOCX or PDF; every failure is a one-line ``DocumentError``.

    The kind comes from the bytes, not the name; a name that contradicts the bytes is an
    error. Nothing in an error message is taken from the document's content.
    """
    path = Path(path)
    data = _read_bytes(path, limits)
    try:
        if data.startswith(_ZIP_MAGIC):
            zf = zipfile.ZipFile(io.BytesIO(data))
            parts = _part_index(zf)
            if _MAIN_PART not in parts:
                raise _not_a_document(path, data)
            _check_name(path, "docx")
            return _read_docx(path, zf, parts, limits)
        if _is_pdf_head(data):
            _check_name(path, "pdf")
            return _read_pdf(path, data, limits)
    except DocumentError:
        raise
    except Exception as exc:
        # `from None`: the parser's own message may quote document bytes, and a caller
        # that logs the traceback would print it.
        raise _damaged(path, exc) from None
    raise _not_a_document(path, data)


# --------------------------------------------------------------------------- DOCX

_W_NS: Final = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML" save format
)
_MC_NS: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(*local: str) -> frozenset[str]:
    return frozenset(f"{{{ns}}}{name}" for ns in _W_NS for name in local)


_P: Final = _w("p")
_T: Final = _w("t")
_SPACE: Final = _w("br", "cr", "ptab")  # line breaks read as a word gap
_TAB: Final = _w("tab")
_HYPHEN: Final = _w("noBreakHyphen")  # Ctrl+Shift+- in Word: renders as "-"
_RUN: Final = _w("r")
# Deleted and moved-away text is not part of the order once changes are accepted.
_SKIP: Final = _w("del", "moveFrom") | {f"{{{_MC_NS}}}Fallback"}
_CHOICE: Final = f"{{{_MC_NS}}}Choice"
_WALK_TAGS: Final = sorted(_P | _T | _SPACE | _TAB | _HYPHEN | _SKIP | {_CHOICE})

_CUSTOM_PART: Final = "docprops/custom.xml"
_CORE_PART: Final = "docprops/core.xml"
_CUSTOM_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_CORE_FIELDS: Final = {
    "{http://purl.org/dc/elements/1.1/}title": "core:title",
    "{http://purl.org/dc/elements/1.1/}subject": "core:subject",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords": (
        "core:keywords"
    ),
}

# A DTD is how entity-expansion ("billion laughs") and external-entity attacks start. Word
# never writes one, so its mere presence is refused, in every encoding libxml2 would read.
_DTD_MARKERS: Final = tuple(
    marker.encode(codec)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_RATIO_FLOOR: Final = 1024 * 1024  # below this, a high ratio cannot hurt: skip the check
_CHUNK: Final = 256 * 1024


class _Budget:
    """Running count of inflated bytes across all parts of one package."""

    def __init__(self, limit: int) -> None:
        self.left = limit


def _check_entry(path: Path, info: zipfile.ZipInfo, limits: Limits) -> None:
    """Refuse a part from its central-directory record, before inflating a byte."""
    if info.flag_bits & 0x1:
        raise _fail(path, "contains encrypted parts; ask the sender for an unprotected copy")
    if info.file_size > _RATIO_FLOOR and (
        info.compress_size == 0
        or info.file_size / info.compress_size > limits.max_compression_ratio
    ):
        raise _bomb(path, info, limits)


def _bomb(path: Path, info: zipfile.ZipInfo, limits: Limits) -> DocumentError:
    return _fail(
        path,
        f"looks like a zip bomb: part {info.filename} expands more than "
        f"{limits.max_compression_ratio:g} times; refusing it",
    )


def _too_much(path: Path, limits: Limits) -> DocumentError:
    return _fail(
        path,
        "expands to more than "
        f"{_megabytes(limits.max_uncompressed_bytes)} of XML; refusing it as a zip bomb",
    )


def _inflate(
    path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: _Budget
) -> bytes:
    """Inflate one part, counting real output: the declared sizes are only a claim."""
    chunks: list[bytes] = []
    produced = 0
    ceiling = min(budget.left, info.file_size)
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            produced += len(chunk)
            if produced > ceiling:
                if produced > budget.left:
                    raise _too_much(path, limits)
                # More output than the directory declared: the entry is inconsistent.
                raise _fail(path, "could not be read: the file is damaged (size mismatch)")
            if (
                produced > _RATIO_FLOOR
                and produced / max(info.compress_size, 1) > limits.max_compression_ratio
            ):
                raise _bomb(path, info, limits)
            chunks.append(chunk)
    budget.left -= produced
    return b"".join(chunks)


def _parse_xml(path: Path, part: str, data: bytes) -> Any:
    """Parse one part with every libxml2 network/entity feature off, DTDs refused."""
    if any(marker in data for marker in _DTD_MARKERS):
        raise _fail(path, f"part {part} contains a DTD, which Word never writes; refusing it")
    # A parser per call: lxml parsers must not be shared between threads, and building
    # one costs microseconds.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    root = etree.fromstring(data, parser)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # Belt and braces: an encoding the byte scan did not anticipate.
        raise _fail(path, f"part {part} contains a DTD, which Word never writes; refusing it")
    return root


def _read_docx(
    path: Path, zf: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], limits: Limits
) -> Document:
    if len(parts) != len(zf.infolist()):
        # Two entries for one part: Word would show one and we might check the other.
        raise _fail(path, "could not be read: the file is damaged (duplicate parts)")
    wanted = [
        (name, parts[name]) for name in (_MAIN_PART, _CUSTOM_PART, _CORE_PART) if name in parts
    ]
    for _, info in wanted:
        _check_entry(path, info, limits)
    if sum(info.file_size for _, info in wanted) > limits.max_uncompressed_bytes:
        raise _too_much(path, limits)

    budget = _Budget(limits.max_uncompressed_bytes)
    roots = {
        name: _parse_xml(path, name, _inflate(path, zf, info, limits, budget))
        for name, info in wanted
    }
    paragraphs = _body_paragraphs(roots[_MAIN_PART])
    properties: dict[str, str] = {}
    if _CUSTOM_PART in roots:
        properties.update(_custom_properties(roots[_CUSTOM_PART]))
    if _CORE_PART in roots:
        # After custom ones, so a custom property cannot pose as the real core title.
        properties.update(_core_properties(roots[_CORE_PART]))
    return Document(
        path=path,
        kind="docx",
        paragraphs=paragraphs,
        paragraph_pages=(0,) * len(paragraphs),
        properties=types.MappingProxyType(properties),
    )


def _body_paragraphs(root: Any) -> tuple[str, ...]:
    return tuple(p for p in map(_normalise, _docx_paragraphs(root)) if p)


def _docx_paragraphs(root: Any) -> list[str]:
    """Body text in document order, one string per ``w:p`` (tables and text boxes too).

    A text box's paragraphs sit inside a run of their anchor paragraph; each gets its own
    slot right after the anchor's, and the anchor keeps collecting its own text once the
    box closes. ``mc:Fallback`` repeats the ``mc:Choice`` content for old readers, so only
    the first Choice is read. The walk filters by tag in C (``iterwalk(tag=...)``), which
    is what keeps a typical order at a millisecond or two.
    """
    slots: list[list[str]] = []
    open_paragraphs: list[list[str]] = []
    walker = etree.iterwalk(root, events=("start", "end"), tag=_WALK_TAGS)
    for event, el in walker:
        tag = el.tag
        if event == "end":
            if tag in _P:
                open_paragraphs.pop()
            continue
        if tag in _T:
            if open_paragraphs and el.text:
                open_paragraphs[-1].append(el.text)
        elif tag in _P:
            parts: list[str] = []
            slots.append(parts)
            open_paragraphs.append(parts)
        elif tag in _SKIP:
            walker.skip_subtree()
        elif tag == _CHOICE:
            previous = el.getprevious()
            if previous is not None and previous.tag == _CHOICE:
                walker.skip_subtree()  # a second Choice duplicates the first
        elif not open_paragraphs:
            continue
        elif tag in _SPACE:
            open_paragraphs[-1].append(" ")
        elif tag in _TAB:
            # w:tab also defines tab stops inside w:pPr/w:tabs; only a run's tab is text.
            if el.getparent().tag in _RUN:
                open_paragraphs[-1].append(" ")
        elif tag in _HYPHEN:
            open_paragraphs[-1].append("-")
    return ["".join(parts) for parts in slots]


def _custom_properties(root: Any) -> Iterator[tuple[str, str]]:
    for prop in root.iterchildren(f"{{{_CUSTOM_NS}}}property"):
        name = prop.get("name")
        if not name:
            continue
        value = next(prop.iterchildren(), None)  # one vt:* child holds the typed value
        text = "" if value is None else "".join(value.itertext())
        yield str(name), text


def _core_properties(root: Any) -> Iterator[tuple[str, str]]:
    for child in root.iterchildren():
        key = _CORE_FIELDS.get(child.tag) if isinstance(child.tag, str) else None
        if key is not None:
            yield key, "".join(child.itertext())


# --------------------------------------------------------------------------- PDF


class _Deadline(BaseException):
    """Raised by the alarm; a BaseException so pypdf's ``except Exception`` recovery
    blocks cannot swallow it and carry on looping."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python parsing after ``seconds`` of wall-clock time.

    Trade-off: a worker process per file would also stop code stuck inside C (one huge
    zlib call), but spawning costs tens of milliseconds per document and would cap a batch
    far below the throughput target. pypdf is pure Python, so a ``SIGALRM`` timer, whose
    handler runs between bytecodes, reliably breaks its loops; the C calls it makes are
    bounded by pypdf's own output limits. The timer re-fires every 50 ms, so an
    interruption swallowed by a bare ``except`` is raised again.

    Signals can only be handled on the main thread, and only Unix has ``setitimer``.
    Elsewhere, and when someone else's alarm is already running (pytest-timeout, an
    application timer), no limit is applied rather than clobbering theirs: callers that
    parse in worker threads must bound the work themselves (e.g. a process pool).
    """
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):
        yield
        return
    previous = signal.getsignal(signal.SIGALRM)
    if previous is None:  # installed from C: we could not put it back
        yield
        return
    armed = [True]

    def on_alarm(signum: int, frame: types.FrameType | None) -> None:
        if armed[0]:
            raise _Deadline

    signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
        yield
    finally:
        try:
            armed[0] = False
        finally:
            # Nested so the timer is cancelled even if the alarm fires on the line above.
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _read_pdf(path: Path, data: bytes, limits: Limits) -> Document:
    if b"%%EOF" not in data[-1024:]:
        # pypdf would rebuild a truncated file's cross-reference table and quietly return
        # the pages that survived; checking a partial order would report wording as
        # missing when it was only cut off.
        raise _fail(path, "is incomplete (the end of the PDF is missing); ask for a fresh copy")
    try:
        with _time_limit(limits.pdf_timeout_seconds):
            return _extract_pdf(path, data, limits)
    except _Deadline:
        raise _fail(
            path,
            f"took longer than {limits.pdf_timeout_seconds:g} s to read; "
            "it may be damaged or unusually complex",
        ) from None


def _extract_pdf(path: Path, data: bytes, limits: Limits) -> Document:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # an owner-password-only PDF opens like this
        except (DependencyError, NotImplementedError):
            raise _fail(
                path,
                "is encrypted with a method orderdraft cannot open; "
                "ask the sender for an unprotected copy",
            ) from None
        if opened == PasswordType.NOT_DECRYPTED:
            raise _fail(path, "is encrypted; ask the sender for an unprotected copy")
    try:
        page_count = len(reader.pages)
    except FileNotDecryptedError:
        raise _fail(path, "is encrypted; ask the sender for an unprotected copy") from None
    if page_count > limits.max_pdf_pages:
        raise _fail(path, f"has {page_count} pages; the limit is {limits.max_pdf_pages}")
    page_lines = [_lines(_page_text(page)) for page in reader.pages]
    width = _full_line_width([line for lines in page_lines for line in lines])
    paragraphs: list[str] = []
    pages: list[int] = []
    for number, lines in enumerate(page_lines, start=1):
        for paragraph in _pdf_paragraphs(lines, width):
            paragraphs.append(paragraph)
            pages.append(number)
    return Document(
        path=path,
        kind="pdf",
        paragraphs=tuple(paragraphs),
        paragraph_pages=tuple(pages),
        properties=types.MappingProxyType(_pdf_properties(reader)),
    )


def _page_text(page: Any) -> str:
    return cast(str, page.extract_text())


def _pdf_properties(reader: PdfReader) -> dict[str, str]:
    info = reader.metadata
    out: dict[str, str] = {}
    if info is None:
        return out
    for key in list(info.keys()):
        value = info[key]  # indexing resolves indirect references; .items() does not
        if isinstance(value, bytes | DictionaryObject | ArrayObject | NullObject):
            continue  # binary strings, containers and nulls are not text properties
        name = str(key)
        out[name[1:] if name.startswith("/") else name] = str(value)
    return out


# A line that opens a numbered paragraph of an order: "1.", "2.1", "3)", "(4)", "(a)",
# "(iv)", "b)". Bare numbers ("3 weeks") do not count: wrapped sentences start with them.
_NUMBERED: Final = re.compile(
    r"(?:\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+|\(\d{1,3}\)"
    r"|\((?:[a-z]{1,2}|[ivx]{1,5})\)|[a-z]\))\s+\S"
)
_ENDS_SENTENCE: Final = re.compile(r"[.:;?!][\"')\]\u2019\u201d]*$")


def _lines(text: str) -> list[str]:
    """A page's lines, whitespace-collapsed; blank lines are kept as paragraph breaks."""
    return [" ".join(raw.split()) for raw in text.splitlines()]


_SHORT_LINE: Final = 0.6  # of a full line: shorter than this, the line ended its paragraph
_MIN_LINES_FOR_WIDTH: Final = 5


def _full_line_width(lines: list[str]) -> int:
    """Characters in a typical full-width line of this document, or 0 if unknowable.

    The 80th percentile rather than the maximum, so one overlong table row or header line
    does not make every ordinary line look short.
    """
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < _MIN_LINES_FOR_WIDTH:
        return 0
    return lengths[int(0.8 * (len(lengths) - 1))]


def _pdf_paragraphs(lines: list[str], full_width: int = 0) -> list[str]:
    """Rebuild paragraphs from a page's lines, because PDFs only store positioned lines.

    pypdf's plain extraction gives lines but no spacing, so three cheap signals start a new
    paragraph:

    * a blank line;
    * a short line (under 60% of the document's typical full line, ``full_width``): a
      wrapped line fills the measure, so a short one ended its paragraph or is a heading,
      a table cell or a running header/footer;
    * a line that opens a numbered paragraph ("1.", "2.1", "(a)", "(iv)") right after a line
      that ends a sentence, which is how orders lay out their directions.

    Everything else is a wrapped line, joined with a space, so a phrase the rules look for
    is found even when it straddles a line break. A line ending in "-" followed by a
    lowercase start is treated as a hyphenated word break and joined without the hyphen;
    note this also turns "non-" + "molestation" into "nonmolestation", so rules should match
    such compounds with an optional hyphen. Paragraphs never continue across pages, so
    each has one page number.
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(_join_lines(current))
            current.clear()

    short = full_width * _SHORT_LINE
    for line in lines:
        if not line:
            flush()
            continue
        if current and _ENDS_SENTENCE.search(current[-1]) and _NUMBERED.match(line):
            flush()
        current.append(line)
        if len(line) < short and not line.endswith(("-", "\u00ad")):
            flush()
    flush()
    return [p for p in map(_normalise, paragraphs) if p]


def _join_lines(lines: list[str]) -> str:
    joined = lines[0]
    for line in lines[1:]:
        if joined.endswith("\u00ad") or (
            joined.endswith("-") and len(joined) > 1 and joined[-2].isalpha() and line[:1].islower()
        ):
            joined = joined[:-1] + line
        else:
            joined = joined + " " + line
    return joined


def document_xml_paragraphs(data: bytes) -> tuple[str, ...]:
    """Paragraphs of a ``word/document.xml`` exactly as ``read_document`` would return them.

    The composer fingerprints the text it produced with this, so a later ``validate`` can
    tell an untouched orderdraft order from one edited in Word.
    """
    return _body_paragraphs(_parse_xml(Path("<composed>"), _MAIN_PART, data))
