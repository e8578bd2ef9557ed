/* ic2kg web pages: language handling, interface strings and small DOM helpers (no build step). */
"use strict";

const IC2KG = (() => {
  const STORE_KEY = "ic2kg-lang";
  const LANGS = ["en", "zh"];
  const lang = document.documentElement.dataset.lang || "en";
  const strings = JSON.parse(document.getElementById("ic2kg-strings").textContent);

  // A URL without ?lang= takes the language this browser chose before; one with it is remembered.
  const here = new URL(window.location.href);
  const asked = here.searchParams.get("lang");
  let saved = null;
  try { saved = window.localStorage.getItem(STORE_KEY); } catch (e) { saved = null; }
  if (!asked && saved && LANGS.includes(saved) && saved !== lang) {
    here.searchParams.set("lang", saved);
    window.location.replace(here.toString());
  } else if (asked && LANGS.includes(asked)) {
    try { window.localStorage.setItem(STORE_KEY, asked); } catch (e) { /* private mode */ }
  }

  /** The interface string `key`, with {name} placeholders filled from `values`. */
  function t(key, values) {
    let text = strings[key] !== undefined ? strings[key] : key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  /** Create an element with attributes (on* = listeners) and children (strings or nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** GET a JSON document; errors carry the problem detail the API sends. */
  /** GET a JSON document, or POST ``body`` as JSON when given. */
  async function getJSON(url, body) {
    const init = { headers: { Accept: "application/json" } };
    if (body !== undefined) Object.assign(init, { method: "POST", body: JSON.stringify(body), headers: { ...init.headers, "Content-Type": "application/json" } });
    const response = await fetch(url, init);
    if (!response.ok) {
      let detail = response.status + " " + response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(detail);
    }
    return response.json();
  }

  const KG = "https://w3id.org/ic2kg/id/";
  const local = (iri) => (iri.startsWith(KG) ? iri.slice(KG.length) : iri);
  const page = (iri) => (iri.startsWith(KG) ? "/id/" + iri.slice(KG.length) : iri);

  /** A link to an entity's page. */
  function entityLink(named) {
    const href = page(named.iri) + (lang === "zh" && named.iri.startsWith(KG) ? "?lang=zh" : "");
    return el("a", { href }, named.label);
  }

  /** Point the language links at the current URL (the state lives in the query string). */
  function refreshLanguageLinks() {
    for (const link of document.querySelectorAll("[data-set-lang]")) {
      const target = new URL(window.location.href);
      target.searchParams.set("lang", link.dataset.setLang);
      link.href = target.pathname + target.search + target.hash;
    }
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-set-lang]");
    if (link) {
      try { window.localStorage.setItem(STORE_KEY, link.dataset.setLang); } catch (e) { /* ignore */ }
    }
  });
  refreshLanguageLinks();

  /** Replace the query string (keeping lang) and refresh the language links. */
  function setQuery(params, push) {
    const target = new URL(window.location.href);
    target.search = "";
    target.searchParams.set("lang", lang);
    for (const [name, value] of Object.entries(params)) {
      if (value) target.searchParams.set(name, value);
    }
    window.history[push ? "pushState" : "replaceState"](null, "", target.pathname + target.search + target.hash);
    refreshLanguageLinks();
  }

  const SIDE_COLOURS = { europe: "#1f5fa8", china: "#c23b22", other: "#8a8f98" };

  /** "1 result", "12 results" or "30 of 73 results", in the page's language. */
  function count(shown, total) {
    if (shown < total) return t("results_of", { shown, total });
    return total === 1 ? t("results_count_one") : t("results_count", { n: total });
  }

  /** The small mark beside a name the ic2kg curators translated (null for other names). */
  function translatedMark(translated) {
    return translated ? el("abbr", { class: "translated", title: t("translated_tip") }, t("translated")) : null;
  }

  /** Names in the reader's order: Chinese by pinyin when the browser collates it, else by letters. */
  const collator = new Intl.Collator(lang === "zh" ? "zh-Hans-u-co-pinyin" : "en", { sensitivity: "base" });

  return { lang, t, el, getJSON, KG, local, page, entityLink, setQuery, refreshLanguageLinks, SIDE_COLOURS, count, translatedMark, collator };
})();
