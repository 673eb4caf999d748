"""Shared phrase patterns for the text heuristics, defined once for every rule module.

Foreign orders word things many ways; these patterns are deliberately about *meaning*
markers ("perpetrator programme", "refer", "suitability") rather than our exact wording,
so an order drafted by hand in the Cafcass style passes and the 2016 template is caught.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from .registry import Text

I = re.IGNORECASE  # noqa: E741 - short on purpose, it ends every pattern below

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
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?{_MON},?\s+\d{{4}}\b|"
    rf"\b{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|"
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b",
    I,
)
# Quotations of PD12J para 34 ("It is acknowledged that acceptance on a DVPP is subject to
# a suitability assessment") and its "referred to in paragraph 33" are recitals, not
# directions: a rule looking for a direction must not count them.
PD12J_QUOTE = re.compile(r"\bit is acknowledged\b|\breferred to in paragraph\b|"
                         r"\bpractice direction\b|\bPD ?12J\b", I)
SUITABILITY = re.compile(r"\bsuitab(?:le|ility)\b|\binitial assessment\b|\bassessed\b", I)
MIDWAY = re.compile(r"\bmid[- ]?way\b|\bmid[- ]point\b|\bhalfway\b|\bprogress report\b", I)
FILE = re.compile(r"\bfile[sd]?\b|\bfiling\b|\blodge", I)
SERVE = re.compile(
    r"\bserve[sd]?\b|\bservice\b|\bsend a copy\b|\bcopy (?:to|on) (?:both|the) parties\b", I
)
TEMPLATE_2016 = re.compile(r"must attend the following activity programme", I)


@functools.lru_cache(maxsize=64)
def dvpp_ordered(text: Text) -> tuple[int, ...]:
    """Paragraphs that direct or require someone to attend a DVPP.

    A DVPP mentioned with an attend verb in the same paragraph, or a bullet item naming the
    DVPP right after a 'must attend the following' paragraph (the 2016 template layout).
    """
    hits = []
    follows_attend = False
    for i, para in enumerate(text.paragraphs):
        if DVPP.search(para) and (follows_attend or any(
                _directs_attendance(s) for s in sentences(para))):
            hits.append(i)
        if TEMPLATE_2016.search(para) or re.search(r"must attend the following", para, I):
            follows_attend = True
        elif len(para) > 160:
            follows_attend = False
    return tuple(hits)


# "attendance" directs only beside a directing word ("attendance at a DVPP is directed",
# "a condition of attendance"); "the report records his full attendance" directs nothing.
_DIRECTING = re.compile(r"\b(?:direct|order|requir|condition|must|shall)\w*", I)


def _directs_attendance(sentence: str) -> bool:
    m = ATTEND.search(sentence)
    if m is None or negated(sentence, ATTEND):
        return False
    return m.group().lower() != "attendance" or bool(_DIRECTING.search(sentence))


# "Neither parent is to attend", "need not attend", "is not directed to attend", "shall
# not attend": a directing verb that directs nothing. "no later than" is a deadline.
_NEGATION = re.compile(r"\b(?:not|never|neither|nor|no|none|nobody)\b(?! later than)|n[’']t\b", I)


def negated(sentence: str, verb: re.Pattern[str]) -> bool:
    """Whether the first ``verb`` in ``sentence`` is negated: a negation word before it in
    the same clause (after the last comma or semicolon)."""
    m = verb.search(sentence)
    if m is None:
        return False
    clause = re.split(r"[,;:]", sentence[:m.end()])[-1]
    return bool(_NEGATION.search(clause))


def near(text: Text, index: int, pattern: re.Pattern[str], span: int = 1) -> bool:
    lo, hi = max(0, index - span), min(len(text.paragraphs), index + span + 1)
    return any(pattern.search(p) for p in text.paragraphs[lo:hi])


def is_final(text: Text) -> bool:
    head = " ".join(text.paragraphs[:25])
    return bool(FINAL.search(text.whole)) and not NOT_FINAL.search(head)


# --- Shared by the issue-3 rules (statute, dates, providers, safety, referrer) ---------
#
# PDF text comes back with several order paragraphs run together (LibreOffice's PDFs carry
# no blank line between them), so the newer heuristics look at *sentences* inside a
# paragraph wherever a paragraph-wide match would pair words from unrelated directions.

MIAM = re.compile(r"\bMIAMs?\b|mediation information and assessment meeting", I)
SPIP = re.compile(
    r"\bSPIPs?\b|separated parent(?:s|ing)? information programme|"
    r"parenting information programme|planning together for children",
    I,
)
ACTIVITY = re.compile(
    DVPP.pattern + "|" + MIAM.pattern + "|" + SPIP.pattern + r"|\bactivity programme\b", I,
)
DIRECTS_ATTEND = re.compile(
    r"\b(?:must|shall|(?:is|are) to|will)\s+(?:(?:\w+|[\w’']+)\s+){0,2}?attend\b|"
    r"\b(?:is|are)\s+(?:hereby\s+)?(?:directed|ordered|required)\s+to\s+attend\b|"
    r"\bthat\s+[^.;]{1,80}?\battends\b",
    I,
)
FEMALE = re.compile(
    r"\b(?:mother|ms|mrs|miss|she|her|wife|grandmother|stepmother|woman|female)\b", I,
)
ROLE = re.compile(
    r"\b(?:(?:applicant|respondent|first|second|paternal|maternal)\s+)*"
    r"(?:father|mother|applicant|respondent|grandmother|grandfather|stepfather|stepmother)\b",
    I,
)
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|No|St|cf|eg|ie))(?<!\bMrs)(?<!\be\.g)(?<!\bi\.e)"
    r"([.;!?])\s+(?=[A-Z0-9(“\"‘'])"
)
# A capitalised word that ends in a small letter, so double-barrelled and Irish or Scottish
# names hold together ("Parry-Jones", "O'Brien", "McDonald") and "CAFCASS" is not a name.
_WORD = r"[A-Z][A-Za-z’'-]*[a-z]"
_NAME = re.compile(rf"\b{_WORD}\.?(?:\s+{_WORD})+")
_NOT_NAME = {"You", "The", "It", "Court", "Domestic", "Violence", "Perpetrator", "Programme",
             "Cafcass", "Activity", "Ordered", "Council", "County", "City", "Family"}


@functools.lru_cache(maxsize=4096)
def sentences(paragraph: str) -> tuple[str, ...]:
    """Split one paragraph into sentences, keeping 'Mr', 'e.g.' and '1.' labels intact.

    Cached: some twenty rules split the same paragraphs, which was a third of validating a
    foreign document before (46,000 splits for 140 documents)."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        end = m.end(1)
        piece = paragraph[start:end].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return tuple(out)


@functools.lru_cache(maxsize=256)
def sentence_find(text: Text, *patterns: re.Pattern[str]) -> tuple[tuple[int, str], ...]:
    """(paragraph index, sentence) for every sentence matching all ``patterns``; cached, as
    several rules ask the same question of one document."""
    return tuple((i, s) for i, para in enumerate(text.paragraphs) for s in sentences(para)
                 if all(p.search(s) for p in patterns))


@functools.lru_cache(maxsize=64)
def activity_ordered(text: Text, pattern: re.Pattern[str]) -> tuple[tuple[int, str], ...]:
    """Sentences that direct someone to attend the activity ``pattern`` names.

    The activity and a directing verb ('must attend', 'is directed to attend', 'that X
    attends') in one sentence, or an item naming the activity after a 'must attend the
    following' line (the 2016 template layout, where the items are their own paragraphs).
    """
    hits: list[tuple[int, str]] = []
    follows = False
    for i, para in enumerate(text.paragraphs):
        found = False
        for s in sentences(para):
            if pattern.search(s) and DIRECTS_ATTEND.search(s) and not negated(s, DIRECTS_ATTEND):
                hits.append((i, s))
                found = True
        if not found and follows and pattern.search(para) and len(para) < 160:
            hits.append((i, para))
        if re.search(r"must attend the following", para, I):
            follows = True
        elif len(para) > 160:
            follows = False
    return tuple(hits)


@dataclasses.dataclass(frozen=True)
class Participant:
    """Who a direction is addressed to, as far as the words before 'attend' tell."""

    subject: str
    names: tuple[str, ...]
    roles: tuple[str, ...]

    @property
    def female(self) -> bool:
        return bool(FEMALE.search(self.subject))

    def mentioned_in(self, sentence: str) -> bool:
        low = sentence.lower()
        return any(n.lower() in low for n in self.names) or any(
            re.search(rf"\b{re.escape(r)}\b", low) for r in self.roles)


_SUBJECT = re.compile(
    r"^(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s+)?(?P<s>.{1,160}?)\s+"
    r"(?:must|shall|is to|are to|will|"
    r"(?:is|are)\s+(?:hereby\s+)?(?:directed|ordered|required)\s+to)\s+(?:\w+\s+){0,2}?attend\b|"
    r"\bthat\s+(?P<t>[^.;]{1,80}?)\s+attends\b",
    I,
)


_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+")
_ROLE_QUALIFIERS = {"first", "second", "paternal", "maternal"}


def participant(sentence: str) -> Participant | None:
    """The person a sentence directs to attend: their names and role words."""
    m = _SUBJECT.search(sentence)
    if not m:
        return None
    subject = (m.group("s") or m.group("t") or "").strip(" ,")
    # "The mother's advocate asked that John Smith must attend": the one directed is the
    # subject of the reported clause, not the person asking.
    subject = re.split(r"\bthat\s+", subject)[-1].strip(" ,")
    full = [_HONORIFIC.sub("", n) for n in _NAME.findall(subject)
            if not set(n.split()) & _NOT_NAME]
    full = [n for n in full if " " in n]
    titles = ("Ms", "Mrs", "Miss") if FEMALE.search(subject) else ("Mr",)
    names = tuple(dict.fromkeys(
        [*full, *(f"{t} {n.split()[-1]}" for n in full for t in titles)]))
    roles = tuple(dict.fromkeys(
        w for r in ROLE.finditer(subject) for w in r.group().lower().split()
        if w not in _ROLE_QUALIFIERS))
    return Participant(subject, names, roles)
