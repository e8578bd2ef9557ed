/* YASGUI on this server's /sparql with the saved questions listed beside it: a click loads a
   question; the query lives in the URL (share links restore it) and in this browser (edits
   survive a reload); downloads are named after the question. Nothing calls other hosts. */
"use strict";

(() => {
  const { lang, t, el, getJSON, KG, page } = IC2KG;
  const STORE_KEY = "ic2kg-editor-query";
  const status = document.getElementById("editor-status");
  const list = document.getElementById("questions");
  const endpoint = window.location.origin + "/sparql";

  // The prefix autocompleter would fetch prefix.cc and the class/property ones LOV: keep the
  // editor offline with the variable autocompleter only.
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];

  // Results name the graph's entities and terms as the other pages do: the IRI stays in the
  // link's title, a literal's language is a small tag rather than "..."@en.
  const names = new Map();
  const asked = new Set();
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  Yasgui.Yasr.plugins.table.prototype.getCellContent = function (binding) {
    if (binding.type === "uri") {
      const href = page(binding.value) + (lang === "zh" && binding.value.startsWith(KG) ? "?lang=zh" : "");
      const label = names.get(binding.value) || binding.value;
      return "<div><span><a class='iri' href='" + escape(href) + "' title='" + escape(binding.value) + "'>" + escape(label) + "</a></span></div>";
    }
    const text = binding.type === "bnode" ? "_:" + binding.value : binding.value;
    const tag = binding["xml:lang"] ? " <sup class='lang-tag'>" + escape(binding["xml:lang"]) + "</sup>" : "";
    const title = binding.datatype ? " title='" + escape(binding.datatype) + "'" : "";
    return "<div><span class='nonIri'" + title + ">" + escape(text) + tag + "</span></div>";
  };

  async function nameResults(yasr) {
    const bindings = (yasr.results && yasr.results.getBindings && yasr.results.getBindings()) || [];
    const wanted = [...new Set(bindings.flatMap((row) => Object.values(row))
      .filter((term) => term && term.type === "uri" && !asked.has(term.value)).map((term) => term.value))];
    if (!wanted.length) return;
    wanted.forEach((iri) => asked.add(iri));
    try {
      const found = await getJSON("/sparql-editor/labels", { iris: wanted.slice(0, 5000), lang });
      Object.entries(found).forEach(([iri, label]) => names.set(iri, label));
      if (Object.keys(found).length) yasr.draw();
    } catch (error) {
      status.textContent = t("load_error", { what: "/sparql-editor/labels", detail: error.message });
    }
  }

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    yasr: { defaultPlugin: "table" },
  });
  const tab = yasgui.getTab();
  let examples = [];
  let current = null; // the saved question loaded, while its text is unchanged

  function fileName() {
    const base = current ? current.name.replace(/^cq-\d+-/, "") : "my-query";
    return base + (current && tab.getQuery() !== current.sparql ? "-edited" : "");
  }

  function remember() {
    const text = tab.getQuery();
    const edited = !current || text !== current.sparql;
    try { window.localStorage.setItem(STORE_KEY, JSON.stringify({ name: current && current.name, text })); } catch (e) { /* private mode */ }
    const url = new URL(window.location.href);
    url.searchParams.set("lang", lang);
    if (current && !edited) {
      url.searchParams.set("q", current.name);
      url.searchParams.delete("query");
    } else {
      url.searchParams.delete("q");
      url.searchParams.set("query", text);
    }
    window.history.replaceState(null, "", url.pathname + url.search);
    IC2KG.refreshLanguageLinks();
    tab.setName(fileName());
    for (const item of list.querySelectorAll("button")) item.setAttribute("aria-pressed", String(!!current && item.dataset.name === current.name));
  }

  function load(example, text) {
    current = example;
    tab.setQuery(text !== undefined ? text : example.sparql);
    remember();
  }

  (async () => {
    try {
      examples = await getJSON("/sparql-editor/examples?lang=" + lang);
    } catch (error) {
      status.textContent = t("load_error", { what: "/sparql-editor/examples", detail: error.message });
      return;
    }
    // The question's own number (cq-03b -> 3b), the same in the list, the API and the docs.
    const number = (name) => { const m = /^cq-0*(\d+[a-z]?)-/.exec(name); return m ? m[1] + "." : ""; };
    list.replaceChildren(...examples.map((example) => el("li", {},
      el("span", { class: "qnum", "aria-hidden": "true" }, number(example.name)),
      el("button", { type: "button", class: "question", "data-name": example.name, "aria-pressed": "false",
        onclick: () => load(example) }, example.summary),
      el("a", { href: example.url, class: "note" }, t("editor_as_api")))));
    const yasr = tab.getYasr();
    if (yasr) {
      yasr.config.getDownloadFileName = fileName;
      yasr.on("drawn", () => nameResults(yasr));
    }
    // A shared link first, then this browser's last query, then the first question.
    const params = new URL(window.location.href).searchParams;
    const byName = (name) => examples.find((e) => e.name === name) || null;
    let saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || "null"); } catch (e) { saved = null; }
    if (params.get("query")) {
      const named = byName(params.get("q") || "");
      current = named;
      tab.setQuery(params.get("query"));
      remember();
    } else if (params.get("q") && byName(params.get("q"))) {
      load(byName(params.get("q")));
    } else if (saved && saved.text) {
      load(byName(saved.name || ""), saved.text);
    } else if (examples.length) {
      load(examples[0]);
    }
    tab.getYasqe().on("change", () => remember());
    status.textContent = "";
    window.ic2kgEditor = yasgui;
  })();
})();
