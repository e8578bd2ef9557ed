"""The collaboration explorer in headless Chromium on a real server: heatmap, network, focus,
filters and their empty states, with screenshots in tests/output/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.sync_api import expect
from servers import chart_ink

from ic2kg.namespaces import KG

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Pixels of a chart's canvas that are painted and not near-white: > 0 means something was drawn.

CELL_AT = """([selector, column, row]) => {
  const box = document.querySelector(selector);
  const chart = echarts.getInstanceByDom(box);
  const xs = chart.getOption().xAxis[0].data;
  const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [xs.indexOf(column), row]);
  const rect = box.getBoundingClientRect();
  return [rect.left + x, rect.top + y];
}"""
NODE_AT = """([selector, id]) => {
  const box = document.querySelector(selector);
  const chart = echarts.getInstanceByDom(box);
  const data = chart.getModel().getSeriesByIndex(0).getData();
  for (let i = 0; i < data.count(); i++) {
    if (data.getRawDataItem(i).id === id) {
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, data.getItemLayout(i));
      const rect = box.getBoundingClientRect();
      return [rect.left + x, rect.top + y];
    }
  }
  return null;
}"""


def test_heatmap_cell_click_focuses_country_and_priority(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES")
    # Spain's partners first: a click before they arrive let Spain's late answer overwrite
    # Germany's (the page keeps the last answer to come back, not the last one asked for).
    expect(page.locator("#opp-heading")).to_have_text("Partners for Spain")
    chart_ink(page, "#heatmap")
    page.locator("#heatmap").scroll_into_view_if_needed()
    x, y = page.evaluate(CELL_AT, ["#heatmap", "Germany", 0])
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"country=DE"))
    assert re.search(r"priority=[\w-]+", page.url), page.url
    # Spain's list also has cards: wait for Germany's heading, then for its filtered cards.
    expect(page.locator("#opp-heading")).to_have_text("Partners for Germany")
    filtered = "#opp-list li.opportunity mark, #opp-status:has-text('No opportunity')"
    expect(page.locator(filtered).first).to_be_visible()


# The nearest other node's distance in pixels: a click is only unambiguous on a node drawn apart.
NEAREST_OTHER = """([selector, id]) => {
  const chart = echarts.getInstanceByDom(document.querySelector(selector));
  const data = chart.getModel().getSeriesByIndex(0).getData();
  const at = (i) => chart.convertToPixel({ seriesIndex: 0 }, data.getItemLayout(i));
  let mine = null;
  for (let i = 0; i < data.count(); i++) if (data.getRawDataItem(i).id === id) mine = at(i);
  if (mine === null) return null;
  // The gap between this node's centre and the edge of the nearest other symbol (big nodes
  // are drawn larger, so a centre far away can still be covered).
  let best = Infinity;
  for (let i = 0; i < data.count(); i++) {
    if (data.getRawDataItem(i).id === id) continue;
    const [x, y] = at(i);
    const size = data.getItemVisual(i, "symbolSize");
    const radius = (Array.isArray(size) ? Math.max(...size) : size || 0) / 2;
    best = Math.min(best, Math.hypot(x - mine[0], y - mine[1]) - radius);
  }
  return best;
}"""


LAYOUT = """(selector) => {
  const chart = echarts.getInstanceByDom(document.querySelector(selector));
  const data = chart.getModel().getSeriesByIndex(0).getData();
  const out = [];
  for (let i = 0; i < data.count(); i++) out.push(data.getItemLayout(i).map(Math.round));
  return out;
}"""


def wait_for_still_layout(page: Page, selector: str) -> None:
    """Wait until the force layout stops moving (it animates longer on a busy machine)."""
    previous = None
    for _ in range(100):
        current = page.evaluate(LAYOUT, selector)
        if current == previous:
            return
        previous = current
        page.wait_for_timeout(300)
    raise AssertionError(f"the layout of {selector} still moves after 30 s")


def test_network_node_click_opens_its_page(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=funder&funder=org-isciii&partners=funder")
    chart_ink(page, "#network-chart")
    page.locator("#network-chart").scroll_into_view_if_needed()
    wait_for_still_layout(page, "#network-chart")
    # Brokers are listed beside the chart; click the first one whose node no other node overlaps
    # (the force layout starts from random positions, so overlaps differ from run to run).
    hrefs = [a.get_attribute("href") or "" for a in page.locator("#brokers li a").all()]
    targets = [h.removeprefix("/id/") for h in hrefs if h.startswith("/id/")]
    target = next(
        (
            t
            for t in targets
            if (page.evaluate(NEAREST_OTHER, ["#network-chart", str(KG[t])]) or 0) > 8
        ),
        None,
    )
    assert target is not None, f"no broker node is drawn apart from the others: {targets}"
    position = page.evaluate(NODE_AT, ["#network-chart", str(KG[target])])
    assert position is not None, f"the broker {target} is drawn in the network"
    page.mouse.click(*position)
    page.wait_for_url(re.compile(r"/id/"))
    assert page.url.endswith(f"/id/{target}"), page.url


def test_funder_and_biobank_focus(page: Page, web_url: str, output_dir: Path) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=funder&funder=org-isciii&partners=funder")
    expect(page.locator("#opp-heading")).to_contain_text("Instituto de Salud Carlos III")
    page.wait_for_selector("#opp-list li.opportunity")
    assert page.locator("#pick-funder").is_visible()
    assert not page.locator("#pick-country").is_visible(), "only the chosen focus is shown"
    # The funder's (Spain's) biobank pairs have arrived: none can land after the next choice.
    rows = page.locator("#bb-table tbody tr")
    rows.first.wait_for()
    page.screenshot(path=str(output_dir / "explorer-funder.png"), full_page=True)

    page.get_by_label("biobank", exact=True).check()
    spanish = page.locator("#pick-biobank option", has_text="Spanish National Platform")
    page.locator("#pick-biobank").select_option(spanish.first.get_attribute("value"))
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(r"focus=biobank.*&biobank=bb-"))
    # Showing a choice empties the table at once; the rows that come back are the biobank's.
    rows.first.wait_for()
    assert all("Spanish National Platform" in r.inner_text() for r in rows.all())


def test_api_docs_work_offline(page: Page, web_url: str, output_dir: Path) -> None:
    # The page fixture fails on any request to another host: Swagger UI must be vendored.
    page.goto(f"{web_url}/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/search" in [p.strip() for p in paths] and "/sparql" in [p.strip() for p in paths]
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("ic2kg API")
    page.screenshot(path=str(output_dir / "api-docs-offline.png"))


def test_explorer_states_unknown_values_and_renumbers_after_filtering(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES&priority=ap-nothing")
    warning = page.locator("#explore-warning")
    warning.wait_for()
    assert "ap-nothing" in warning.inner_text() and "not filtered" in warning.inner_text()
    assert page.locator("#priority").input_value() == "", "no priority pretends to be chosen"
    page.wait_for_selector("#opp-list li.opportunity")
    priority = page.locator("#priority option").nth(1).get_attribute("value") or ""
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES&priority={priority}")
    page.wait_for_selector("#opp-list li.opportunity, #opp-status:has-text('No opportunity')")
    ranks = page.locator("#opp-list li.opportunity .rank").all_inner_texts()
    assert [r.strip() for r in ranks] == [f"#{i}" for i in range(1, len(ranks) + 1)], ranks
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=XX")
    page.wait_for_selector("#explore-warning:not([hidden])")
    assert "XX" in page.locator("#explore-warning").inner_text()
    page.screenshot(path=str(output_dir / "explorer-unknown-country.png"))


def test_explorer_role_filter_and_partner_roles(page: Page, web_url: str, output_dir: Path) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES&role=research")
    page.wait_for_selector("#opp-list li.opportunity, #opp-status:has-text('No opportunity')")
    assert page.locator("#role").input_value() == "research"
    tags = page.locator("#opp-list li.opportunity h3 .role-tag").all_inner_texts()
    assert tags and set(tags) == {"research organisation"}, tags
    reasons = page.locator("#opp-list li.opportunity").first.locator("ul.reasons li")
    assert reasons.count() >= 1, "each reason is one sentence"
    assert reasons.first.locator("a.domain").count() >= 1, "with its sources' domains"
    page.screenshot(path=str(output_dir / "explorer-role-research.png"), full_page=True)


def test_explorer_biobank_focus_points_to_its_pairs(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=biobank&biobank=bb-ckb")
    page.wait_for_selector("#bb-table tbody tr")
    status = page.locator("#opp-status")
    page.wait_for_function(
        "() => !/Loading/.test(document.getElementById('opp-status').textContent)"
    )
    if page.locator("#opp-list li.opportunity").count() == 0:
        assert "No opportunity" not in status.inner_text()
        assert status.locator("a[href='#biobanks']").count() == 1


HEATMAP = "echarts.getInstanceByDom(document.querySelector('#heatmap'))"


def test_heatmap_scale_regions_and_missing_countries(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES")
    chart_ink(page, "#heatmap")
    assert "Colour scale" in page.locator("#heatmap-scale").inner_text()
    xs = page.evaluate(f"() => {HEATMAP}.getOption().xAxis[0].data")
    assert "China" in xs and xs.index("China") > xs.index("Spain"), "Europe first, then China"
    europe = xs[: xs.index("China")]
    assert europe == sorted(europe, key=str.casefold), "Europe's countries in order"
    labels = page.evaluate(f"() => {HEATMAP}.getOption().yAxis[0].data")
    assert all(len(label) > 0 for label in labels)
    missing = page.locator("#heatmap-missing").inner_text()
    listed = page.locator("#pick-country option").all_inner_texts()
    for name in listed:
        assert name in xs or name in missing, f"{name} is neither in the map nor noted"
    page.locator("#coverage").screenshot(path=str(output_dir / "heatmap.png"))


def test_network_shows_the_focus_neighbourhood_with_a_stable_layout(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=funder&funder=org-isciii&partners=funder")
    chart_ink(page, "#network-chart")
    first = page.evaluate(LAYOUT, "#network-chart")
    ids = page.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector('#network-chart'))
            .getOption().series[0].data.map((n) => n.id)"""
    )
    assert str(KG["org-isciii"]) in ids and len(ids) <= 61, "the focus and its neighbourhood"
    assert "shortest paths" in page.locator("#brokers").inner_text(), "betweenness in words"
    page.locator("#network").screenshot(path=str(output_dir / "network-isciii.png"))
    page.reload()
    chart_ink(page, "#network-chart")
    assert page.evaluate(LAYOUT, "#network-chart") == first, "the same picture on every visit"


def test_a_country_network_reaches_chinese_partners(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES")
    chart_ink(page, "#network-chart")
    categories = page.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector('#network-chart'))
            .getOption().series[0].data.map((n) => n.category)"""
    )
    # Europe 0, China 1: not a star of Spain's own organisations, but the ways across.
    assert 1 in categories and 0 in categories, categories
    assert len(categories) <= 61
    page.locator("#network").screenshot(path=str(output_dir / "network-spain.png"))


def test_explorer_keeps_to_pm_and_switches_to_all_fields(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES")
    cards = page.locator("#opp-list li.opportunity")
    expect(cards.first).to_be_visible(timeout=60_000)
    assert not page.locator("#scope-all").is_checked()
    # Each Chinese partner once, and the first reason speaks of the PM or health work both do.
    partners = [cards.nth(i).get_attribute("data-partner") for i in range(cards.count())]
    assert partners and len(set(partners)) == len(partners), partners
    # Each card names both sides: the Chinese partner and the Spanish organisation.
    assert cards.first.locator("h3 .pair-with a").count() == 1
    first_reason = cards.first.locator("ul.reasons li").first.inner_text()
    assert re.search(r"both work on|Both take part", first_reason), first_reason
    page.screenshot(path=str(output_dir / "explorer-pm-scope.png"), full_page=True)
    page.locator("#scope-all").check()
    page.locator("#explore-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"scope=all"))
    # Wait for the list that the all-fields answer drew (it differs from the PM one).
    page.wait_for_function(
        "(before) => [...document.querySelectorAll('#opp-list li.opportunity')]"
        ".map((li) => li.dataset.partner).join('|') !== before",
        arg="|".join(str(p) for p in partners),
        timeout=60_000,
    )
    assert page.locator("#scope-all").is_checked()
    page.screenshot(path=str(output_dir / "explorer-all-fields.png"), full_page=True)


def test_front_page_question_opens_the_funder_view_and_joint_is_defined(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/?lang=en")
    page.get_by_role("link", name=re.compile("Spain's funders")).click()
    page.wait_for_url(re.compile(r"/explore\?.*partners=funder"))
    expect(page.locator("#partners")).to_have_value("funder")
    expect(page.locator("#opp-heading")).to_have_text("Partners for Spain")
    cards = page.locator("#opp-list li.opportunity")
    expect(cards.first).to_be_visible()
    roles = cards.locator("h3 .role-tag").all_inner_texts()
    assert roles and set(roles) == {"funder"}, f"funders' partners are funders: {roles}"
    # "Joint" is defined once, and the intro's promise uses the same words.
    expect(page.locator("#joint-definition dfn")).to_have_text("Joint activity")
    assert "no joint activity yet" in page.locator("p.lead").inner_text()
    assert page.locator("#scope-all").count() == 1, "the 'all research fields' switch stays"
    assert "with" in cards.first.locator(".pair-with").inner_text(), "each card names both sides"
    page.screenshot(path=str(output_dir / "explorer-spain-funders.png"))


def test_organisation_picker_searches_as_you_type(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=organisation")
    # No organisation is chosen for the reader (once the first of 3,548 names, at random).
    expect(page.locator("#opp-status")).to_contain_text("Type part of an organisation's name")
    box = page.get_by_role("combobox", name="Which one (organisation)")
    expect(box).to_have_value("")
    box.press_sequentially("karolinska", delay=20)
    options = page.locator("#organisation-options li[role=option]")
    expect(options.first).to_contain_text("Karolinska Institute")
    expect(page.locator("#organisation-count")).to_contain_text("organisation")
    page.screenshot(path=str(output_dir / "explorer-organisation-picker.png"))
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.locator("#pick-organisation")).to_have_value("org-karolinska-institutet")
    expect(box).to_have_value("Karolinska Institute")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(r"organisation=org-karolinska-institutet"))
    expect(page.locator("#opp-heading")).to_have_text("Partners for Karolinska Institute")
    # A shared link shows the chosen name in the box.
    page.reload()
    expect(page.get_by_role("combobox", name="Which one (organisation)")).to_have_value(
        "Karolinska Institute"
    )


def test_matrix_and_biobank_pairs_say_what_blanks_mean_and_keep_one_order(
    page: Page, web_url: str, output_dir: Path
) -> None:
    page.goto(f"{web_url}/explore?lang=en&focus=country&country=ES")
    # The partners above arrive last and move the sections down: the pictures wait for them.
    expect(page.locator("#opp-list li.opportunity").first).to_be_visible()
    rows = page.locator("#matrix tbody tr")
    expect(rows.filter(has_text="Germany")).to_have_count(1)
    expect(page.locator("#matrix-legend")).to_contain_text("– not recorded")
    sides = rows.evaluate_all("els => els.map(e => e.className)")
    labels = rows.locator("th").all_inner_texts()
    china = next(i for i, label in enumerate(labels) if label.startswith("China"))
    assert set(sides[:china]) == {"europe"}, "Europe's countries first, China after them"
    box = page.locator("#standards .scroll")
    assert box.evaluate("e => e.scrollHeight <= e.clientHeight + 1"), "every row shown, no cut"
    expect(page.locator("#heatmap-scale")).to_contain_text("an empty cell means none")
    box.screenshot(path=str(output_dir / "standards-matrix.png"))

    pairs = page.locator("#bb-table tbody tr")
    expect(pairs.first).to_be_visible()
    reasons = pairs.locator("td.pair-reason").all_inner_texts()
    assert len(set(reasons)) == len(reasons) > 1, "each pair its own reason"
    order = pairs.evaluate_all("els => els.map(e => e.dataset.pair)")
    page.locator("#biobanks").screenshot(path=str(output_dir / "biobank-pairs-en.png"))

    page.goto(f"{web_url}/explore?lang=zh&focus=country&country=ES")
    expect(page.locator("#bb-table tbody tr").first).to_be_visible()
    assert (
        page.locator("#bb-table tbody tr").evaluate_all("els => els.map(e => e.dataset.pair)")
        == order
    ), "the same pairs in the same order in Chinese"
    expect(page.locator("#matrix-legend")).to_contain_text("未记录")


# Each node of the network chart as drawn: its number, id, side (0 Europe, 1 China), centre and
# size in pixels, the text inside it and that text's box on the page.
NETWORK_DRAWN = """(selector) => {
  const box = document.querySelector(selector);
  const chart = echarts.getInstanceByDom(box);
  const data = chart.getModel().getSeriesByIndex(0).getData();
  const out = [];
  for (let i = 0; i < data.count(); i++) {
    const item = data.getRawDataItem(i);
    const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, data.getItemLayout(i));
    const size = data.getItemVisual(i, "symbolSize");
    const symbol = data.getItemGraphicEl(i);
    const text = symbol.childAt(0).getTextContent();
    const rect = text.getBoundingRect().clone();
    rect.applyTransform(text.getComputedTransform());
    out.push({
      id: item.id, number: item.number, category: item.category, x, y,
      size: Array.isArray(size) ? Math.max(...size) : size,
      label: text.style.text, shown: !text.ignore && !text.invisible,
      box: [rect.x, rect.y, rect.width, rect.height],
      ring: (item.itemStyle || {}).borderColor,
    });
  }
  return out;
}"""
# The state the test waits for: the chart drawn and the list naming as many nodes as it draws.
LEGEND_COMPLETE = """() => {
  const chart = echarts.getInstanceByDom(document.querySelector('#network-chart'));
  if (!chart || !chart.getModel() || !chart.getModel().getSeriesByIndex(0)) return false;
  const count = chart.getModel().getSeriesByIndex(0).getData().count();
  return count > 0 && document.querySelectorAll('#network-legend li').length === count;
}"""
LEGEND = """els => els.map((e) => ({
  node: e.dataset.node, value: e.value, side: e.dataset.side,
  broker: e.classList.contains('broker'), name: e.querySelector('a').textContent.trim(),
  href: e.querySelector('a').getAttribute('href'),
}))"""


def boxes_overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def assert_apart(page: Page, drawn: list[dict[str, Any]]) -> None:
    """Every circle whole inside the chart; neither two circles nor two numbers touch."""
    width, height = page.evaluate(
        "() => ['clientWidth', 'clientHeight'].map("
        "(k) => document.querySelector('#network-chart')[k])"
    )
    for d in drawn:
        radius = d["size"] / 2
        assert radius <= d["x"] <= width - radius and radius <= d["y"] <= height - radius, d
    for i, a in enumerate(drawn):
        for b in drawn[i + 1 :]:
            gap = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
            assert gap >= (a["size"] + b["size"]) / 2, (a["number"], b["number"], gap)
            assert not boxes_overlap(a["box"], b["box"]), (a["number"], b["number"])


def test_network_numbers_every_node_and_names_it_in_the_list_beside(
    page: Page, web_url: str, output_dir: Path
) -> None:
    # Issue 28: the Chinese nodes had no names and the names shown overlapped.
    for lang, term, shortest in (("en", "Broker", "shortest"), ("zh", "中介节点", "最短")):
        page.goto(f"{web_url}/explore?lang={lang}&focus=country&country=ES")
        page.wait_for_function(LEGEND_COMPLETE)
        drawn = page.evaluate(NETWORK_DRAWN, "#network-chart")
        listed = page.locator("#network-legend li").evaluate_all(LEGEND)
        numbers = list(range(1, len(drawn) + 1))
        assert [d["number"] for d in drawn] == numbers
        assert [item["value"] for item in listed] == numbers
        assert [item["node"] for item in listed] == [d["id"] for d in drawn], "list = chart"
        assert all(d["shown"] and d["label"] == str(d["number"]) for d in drawn), (
            "every node numbered"
        )
        assert all(item["name"] for item in listed), "every number named"
        chinese = [item for item in listed if item["side"] == "china"]
        assert len(chinese) == sum(d["category"] == 1 for d in drawn) >= 3, "Chinese nodes named"
        if lang == "zh":
            assert any(re.search(r"[\u4e00-\u9fff]", item["name"]) for item in chinese), chinese
        assert_apart(page, drawn)
        # Brokers: marked in the chart (dark ring) and the list, the same ones listed below it.
        brokers = [item for item in listed if item["broker"]]
        ringed = {d["id"] for d in drawn if d["ring"] == "#111"}
        assert brokers and ringed == {item["node"] for item in brokers}
        below = page.locator("#brokers li a").evaluate_all(
            "els => els.map((a) => a.getAttribute('href'))"
        )
        assert below == [item["href"] for item in brokers]
        expect(page.locator("#broker-definition dfn")).to_have_text(term)
        expect(page.locator("#broker-definition")).to_contain_text(shortest)
        # The partners above arrive last and move the sections down: the picture waits for them.
        expect(page.locator("#opp-list li.opportunity").first).to_be_visible()
        page.locator("#network").screenshot(path=str(output_dir / f"network-numbered-{lang}.png"))
    # In a narrower window the chart is smaller than the drawing: the circles shrink to match.
    page.set_viewport_size({"width": 720, "height": 900})
    page.wait_for_function(
        """() => echarts.getInstanceByDom(document.querySelector('#network-chart'))
            .getModel().getSeriesByIndex(0).getData().getItemVisual(1, 'symbolSize') < 24"""
    )
    assert_apart(page, page.evaluate(NETWORK_DRAWN, "#network-chart"))
    page.locator("#network").screenshot(path=str(output_dir / "network-numbered-narrow.png"))
    # From the keyboard: a name in the list, once focused, shows its node's tooltip in the chart.
    first_chinese = page.locator("#network-legend li[data-side=china] a").first
    first_chinese.focus()
    name = first_chinese.inner_text()
    expect(page.locator("#network-chart div").filter(has_text=name).last).to_be_visible()
