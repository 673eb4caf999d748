"""Shared phrase patterns for the text heuristics, defined once for every rule module.

Foreign orders word things many ways; these patterns are deliberately about *meaning*
markers ("perpetrator programme", "refer", "suitability") rather than our exact wording,
so an order drafted by hand in the Cafcass style passes and the 2016 template is caught.
"""

from __future__ import annotations

import re

from .registry import Text

I = re.IGNORECASE

DVPP = re.compile(
    r"domestic (?:violence|abuse) perpetrators?[’']?s? programme|\bDVPPs?\b|"
    r"perpetrator programme|building better relationships",
    I,
)
ATTEND = re.compile(r"\b(?:must|shall|to|will|do(?:es)?)\s+attend|\battends?\b|\battendance\b", I)
CONDITION = re.compile(r"\b(?:activity )?condition\b", I)
FINAL = re.compile(
    r"\bfinal (?:child arrangements )?order\b|\bthis (?:is a )?final order\b|"
    r"\bfinal(?:ly)? dispos|\bno order save\b|\bproceedings (?:are|be) (?:concluded|dismissed)",
    I,
)
NOT_FINAL = re.compile(r"\bcase management order\b|\binterim order\b|\bdirections order\b", I)
REFER = re.compile(r"\brefer(?:s|red|ral)?\b", I)
REFERRER = re.compile(r"\bcafcass\b|\blocal authority\b|\bcouncil\b|\bfamily court adviser\b", I)
DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\b|"
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b",
    I,
)
SUITABILITY = re.compile(r"\bsuitab(?:le|ility)\b|\binitial assessment\b|\bassessed\b", I)
MIDWAY = re.compile(r"\bmid[- ]?way\b|\bmid[- ]point\b|\bhalfway\b|\bprogress report\b", I)
FILE = re.compile(r"\bfile[sd]?\b|\bfiling\b|\blodge", I)
SERVE = re.compile(r"\bserve[sd]?\b|\bservice\b|\bsend a copy\b|\bcopy (?:to|on) (?:both|the) parties\b", I)
TEMPLATE_2016 = re.compile(r"must attend the following activity programme", I)


def dvpp_ordered(text: Text) -> list[int]:
    """Paragraphs that direct or require someone to attend a DVPP.

    A DVPP mentioned with an attend verb in the same paragraph, or a bullet item naming the
    DVPP right after a 'must attend the following' paragraph (the 2016 template layout).
    """
    hits = []
    follows_attend = False
    for i, para in enumerate(text.paragraphs):
        if DVPP.search(para) and (ATTEND.search(para) or follows_attend):
            hits.append(i)
        if TEMPLATE_2016.search(para) or re.search(r"must attend the following", para, I):
            follows_attend = True
        elif len(para) > 160:
            follows_attend = False
    return hits


def near(text: Text, index: int, pattern: re.Pattern[str], span: int = 1) -> bool:
    lo, hi = max(0, index - span), min(len(text.paragraphs), index + span + 1)
    return any(pattern.search(p) for p in text.paragraphs[lo:hi])


def is_final(text: Text) -> bool:
    head = " ".join(text.paragraphs[:25])
    return bool(FINAL.search(text.whole)) and not NOT_FINAL.search(head)
