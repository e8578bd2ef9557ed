"""Display names of imported organisations: normal case for the upper-case legal names of
registries such as CORDIS, and the label and alternative labels an organisation is shown with.

CORDIS writes "AGENCIA ESTATAL CONSEJO SUPERIOR DE INVESTIGACIONES CIENTIFICAS"; a reader expects
"Agencia Estatal Consejo Superior de Investigaciones Cientificas". The rules keep what upper case
means in a name (acronyms, Roman numerals, initials, legal forms written in capitals) and write
particles ("de", "di", "von", "of") in lower case, as the organisations write them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ic2kg.reconcile.names import word_table
from ic2kg.reconcile.records import ACRONYM, DISPLAY, RorName, english_aliases, english_name

# The casing lexicon (name-casing.tsv beside this file), by kind of word.
_CASING: dict[str, list[str]] = {}
for _row in word_table(Path(__file__).with_name("name-casing.tsv")):
    _CASING.setdefault(_row["kind"], []).append(_row["word"])
# Legal forms in the case their own registers write them, by their upper case.
LEGAL_FORMS: dict[str, str] = {form.upper(): form for form in _CASING["legal-form"]}
# Legal forms written with dots, matched with their dots.
DOTTED_FORMS: dict[str, str] = {form.upper(): form for form in _CASING["dotted-legal-form"]}
# Words written in lower case inside a name.
PARTICLES = frozenset(_CASING["particle"])
# Common short words that are words, not acronyms, in upper-case names.
SHORT_WORDS = frozenset(_CASING["short-word"])
# Acronyms with vowels that CORDIS names often contain: the rules below would lower-case them.
KNOWN_ACRONYMS = frozenset(_CASING["acronym"])
_ROMAN = re.compile(r"^(?=[MDCLXVI]{2,}$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_VOWELS = frozenset("AEIOUYÀÁÂÃÄÅÆÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜÝ")
_TOKEN = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?|[^\W_]+", re.UNICODE)


def is_shouted(name: str) -> bool:
    """Whether a name is written all in capitals (no lower case; a lone word of up to six
    letters is an acronym, not a shouted name)."""
    bare = re.sub(
        r"\b(?:" + "|".join(re.escape(f) for f in DOTTED_FORMS.values()) + r")", " ", name
    )
    letters = [c for c in bare if c.isalpha() and c.lower() != c.upper()]
    if not letters or any(c.islower() for c in letters):
        return False
    words = re.findall(r"[^\W\d_]+", bare)
    # A single short word is an acronym ("CNRS", "CSIC"), not a shouted name.
    return not (len(words) == 1 and len(words[0]) <= 6)


def split_glued_forms(word: str) -> list[str]:
    """Two legal forms a registry wrote as one word ("LIMITEDIPS": Limited, IPS) split apart."""
    upper = word.upper()
    for size in range(2, len(upper) - 1):
        head, tail = upper[:size], upper[size:]
        # Only with "LIMITED": two short forms side by side are more often an acronym ("SAAS").
        if (head == "LIMITED" and tail in LEGAL_FORMS) or (
            head in LEGAL_FORMS and tail == "LIMITED"
        ):
            return [word[:size], word[size:]]
    return [word]


# Particles a registry glues to the next or previous word ("OFCHINESE", "INSTITUTEOF").
_GLUED_BEFORE = ("AND", "THE", "OF", "DE")
_GLUED_AFTER = ("OF", "IN", "DE", "FUR")


def word_counts(names: Iterable[str]) -> Counter[str]:
    """In how many of ``names`` each upper-cased word occurs: the registry's own vocabulary."""
    return Counter(w for name in set(names) for w in set(re.findall(r"[^\W\d_]+", name.upper())))


def split_glued_particles(word: str, vocabulary: Mapping[str, int]) -> list[str]:
    """A word the registry wrote with a particle glued on, split when the split is certain.

    It is split only when the whole occurs in one name of the registry and the rest, of four
    letters or more, in others, and only one split fits: "OFCHINESE" -> OF CHINESE,
    "COMMERCEIN" -> COMMERCE IN, but "INFORMATION" (a word of many names) stays.
    """
    upper = word.upper()
    if len(upper) < 6 or vocabulary.get(upper, 0) > 1:
        return [word]
    splits = [
        size
        for size in range(2, len(upper) - 1)
        if (upper[:size] in _GLUED_BEFORE and _known(upper[size:], vocabulary))
        or (upper[size:] in _GLUED_AFTER and _known(upper[:size], vocabulary))
    ]
    return [word[: splits[0]], word[splits[0] :]] if len(splits) == 1 else [word]


def _known(word: str, vocabulary: Mapping[str, int]) -> bool:
    return len(word) >= 4 and vocabulary.get(word, 0) >= 2


def _looks_like_acronym(word: str, keep: frozenset[str]) -> bool:
    upper = word.upper()
    if upper in keep or upper in KNOWN_ACRONYMS:
        return True
    if any(c.isdigit() for c in word):
        return True
    letters = upper.replace(".", "")
    if "." in word and len(letters) <= 6 and all(len(p) == 1 for p in upper.strip(".").split(".")):
        return True  # initials such as C.I.R.A.
    if _ROMAN.match(letters):
        return True
    if len(letters) <= 3 and letters.lower() not in SHORT_WORDS:
        return True
    return len(letters) <= 5 and not (set(letters) & _VOWELS)


def _word_case(word: str, first: bool, keep: frozenset[str], marked: bool) -> str:
    upper = word.upper()
    lower = word.lower()
    if upper in DOTTED_FORMS:
        return DOTTED_FORMS[upper]
    if lower.rstrip(".") in PARTICLES:
        return word[:1].upper() + lower[1:] if first else lower
    if upper.replace(".", "") in LEGAL_FORMS and not first:
        form = LEGAL_FORMS[upper.replace(".", "")]
        return form + ("." if word.endswith(".") else "")
    if upper == "LIMITED":
        return "Limited"
    if _looks_like_acronym(word, keep) or (marked and len(upper) <= 6):
        return upper
    return word[:1].upper() + word[1:].lower()


def display_case(
    name: str, acronyms: Iterable[str] = (), vocabulary: Mapping[str, int] | None = None
) -> str:
    """``name`` in normal case when it is written all in capitals, else unchanged.

    ``acronyms`` are words to keep in capitals whatever they look like (an organisation's own
    acronyms, such as ROR lists them); ``vocabulary`` (:func:`word_counts` of the registry's
    names) lets particles glued to a word be split off.

    >>> display_case("AGENCIA ESTATAL CONSEJO SUPERIOR DE INVESTIGACIONES CIENTIFICAS")
    'Agencia Estatal Consejo Superior de Investigaciones Cientificas'
    >>> display_case("ETH ZURICH")
    'ETH Zurich'
    """
    if not is_shouted(name):
        return name
    keep = frozenset(a.upper() for a in acronyms if a)
    out: list[str] = []
    position = 0
    first = True
    for match in _TOKEN.finditer(name):
        gap = name[position : match.start()]
        out.append(gap)
        word = match.group()
        if gap == "'" and word.upper() == "S":  # the possessive of "PEOPLE'S"
            out.append("s")
            position = match.end()
            first = False
            continue
        parts = [
            piece
            for part in split_glued_forms(word)
            for piece in (split_glued_particles(part, vocabulary) if vocabulary else [part])
        ]
        for index, part in enumerate(parts):
            if index:
                out.append(" ")
            # A word after an opening bracket or a dash starts a new phrase.
            starts = first or gap.rstrip().endswith(("(", "*")) or gap in (" - ", " – ")
            # A lone word in brackets or after a star is an acronym: "(CATR)", "SCIENCES*JAAS".
            alone = gap.rstrip().endswith("(") and name[match.end() :].lstrip().startswith(")")
            marked = alone or gap.endswith("*")
            out.append(_word_case(part, starts and index == 0, keep, marked))
        first = False
        position = match.end()
    out.append(name[position:])
    return _apostrophes("".join(out))


def _apostrophes(text: str) -> str:
    """Elisions: "D'AERONOMIE" -> "d'Aeronomie", "L'ESPACE" -> "l'Espace", "O'BRIEN" stays
    "O'Brien"."""

    def fix(match: re.Match[str]) -> str:
        letter, rest = match.group(1), match.group(2)
        start = match.start() == 0
        if letter.lower() in ("d", "l", "s") and not start:
            return f"{letter.lower()}'{rest[:1].upper()}{rest[1:].lower()}"
        return f"{letter.upper()}'{rest[:1].upper()}{rest[1:].lower()}"

    return re.sub(r"(?<![\w])([A-Za-z])'([^\W\d_]+)", fix, text)


def organisation_names(
    spellings: Sequence[str],
    ror_names: Sequence[RorName] = (),
    vocabulary: Mapping[str, int] | None = None,
) -> tuple[str, list[str]]:
    """The display label and the alternative labels of an organisation.

    ``spellings`` are the registry's names for it, the preferred first; ``ror_names`` the names
    of its ROR record when it is matched to one. The label is ROR's English name, else its
    display name, else the first spelling in normal case; every spelling (the legal name as the
    registry writes it), ROR's acronyms and its English or untagged aliases are alternative
    labels.
    """
    acronyms = [n.value.strip() for n in ror_names if n.kind == ACRONYM]
    label = english_name(ror_names) or display_case(spellings[0], acronyms, vocabulary)
    if not english_name(ror_names):
        # ROR's display name in the organisation's own language when it has no English one.
        shown = [n.value for n in ror_names if n.kind == DISPLAY]
        label = shown[0] if shown else label
    alternatives: list[str] = []
    for name in (*spellings, *english_aliases(ror_names)):
        if name != label and name not in alternatives:
            alternatives.append(name)
    return label, alternatives
