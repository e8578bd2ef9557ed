"""The web pages in a real browser (Chromium) against `uvicorn` on the curated graph.

Facts asserted here are true of the curated graph and stay true as curators add data (Spain is a
European country, ISCIII a Spanish funder, NSFC a Chinese funder named 国家自然科学基金委员会).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from playwright.sync_api import expect
from servers import MIN_INK, chart_ink

from ic2kg.namespaces import KG

if TYPE_CHECKING:
    from playwright.sync_api import Page


def search_for(page: Page, text: str) -> None:
    """Type into the search box (as a person would) and wait for the results of that text."""
    box = page.get_by_role("searchbox")
    box.fill("")
    box.press_sequentially(text, delay=20)
    page.wait_for_function(
        """(q) => new URL(location.href).searchParams.get('q') === q
            && (document.getElementById('results').dataset.query || '').split('|')[0] === q""",
        arg=text.strip(),
    )


def test_search_finds_spain_in_english_and_chinese(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/?lang=en")
    search_for(page, "Spain")
    first = page.locator("#results li.hit").first
    assert first.get_attribute("data-iri") == str(KG["country-ES"])
    assert first.locator(".hit-label").inner_text() == "Spain"
    assert "西班牙" in first.inner_text(), "the other language's label is shown beside"
    page.screenshot(path=str(output_dir / "search-spain-en.png"), full_page=True)

    page.goto(f"{web_url}/?lang=zh")
    search_for(page, "西班牙")
    first = page.locator("#results li.hit").first
    assert first.get_attribute("data-iri") == str(KG["country-ES"])
    assert first.locator(".hit-label").inner_text() == "西班牙"
    assert "国家" in first.locator(".kinds").inner_text(), "kind label in Chinese"
    page.screenshot(path=str(output_dir / "search-spain-zh.png"), full_page=True)


def test_search_finds_chinese_organisation_and_accentless_names(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/?lang=zh")
    search_for(page, "国家自然科学基金委员会")
    iris = page.locator("#results li.hit").evaluate_all("els => els.map(e => e.dataset.iri)")
    assert iris[0] == str(KG["org-nsfc"]), iris
    assert "中国" in page.locator("#results li.hit").first.locator(".country").inner_text()

    page.goto(f"{web_url}/?lang=en")
    search_for(page, "Universita Cattolica")
    first = page.locator("#results li.hit").first
    assert first.get_attribute("data-iri") == str(KG["org-ucsc"])
    assert first.locator(".hit-label").inner_text() == "Università Cattolica del Sacro Cuore"
    assert "Italy" in first.locator(".country").inner_text()
    page.screenshot(path=str(output_dir / "search-accentless.png"), full_page=True)


def test_entity_page_shows_sources_external_links_and_neighbourhood(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/?lang=en&q=Spain")  # results rendered by the server
    page.locator("#results li.hit").first.locator(".hit-label").click()
    page.wait_for_url(re.compile(r"/id/country-ES$"))
    assert "西班牙" in page.locator("h1").inner_text(), "labels in both languages"
    assert page.locator("header.site .lang-switch").is_visible(), "the site's layout"
    sources = page.locator("#src-heading + ul li")
    assert sources.count() >= 1, "the page lists the sources of its statements"
    assert sources.first.locator(".domain").inner_text(), "each source shows its domain"
    identifiers = page.locator("#id-heading + ul a")
    assert any("wikidata.org" in (a.get_attribute("href") or "") for a in identifiers.all())
    assert chart_ink(page, "#neighbourhood") > MIN_INK, "the neighbourhood picture is drawn"
    # Long lists show their first values and fold the rest (text_content reads both).
    relations = page.locator("#rel-heading + dl.relations").text_content() or ""
    assert "based here" in relations, "incoming ic2kg:country read from Spain"
    assert "Instituto de Salud Carlos III" in relations
    body = page.locator("main").inner_text()
    for raw in ("ic2kg:", "dcterms:", "org:", "skos:", "application/ld+json", "text/turtle"):
        assert raw not in body, f"raw term {raw!r} on the page"
    page.screenshot(path=str(output_dir / "entity-page.png"), full_page=True)


def test_partner_page_in_chinese_reads_relations_both_ways(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/id/org-isciii?lang=zh")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    relations = page.locator("dl.relations").first.inner_text()
    assert "所属组织" in relations, "org:member read backwards: ISCIII is a member of"
    assert "资助" in relations
    body = page.locator("main").inner_text()
    assert "mem-icpermed" not in body, "memberships are read through, not shown as records"
    for raw in ("ic2kg:", "dcterms:", "org:", "application/"):
        assert raw not in body, f"raw term {raw!r} on the page"
    counts = page.evaluate(
        """() => [...document.querySelectorAll('dl.relations dd ul')].map(
            (ul) => [...ul.querySelectorAll('li > a')].map((a) => a.href))"""
    )
    for hrefs in counts:
        assert len(hrefs) == len(set(hrefs)), f"a relation lists an entity twice: {hrefs}"
    page.screenshot(path=str(output_dir / "entity-isciii-zh.png"), full_page=True)
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert "member of" in page.locator("dl.relations").first.inner_text()


def test_unknown_entity_gets_a_page_with_a_search_box(
    page: Page, web_url: str, output_dir: Path
) -> None:
    response = page.goto(f"{web_url}/id/org-isciiii")
    assert response is not None and response.status == 404
    box = page.get_by_role("searchbox")
    assert box.input_value() == "org isciiii"
    box.fill("isciiii")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=isciiii"))
    page.wait_for_selector("#results li.hit")
    assert page.locator("#results li.hit").first.get_attribute("data-iri") == str(
        KG["org-isciii"]
    ), "a typo still finds ISCIII"
    page.screenshot(path=str(output_dir / "not-found-then-search.png"), full_page=True)


def test_search_understands_countries_and_counts(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/?lang=en")
    page.get_by_label("Kind").select_option("funder")
    search_for(page, "Germany")
    hits = page.locator("#results li.hit")
    assert hits.count() >= 1, "kind=funder with Germany lists German funders"
    assert all("Germany" in h.locator(".country").inner_text() for h in hits.all())
    page.get_by_label("Kind").select_option("")
    search_for(page, "ES")
    assert hits.first.get_attribute("data-iri") == str(KG["country-ES"]), "ES is Spain"
    assert str(KG["country-EE"]) not in hits.evaluate_all("els => els.map(e => e.dataset.iri)")
    search_for(page, "China")
    status = page.locator("#search-status").inner_text()
    shown_total = re.match(r"(\d+) of (\d+) results", status)
    assert shown_total is not None, status
    shown, total = map(int, shown_total.groups())
    assert shown == 30 < total
    page.screenshot(path=str(output_dir / "search-china-30-of-n.png"), full_page=True)
    page.locator("#search-more").click()
    page.wait_for_function(
        "(n) => document.querySelectorAll('#results li.hit').length > n", arg=shown
    )
    assert hits.count() == min(60, total)
    search_for(page, "Instituto de Salud Carlos IIII")  # a typo: one letter too many
    expect(hits.first).to_have_attribute("data-iri", str(KG["org-isciii"]))
    assert "spelled closely" in page.locator("#search-status").inner_text()


def test_explorer_ranks_chinese_partners_for_spain_with_evidence(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES&partners=organisation")
    page.wait_for_selector("#opp-list li.opportunity")
    assert "Spain" in page.locator("#opp-heading").inner_text()
    cards = page.locator("#opp-list li.opportunity")
    assert 1 <= cards.count() <= 10, "ten per page"
    first = cards.first
    partner = first.get_attribute("data-partner") or ""
    # The partner is on the other side: its own statements place it in China.
    near = httpx.get(f"{web_url}/explore/neighbourhood", params={"iri": partner}).json()
    countries = {
        n["iri"]
        for n in near["neighbours"]
        if any(ln["property"].endswith("#country") for ln in n["links"])
    }
    assert str(KG["country-CN"]) in countries, f"{partner} should be based in China"
    # Each reason is a sentence citing its sources (pairs sharing a priority: the next test).
    assert first.locator(".reasons li").count() >= 1
    assert first.locator(".reasons a.domain[href^='http']").count() >= 1, "reasons cite sources"

    assert chart_ink(page, "#heatmap") > MIN_INK
    assert chart_ink(page, "#network-chart") > MIN_INK
    assert page.locator("#matrix tbody tr").count() >= 2
    assert page.locator("#brokers li").count() >= 1
    page.screenshot(path=str(output_dir / "explorer-spain.png"), full_page=True)

    # "how is this scored" opens the ranking's own page in the page's language (issue 28).
    scoring = first.locator("a.how-scored")
    assert scoring.get_attribute("href") == "/gaps/scoring?lang=en"
    scoring.click()
    page.wait_for_url(re.compile(r"/gaps/scoring\?lang=en$"))
    expect(page.locator("h1")).to_contain_text("scored")
    page.screenshot(path=str(output_dir / "scoring-page.png"), full_page=True)


def test_priority_choice_filters_and_lives_in_the_url(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES")
    page.wait_for_selector("#opp-list li.opportunity")
    # The first priority of the picker (the Action Plan in order), chosen by its label.
    choice = page.locator("#priority option").nth(1)
    priority = choice.get_attribute("value") or ""
    assert priority, "the picker lists the Action Plan priorities"
    page.get_by_label(re.compile("Sharing the priority")).select_option(priority)
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(f"priority={priority}"))
    page.wait_for_selector("#opp-list li.opportunity mark")
    cards = page.locator("#opp-list li.opportunity")
    assert cards.count() == page.locator("#opp-list li.opportunity .why mark").count(), (
        "every listed opportunity shares the chosen priority"
    )
    first = cards.first
    first.locator("details.evidence summary").click()
    evidence = first.locator("details.evidence")
    # The highlighted item is the chosen priority, its paths from each side with their sources.
    chosen = evidence.locator("li.highlight")
    assert (chosen.locator("strong a").get_attribute("href") or "").endswith("/" + priority)
    assert chosen.locator(".path").count() == 2, "one path from each side"
    assert chosen.locator(".sources a[href^='http']").count() >= 2, "each path cites sources"

    shared = page.url
    page.goto(shared)  # a shared link opens the same view
    page.wait_for_selector("#opp-list li.opportunity mark")
    assert page.locator("#priority").input_value() == priority
    assert page.locator("#pick-country").input_value() == "ES"

    page.get_by_role("link", name="中文").click()
    page.wait_for_url(re.compile(r"lang=zh"))
    assert f"priority={priority}" in page.url and "country=ES" in page.url
    page.wait_for_selector("#opp-list li.opportunity mark")
    assert "西班牙" in page.locator("#opp-heading").inner_text()
    assert page.get_by_role("link", name="合作探索").get_attribute("aria-current") == "page"
    page.screenshot(path=str(output_dir / "explorer-priority-zh.png"), full_page=True)


def test_sparql_editor_runs_a_saved_question_and_downloads_csv_named_after_it(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/sparql-editor?lang=en")
    page.wait_for_selector(".tabPanel .CodeMirror")
    questions = page.locator("#questions li button.question")
    questions.first.wait_for()
    assert questions.count() > 5, "the saved questions are listed with their question text"
    assert "Funders" in questions.first.inner_text() or "fund" in questions.first.inner_text()
    assert questions.first.get_attribute("aria-pressed") == "true"
    assert "q=cq-01-funders-by-country" in page.url, "an unedited question is shared by name"
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    rows = page.locator(".tabPanel.active .yasr table tbody tr")
    rows.first.wait_for()
    table = page.locator(".tabPanel.active .yasr table")
    assert "Instituto de Salud Carlos III" in table.inner_text()
    # Terms are named, not raw: the country column links Spain's page, the IRI in its title.
    spain = table.locator("a.iri[title='https://w3id.org/ic2kg/id/country-ES']").first
    spain.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.yasr a.iri')].some(a => a.textContent === 'Spain')"
    )
    assert spain.inner_text() == "Spain" and spain.get_attribute("href") == "/id/country-ES"
    text = table.inner_text()
    assert "<https://" not in text and '"@en' not in text and '"Spain"' not in text, text[:300]
    page.screenshot(path=str(output_dir / "sparql-editor.png"), full_page=True)
    with page.expect_download() as download:
        page.locator(".tabPanel.active .yasr_downloadIcon").click()
    assert download.value.suggested_filename == "funders-by-country.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:4] == ["country", "countryLabel", "funder", "funderLabel"], text[:200]


def test_sparql_editor_keeps_edits_and_shares_them(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}/sparql-editor?lang=en")
    page.wait_for_selector("#questions li button.question")
    edited = "SELECT ?s WHERE { ?s a <https://w3id.org/ic2kg/ontology#Country> } LIMIT 3"
    page.evaluate("(q) => window.ic2kgEditor.getTab().setQuery(q)", edited)
    page.wait_for_function("() => new URL(location.href).searchParams.get('query') !== null")
    shared = page.url
    page.reload()
    page.wait_for_selector("#questions li button.question")
    page.wait_for_function(
        "(q) => window.ic2kgEditor && window.ic2kgEditor.getTab().getQuery() === q", arg=edited
    )
    assert page.locator("#questions button[aria-pressed='true']").count() == 0
    page.goto(f"{web_url}/sparql-editor?lang=en&q=cq-01-funders-by-country")
    page.wait_for_function(
        "() => window.ic2kgEditor && window.ic2kgEditor.getTab().getQuery().includes('country-ES')"
    )
    page.goto(shared)  # the share link opens the edited query, not the default one
    page.wait_for_function(
        "(q) => window.ic2kgEditor && window.ic2kgEditor.getTab().getQuery() === q", arg=edited
    )


def test_language_switch_changes_labels_and_is_remembered(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Search the graph").is_visible()
    page.get_by_role("link", name="中文").click()
    page.wait_for_url(re.compile(r"lang=zh"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", name="搜索知识图谱").is_visible()

    page.goto(f"{web_url}/explore")  # no ?lang=: the browser's choice applies
    page.wait_for_url(re.compile(r"lang=zh"))
    assert page.get_by_role("heading", level=1).inner_text() == "合作探索"
    page.wait_for_selector("#opp-list li.opportunity")
    assert "西班牙" in page.locator("#opp-heading").inner_text(), "data labels in Chinese"
    page.screenshot(path=str(output_dir / "explorer-zh.png"), full_page=True)

    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(re.compile(r"lang=en"))
    page.goto(f"{web_url}/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_inputs_are_labelled_and_keyboard_reaches_the_search(page: Page, web_url: str) -> None:
    unlabelled = """() => [...document.querySelectorAll('input:not([type=hidden]), select')]
        .filter((e) => !e.labels || e.labels.length === 0).map((e) => e.outerHTML)"""
    for path in ("/?lang=en", "/explore?lang=en"):
        page.goto(web_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(unlabelled) == [], f"inputs without a label on {path}"
    page.goto(f"{web_url}/?lang=en")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q", "Tab reaches the search box"
    page.keyboard.type("ISCIII")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#results li.hit[data-iri='{KG['org-isciii']}']")


# Pixel position (in the page) of a heatmap cell or a graph node, from the chart's own model.
def test_translated_names_are_marked_in_chinese(page: Page, web_url: str, output_dir: Path) -> None:
    # graph/china.ttl: the Chinese name of the Beijing Institute of Genomics is the curators'
    # translation (ic2kg:translatedLabel), not a name the institute publishes.
    page.goto(f"{web_url}/id/org-big-cas?lang=zh")
    mark = page.locator("h1 abbr.translated")
    assert mark.count() == 1 and mark.inner_text() == "译名"
    assert "ic2kg" in (mark.get_attribute("title") or "")
    page.screenshot(path=str(output_dir / "translated-name-zh.png"))
    page.goto(f"{web_url}/?lang=zh&q=BIG")
    hit = page.locator(f"#results li.hit[data-iri='{KG['org-big-cas']}']")
    assert hit.locator("abbr.translated").count() == 1, "search results mark it too"


def test_organisation_page_shows_its_pm_profile_in_both_languages(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/id/org-isciii")
    section = page.locator("#pm-profile")
    expect(section).to_contain_text("funder of PM activities")
    assert "Takes part in the planner" in section.inner_text()
    assert section.locator("ul.pm-activities li a").count() >= 1
    page.screenshot(path=str(output_dir / "entity-isciii-pm.png"), full_page=True)
    page.goto(f"{web_url}/id/org-isciii?lang=zh")
    expect(page.locator("#pm-profile")).to_contain_text("个性化医学活动资助方")
    assert "funder of PM" not in page.locator("#pm-profile").inner_text()
    page.goto(f"{web_url}/id/country-ES")
    expect(page.locator("h1")).to_contain_text("Spain")
    assert page.locator("#pm-profile").count() == 0, "only organisations have a PM profile"


def test_search_ranks_exact_names_and_pm_bodies_first_grouped_by_kind(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/?lang=en")
    search_for(page, "Spain")
    hits = page.locator("#results li.hit")
    iris = hits.evaluate_all("els => els.map(e => e.dataset.iri)")
    assert iris[0] == str(KG["country-ES"])
    assert iris.index(str(KG["org-isciii"])) <= 3, "ISCIII among the first, not 21st"
    kinds = hits.locator(".kinds").all_inner_texts()
    first_company = next(i for i, k in enumerate([*kinds, "company"]) if "company" in k)
    assert first_company > iris.index(str(KG["org-isciii"])), "PM bodies before companies"
    headings = page.locator("#results li.group-heading h3").all_inner_texts()
    assert headings[:2] == ["Countries (1)", headings[1]] and headings[1].startswith("Funders ("), (
        headings
    )
    assert "Funders" in page.locator("#search-groups").inner_text()
    page.screenshot(path=str(output_dir / "search-spain-grouped.png"), full_page=False)
    # A kind's count is a link that keeps only that kind.
    page.locator("#search-groups a.group-link[data-kind='funder']").click()
    page.wait_for_function(
        "() => document.getElementById('results').dataset.query === 'Spain|funder'"
    )
    assert page.locator("#results li.group-heading").count() == 1

    page.get_by_label("Kind").select_option("")
    search_for(page, "CSIC")  # no acronym in the data: the initials of its name
    first = hits.first
    expect(first.locator(".hit-label")).to_have_text(
        "AGENCIA ESTATAL CONSEJO SUPERIOR DE INVESTIGACIONES CIENTIFICAS"
    )

    page.goto(f"{web_url}/?lang=zh")
    search_for(page, "西班牙")
    iris = hits.evaluate_all("els => els.map(e => e.dataset.iri)")
    assert iris[:2] == [str(KG["country-ES"]), str(KG["org-isciii"])], iris[:5]
    expect(page.locator("#results li.group-heading h3").first).to_have_text("国家（1）")
    page.screenshot(path=str(output_dir / "search-spain-zh-grouped.png"), full_page=False)
    search_for(page, "国家自然科学基金会")  # shortened: no name contains it
    assert hits.first.get_attribute("data-iri") == str(KG["org-nsfc"])


CSIC = "org-cordis-agencia-estatal-consejo-superior-de-investigaciones-cientificas-es"


def test_entity_pages_name_places_and_sources_and_fold_long_lists(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/id/bb-cngb")  # China National GeneBank, located by ROR in GeoNames
    place = page.locator("dl.relations a[href^='https://sws.geonames.org/']").first
    expect(place).to_have_text("Shenzhen")
    assert "sws.geonames.org" not in page.locator("main").inner_text().replace("geonames.org", "")

    page.goto(f"{web_url}/id/{CSIC}")
    sources = page.locator("#src-heading ~ ul.sources-list a, #src-heading ~ details a")
    texts = sources.all_inner_texts()
    assert len(texts) > 12 and not any(t.startswith("cordis.europa.eu") for t in texts), texts[:5]
    assert "Advanced solutions for assuring the overall authenticity" in " ".join(texts)
    more = page.locator("dl.relations details.more-values summary").first
    expect(more).to_contain_text(re.compile(r"Show the other \d+"))
    assert page.locator("dl.relations dd").first.locator(":scope > ul > li").count() <= 12
    page.screenshot(path=str(output_dir / "entity-csic.png"), full_page=True)

    page.goto(f"{web_url}/id/country-ES")
    first_section = page.locator("article.entity section").first
    expect(first_section).to_have_attribute("id", "pm-bodies")
    funders = first_section.locator("dt", has_text="Funders").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(funders).to_contain_text("Instituto de Salud Carlos III")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 8000, f"the country page is {height} px long"
    page.screenshot(path=str(output_dir / "entity-spain.png"), full_page=True)


def test_sparql_editor_in_chinese_numbers_questions_and_keeps_results_in_the_page(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/sparql-editor?lang=zh")
    questions = page.locator("#questions li button.question")
    expect(questions.first).to_contain_text("资助机构")
    statement = page.locator("#questions li", has_text="关于某实体的陈述来自何处")
    statement.locator("button").click()
    page.wait_for_url(re.compile(r"q=cq-07-statement-sources"))
    expect(statement.locator(".qnum")).to_have_text("7.")
    # Every number is drawn whole inside the list (10. was cut to .0. after a pick).
    clipped = page.evaluate(
        """() => { const box = document.getElementById('questions').getBoundingClientRect();
            return [...document.querySelectorAll('#questions .qnum')]
              .map((n) => n.getBoundingClientRect())
              .filter((r) => r.left < box.left - 0.5).length; }"""
    )
    assert clipped == 0
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    page.locator(".tabPanel.active .yasr table tbody tr").first.wait_for()
    page.wait_for_function("() => document.querySelector('.yasr a.iri') !== null")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the results table scrolls inside its box, not off the page's right edge"
    )
    page.screenshot(path=str(output_dir / "sparql-editor-zh.png"), full_page=True)
