"""Render docxtpl templates to DOCX bytes, parsing and compiling each template once.

A bare ``DocxTemplate(path).render(ctx); save()`` re-reads the zip, re-runs docxtpl's
regex preprocessing, re-compiles the Jinja and re-serialises every part for every order.
For a batch of orders that is nearly all wasted work, so ``CompiledTemplate`` does the
preprocessing and compilation once (using docxtpl's own ``patch_xml``, so any template
that works with docxtpl works here) and per order only renders the text parts and writes
the zip, copying every untouched part's bytes as they are.

The Jinja environment is sandboxed, strict and autoescaping: values from a case file are
XML-escaped data and can never become template code or break the document's XML.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from ..errors import RenderError

# The parts docxtpl renders (and templates lint checks): body, headers, footers, notes and
# comments.
TEXT_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|comments)\.xml$")
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


@dataclass(frozen=True)
class Properties:
    """What a composed document says about itself, for exact re-validation later."""

    title: str
    subject: str
    author: str
    keywords: str
    custom: Mapping[str, str]


class CompiledTemplate:
    """A docxtpl template prepared once and rendered many times."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with zipfile.ZipFile(path) as zf:
                self.entries = [(info, zf.read(info.filename)) for info in zf.infolist()]
        except (OSError, zipfile.BadZipFile) as exc:
            raise RenderError(f"{path}: the template is not a readable .docx ({exc})") from None
        tpl = DocxTemplate(str(path))
        env = _environment()
        self.parts: dict[str, Any] = {}
        for info, blob in self.entries:
            if TEXT_PART.match(info.filename):
                xml = _literal_braces(tpl.patch_xml(blob.decode("utf-8")))
                xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
                try:
                    if any(env.parse(xml).find_all((nodes.Include, nodes.Extends, nodes.Import,
                                                    nodes.FromImport))):
                        raise RenderError(f"{path}: {info.filename}: a template cannot include, "
                                          "extend or import another file")
                    self.parts[info.filename] = env.from_string(xml)
                except TemplateError as exc:
                    raise RenderError(f"{path}: {info.filename}: template error: {exc}") from None
        names = {info.filename for info, _ in self.entries}
        self.has_custom = "docProps/custom.xml" in names

    def render(
        self,
        context: Mapping[str, Any],
        props: Properties,
        provenance: Callable[[bytes], Mapping[str, str]] | None = None,
    ) -> bytes:
        """The finished .docx as bytes; every rendered part is checked well-formed.

        ``provenance`` receives the rendered ``word/document.xml`` and returns extra custom
        properties — how the composer records a fingerprint of the text it produced.
        """
        rendered = {name: self._render_part(name, context) for name in self.parts}
        custom = dict(props.custom)
        if provenance is not None:
            custom.update(provenance(rendered["word/document.xml"]))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for info, blob in self.entries:
                name = info.filename
                if name in rendered:
                    blob = rendered[name]
                elif name == "docProps/core.xml":
                    blob = _core_xml(props)
                elif name == "docProps/custom.xml":
                    continue
                elif name == "[Content_Types].xml" and not self.has_custom:
                    blob = blob.replace(
                        b"</Types>",
                        b'<Override PartName="/docProps/custom.xml" ContentType="'
                        + _CUSTOM_CT.encode() + b'"/></Types>',
                    )
                elif name == "_rels/.rels" and not self.has_custom:
                    blob = blob.replace(
                        b"</Relationships>",
                        b'<Relationship Id="rIdOrderdraftCustom" Type="' + _CUSTOM_REL.encode()
                        + b'" Target="docProps/custom.xml"/></Relationships>',
                    )
                zf.writestr(info.filename, blob)
            zf.writestr("docProps/custom.xml", _custom_xml(custom))
        return out.getvalue()

    def _render_part(self, name: str, context: Mapping[str, Any]) -> bytes:
        try:
            xml = self.parts[name].render(context)
        except TemplateError as exc:
            raise RenderError(f"{self.path}: {name}: template error: {exc}") from None
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        data = xml.encode("utf-8")
        try:
            etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:  # a template edit broke the XML, not user data
            raise RenderError(f"{self.path}: {name}: the rendered XML is invalid: {exc}") from None
        return data


_ESCAPED_BRACES = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")


def _literal_braces(xml: str) -> str:
    """docxtpl's ``{_{`` ``}_}`` ``{_%`` ``%_}`` (literal tag characters in a template).

    docxtpl turns them into braces *after* rendering, which also rewrites a case value that
    happens to contain ``{_{``. Turning them into raw Jinja blocks *before* compiling keeps
    the template feature and leaves data alone.
    """
    return _ESCAPED_BRACES.sub(
        lambda m: "{% raw %}" + m.group().replace("_", "") + "{% endraw %}", xml
    )


@cache
def compiled(path: Path) -> CompiledTemplate:
    return CompiledTemplate(path)


def _core_xml(props: Properties) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
        'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(props.title)}</dc:title>"
        f"<dc:subject>{escape(props.subject)}</dc:subject>"
        f"<dc:creator>{escape(props.author)}</dc:creator>"
        f"<cp:keywords>{escape(props.keywords)}</cp:keywords>"
        "</cp:coreProperties>"
    ).encode()


def _custom_xml(custom: Mapping[str, str]) -> bytes:
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(k, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
        for pid, (k, v) in enumerate(custom.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes">{items}</Properties>'
    ).encode()
