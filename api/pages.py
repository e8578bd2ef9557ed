"""What every web page shares: the site layout and its strings in English and Chinese, the
label index, links to entity pages, and the HTML "not found" page with its search box.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import AppState
from api.models import Named, SearchHit
from ic2kg.collation import sort_key
from ic2kg.namespaces import KG
from ic2kg.search import CATEGORIES, IndexedEntity, LabelIndex, Lang, local_name
from ic2kg.sparql.protocol import negotiate

API_DIR = Path(__file__).resolve().parent
STATIC_DIR = API_DIR / "static"
I18N_DIR = STATIC_DIR / "web" / "i18n"
TEMPLATES = Jinja2Templates(directory=str(API_DIR / "templates"))
INDEX_KEY = "web-label-index"

LangQuery = Annotated[Lang, Query(description="Language of the interface and the data labels.")]


@lru_cache(maxsize=2)
def strings(lang: Lang) -> dict[str, str]:
    """The interface strings of api/static/web/i18n/<lang>.json (English fills any gap)."""
    english: dict[str, str] = json.loads((I18N_DIR / "en.json").read_text(encoding="utf-8"))
    if lang == "en":
        return english
    chosen: dict[str, str] = json.loads((I18N_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    return {**english, **chosen}


def render(
    request: Request, template: str, lang: Lang, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """``web/<template>`` in the site layout, with the strings of ``lang``."""
    t = strings(lang)
    return TEMPLATES.TemplateResponse(
        request,
        f"web/{template}",
        {
            "lang": lang,
            "t": t,
            "strings_json": json.dumps(t, ensure_ascii=False),
            "path": request.url.path,
            "query": dict(request.query_params),
            "categories": CATEGORIES,
            **context,
        },
        status_code=status,
    )


def label_index(state: AppState) -> LabelIndex:
    """The label index (built at start-up; built here if an app skipped the lifespan)."""
    return state.cached(INDEX_KEY, lambda: LabelIndex.build(state.store))


def entity_href(iri: str, lang: Lang | None = None) -> str:
    """The page of an entity: /id/<local> for ic2kg entities, the IRI itself otherwise."""
    if not iri.startswith(str(KG)):
        return iri
    page = f"/id/{iri[len(str(KG)) :]}"
    return f"{page}?lang={lang}" if lang == "zh" else page


def explore_href(iri: str, lang: Lang) -> str:
    """The neighbourhood of an entity: the picture on its page."""
    return f"{entity_href(iri)}?lang={lang}#neighbourhood"


def named(index: LabelIndex, iri: str, lang: Lang) -> Named:
    """``iri`` with its label and page."""
    entity = index.entities.get(iri)
    label = entity.label(lang) if entity else local_name(iri)
    return Named(
        iri=iri,
        label=label,
        href=entity_href(iri, lang),
        translated=bool(entity and label in entity.translated),
    )


def hit(index: LabelIndex, entity: IndexedEntity, matched: str, lang: Lang) -> SearchHit:
    """A search result for ``entity`` (``matched``: the name that matched, if another)."""
    label = entity.label(lang)
    other = entity.other_label(lang)
    country = None
    if entity.country and entity.country != entity.iri:
        country = named(index, entity.country, lang)
    return SearchHit(
        iri=entity.iri,
        label=label,
        translated=label in entity.translated,
        other_label=other,
        matched=matched if matched and matched not in (label, other) else None,
        kinds=sorted(
            {k.label(lang) for k in entity.kinds.values()}, key=lambda k: sort_key(k, lang)
        ),
        categories=sorted(entity.categories),
        group=entity.group,
        country=country,
        href=entity_href(entity.iri, lang),
        explore=explore_href(entity.iri, lang),
    )


def wants_html(request: Request) -> bool:
    """Whether the client is a browser asking for a page (API clients get problem+json)."""
    accept = request.headers.get("accept")
    # "*/*" alone (curl, HTTP libraries) is not a browser: it keeps the problem body.
    if not accept or "text/html" not in accept:
        return False
    return negotiate(accept, ["text/html", "application/json"], {}) == "text/html"


def not_found_page(request: Request, detail: str) -> HTMLResponse:
    """The HTML 404: what was not found, and a search box to find it."""
    lang: Lang = "zh" if request.query_params.get("lang") == "zh" else "en"
    guess = local_name(request.url.path.rstrip("/")).replace("-", " ")
    return render(request, "not-found.html", lang, status=404, detail=detail, guess=guess)
