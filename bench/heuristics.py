"""Precision and recall of the text heuristics, per rule, over the corpus.

    python bench/heuristics.py [--keep DIR]

Builds every document in tests/fixtures/corpus/ (DOCX, and PDF through one LibreOffice
batch), runs the text checks with the example provider directory, and compares what each
rule finds with the truth in expected.yaml (``codes``). A known miss counts against recall
and a known false alarm against precision, exactly as the heuristics behave. Rules with no
text check, or with no positive and no finding in the corpus, show "—".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus_support import ROOT, expected, generator

from orderdraft.extract import read_document
from orderdraft.providers import load_providers
from orderdraft.rules import REGISTRY
from orderdraft.rules.registry import Context, Text
from orderdraft.validate import check_text


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.2f}" if den else "—"


def measure(workdir: Path) -> tuple[dict[str, Counter[str]], int]:
    manifest, rows = expected()
    made = generator().build(workdir)
    ctx = Context(providers=load_providers(ROOT / manifest["providers"]))
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        path = made[(row.id, row.format)]
        doc = read_document(path)
        found = {f.rule for f in check_text(Text(str(path), doc.paragraphs,
                                                 doc.paragraph_pages), ctx)}
        for code in found | row.codes:
            c = counts.setdefault(code, Counter())
            c["tp" if code in found and code in row.codes else
              "fp" if code in found else "fn"] += 1
    return counts, len(rows)


def table(counts: dict[str, Counter[str]], documents: int) -> str:
    lines = [f"Text heuristics over {documents} corpus documents",
             "", "| rule  | TP | FP | FN | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
    total: Counter[str] = Counter()
    for code, rule in sorted(REGISTRY.items()):
        if rule.check_text is None or code < "OD100":
            continue
        c = counts.get(code, Counter())
        total.update(c)
        lines.append(f"| {code} | {c['tp']} | {c['fp']} | {c['fn']} | "
                     f"{_ratio(c['tp'], c['tp'] + c['fp'])} | "
                     f"{_ratio(c['tp'], c['tp'] + c['fn'])} |")
    lines.append(f"| all | {total['tp']} | {total['fp']} | {total['fn']} | "
                 f"{_ratio(total['tp'], total['tp'] + total['fp'])} | "
                 f"{_ratio(total['tp'], total['tp'] + total['fn'])} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the documents here and keep them")
    args = parser.parse_args()
    if args.keep:
        counts, n = measure(args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            counts, n = measure(Path(tmp))
    print(table(counts, n))


if __name__ == "__main__":
    main()
