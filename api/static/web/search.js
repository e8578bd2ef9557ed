/* Label search as you type: /search JSON, rendered like the server-rendered results. */
"use strict";

(() => {
  const { lang, t, el, getJSON, setQuery } = IC2KG;
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const kind = document.getElementById("kind");
  const list = document.getElementById("results");
  const status = document.getElementById("search-status");
  let timer = null;
  let latest = 0;

  function render(data) {
    list.replaceChildren(
      ...data.results.map((hit) =>
        el("li", { class: "hit", "data-iri": hit.iri },
          el("a", { class: "hit-label", href: hit.href }, hit.label),
          hit.other_label ? el("span", { class: "other-label", lang: lang === "zh" ? "en" : "zh-Hans" }, hit.other_label) : null,
          el("span", { class: "kinds" }, hit.kinds.join(", ")),
          hit.country ? el("span", { class: "country" }, t("country") + ": ", el("a", { href: hit.country.href }, hit.country.label)) : null,
          hit.matched ? el("span", { class: "matched" }, t("matched_name") + ": " + hit.matched) : null,
          el("a", { class: "hit-graph", href: hit.explore }, t("open_graph")),
        ),
      ),
    );
    status.textContent = data.count ? t("results_count", { n: data.count }) : t("no_results", { q: data.query });
  }

  async function run() {
    const q = input.value.trim();
    setQuery({ q, kind: kind.value });
    if (!q) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const ticket = ++latest;
    const params = new URLSearchParams({ q, lang, limit: "30" });
    if (kind.value) params.set("kind", kind.value);
    try {
      const data = await getJSON("/search?" + params);
      if (ticket === latest) render(data);
    } catch (error) {
      status.textContent = t("load_error", { what: "/search", detail: error.message });
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 200);
  });
  kind.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
})();
