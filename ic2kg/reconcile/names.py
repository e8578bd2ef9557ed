"""Organisation names reduced to comparison keys: case, accents, punctuation, legal forms.

Two names that differ only in case, accents, punctuation, ``&``/"and", legal-form words
("GmbH", "Ltd.", "有限公司") or a leading "The" get the same :func:`name_key`. Word order is
ignored by :func:`token_key` ("University of Oxford" and "Oxford University"). Chinese,
Japanese and Korean names keep their characters; only spaces, punctuation and legal forms are
dropped. The keys are stable: the ``cordis`` importer and the ROR matcher index by them.
"""

from __future__ import annotations

import re
import unicodedata

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
    found = [word for word in _latin_words(name) if word not in LEGAL_FORMS]
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
