/* Collaboration explorer: ranked partners for a country, funder, organisation or biobank (with a
   role filter) and their reasons, biobank pairs, the priority x country heatmap, the standards
   matrix and the focus' neighbourhood in the EU-China network. State lives in the URL. */
"use strict";

(() => {
  const { lang, t, el, getJSON, KG, local, page, entityLink, setQuery, SIDE_COLOURS, collator } = IC2KG;
  const FOCUSES = ["country", "funder", "organisation", "biobank"];
  const ROLES = ["funder", "research", "university", "hospital", "biobank", "company"];
  const PAGE_SIZE = 10;
  const SEP = lang === "zh" ? "、" : ", ";
  const form = document.getElementById("explore-form");
  const pickers = {
    country: document.getElementById("pick-country"),
    funder: document.getElementById("pick-funder"),
    organisation: document.getElementById("pick-organisation"),
    biobank: document.getElementById("pick-biobank"),
  };
  const roleSelect = document.getElementById("role");
  const warning = document.getElementById("explore-warning");
  const partnersSelect = document.getElementById("partners");
  const scopeBox = document.getElementById("scope-all");
  const prioritySelect = document.getElementById("priority");
  let parties = null;
  let opportunities = [];
  let shown = 0;
  let charts = [];

  // ------------------------------------------------------------ state <-> form <-> URL

  function readState() {
    const params = new URL(window.location.href).searchParams;
    return {
      focus: FOCUSES.includes(params.get("focus")) ? params.get("focus") : "country",
      country: (params.get("country") || "ES").toUpperCase(),
      funder: params.get("funder") || "",
      organisation: params.get("organisation") || "",
      biobank: params.get("biobank") || "",
      role: params.get("role") || "",
      partners: ["organisation", "funder", "country"].includes(params.get("partners")) ? params.get("partners") : "organisation",
      priority: params.get("priority") || "",
      scope: params.get("scope") === "all" ? "all" : "pm",
    };
  }

  function formState() {
    const focus = form.querySelector("input[name=focus]:checked").value;
    const state = {
      focus, partners: partnersSelect.value, priority: prioritySelect.value, role: roleSelect.value,
      scope: scopeBox.checked ? "all" : "pm",
    };
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
    const chosen = parties && (parties.organisations || []).find((p) => p.local === state.organisation);
    if (chosen) finder.value = chosen.label;
    partnersSelect.value = state.partners;
    prioritySelect.value = state.priority;
    if (prioritySelect.value !== state.priority) prioritySelect.value = ""; // unknown: said above
    roleSelect.value = ROLES.includes(state.role) ? state.role : "";
    scopeBox.checked = state.scope === "all";
  }

  /** Values in the URL that name nothing: said plainly, never silently replaced. */
  function unknownValues(state) {
    const problems = [];
    if (state.focus === "country" && !parties.countries.some((c) => c.code === state.country)) {
      problems.push(t("unknown_country", { value: state.country }));
    }
    for (const kind of ["funder", "organisation", "biobank"]) {
      const list = { funder: parties.funders, organisation: parties.organisations, biobank: parties.biobanks }[kind];
      if (state.focus === kind && state[kind] && !list.some((p) => p.local === state[kind])) {
        problems.push(t("unknown_" + kind, { value: state[kind] }));
      }
    }
    if (state.priority && !parties.priorities.some((p) => p.local === state.priority)) {
      problems.push(t("unknown_priority", { value: state.priority }));
    }
    if (state.role && !ROLES.includes(state.role)) problems.push(t("unknown_role", { value: state.role }));
    return problems;
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
    folded = (parties.organisations || []).map((p) => [p, fold(p.label)]);
    pickers.biobank.replaceChildren(...grouped(parties.biobanks, (p) => p.local));
    if (!state.funder && parties.funders.length) state.funder = parties.funders[0].local;
    // No organisation is chosen for the reader: the box waits for a name (see apply).
    if (!state.biobank && parties.biobanks.length) state.biobank = parties.biobanks[0].local;
    prioritySelect.replaceChildren(
      option("", t("priority_any")),
      ...parties.priorities.map((p) => option(p.local, p.label)),
    );
  }

  function focusQuery(state) {
    if (state.focus === "country") return "country=" + encodeURIComponent(state.country);
    if (state.focus === "funder") return "funder=" + encodeURIComponent(KG + state.funder);
    return "organisation=" + encodeURIComponent(KG + state[state.focus]);
  }

  function focusIri(state) {
    return state.focus === "country" ? state.country : KG + state[state.focus];
  }

  function roleTag(partner) {
    return partner && partner.role ? el("span", { class: "role-tag" }, t("role_" + partner.role)) : null;
  }

  function domainOf(url) {
    try { return new URL(url).hostname.replace(/^www\./, ""); } catch (e) { return url; }
  }

  // ------------------------------------------------------------ organisation picker

  // Thousands of organisations: a box that lists the names containing what is typed (names
  // starting with it first, then a word starting with it, shorter names first), at most 12.
  const finder = document.getElementById("find-organisation");
  const optionsBox = document.getElementById("organisation-options");
  const pickCount = document.getElementById("organisation-count");
  const MAX_OPTIONS = 12;
  const fold = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  let folded = [];
  let active = -1;

  function matching(text) {
    const wanted = fold(text.trim());
    if (!wanted) return [];
    const found = [];
    for (const [party, key] of folded) {
      const at = key.indexOf(wanted);
      if (at < 0) continue;
      const rank = at === 0 ? 0 : (/[\p{L}\p{N}]/u.test(key[at - 1]) ? 2 : 1);
      found.push([rank, key.length, party]);
    }
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || collator.compare(a[2].label, b[2].label));
    return found.map((f) => f[2]);
  }

  function closeOptions() {
    optionsBox.hidden = true;
    finder.setAttribute("aria-expanded", "false");
    finder.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(party) {
    pickers.organisation.value = party.local;
    finder.value = party.label;
    pickCount.textContent = "";
    closeOptions();
  }

  function showOptions() {
    const text = finder.value.trim();
    const found = matching(text);
    const shown = found.slice(0, MAX_OPTIONS);
    optionsBox.replaceChildren(...shown.map((party, i) => el("li", {
      id: "organisation-option-" + i, role: "option", "data-local": party.local, "aria-selected": "false",
      onmousedown: (event) => { event.preventDefault(); choose(party); },
    }, party.label, " ", el("span", { class: "side-tag " + party.side }, t(party.side)))));
    active = -1;
    optionsBox.hidden = !shown.length;
    finder.setAttribute("aria-expanded", String(!!shown.length));
    if (!text) pickCount.textContent = "";
    else if (!found.length) pickCount.textContent = t("picker_none", { q: text });
    else pickCount.textContent = found.length > shown.length
      ? t("picker_count", { shown: shown.length, total: found.length })
      : found.length === 1 ? t("picker_count_one") : t("picker_count_all", { total: found.length });
  }

  function moveActive(step) {
    const items = optionsBox.querySelectorAll("li");
    if (!items.length) return;
    active = (active + step + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
    finder.setAttribute("aria-activedescendant", items[active].id);
  }

  let typing = null;
  finder.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(showOptions, 120);
  });
  finder.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (optionsBox.hidden) showOptions();
      moveActive(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && !optionsBox.hidden) {
      event.preventDefault(); // choose, do not submit yet
      const items = optionsBox.querySelectorAll("li");
      const item = items[Math.max(0, active)];
      const party = item && (parties.organisations || []).find((p) => p.local === item.dataset.local);
      if (party) choose(party);
    } else if (event.key === "Escape") {
      closeOptions();
    }
  });
  const chosenLabel = () => {
    const party = parties && (parties.organisations || []).find((p) => p.local === pickers.organisation.value);
    return party ? party.label : "";
  };
  // On focus the box empties (the chosen name stays as its placeholder), so typing starts a new
  // search; left empty, it shows the chosen name again.
  finder.addEventListener("focus", () => {
    if (finder.value && finder.value === chosenLabel()) {
      finder.placeholder = finder.value;
      finder.value = "";
    }
  });
  finder.addEventListener("blur", () => {
    closeOptions();
    if (!finder.value.trim()) finder.value = chosenLabel();
  });

  // ------------------------------------------------------------ evidence rendering

  function propertyLabel(iri) {
    return (parties && parties.properties[iri]) || iri.split(/[#/]/).pop();
  }

  function sources(list) {
    if (!list || !list.length) return null;
    return el("span", { class: "sources" }, " [",
      list.map((url, i) => [i ? ", " : "", el("a", { href: url, title: url, rel: "noopener" }, domainOf(url))]),
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

  function partsText(parts) {
    return Object.entries(parts).map(([name, value]) => t("part_" + name) + " " + Number(value).toFixed(2)).join(SEP);
  }

  function reasonsView(opp) {
    if (!opp.reasons || !opp.reasons.length) return null;
    return el("ul", { class: "reasons" }, opp.reasons.filter((r) => r.text).map((r) =>
      el("li", {}, r.text, r.sources && r.sources.length
        ? el("span", { class: "sources" }, " ", r.sources.slice(0, 4).map((src, i) => [i ? " " : "",
          el("a", { href: src.url, title: src.url, rel: "noopener", class: "domain" }, src.domain || domainOf(src.url))]))
        : null)));
  }

  function hasEvidence(opp) {
    return opp.shared_priorities.length + opp.shared_standards.length + opp.shared_networks.length > 0;
  }

  function opportunityView(opp, state, position) {
    const parts = opp.parts;
    const wanted = state.priority ? KG + state.priority : null;
    const priorities = [...opp.shared_priorities].sort((x, y) => (y.priority.iri === wanted) - (x.priority.iri === wanted));
    return el("li", { class: "opportunity", "data-partner": opp.b.iri },
      el("h3", {},
        // The place in the list shown, not the rank before a filter (#1 of the filtered list).
        el("span", { class: "rank", title: t("rank_overall", { rank: opp.rank }) }, "#" + position + " "),
        entityLink(opp.b), " ", roleTag(opp.b),
        // Both sides named: with a country focus the European side changes from card to card.
        el("span", { class: "pair-with" }, " " + t("with_party") + " ", entityLink(opp.a)),
        el("span", { class: "score" }, " " + t("score") + " " + opp.score.toFixed(2))),
      el("p", { class: "parts" }, partsText(parts), " · ", el("a", { class: "how-scored", href: "/gaps/scoring?lang=" + lang }, t("how_scored"))),
      reasonsView(opp),
      // Pairs the record ranks without a shared priority, standard or network: their reasons say why.
      hasEvidence(opp) ? el("p", { class: "why" }, el("strong", {}, t("why") + t("colon")), t("shared_priorities") + " (" + priorities.length + ")" + t("colon"),
        priorities.map((sp, i) => [i ? SEP : "", sp.priority.iri === wanted ? el("mark", {}, sp.priority.label) : sp.priority.label]),
        opp.shared_standards.length ? ["; " + t("shared_standards") + ": ", opp.shared_standards.map((s) => s.target.label).join(SEP)] : null,
        opp.shared_networks.length ? ["; " + t("shared_networks") + ": ", opp.shared_networks.map((s) => s.target.label).join(SEP)] : null) : null,
      hasEvidence(opp) && el("details", { class: "evidence" },
        el("summary", {}, t("evidence")),
        el("ul", {},
          priorities.map((sp) => evidenceItem(sp.priority, sp.paths_a, sp.paths_b, opp.a.label, opp.b.label, sp.priority.iri === wanted)),
          opp.shared_standards.map((s) => evidenceItem(s.target, s.paths_a, s.paths_b, opp.a.label, opp.b.label, false)),
          opp.shared_networks.map((s) => evidenceItem(s.target, s.paths_a, s.paths_b, opp.a.label, opp.b.label, false)))));
  }

  function showMore(state) {
    const list = document.getElementById("opp-list");
    const next = opportunities.slice(shown, shown + PAGE_SIZE);
    list.append(...next.map((o, i) => opportunityView(o, state, shown + i + 1)));
    shown += next.length;
    document.getElementById("opp-more").hidden = shown >= opportunities.length;
    const status = document.getElementById("opp-status");
    if (opportunities.length) {
      status.textContent = opportunities.length === 1 ? t("opportunity_count_one") : t("opportunity_count", { shown, total: opportunities.length });
    } else if (state.focus === "biobank") {
      // A biobank's partners are other biobanks: the pairs below are its answer.
      status.replaceChildren(t("biobank_see_pairs") + " ", el("a", { href: "#biobanks" }, t("biobank_heading")));
    } else {
      status.textContent = t("no_opportunities");
    }
  }

  // A later choice's answer may arrive before an earlier one's: each loader keeps only the
  // answer to the last request it made (a click on Germany must not end showing Spain).
  const latest = {};
  function ticket(name) {
    latest[name] = (latest[name] || 0) + 1;
    return latest[name];
  }
  const stale = (name, mine) => latest[name] !== mine;

  async function loadOpportunities(state) {
    const mine = ticket("opportunities");
    const status = document.getElementById("opp-status");
    const list = document.getElementById("opp-list");
    status.textContent = t("loading");
    list.replaceChildren();
    document.getElementById("opp-more").hidden = true;
    let url = "/gaps/opportunities?" + focusQuery(state) + "&partners=" + state.partners + "&lang=" + lang + "&scope=" + state.scope;
    if (ROLES.includes(state.role) && state.partners !== "country") url += "&role=" + state.role;
    // The server keeps only the pairs sharing the priority (it ranks them all, not a first page).
    const known = parties.priorities.some((p) => p.local === state.priority);
    if (state.priority && known) url += "&priority=" + encodeURIComponent(KG + state.priority);
    try {
      const report = await getJSON(url);
      if (stale("opportunities", mine)) return;
      opportunities = report.opportunities;
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
    const mine = ticket("biobanks");
    const status = document.getElementById("bb-status");
    const table = document.getElementById("bb-table");
    table.replaceChildren();
    let query = "top=10";
    if (state.focus === "country") query = "country=" + encodeURIComponent(state.country) + "&top=10";
    if (state.focus === "biobank") query = "organisation=" + encodeURIComponent(KG + state.biobank) + "&top=10";
    if (state.focus === "funder" || state.focus === "organisation") {
      const chosen = [...parties.funders, ...(parties.organisations || [])].find((p) => p.local === state[state.focus]);
      if (chosen && chosen.code) query = "country=" + encodeURIComponent(chosen.code) + "&top=10";
    }
    status.textContent = t("loading");
    try {
      const report = await getJSON("/gaps/biobanks?" + query + "&lang=" + lang);
      if (stale("biobanks", mine)) return;
      status.textContent = report.pairs.length ? "" : t("no_opportunities");
      if (!report.pairs.length) return;
      // Ties broken by the biobanks' IRIs: the same order in every language.
      const pairs = [...report.pairs].sort((x, y) => y.score - x.score
        || (x.europe.iri < y.europe.iri ? -1 : x.europe.iri > y.europe.iri ? 1 : 0)
        || (x.china.iri < y.china.iri ? -1 : x.china.iri > y.china.iri ? 1 : 0));
      const names = (list) => list.map((n) => n.label).join(SEP);
      table.append(
        el("thead", {}, el("tr", {}, ["#", t("europe"), t("china"), t("score"), t("why")].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, pairs.map((pair, i) => el("tr", { "data-pair": pair.europe.iri + " " + pair.china.iri },
          el("td", {}, String(i + 1)),
          el("td", {}, entityLink(pair.europe)),
          el("td", {}, entityLink(pair.china)),
          el("td", {}, pair.score.toFixed(2)),
          el("td", { class: "pair-reason" },
            // This pair's own reason: what it shares and what one side adds to the other.
            el("div", { class: "parts" }, t("biobank_parts", {
              d: pair.disease_overlap.toFixed(2), s: pair.sample_complementarity.toFixed(2),
              p: pair.population.toFixed(2), std: pair.standards.toFixed(2) })),
            pair.shared_diseases.length ? el("div", {}, t("biobank_shared_diseases") + t("colon") + names(pair.shared_diseases)) : null,
            pair.complementary_samples.length ? el("div", {}, t("biobank_complementary") + t("colon") + names(pair.complementary_samples)) : null,
            pair.shared_standards.length ? el("div", {}, t("shared_standards") + t("colon") + names(pair.shared_standards)) : null,
            pair.ready ? el("div", { class: "ready" }, "✓ " + t("biobank_ready")) : null,
            pair.adopt_first.length ? el("div", {}, t("biobank_adopt") + ": ",
              pair.adopt_first.map((a, i) => [i ? "; " : "", a.biobank.label, " → ", entityLink(a.standard)])) : null)))));
    } catch (error) {
      status.textContent = t("load_error", { what: t("biobank_heading"), detail: error.message });
    }
  }

  // ------------------------------------------------------------ heatmap

  /** A long label on at most two lines (the whole text stays in the tooltip). */
  function wrap(text, width) {
    if (text.length <= width) return text;
    const cut = text.lastIndexOf(" ", width);
    const at = cut > width / 2 ? cut : width;
    const rest = text.slice(at).trim();
    return text.slice(0, at).trim() + "\n" + (rest.length > width ? rest.slice(0, width - 1) + "…" : rest);
  }

  async function loadCoverage() {
    const box = document.getElementById("heatmap");
    try {
      const report = await getJSON("/gaps/coverage?lang=" + lang);
      const cells = report.cells.filter((c) => c.area_kind === "country");
      const funded = (c) => c.programmes + c.calls + c.projects;
      const active = new Set(cells.filter((c) => funded(c) > 0).map((c) => c.area.iri));
      const sideOf = new Map(((parties && parties.countries) || []).map((c) => [c.iri, c.side || "other"]));
      const order = { europe: 0, china: 1, other: 2 };
      // Europe's countries, then China, then others: the regions side by side, not interleaved.
      const countries = report.countries.filter((c) => active.has(c.iri)).sort((x, y) =>
        (order[sideOf.get(x.iri) || "other"] - order[sideOf.get(y.iri) || "other"]) || collator.compare(x.label, y.label));
      const priorities = report.priorities;
      const xIndex = new Map(countries.map((c, i) => [c.iri, i]));
      const yIndex = new Map(priorities.map((p, i) => [p.iri, i]));
      const data = cells
        .filter((c) => xIndex.has(c.area.iri) && yIndex.has(c.priority.iri))
        .map((c) => [xIndex.get(c.area.iri), yIndex.get(c.priority.iri), funded(c)]);
      const max = Math.max(1, ...data.map((d) => d[2]));
      box.style.height = Math.max(360, 34 * priorities.length + 200) + "px";
      const chart = echarts.init(box);
      charts.push(chart);
      chart.setOption({
        animation: false,
        tooltip: {
          formatter: (p) => (p.componentType === "series"
            ? priorities[p.value[1]].label + "<br>" + countries[p.value[0]].label + t("colon") + p.value[2] + " (" + t("heatmap_value") + ")"
            : p.value),
        },
        grid: { left: 260, right: 30, top: 30, bottom: 150 },
        xAxis: {
          type: "category", data: countries.map((c) => c.label), splitArea: { show: true },
          axisLabel: { rotate: 55, interval: 0, fontSize: 11, color: (value, index) => SIDE_COLOURS[sideOf.get(countries[index].iri) || "other"] },
        },
        yAxis: {
          type: "category", data: priorities.map((p) => p.label), inverse: true, splitArea: { show: true },
          triggerEvent: true, axisLabel: { fontSize: 11, formatter: (value) => wrap(value, 36), lineHeight: 13 },
        },
        visualMap: {
          min: 0, max, calculable: true, orient: "horizontal", left: "center", bottom: 0,
          inRange: { color: ["#f4f8fb", "#9ecae1", "#08519c"] },
        },
        series: [{
          type: "heatmap", data, label: { show: true, fontSize: 10 },
          emphasis: { itemStyle: { borderColor: "#222", borderWidth: 1 } },
        }],
      });
      document.getElementById("heatmap-scale").textContent = t("heatmap_scale", { max });
      chart.on("click", (p) => {
        if (p.componentType !== "series") return;
        const country = countries[p.value[0]];
        const priority = priorities[p.value[1]];
        const match = parties && parties.countries.find((c) => c.iri === country.iri);
        if (!match) return;
        apply({ ...readState(), focus: "country", country: match.code, priority: local(priority.iri) }, true);
        document.getElementById("opportunities").scrollIntoView();
      });
      // Countries the pickers offer that the map leaves out: said, so nobody looks for them.
      const missing = ((parties && parties.countries) || []).filter((c) => !xIndex.has(c.iri));
      document.getElementById("heatmap-missing").textContent = missing.length
        ? t("heatmap_missing", { n: missing.length, names: missing.map((c) => c.label).join(SEP) })
        : "";
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
    const mine = ticket("matrix");
    const table = document.getElementById("matrix");
    const query = state.focus === "country" ? "&country=" + encodeURIComponent(state.country) : "";
    try {
      const matrix = await getJSON("/explore/standards-matrix?lang=" + lang + query);
      if (stale("matrix", mine)) return;
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

  let networkChart = null;

  async function loadNetwork(state) {
    const mine = ticket("network");
    const box = document.getElementById("network-chart");
    const brokersList = document.getElementById("brokers");
    const focus = focusIri(state);
    let graph;
    try {
      graph = await getJSON("/explore/network?lang=" + lang + "&focus=" + encodeURIComponent(focus));
      if (stale("network", mine)) return;
    } catch (error) {
      if (networkChart) { networkChart.dispose(); charts = charts.filter((c) => c !== networkChart); networkChart = null; }
      box.textContent = "";
      document.getElementById("net-summary").textContent = t("network_none", { detail: error.message });
      brokersList.replaceChildren();
      return;
    }
    const sides = ["europe", "china", "other"];
    document.getElementById("net-summary").textContent = "· " + t("network_summary", { nodes: graph.nodes.length, edges: graph.edges.length })
      + (graph.truncated ? " · " + t("network_truncated") : "");
    if (!networkChart) {
      networkChart = echarts.init(box);
      charts.push(networkChart);
      networkChart.on("click", (p) => {
        if (p.dataType === "node" && p.data.href) window.location.href = p.data.href;
      });
    }
    const kindLabel = (n) => {
      if (n.role) return t("role_" + n.role);
      const word = t("kind_" + n.kind);
      return word === "kind_" + n.kind ? n.kind : word;
    };
    networkChart.setOption({
      animation: false,
      tooltip: { formatter: (p) => (p.dataType === "node" ? p.data.name + " (" + p.data.kind + ")" : "") },
      series: [{
        type: "graph",
        layout: "none",  // positions computed once on the server: the same picture every visit
        roam: true,
        categories: sides.map((s) => ({ name: s, itemStyle: { color: SIDE_COLOURS[s] } })),
        data: graph.nodes.map((n) => ({
          id: n.id,
          name: n.label,
          kind: kindLabel(n),
          href: n.href,
          x: n.x,
          y: n.y,
          category: sides.indexOf(n.side || "other"),
          symbolSize: n.focus ? 22 : (n.kind === "organisation" ? 8 : 6) + 2 * Math.sqrt(n.degree),
          itemStyle: n.focus ? { borderColor: "#111", borderWidth: 2 } : undefined,
          label: {
            show: n.focus || n.hops === 1 || (n.betweenness || 0) > 0.05,
            fontSize: n.focus ? 12 : 10,
            fontWeight: n.focus ? "bold" : "normal",
            formatter: (p) => (p.name.length > 28 ? p.name.slice(0, 27) + "…" : p.name),
          },
        })),
        links: graph.edges.map((e) => ({ source: e.source, target: e.target })),
        lineStyle: { color: "#9aa3ad", opacity: 0.55, width: 0.8 },
        labelLayout: { hideOverlap: true },
        emphasis: { focus: "adjacency", label: { show: true } },
      }],
    }, true);
    // Betweenness in words: how many of the picture's shortest paths pass through a node.
    const brokers = graph.nodes.filter((n) => !n.focus && (n.betweenness || 0) > 0)
      .sort((a, b) => b.betweenness - a.betweenness).slice(0, 8);
    brokersList.replaceChildren(...brokers.map((b) => el("li", {},
      el("a", { href: b.href }, b.label), " ", roleTag(b),
      el("span", { class: "note" }, " " + t("betweenness_words", { pct: Math.round(100 * b.betweenness) })))));
    if (!brokers.length) brokersList.replaceChildren(el("li", {}, t("brokers_none")));
  }

  // ------------------------------------------------------------ wiring

  function apply(state, push) {
    showState(state);
    const params = {
      focus: state.focus, partners: state.partners, priority: state.priority, role: state.role,
      scope: state.scope === "all" ? "all" : "",
    };
    params[state.focus] = state[state.focus];
    setQuery(params, push);
    const problems = unknownValues(state);
    warning.hidden = !problems.length;
    warning.textContent = problems.join(" ");
    if (state.focus === "organisation" && !state.organisation) {
      // Nothing to rank until a name is picked; the other sections keep their last view.
      document.getElementById("opp-heading").textContent = t("opportunities_heading");
      document.getElementById("opp-status").textContent = t("picker_choose");
      document.getElementById("opp-list").replaceChildren();
      document.getElementById("opp-more").hidden = true;
      finder.focus();
      return;
    }
    loadOpportunities(state);
    loadBiobanks(state);
    loadMatrix(state);
    loadNetwork(state);
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
  // A closing window shrinks to nothing, and ECharts 6.1 throws on a view of width 0.
  window.addEventListener("resize", () => charts.forEach((c) => c.getDom().clientWidth && c.resize()));

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
  })();
})();
