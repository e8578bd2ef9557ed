/* YASGUI on this server's /sparql, one tab per saved competency question (no persistence, no
   calls to outside services, so it works offline). */
"use strict";

(() => {
  const { lang, t, getJSON } = IC2KG;
  const status = document.getElementById("editor-status");
  const endpoint = window.location.origin + "/sparql";

  // The prefix autocompleter would fetch prefix.cc and the class/property ones LOV: keep the
  // editor offline with the variable autocompleter only.
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    yasr: { defaultPlugin: "table" },
  });

  (async () => {
    let examples;
    try {
      examples = await getJSON("/sparql-editor/examples?lang=" + lang);
    } catch (error) {
      status.textContent = t("load_error", { what: "/sparql-editor/examples", detail: error.message });
      return;
    }
    const first = yasgui.getTab();
    examples.forEach((example, i) => {
      const label = example.name.replace(/^cq-/, "").slice(0, 40);
      if (i === 0 && first) {
        first.setName(label);
        first.setQuery(example.sparql);
        return;
      }
      yasgui.addTab(false, { ...Yasgui.Tab.getDefaults(), name: label, yasqe: { value: example.sparql }, requestConfig: { endpoint } });
    });
    status.textContent = "";
    window.ic2kgEditor = yasgui;
  })();
})();
