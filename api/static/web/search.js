/* Label search as you type: /search JSON, rendered like the server-rendered results, 30 at a time. */
"use strict";

(() => {
  const { lang, t, el, getJSON, setQuery, count, translatedMark } = IC2KG;
  const PAGE = 30;
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const kind = document.getElementById("kind");
  const list = document.getElementById("results");
  const status = document.getElementById("search-status");
  const more = document.getElementById("search-more");
  let timer = null;
  let latest = 0;
  let shown = 0;

  function item(hit) {
    return el("li", { class: "hit", "data-iri": hit.iri },
      el("a", { class: "hit-label", href: hit.href }, hit.label), translatedMark(hit.translated), " ",
      hit.other_label ? el("span", { class: "other-label", lang: lang === "zh" ? "en" : "zh-Hans" }, hit.other_label) : null, " ",
      el("span", { class: "kinds" }, hit.kinds.join(lang === "zh" ? "、" : ", ")), " ",
      hit.country ? el("span", { class: "country" }, t("country") + (lang === "zh" ? "：" : ": "), el("a", { href: hit.country.href }, hit.country.label)) : null, " ",
      hit.matched ? el("span", { class: "matched" }, t("matched_name") + (lang === "zh" ? "：" : ": ") + hit.matched) : null,
    );
  }

  function render(data, append) {
    const items = data.results.map(item);
    if (append) list.append(...items);
    else list.replaceChildren(...items);
    shown = (append ? shown : 0) + data.results.length;
    if (!data.total) {
      status.textContent = t("no_results", { q: data.query });
    } else {
      status.textContent = count(shown, data.total) + (data.close ? " · " + t("results_close", { q: data.query }) : "");
    }
    more.hidden = shown >= data.total;
    // Which query the list shows (tests and scripts wait for it, not for any list).
    list.dataset.query = data.query + "|" + (data.kind || "");
  }

  async function run(append) {
    const q = input.value.trim();
    setQuery({ q, kind: kind.value });
    if (!q) {
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return;
    }
    const ticket = ++latest;
    const params = new URLSearchParams({ q, lang, limit: String(PAGE), offset: String(append ? shown : 0) });
    if (kind.value) params.set("kind", kind.value);
    try {
      const data = await getJSON("/search?" + params);
      if (ticket === latest) render(data, append);
    } catch (error) {
      status.textContent = t("load_error", { what: "/search", detail: error.message });
    }
  }

  // Results the server rendered (a shared link) count as shown, so "more" continues after them.
  shown = list.querySelectorAll("li.hit").length;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => run(false), 200);
  });
  kind.addEventListener("change", () => run(false));
  more.addEventListener("click", (event) => {
    event.preventDefault();
    run(true);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(false);
  });
})();
