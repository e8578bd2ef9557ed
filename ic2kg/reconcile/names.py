"""Organisation names reduced to comparison keys: case, accents, punctuation, legal forms.

Two names that differ only in case, accents, punctuation, ``&``/"and", legal-form words
("GmbH", "Ltd.", "有限公司") or a leading "The" get the same :func:`name_key`. Word order is
ignored by :func:`token_key` ("University of Oxford" and "Oxford University"). Chinese,
Japanese and Korean names keep their characters; only spaces, punctuation and legal forms are
dropped. The keys are stable: the ``cordis`` importer and the ROR matcher index by them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

# Legal-form and company-type words, dropped because registries disagree on whether a name
# carries them ("Roche Holding AG" / "Roche Holding"). Lower-case, without punctuation, as
# :func:`_latin_words` leaves them ("S.p.A." -> "s p a" is joined to "spa" first).
LEGAL_FORMS: frozenset[str] = frozenset(
    {
        "ab",
        "ag",
        "as",
        "asa",
        "bv",
        "co",
        "company",
        "corp",
        "corporation",
        "cv",
        "eg",
        "ev",
        "eeig",
        "gbr",
        "ggmbh",
        "gmbh",
        "inc",
        "incorporated",
        # Italian research-hospital status, written before or after the name.
        "irccs",
        "kft",
        "kg",
        "kgaa",
        "limited",
        "llc",
        "llp",
        "lp",
        "ltd",
        "nv",
        "oy",
        "oyj",
        "plc",
        "pty",
        "sa",
        "sarl",
        "sas",
        "se",
        "spa",
        "sl",
        "sp",
        "srl",
        "sro",
        "zoo",
    }
)

# Chinese company-form suffixes, longest first so that "股份有限公司" goes before "有限公司".
CJK_LEGAL_FORMS: tuple[str, ...] = ("股份有限公司", "有限责任公司", "有限公司", "株式会社")

# Words without weight in a token key ("University of Oxford" ~ "Oxford University").
STOP_WORDS: frozenset[str] = frozenset(
    {"the", "of", "and", "for", "de", "del", "della", "di", "du", "des", "la", "le", "van", "von"}
)

# British and American spellings registries mix ("CSC - IT Center for Science").
SPELLINGS: dict[str, str] = {
    "centre": "center",
    "centres": "centers",
    "organisation": "organization",
    "organisations": "organizations",
    "programme": "program",
    "programmes": "programs",
}

_PUNCTUATION = re.compile(r"[^\w]+", re.UNICODE)
_DOTTED_INITIALS = re.compile(r"\b(?:\w\.){2,}", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def is_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese, Japanese or Korean characters.

    >>> is_cjk("北京大学"), is_cjk("Peking University")
    (True, False)
    """
    return _CJK.search(text) is not None


def fold(text: str) -> str:
    """Case-folded, accent-free, width-normalised text (NFKC, then combining marks dropped).

    >>> fold("Universität Zürich")
    'universitat zurich'
    """
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # ß, ø, æ, đ, ł have no combining decomposition but registries spell them both ways.
    table = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l"})
    return unicodedata.normalize("NFC", stripped).casefold().translate(table)


def _latin_words(text: str) -> list[str]:
    folded = fold(text).replace("&", " and ")
    folded = _DOTTED_INITIALS.sub(lambda m: m.group(0).replace(".", ""), folded)
    return [word for word in _PUNCTUATION.sub(" ", folded).replace("_", " ").split() if word]


def words(name: str) -> list[str]:
    """The words of a name after folding, without legal forms and a leading "the".

    >>> words("The Hospital for Sick Children, Inc.")
    ['hospital', 'for', 'sick', 'children']
    """
    found = [SPELLINGS.get(w, w) for w in _latin_words(name) if w not in LEGAL_FORMS]
    if found and found[0] == "the":
        found = found[1:]
    return found


def name_key(name: str) -> str:
    """The comparison key of a name: equal keys mean the same name up to form.

    >>> name_key("Karolinska Institutet") == name_key("KAROLINSKA INSTITUTET")
    True
    >>> name_key("F. Hoffmann-La Roche Ltd.")
    'f hoffmann la roche'
    >>> name_key("华大基因股份有限公司")
    '华大基因'
    """
    if is_cjk(name):
        text = _PUNCTUATION.sub("", fold(name)).replace("_", "")
        for suffix in CJK_LEGAL_FORMS:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                break
        return text
    return " ".join(words(name))


def token_key(name: str) -> str:
    """The words of :func:`name_key` without stop words, sorted: a key blind to word order.

    >>> token_key("University of Oxford") == token_key("Oxford University")
    True
    """
    if is_cjk(name):
        return name_key(name)
    return " ".join(sorted(word for word in words(name) if word not in STOP_WORDS))


def acronym_key(name: str) -> str:
    """The form acronyms are compared in: folded, letters and digits only.

    >>> acronym_key("C.N.R.S."), acronym_key("Inserm")
    ('cnrs', 'inserm')
    """
    return "".join(_latin_words(name))


_DASHES = re.compile(r"\s+[\u2014\u2013-]\s+|:\s+")
_TRAILING_PARENTHESIS = re.compile(r"^(.*?)\s*[(（]([^()（）]+)[)）]\s*$")


def without_parenthesis(name: str) -> str | None:
    """The name without a trailing parenthesis, or None when it has none.

    >>> without_parenthesis("CSC - IT Center for Science (Finland)")
    'CSC - IT Center for Science'
    """
    match = _TRAILING_PARENTHESIS.match(name)
    return match.group(1).strip() or None if match else None


def name_variants(name: str) -> list[str]:
    """Shorter forms a name is also written in, the name itself excluded.

    The parts around a dash or colon ("BBMRI-ERIC — Biobanking and ... Infrastructure"), the
    name without a trailing parenthesis and the parenthesis itself when it is an acronym
    ("Instituto de Salud Carlos III (ISCIII)"), and the head of a comma-separated name
    ("Fuwai Hospital, Chinese Academy of Medical Sciences"; the tail names a parent).

    >>> name_variants("National Institute of Oncology (Hungary)")
    ['National Institute of Oncology']
    >>> name_variants("EATRIS ERIC — European Infrastructure for Translational Medicine")
    ['EATRIS ERIC', 'European Infrastructure for Translational Medicine']
    >>> name_variants("Beijing Institute of Genomics, Chinese Academy of Sciences")
    ['Beijing Institute of Genomics']
    """
    found: list[str] = []
    match = _TRAILING_PARENTHESIS.match(name)
    if match:
        found.append(match.group(1))
        if looks_like_acronym(match.group(2)):
            found.append(match.group(2))
    found += _DASHES.split(name)
    if ", " in name:
        found.append(name.split(", ", 1)[0])
    seen: set[str] = {name}
    unique = []
    for variant in (v.strip() for v in found):
        if variant and variant not in seen:
            seen.add(variant)
            unique.append(variant)
    return unique


def looks_like_acronym(name: str) -> bool:
    """Whether a name is written as an acronym: one word of 2-10 characters, mostly capitals.

    >>> looks_like_acronym("PKU"), looks_like_acronym("Inserm"), looks_like_acronym("BBMRI-ERIC")
    (True, False, True)
    """
    compact = re.sub(r"[\s.\-&/]", "", name)
    if not 2 <= len(compact) <= 12 or not compact.isalnum() or is_cjk(compact):
        return False
    capitals = sum(1 for c in compact if c.isupper() or c.isdigit())
    return capitals >= max(2, int(0.6 * len(compact)))


def word_table(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated word list shipped with the package; lines starting with "#"
    are comments, the first other line names the columns."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return list(csv.DictReader(lines, delimiter="\t"))


# The words of organisation names that registries write in their own language, in English,
# so that a name and its translation meet ("Erasmus Universitair Medisch Centrum" / "Erasmus
# University Medical Center"): generic words only, listed in generic-words.tsv beside this file.
TRANSLATIONS: dict[str, tuple[str, ...]] = {}
for _row in word_table(Path(__file__).with_name("generic-words.tsv")):
    TRANSLATIONS[_row["english"]] = (*TRANSLATIONS.get(_row["english"], ()), _row["form"])
_TRANSLATED = {
    word: english for english, forms in TRANSLATIONS.items() for word in forms if " " not in word
}
_PHRASES = [
    (form, english) for english, forms in TRANSLATIONS.items() for form in forms if " " in form
]
GENERIC_WORDS: frozenset[str] = frozenset(TRANSLATIONS)
# Words of the legal form that name_key keeps because they are also ordinary words elsewhere.
LONG_LEGAL_FORMS: frozenset[str] = frozenset(
    {"aktiengesellschaft", "gesellschaft", "mbh", "beschrankter", "haftung", "societa"}
)
# Stop words of the languages TRANSLATIONS covers ("Centre de Regulació", "Istituto di").
FOREIGN_STOP_WORDS: frozenset[str] = frozenset(
    {"da", "das", "do", "dos", "der", "die", "den", "het", "el", "y", "e", "et", "und", "en"}
    | {"i", "a", "per", "degli", "delle", "dello", "voor", "fur", "fuer", "w", "im", "d", "l"}
)


def translated_words(name: str, drop: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words of ``name`` with its generic words in English, without stop words, legal
    forms or the words in ``drop`` (such as the city an organisation is in).

    >>> sorted(translated_words("ERASMUS UNIVERSITAIR MEDISCH CENTRUM ROTTERDAM",
    ...                         frozenset({"rotterdam"})))
    ['center', 'erasmus', 'medical', 'university']
    >>> translated_words("United Kingdom Research and Innovation") == translated_words(
    ...     "UK Research and Innovation")
    True
    """
    if is_cjk(name):
        return frozenset({name_key(name)})
    text = " ".join(words(name))
    for phrase, english in _PHRASES:
        text = re.sub(rf"\b{phrase}\b", english, text)
    found = (_TRANSLATED.get(w, w) for w in text.split())
    return frozenset(
        w
        for w in found
        if w not in STOP_WORDS
        and w not in FOREIGN_STOP_WORDS
        and w not in LONG_LEGAL_FORMS
        and w not in drop
    )


def initials(name: str) -> str:
    """The initials of a name's words without stop words and legal forms, upper case: what an
    acronym of the name would be ("United Kingdom Research and Innovation" -> "UKRI").

    >>> initials("United Kingdom Research and Innovation"), initials("Capital Medical University")
    ('UKRI', 'CMU')
    """
    found = [w for w in words(name) if w not in STOP_WORDS and w not in FOREIGN_STOP_WORDS]
    return "".join(w[0] for w in found if w not in LONG_LEGAL_FORMS).upper()
