"""Sort order of names as a reader of each language expects: Chinese by pinyin, others by their
letters without accents or case."""

from __future__ import annotations

import unicodedata

from pypinyin import Style, lazy_pinyin


def sort_key(text: str, lang: str = "en") -> tuple[str, str]:
    """A key that sorts Chinese names by pinyin (tone number after each syllable) and other
    names by their letters; the text itself breaks ties.

    >>> sorted(["中国", "德国", "西班牙"], key=lambda t: sort_key(t, "zh"))
    ['德国', '西班牙', '中国']
    >>> sorted(["Zambia", "Åland", "estonia"], key=sort_key)
    ['Åland', 'estonia', 'Zambia']
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    if lang == "zh":
        # Characters without a reading (Latin letters, digits) pass through unchanged.
        folded = " ".join(lazy_pinyin(folded, style=Style.TONE3, errors="default"))
    return folded, text
