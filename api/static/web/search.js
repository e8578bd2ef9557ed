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

  const groupsLine = document.getElementById("search-groups");
  const orderNote = document.getElementById("search-order");

  /** A heading before the first result of each kind, with the kind's count. */
  function grouped(data, append) {
    const counts = new Map(data.groups.map((g) => [g.kind, g.count]));
    const hits = list.querySelectorAll("li.hit");
    let last = append && hits.length ? hits[hits.length - 1].dataset.group : null;
    const items = [];
    for (const hit of data.results) {
      if (hit.group !== last) {
        items.push(el("li", { class: "group-heading", "data-group": hit.group },
          el("h3", {}, t("group_heading", { kind: t("group_" + hit.group), n: counts.get(hit.group) || 0 }))));
        last = hit.group;
      }
      const entry = item(hit);
      entry.dataset.group = hit.group;
      items.push(entry);
    }
    return items;
  }

  /** "By kind: Countries 1 · Funders 4 · ...": each a link that keeps only that kind. */
  function showGroups(data) {
    groupsLine.hidden = !data.groups.length;
    const link = (value, text) => el("a", { class: "group-link", "data-kind": value, href: "#",
      onclick: (event) => { event.preventDefault(); kind.value = value; run(false); } }, text);
    const parts = data.groups.map((g, i) => [
      " ", g.kind === "other" || g.kind === (data.kind || "") ? el("span", { class: "group-link" }, t("group_" + g.kind) + " " + g.count)
        : link(g.kind, t("group_" + g.kind) + " " + g.count), i < data.groups.length - 1 ? " ·" : ""]);
    groupsLine.replaceChildren(t("search_groups"), ...parts.flat(), ...(data.kind ? [" · ", link("", t("search_all_kinds"))] : []));
    orderNote.hidden = !data.results.length;
  }

  function render(data, append) {
    const items = grouped(data, append);
    if (append) list.append(...items);
    else list.replaceChildren(...items);
    showGroups(data);
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
      groupsLine.hidden = true;
      orderNote.hidden = true;
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
