/* Collaboration explorer: ranked opportunities with evidence, biobank pairs, the priority x
   country heatmap, the standards matrix and the EU-China network. State lives in the URL. */
"use strict";

(() => {
  const { lang, t, el, getJSON, local, page, entityLink, setQuery, SIDE_COLOURS } = IC2KG;
  const KG = "https://w3id.org/ic2kg/id/";
  const PAGE_SIZE = 10;
  const SEP = lang === "zh" ? "、" : ", ";
  const form = document.getElementById("explore-form");
  const pickers = {
    country: document.getElementById("pick-country"),
    funder: document.getElementById("pick-funder"),
    biobank: document.getElementById("pick-biobank"),
  };
  const partnersSelect = document.getElementById("partners");
  const prioritySelect = document.getElementById("priority");
  let parties = null;
  let opportunities = [];
  let shown = 0;
  let charts = [];

  // ------------------------------------------------------------ state <-> form <-> URL

  function readState() {
    const params = new URL(window.location.href).searchParams;
    return {
      focus: ["country", "funder", "biobank"].includes(params.get("focus")) ? params.get("focus") : "country",
      country: (params.get("country") || "ES").toUpperCase(),
      funder: params.get("funder") || "",
      biobank: params.get("biobank") || "",
      partners: ["organisation", "funder", "country"].includes(params.get("partners")) ? params.get("partners") : "organisation",
      priority: params.get("priority") || "",
    };
  }

  function formState() {
    const focus = form.querySelector("input[name=focus]:checked").value;
    const state = { focus, partners: partnersSelect.value, priority: prioritySelect.value };
    state[focus] = pickers[focus].value;
    return state;
  }

  function showState(state) {
    for (const radio of form.querySelectorAll("input[name=focus]")) radio.checked = radio.value === state.focus;
    for (const box of form.querySelectorAll(".focus-choice")) box.hidden = box.dataset.focus !== state.focus;
    for (const [kind, select] of Object.entries(pickers)) {
      if (state[kind]) select.value = state[kind];
      select.disabled = kind !== state.focus; // only the chosen focus is submitted
    }
    partnersSelect.value = state.partners;
    prioritySelect.value = state.priority;
  }

  function option(value, label, selected) {
    return el("option", { value, selected: selected || null }, label);
  }

  function fillPickers(state) {
    const grouped = (items, valueOf) =>
      ["europe", "china"].map((side) =>
        el("optgroup", { label: t(side) },
          items.filter((p) => p.side === side).map((p) => option(valueOf(p), p.label))),
      );
    pickers.country.replaceChildren(...grouped(parties.countries, (p) => p.code));
    pickers.funder.replaceChildren(...grouped(parties.funders, (p) => p.local));
    pickers.biobank.replaceChildren(...grouped(parties.biobanks, (p) => p.local));
    if (!state.funder && parties.funders.length) state.funder = parties.funders[0].local;
    if (!state.biobank && parties.biobanks.length) state.biobank = parties.biobanks[0].local;
    prioritySelect.replaceChildren(
      option("", t("priority_any")),
      ...parties.priorities.map((p) => option(p.local, p.label)),
    );
  }

  function focusQuery(state) {
    if (state.focus === "country") return "country=" + encodeURIComponent(state.country);
    if (state.focus === "funder") return "funder=" + encodeURIComponent(KG + state.funder);
    return "organisation=" + encodeURIComponent(KG + state.biobank);
  }

  // ------------------------------------------------------------ evidence rendering

  function propertyLabel(iri) {
    return (parties && parties.properties[iri]) || iri.split(/[#/]/).pop();
  }

  function sources(list) {
    if (!list || !list.length) return null;
    return el("span", { class: "sources" }, " [",
      list.map((url, i) => [i ? ", " : "", el("a", { href: url, title: url, rel: "noopener" }, t("sources") + " " + (i + 1))]),
      "]");
  }

  function pathView(path) {
    return el("span", { class: "path" },
      path.steps.map((step, i) => [
        i ? el("span", { class: "sep" }, " ; ") : null,
        entityLink(step.subject),
        el("span", { class: "predicate" }, " —" + propertyLabel(step.predicate) + "→ "),
        entityLink(step.object),
        sources(step.sources),
      ]));
  }

  function evidenceItem(target, pathsA, pathsB, nameA, nameB, highlighted) {
    return el("li", { class: highlighted ? "highlight" : null },
      el("strong", {}, entityLink(target)),
      el("ul", {},
        pathsA.slice(0, 1).map((p) => el("li", {}, el("span", { class: "side" }, t("evidence_a", { name: nameA }) + " "), pathView(p))),
        pathsB.slice(0, 1).map((p) => el("li", {}, el("span", { class: "side" }, t("evidence_a", { name: nameB }) + " "), pathView(p))),
      ));
  }

  function opportunityView(opp, state) {
    const parts = opp.parts;
    const wanted = state.priority ? KG + state.priority : null;
    const priorities = [...opp.shared_priorities].sort((x, y) => (y.priority.iri === wanted) - (x.priority.iri === wanted));
    return el("li", { class: "opportunity", "data-partner": opp.b.iri },
      el("h3", {},
        el("span", { class: "rank" }, "#" + opp.rank + " "),
        entityLink(opp.b),
        el("span", { class: "score" }, " " + t("score") + " " + opp.score.toFixed(2))),
      el("p", { class: "parts" }, t("score_parts", {
        p: parts.priority_overlap.toFixed(2), c: parts.complementarity.toFixed(2),
        s: parts.standards.toFixed(2), n: parts.networks.toFixed(2) })),
      el("p", { class: "why" }, el("strong", {}, t("why") + ": "), t("shared_priorities") + " (" + priorities.length + "): ",
        priorities.map((sp, i) => [i ? SEP : "", sp.priority.iri === wanted ? el("mark", {}, sp.priority.label) : sp.priority.label]),
        opp.shared_standards.length ? ["; " + t("shared_standards") + ": ", opp.shared_standards.map((s) => s.target.label).join(SEP)] : null,
        opp.shared_networks.length ? ["; " + t("shared_networks") + ": ", opp.shared_networks.map((s) => s.target.label).join(SEP)] : null),
      el("details", { class: "evidence" },
        el("summary", {}, t("evidence")),
        el("ul", {},
          priorities.map((sp) => evidenceItem(sp.priority, sp.paths_a, sp.paths_b, opp.a.label, opp.b.label, sp.priority.iri === wanted)),
          opp.shared_standards.map((s) => evidenceItem(s.target, s.paths_a, s.paths_b, opp.a.label, opp.b.label, false)),
          opp.shared_networks.map((s) => evidenceItem(s.target, s.paths_a, s.paths_b, opp.a.label, opp.b.label, false)))));
  }

  function showMore(state) {
    const list = document.getElementById("opp-list");
    const next = opportunities.slice(shown, shown + PAGE_SIZE);
    list.append(...next.map((o) => opportunityView(o, state)));
    shown += next.length;
    document.getElementById("opp-more").hidden = shown >= opportunities.length;
    document.getElementById("opp-status").textContent = opportunities.length
      ? t("opportunity_count", { shown, total: opportunities.length })
      : t("no_opportunities");
  }

  async function loadOpportunities(state) {
    const status = document.getElementById("opp-status");
    const list = document.getElementById("opp-list");
    status.textContent = t("loading");
    list.replaceChildren();
    document.getElementById("opp-more").hidden = true;
    const url = "/gaps/opportunities?" + focusQuery(state) + "&partners=" + state.partners + "&lang=" + lang;
    try {
      const report = await getJSON(url);
      const wanted = state.priority ? KG + state.priority : null;
      opportunities = report.opportunities.filter(
        (o) => !wanted || o.shared_priorities.some((sp) => sp.priority.iri === wanted));
      shown = 0;
      const heading = document.getElementById("opp-heading");
      heading.textContent = report.focus ? t("opportunities_for", { focus: report.focus.label }) : t("opportunities_heading");
      showMore(state);
      const excluded = document.getElementById("excluded");
      excluded.hidden = !report.excluded.length;
      document.getElementById("excluded-list").replaceChildren(
        ...report.excluded.map((pair) => el("li", {}, entityLink(pair.b), " — ",
          pair.joint.map((j, i) => [i ? ", " : "", entityLink(j.activity)]))));
    } catch (error) {
      status.textContent = t("load_error", { what: t("opportunities_heading"), detail: error.message });
    }
  }

  async function loadBiobanks(state) {
    const status = document.getElementById("bb-status");
    const table = document.getElementById("bb-table");
    table.replaceChildren();
    let query = "top=10";
    if (state.focus === "country") query = "country=" + encodeURIComponent(state.country) + "&top=10";
    if (state.focus === "biobank") query = "organisation=" + encodeURIComponent(KG + state.biobank) + "&top=10";
    status.textContent = t("loading");
    try {
      const report = await getJSON("/gaps/biobanks?" + query + "&lang=" + lang);
      status.textContent = report.pairs.length ? "" : t("no_opportunities");
      if (!report.pairs.length) return;
      table.append(
        el("thead", {}, el("tr", {}, ["#", t("europe"), t("china"), t("score"), t("why")].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, report.pairs.map((pair) => el("tr", {},
          el("td", {}, String(pair.rank)),
          el("td", {}, entityLink(pair.europe)),
          el("td", {}, entityLink(pair.china)),
          el("td", {}, pair.score.toFixed(2)),
          el("td", {},
            pair.shared_diseases.map((d) => d.label).join(", "),
            pair.ready ? el("div", { class: "ready" }, "✓ " + t("biobank_ready")) : null,
            pair.adopt_first.length ? el("div", {}, t("biobank_adopt") + ": ",
              pair.adopt_first.map((a, i) => [i ? "; " : "", a.biobank.label, " → ", entityLink(a.standard)])) : null)))));
    } catch (error) {
      status.textContent = t("load_error", { what: t("biobank_heading"), detail: error.message });
    }
  }

  // ------------------------------------------------------------ heatmap

  async function loadCoverage() {
    const box = document.getElementById("heatmap");
    try {
      const report = await getJSON("/gaps/coverage?lang=" + lang);
      const cells = report.cells.filter((c) => c.area_kind === "country");
      const funded = (c) => c.programmes + c.calls + c.projects;
      const active = new Set(cells.filter((c) => funded(c) > 0).map((c) => c.area.iri));
      const countries = report.countries.filter((c) => active.has(c.iri));
      const priorities = report.priorities;
      const xIndex = new Map(countries.map((c, i) => [c.iri, i]));
      const yIndex = new Map(priorities.map((p, i) => [p.iri, i]));
      const data = cells
        .filter((c) => xIndex.has(c.area.iri) && yIndex.has(c.priority.iri))
        .map((c) => [xIndex.get(c.area.iri), yIndex.get(c.priority.iri), funded(c)]);
      const max = Math.max(1, ...data.map((d) => d[2]));
      box.style.height = Math.max(320, 26 * priorities.length + 160) + "px";
      const chart = echarts.init(box);
      charts.push(chart);
      const short = (text) => (text.length > 34 ? text.slice(0, 33) + "…" : text);
      chart.setOption({
        animation: false,
        tooltip: {
          formatter: (p) => priorities[p.value[1]].label + "<br>" + countries[p.value[0]].label + ": " + p.value[2] + " (" + t("heatmap_value") + ")",
        },
        grid: { left: 250, right: 30, top: 20, bottom: 120 },
        xAxis: { type: "category", data: countries.map((c) => c.label), axisLabel: { rotate: 55, interval: 0, fontSize: 11 }, splitArea: { show: true } },
        yAxis: { type: "category", data: priorities.map((p) => short(p.label)), inverse: true, axisLabel: { fontSize: 11 }, splitArea: { show: true } },
        visualMap: { min: 0, max, calculable: true, orient: "horizontal", left: "center", bottom: 0, inRange: { color: ["#f4f8fb", "#9ecae1", "#08519c"] } },
        series: [{ type: "heatmap", data, label: { show: true, fontSize: 10 }, emphasis: { itemStyle: { borderColor: "#222", borderWidth: 1 } } }],
      });
      chart.on("click", (p) => {
        const country = countries[p.value[0]];
        const priority = priorities[p.value[1]];
        const match = parties && parties.countries.find((c) => c.iri === country.iri);
        if (!match) return;
        apply({ ...readState(), focus: "country", country: match.code, priority: local(priority.iri) }, true);
        document.getElementById("opportunities").scrollIntoView();
      });
      const text = { europe: t("missing_europe"), china: t("missing_china"), both: t("missing_both") };
      document.getElementById("uncovered").replaceChildren(
        ...(report.uncovered.length
          ? report.uncovered.map((u) => el("li", {}, entityLink(u.priority), " — ", text[u.missing_in]))
          : [el("li", {}, t("uncovered_none"))]));
    } catch (error) {
      box.textContent = t("load_error", { what: t("heatmap_heading"), detail: error.message });
    }
  }

  // ------------------------------------------------------------ standards matrix

  async function loadMatrix(state) {
    const table = document.getElementById("matrix");
    const query = state.focus === "country" ? "&country=" + encodeURIComponent(state.country) : "";
    try {
      const matrix = await getJSON("/explore/standards-matrix?lang=" + lang + query);
      const short = (text) => (text.length > 28 ? text.slice(0, 27) + "…" : text);
      table.replaceChildren(
        el("thead", {}, el("tr", {},
          el("th", { scope: "col" }, t("matrix_party")),
          matrix.standards.map((s) => el("th", { scope: "col", title: s.label }, el("a", { href: page(s.iri) }, short(s.label)))))),
        el("tbody", {}, matrix.rows.map((row) => {
          const declared = new Set(row.declares);
          return el("tr", { class: row.party.side || null },
            el("th", { scope: "row" }, el("a", { href: page(row.party.iri) }, row.party.label),
              row.party.side ? el("span", { class: "side-tag " + row.party.side }, " " + t(row.party.side)) : null),
            matrix.standards.map((s) => declared.has(s.iri)
              ? el("td", { class: "yes", title: row.party.label + " — " + s.label }, "●")
              : el("td", { class: "no" }, "–")));
        })));
    } catch (error) {
      table.replaceChildren(el("caption", {}, t("load_error", { what: t("matrix_heading"), detail: error.message })));
    }
  }

  // ------------------------------------------------------------ network

  async function loadNetwork() {
    const box = document.getElementById("network-chart");
    try {
      const [graph, roles] = await Promise.all([
        getJSON("/explore/network?lang=" + lang),
        getJSON("/gaps/network?top=10&lang=" + lang),
      ]);
      const brokers = new Set(roles.brokers.map((b) => b.node.iri));
      const sides = ["europe", "china", "other"];
      document.getElementById("net-summary").textContent = "· " + t("network_summary", { nodes: graph.nodes.length, edges: graph.edges.length });
      const chart = echarts.init(box);
      charts.push(chart);
      chart.setOption({
        tooltip: { formatter: (p) => (p.dataType === "node" ? p.data.name + " (" + p.data.kind + ")" : "") },
        legend: { show: false },
        series: [{
          type: "graph",
          layout: "force",
          roam: true,
          draggable: true,
          zoom: 0.85,
          force: { repulsion: 40, edgeLength: [15, 45], gravity: 0.3, layoutAnimation: false },
          categories: sides.map((s) => ({ name: s, itemStyle: { color: SIDE_COLOURS[s] } })),
          data: graph.nodes.map((n) => ({
            id: n.id,
            name: n.label,
            kind: n.kind,
            href: n.href,
            category: sides.indexOf(n.side || "other"),
            symbolSize: n.kind === "organisation" ? 7 + 3 * Math.sqrt(n.degree) : 5 + 2 * Math.sqrt(n.degree),
            label: { show: brokers.has(n.id), fontSize: 10 },
          })),
          links: graph.edges.map((e) => ({ source: e.source, target: e.target })),
          lineStyle: { color: "#9aa3ad", opacity: 0.45, width: 0.8 },
          emphasis: { focus: "adjacency", label: { show: true } },
        }],
      });
      chart.on("click", (p) => {
        if (p.dataType === "node" && p.data.href) window.location.href = p.data.href;
      });
      document.getElementById("brokers").replaceChildren(...roles.brokers.map((b) =>
        el("li", {}, entityLink(b.node), " — " + t("betweenness") + " " + b.betweenness.toFixed(1),
          b.region ? el("span", { class: "side-tag" }, "") : null)));
    } catch (error) {
      box.textContent = t("load_error", { what: t("network_heading"), detail: error.message });
    }
  }

  // ------------------------------------------------------------ wiring

  function apply(state, push) {
    showState(state);
    const params = { focus: state.focus, partners: state.partners, priority: state.priority };
    params[state.focus] = state[state.focus];
    setQuery(params, push);
    loadOpportunities(state);
    loadBiobanks(state);
    loadMatrix(state);
  }

  form.addEventListener("change", (event) => {
    if (event.target.name === "focus") {
      const state = formState();
      showState(state);
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(formState(), true);
  });
  document.getElementById("opp-more").addEventListener("click", () => showMore(readState()));
  window.addEventListener("popstate", () => apply(readState(), false));
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));

  (async () => {
    const state = readState();
    try {
      parties = await getJSON("/explore/parties?lang=" + lang);
    } catch (error) {
      document.getElementById("opp-status").textContent = t("load_error", { what: "/explore/parties", detail: error.message });
      return;
    }
    fillPickers(state);
    apply(state, false);
    loadCoverage();
    loadNetwork();
  })();
})();
