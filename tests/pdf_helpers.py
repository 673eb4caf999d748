"""Look at a PDF the way a person would: poppler's pdftoppm (pixels) and pdftotext -bbox
(where each word sits), tools that share no code with pypdf or LibreOffice.

Both come from Debian's poppler-utils, which scripts/setup.sh installs.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    text: str
    x0: float  # from the left edge, in points
    y0: float  # from the top edge, in points
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def find(self, phrase: str) -> Word:
        """The first word of the first occurrence of ``phrase`` (words separated by spaces)."""
        want = phrase.split()
        texts = [w.text for w in self.words]
        for i in range(len(texts) - len(want) + 1):
            if texts[i:i + len(want)] == want:
                return self.words[i]
        raise AssertionError(f"{phrase!r} is not on the page: {self.text[:300]!r}")


def pages(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         check=True, text=True).stdout
    unescape = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}
    result = []
    for width, height, body in _PAGE.findall(out):
        words = tuple(
            Word(re.sub(r"&\w+;", lambda m: unescape.get(m.group(), m.group()), t),
                 float(a), float(b), float(c), float(d))
            for a, b, c, d, t in _WORD.findall(body))
        result.append(Page(float(width), float(height), words))
    return result


@dataclass(frozen=True)
class Pixels:
    width: int
    height: int
    grey: bytes  # one byte a pixel, 0 black to 255 white, row by row

    def share(self, lo: int, hi: int, box: tuple[float, float, float, float] = (0, 0, 1, 1)
              ) -> float:
        """Fraction of the pixels inside ``box`` (fractions of width/height: left, top,
        right, bottom) whose grey level is in [lo, hi]."""
        left, top = int(box[0] * self.width), int(box[1] * self.height)
        right, bottom = int(box[2] * self.width), int(box[3] * self.height)
        count = total = 0
        for y in range(top, bottom):
            row = self.grey[y * self.width + left:y * self.width + right]
            total += len(row)
            count += sum(1 for v in row if lo <= v <= hi)
        return count / total if total else 0.0


def render(pdf: Path, page: int, dpi: int = 30) -> Pixels:
    """Page ``page`` (1-based) as greyscale pixels, read from pdftoppm's PGM output."""
    data = subprocess.run(
        ["pdftoppm", "-cropbox", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
         str(pdf)],
        capture_output=True, check=True).stdout
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert match, "pdftoppm did not write a greyscale PGM image"
    width, height = int(match.group(1)), int(match.group(2))
    grey = data[match.end():]
    assert len(grey) == width * height
    return Pixels(width, height, grey)
