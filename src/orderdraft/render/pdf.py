"""Convert rendered DOCX orders to PDF with one headless LibreOffice per batch.

Starting LibreOffice costs about two seconds, so a bundle of orders pays that once: every
file goes to a single ``soffice --convert-to`` run (split only above ``_MAX_FILES_PER_RUN``
files or ``_ARGV_BUDGET`` bytes of arguments).

LibreOffice is awkward to drive unattended, which is why this module is more than a
``subprocess.run``:

* it exits 0 even when a file could not be loaded, so success is judged by the PDF
  appearing, never by the exit code;
* some crashes leave ``soffice.bin`` hanging in its own signal handler instead of exiting,
  so a watchdog kills the whole process group when no file has finished for ``timeout``
  seconds, and the files it never reached get a fresh run;
* it writes lock and temporary files next to its output, so it writes into a private
  folder inside ``outdir`` and finished PDFs are moved into place with ``os.replace``;
* it fetches images linked from a document over the network, so each call gets a
  throwaway profile that blocks external links and points every proxy at a dead port.

POSIX only (process groups).
"""

from __future__ import annotations

import contextlib
import enum
import glob
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import zipfile
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Final, Literal
from xml.dom.minidom import Document, Element
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml import minidom as safe_minidom
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import StreamObject

from ..errors import RenderError

__all__ = ["Conversion", "convert_to_pdf", "find_soffice", "set_pdf_metadata"]

_INSTALL_HINT: Final = (
    "LibreOffice is not installed: install the Debian package libreoffice-writer-nogui "
    "(apt-get install libreoffice-writer-nogui) or pass --no-pdf"
)
_FALLBACK_LOCATIONS: tuple[str, ...] = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
# JSON filter options need LibreOffice 7.4+; older versions ignore them, which is why the
# PDF/A marker is checked on every output rather than trusted.
_PLAIN_FILTER: Final = "pdf:writer_pdf_Export"
_PDFA_FILTER: Final = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
# Staged paths are ~60 bytes, so the byte budget (far below Linux's 2 MiB ARG_MAX and
# macOS's 1 MiB) never binds before the file cap, which bounds what one crash can cost.
_ARGV_BUDGET: Final = 100_000
_MAX_FILES_PER_RUN = 200
_POLL_SECONDS: Final = 0.05
_REAP_SECONDS: Final = 5.0
_EXIT_GRACE_SECONDS: Final = 5.0
_STALLS_BEFORE_GIVING_UP: Final = 2
_OOXML_SUFFIXES: Final = frozenset({".docx", ".docm", ".dotx", ".dotm"})
_LOAD_FAILED: Final = "Error: source file could not be loaded"
_CONVERT_LINE: Final = re.compile(r"^convert .*?[/\\]od(\d+)\.\w+ -> ")
_DROPPED_ENV: Final = frozenset(
    {"DISPLAY", "WAYLAND_DISPLAY", "SESSION_MANAGER", "DBUS_SESSION_BUS_ADDRESS"}
)
_PROFILE_SETTINGS: Final = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}
</oor:items>
"""
_PROFILE_ITEMS: Final = (
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "1"),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyPort", "9"),
)

_UNCONVERTED: Final = (
    "LibreOffice could not convert it (the file may be damaged or not a Word document)"
)


@dataclass(frozen=True)
class Conversion:
    """One file's outcome, so a bad file is reported without losing the rest of the batch."""

    source: Path
    pdf: Path | None
    error: str | None


def find_soffice() -> str:
    """Locate LibreOffice, also where a minimal PATH (cron, CI) would miss the Debian install."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _FALLBACK_LOCATIONS:
        for candidate in sorted(glob.glob(pattern)):
            if os.access(candidate, os.X_OK):
                return candidate
    raise RenderError(_INSTALL_HINT)


def convert_to_pdf(
    docx_files: Sequence[Path],
    outdir: Path,
    *,
    timeout: float = 120.0,
    pdfa: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Conversion]:
    """Convert every file to ``outdir/<stem>.pdf``, one result per input, in input order.

    Per-file problems (unreadable, damaged, crashed LibreOffice, time limit) come back as a
    ``Conversion`` with ``error`` set; only a missing LibreOffice or an unusable ``outdir``
    raise. ``timeout`` is how long LibreOffice may go without finishing a file (start-up
    counts towards the first), so big batches are not penalised but one hung file is.
    An existing ``<stem>.pdf`` is never overwritten: the caller deletes it for --overwrite.
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    if not docx_files:
        return []
    soffice = find_soffice()
    # Absolute: LibreOffice runs in the work folder and would resolve relative paths there.
    outdir = Path(outdir).absolute()
    _ensure_outdir(outdir)
    workdir = Path(tempfile.mkdtemp(prefix="orderdraft-soffice-")).absolute()
    staging: Path | None = None
    try:
        staging = _make_staging_dir(outdir)
        batch = _Batch(soffice, workdir, staging, timeout=timeout, pdfa=pdfa, progress=progress)
        return batch.convert([Path(p) for p in docx_files], outdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _ensure_outdir(outdir: Path) -> None:
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot create the output folder {outdir}: {exc.strerror}") from exc


def _make_staging_dir(outdir: Path) -> Path:
    """Same filesystem as the targets, so the final ``os.replace`` is an atomic rename."""
    try:
        return Path(tempfile.mkdtemp(prefix=".orderdraft-pdf-", dir=outdir))
    except OSError as exc:
        raise RenderError(f"cannot write to the output folder {outdir}: {exc.strerror}") from exc


@dataclass(frozen=True)
class _Job:
    index: int
    source: Path
    staged: Path
    produced: Path
    target: Path

    @property
    def key(self) -> str:
        return self.staged.stem


class _End(enum.Enum):
    FINISHED = "finished"
    CRASHED = "crashed"
    TIMED_OUT = "timed out"


@dataclass(frozen=True)
class _Outcome:
    end: _End
    finished: int
    returncode: int | None


class _Batch:
    """State of one ``convert_to_pdf`` call: results so far, progress and the LO setup."""

    def __init__(
        self,
        soffice: str,
        workdir: Path,
        staging: Path,
        *,
        timeout: float,
        pdfa: bool,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.soffice = soffice
        self.workdir = workdir
        self.staging = staging
        self.timeout = timeout
        self.pdfa = pdfa
        self.progress = progress
        self.results: dict[int, Conversion] = {}
        self.total = 0
        self.env = _prepare_workdir(workdir)

    def convert(self, sources: list[Path], outdir: Path) -> list[Conversion]:
        self.total = len(sources)
        jobs = self._plan(sources, outdir)
        self._run_queue(jobs)
        return [self.results[i] for i in range(self.total)]

    def _record(self, index: int, source: Path, pdf: Path | None, error: str | None) -> None:
        self.results[index] = Conversion(source, pdf, error)
        if self.progress is not None:
            self.progress(len(self.results), self.total)

    def _plan(self, sources: list[Path], outdir: Path) -> list[_Job]:
        """Refuse what LibreOffice would mishandle, and stage the rest under safe names.

        Staged names (``od00003.docx``) keep argv short, cannot be mistaken for options,
        never collide, and let LibreOffice's output be mapped back to its input.
        """
        jobs: list[_Job] = []
        claimed: set[str] = set()
        for index, source in enumerate(sources):
            target = outdir / f"{source.stem}.pdf"
            staged = self.workdir / "in" / f"od{index:05d}{_staged_suffix(source)}"
            problem = _precheck(source, target, claimed) or _stage(source, staged)
            if problem:
                self._record(index, source, None, problem)
                continue
            claimed.add(target.name.casefold())
            produced = self.staging / f"{staged.stem}.pdf"
            jobs.append(_Job(index, source, staged, produced, target))
        return jobs

    def _run_queue(self, jobs: list[_Job]) -> None:
        """Convert in as few LibreOffice runs as possible, isolating files that break it.

        After a crash or time-out the file LibreOffice was working on is dealt with alone
        and the files it never reached go into a fresh run. Two runs in a row that finish
        nothing mean LibreOffice itself is stuck, so the rest are reported, not retried.
        """
        queue = deque(jobs)
        retried: set[str] = set()
        stalls = 0
        while queue:
            run = _take_run(queue)
            outcome = self._run(run)
            if outcome.end is _End.FINISHED:
                stalls = 0
                continue
            stalls = 0 if outcome.finished else stalls + 1
            culprit, untouched = run[outcome.finished], run[outcome.finished + 1 :]
            if self._settle_culprit(culprit, outcome, retried):
                stalls = 0
            queue.extendleft(reversed(untouched))
            if stalls >= _STALLS_BEFORE_GIVING_UP:
                self._abandon(queue, outcome)
                queue.clear()

    def _settle_culprit(self, job: _Job, outcome: _Outcome, retried: set[str]) -> bool:
        """Give a crash victim one run of its own; return whether LibreOffice got through it."""
        if outcome.end is _End.CRASHED and job.key not in retried:
            retried.add(job.key)
            again = self._run([job])
            if again.finished:
                return True
            outcome = again
        self._record(job.index, job.source, None, self._failure(outcome))
        return False

    def _abandon(self, queue: deque[_Job], outcome: _Outcome) -> None:
        reason = "not converted: LibreOffice " + (
            f"timed out twice in a row (limit {_seconds(self.timeout)})"
            if outcome.end is _End.TIMED_OUT
            else f"kept crashing (exit code {outcome.returncode})"
        )
        for job in queue:
            self._record(job.index, job.source, None, reason)

    def _failure(self, outcome: _Outcome) -> str:
        if outcome.end is _End.TIMED_OUT:
            return f"LibreOffice did not finish it within {_seconds(self.timeout)}"
        return f"LibreOffice crashed (exit code {outcome.returncode}) while converting it"

    def _run(self, jobs: list[_Job]) -> _Outcome:
        """One LibreOffice process for ``jobs``; its whole process group is dead on return."""
        log_path = self.workdir / "soffice.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                self._argv(jobs),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.workdir,
                env=self.env,
                start_new_session=True,
            )
        try:
            outcome = self._watch(proc, jobs, log_path)
            if outcome.end is _End.FINISHED:
                # Every PDF is in; let LibreOffice shut down by itself, which removes the
                # IPC socket it keeps in /tmp (a kill leaves it there for good).
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=_EXIT_GRACE_SECONDS)
            return outcome
        finally:
            _kill_group(proc)

    def _argv(self, jobs: list[_Job]) -> list[str]:
        return [
            *_soffice_options(self.soffice, self.workdir / "profile"),
            "--convert-to",
            _PDFA_FILTER if self.pdfa else _PLAIN_FILTER,
            "--outdir",
            str(self.staging),
            *(str(job.staged) for job in jobs),
        ]

    def _watch(self, proc: subprocess.Popen[bytes], jobs: list[_Job], log: Path) -> _Outcome:
        """Poll until LibreOffice exits or stalls, settling files as they finish."""
        finished = 0
        deadline = time.monotonic() + self.timeout
        while True:
            returncode = proc.poll()
            done = len(jobs) if returncode == 0 else _finished_prefix(jobs, finished, log)
            if done > finished:
                self._settle(jobs[finished:done])
                finished = done
                deadline = time.monotonic() + self.timeout
            if finished == len(jobs):
                return _Outcome(_End.FINISHED, finished, returncode)
            if returncode is not None:
                return _Outcome(_End.CRASHED, finished, returncode)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return self._time_out(proc, jobs, finished, log)
            time.sleep(min(_POLL_SECONDS, remaining))

    def _time_out(
        self, proc: subprocess.Popen[bytes], jobs: list[_Job], finished: int, log: Path
    ) -> _Outcome:
        """Kill first, then look once more: a file may have landed in the last instant."""
        _kill_group(proc)
        done = _finished_prefix(jobs, finished, log)
        self._settle(jobs[finished:done])
        end = _End.FINISHED if done == len(jobs) else _End.TIMED_OUT
        return _Outcome(end, done, None)

    def _settle(self, jobs: Sequence[_Job]) -> None:
        for job in jobs:
            error = (self._install(job) if _complete_pdf(job.produced)
                     else _unconverted(self.staging))
            self._record(job.index, job.source, None if error else job.target, error)

    def _install(self, job: _Job) -> str | None:
        if self.pdfa and not _has_pdfa_marker(job.produced):
            return "LibreOffice did not produce PDF/A (LibreOffice 7.4 or newer is needed)"
        if os.path.lexists(job.target):
            return f"{job.target.name} already exists and was not overwritten"
        try:
            os.replace(job.produced, job.target)
        except OSError as exc:
            return f"could not save {job.target.name}: {exc.strerror}"
        return None


# Below this much free space a missing PDF is the disk's fault, not the document's.
_FULL_DISK_BYTES: Final = 2 * 1024 * 1024


def _unconverted(folder: Path) -> str:
    """Why LibreOffice produced no PDF: a full disk says so, rather than blaming the file."""
    try:
        if shutil.disk_usage(folder).free < _FULL_DISK_BYTES:
            return "the disk is full, so LibreOffice could not write the PDF"
    except OSError:
        pass
    return _UNCONVERTED


def _seconds(value: float) -> str:
    return f"{value:g} second" + ("" if value == 1 else "s")


def _staged_suffix(source: Path) -> str:
    suffix = source.suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".docx"


def _precheck(source: Path, target: Path, claimed: set[str]) -> str | None:
    """Catch what LibreOffice would get wrong: it renders a non-ZIP .docx as plain text."""
    if not source.is_file():
        return "file not found"
    if target.name.casefold() in claimed:
        return f"another file in this batch also becomes {target.name}"
    if os.path.lexists(target):
        return f"{target.name} already exists and was not overwritten"
    if source.suffix.lower() in _OOXML_SUFFIXES and not _is_ooxml_package(source):
        return "not a valid Word document (it is not a .docx ZIP package)"
    return None


def _is_ooxml_package(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "[Content_Types].xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _stage(source: Path, staged: Path) -> str | None:
    """Copy rather than link: LibreOffice then never sees, locks or names the user's file."""
    try:
        shutil.copyfile(source, staged)
    except OSError as exc:
        return f"could not read it: {exc.strerror}"
    return None


def _prepare_workdir(workdir: Path) -> dict[str, str]:
    """Build the throwaway profile, HOME and TMPDIR; return the child's environment."""
    for sub in ("in", "home", "tmp", "profile/user"):
        (workdir / sub).mkdir(parents=True)
    items = "\n".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
        for path, name, value in _PROFILE_ITEMS
    )
    settings = _PROFILE_SETTINGS.format(items=items)
    (workdir / "profile/user/registrymodifications.xcu").write_text(settings, encoding="utf-8")
    home = workdir / "home"
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env.update(
        HOME=str(home),
        TMPDIR=str(workdir / "tmp"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local/share"),
        SAL_USE_VCLPLUGIN="svp",
    )
    return env


def _soffice_options(soffice: str, profile: Path) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nologo",
        "--nodefault",
    ]


def _argv_bytes(job: _Job) -> int:
    return len(os.fsencode(job.staged)) + 1


def _take_run(queue: deque[_Job]) -> list[_Job]:
    run = [queue.popleft()]
    size = _argv_bytes(run[0])
    while queue and len(run) < _MAX_FILES_PER_RUN:
        size += _argv_bytes(queue[0])
        if size > _ARGV_BUDGET:
            break
        run.append(queue.popleft())
    return run


def _finished_prefix(jobs: list[_Job], start: int, log: Path) -> int:
    """How many of ``jobs`` LibreOffice is done with, failed ones included.

    It works through its arguments in order and prints one line per file: ``convert ...``
    when it starts saving it, or ``Error: source file could not be loaded``. A file is done
    once a later file's line appears or its own PDF has landed (LibreOffice renames a
    finished temp file into place). The PDF check alone keeps this right if the wording of
    those lines ever changes.
    """
    cursor, saving = _scan_log(log, {job.key: i for i, job in enumerate(jobs)})
    by_log = cursor - 1 if saving else cursor
    by_pdf = start
    for i in range(start, len(jobs)):
        if _complete_pdf(jobs[i].produced):
            by_pdf = i + 1
    return min(len(jobs), max(start, by_log, by_pdf))


def _scan_log(log: Path, position: Mapping[str, int]) -> tuple[int, bool]:
    """Return how many files LibreOffice has loaded or failed, and if it is saving the last."""
    try:
        text = log.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return 0, False
    cursor, saving = 0, False
    for line in text.splitlines():
        match = _CONVERT_LINE.match(line)
        key = f"od{match.group(1)}" if match else None
        if key is not None and key in position:
            cursor, saving = position[key] + 1, True
        elif line.startswith(_LOAD_FAILED):
            cursor, saving = cursor + 1, False
    return cursor, saving


def _complete_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 1024))
            return b"%%EOF" in fh.read()
    except OSError:
        return False


def _has_pdfa_marker(path: Path) -> bool:
    """LibreOffice writes the XMP packet uncompressed, as PDF/A requires, so bytes suffice."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return b"pdfaid:part" in data or b"http://www.aiim.org/pdfa/ns/id/" in data


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the session LibreOffice started (oosplash and soffice.bin) and reap it.

    Members are waited for, briefly, so the caller can delete the profile without racing a
    dying process still writing to it. Zombies do not count: orphans are reaped by PID 1,
    which in containers can take a second or never happen.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + _REAP_SECONDS
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    return any(_live_member(entry, pgid) for entry in proc.iterdir() if entry.name.isdigit())


def _live_member(entry: Path, pgid: int) -> bool:
    """Parse /proc/PID/stat: ``pid (comm) state ppid pgrp ...``; comm may hold spaces."""
    try:
        stat_line = (entry / "stat").read_text(errors="replace")
    except OSError:
        return False
    fields = stat_line[stat_line.rfind(")") + 2 :].split()
    return len(fields) > 2 and fields[2] == str(pgid) and fields[0] not in ("Z", "X")


# --- metadata --------------------------------------------------------------------------

_RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC: Final = "http://purl.org/dc/elements/1.1/"
_PDF_NS: Final = "http://ns.adobe.com/pdf/1.3/"
_XML_NS: Final = "http://www.w3.org/XML/1998/namespace"
_STANDARD_INFO_KEYS: Final = frozenset(
    {
        "Title",
        "Subject",
        "Author",
        "Keywords",
        "Creator",
        "Producer",
        "CreationDate",
        "ModDate",
        "Trapped",
    }
)
_CUSTOM_KEY: Final = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,62}")


@dataclass(frozen=True)
class _XmpField:
    namespace: str
    prefix: str
    name: str
    kind: Literal["alt", "seq", "text"]  # language alternative, ordered list, plain text
    value: str


def set_pdf_metadata(
    pdf: Path,
    *,
    title: str,
    subject: str,
    author: str,
    keywords: str,
    custom: Mapping[str, str],
) -> None:
    """Stamp the info dictionary so a PDF can be matched to its case and clauses later.

    Custom keys are given without the slash (``OrderdraftCase`` becomes ``/OrderdraftCase``).
    An empty value removes that entry. Other entries LibreOffice wrote (Creator, Producer,
    CreationDate) are kept, and the file is replaced atomically with its permissions kept.

    PDF/A: PDF/A requires Title, Subject, Author and Keywords to equal their XMP
    counterparts (dc:title, dc:description, dc:creator, pdf:Keywords), so when the PDF has an
    XMP packet those four are rewritten there too, uncompressed, leaving pdfaid and
    everything else as it was. Custom keys go in the info dictionary only: PDF/A allows
    extra info keys, whereas XMP properties outside the standard schemas would need an
    extension-schema declaration. ModDate is not touched, so xmp:ModifyDate stays in sync.
    """
    entries = _info_entries(title, subject, author, keywords, custom)
    writer = _open_for_rewrite(pdf)
    existing = writer.metadata
    kept = {} if existing is None else {k: str(existing[k]) for k in existing if k not in entries}
    writer.metadata = {**kept, **{k: v for k, v in entries.items() if v}}
    fields = [
        _XmpField(_DC, "dc", "title", "alt", title),
        _XmpField(_DC, "dc", "description", "alt", subject),
        _XmpField(_DC, "dc", "creator", "seq", author),
        _XmpField(_PDF_NS, "pdf", "Keywords", "text", keywords),
    ]
    _sync_xmp(writer, fields, pdf)
    _write_atomically(writer, pdf)


def _info_entries(
    title: str, subject: str, author: str, keywords: str, custom: Mapping[str, str]
) -> dict[str, str]:
    for key in custom:
        if not _CUSTOM_KEY.fullmatch(key) or key in _STANDARD_INFO_KEYS:
            raise ValueError(f"unusable custom PDF metadata key: {key!r}")
    entries = {"/Title": title, "/Subject": subject, "/Author": author, "/Keywords": keywords}
    entries.update({f"/{key}": value for key, value in custom.items()})
    return entries


def _open_for_rewrite(pdf: Path) -> PdfWriter:
    try:
        reader = PdfReader(BytesIO(pdf.read_bytes()))
        writer = PdfWriter(clone_from=reader)
    except OSError as exc:
        raise RenderError(f"cannot read {pdf}: {exc.strerror}") from exc
    except PdfReadError as exc:
        raise RenderError(f"cannot set metadata on {pdf}: it is not a readable PDF") from exc
    # pypdf would otherwise write %PDF-1.3 whatever version LibreOffice declared.
    writer.pdf_header = reader.pdf_header
    return writer


def _sync_xmp(writer: PdfWriter, fields: Sequence[_XmpField], pdf: Path) -> None:
    reference = writer.root_object.get("/Metadata")
    stream = reference.get_object() if reference is not None else None
    if not isinstance(stream, StreamObject):
        return
    try:
        stream.set_data(_rewrite_xmp(stream.get_data(), fields))
    except (ExpatError, DefusedXmlException, IndexError) as exc:
        raise RenderError(f"cannot update the XMP metadata of {pdf}: {exc}") from exc


def _rewrite_xmp(packet: bytes, fields: Sequence[_XmpField]) -> bytes:
    """Drop the old values wherever they are and add one rdf:Description with the new ones."""
    doc: Document = safe_minidom.parseString(packet)
    rdf = doc.getElementsByTagNameNS(_RDF, "RDF")[0]
    descriptions = [
        node
        for node in rdf.childNodes
        if isinstance(node, Element)
        and node.namespaceURI == _RDF
        and node.localName == "Description"
    ]
    about = descriptions[0].getAttributeNS(_RDF, "about") if descriptions else ""
    for desc in descriptions:
        for field in fields:
            _remove_property(desc, field)
        if _is_empty_description(desc):
            rdf.removeChild(desc)
    fresh = doc.createElementNS(_RDF, "rdf:Description")
    fresh.setAttributeNS(_RDF, "rdf:about", about)
    fresh.setAttribute("xmlns:dc", _DC)
    fresh.setAttribute("xmlns:pdf", _PDF_NS)
    for field in fields:
        if field.value:
            fresh.appendChild(_property_element(doc, field))
    if fresh.hasChildNodes():
        rdf.appendChild(fresh)
    return "\n".join(node.toxml() for node in doc.childNodes).encode("utf-8")


def _remove_property(desc: Element, field: _XmpField) -> None:
    if desc.hasAttributeNS(field.namespace, field.name):
        desc.removeAttributeNS(field.namespace, field.name)
    for child in list(desc.childNodes):
        if child.namespaceURI == field.namespace and child.localName == field.name:
            desc.removeChild(child)


def _is_empty_description(desc: Element) -> bool:
    """A Description emptied of its properties is noise in the packet, so it goes too."""
    if any(isinstance(child, Element) for child in desc.childNodes):
        return False
    names = desc.attributes.keys()  # a NamedNodeMap itself cannot be iterated
    return all(name == "rdf:about" or name.startswith("xmlns") for name in names)


def _property_element(doc: Document, field: _XmpField) -> Element:
    element = doc.createElementNS(field.namespace, f"{field.prefix}:{field.name}")
    if field.kind == "text":
        element.appendChild(doc.createTextNode(field.value))
        return element
    container = doc.createElementNS(_RDF, "rdf:Alt" if field.kind == "alt" else "rdf:Seq")
    item = doc.createElementNS(_RDF, "rdf:li")
    if field.kind == "alt":
        item.setAttributeNS(_XML_NS, "xml:lang", "x-default")
    item.appendChild(doc.createTextNode(field.value))
    container.appendChild(item)
    element.appendChild(container)
    return element


def _write_atomically(writer: PdfWriter, target: Path) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            writer.write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, stat.S_IMODE(target.stat().st_mode))
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
