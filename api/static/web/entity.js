/* One entity's neighbourhood: an ECharts graph of its direct neighbours and the same links as a list. */
"use strict";

(() => {
  const { lang, t, el, getJSON, SIDE_COLOURS } = IC2KG;
  const box = document.getElementById("neighbourhood");
  const status = document.getElementById("nb-status");
  const list = document.getElementById("neighbours");

  function arrow(link) {
    return link.direction === "out" ? "→ " + link.label : "← " + link.label;
  }

  (async () => {
    let data;
    try {
      data = await getJSON("/explore/neighbourhood?iri=" + encodeURIComponent(box.dataset.iri) + "&lang=" + lang);
    } catch (error) {
      status.textContent = t("load_error", { what: t("neighbourhood_heading"), detail: error.message });
      return;
    }
    status.textContent = t("network_summary", { nodes: data.neighbours.length + 1, edges: data.neighbours.reduce((n, x) => n + x.links.length, 0) });
    // The list, grouped by property and direction: the keyboard and screen-reader view of the graph.
    const groups = new Map();
    for (const neighbour of data.neighbours) {
      for (const link of neighbour.links) {
        const key = arrow(link);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(neighbour);
      }
    }
    list.replaceChildren(...[...groups.entries()].map(([key, items]) =>
      el("li", {}, el("strong", {}, key), " ",
        items.map((n, i) => [i ? ", " : "", el("a", { href: n.explore }, n.label),
          n.kinds.length ? el("span", { class: "kinds" }, " (" + n.kinds.join(", ") + ")") : null]))));

    box.style.height = Math.min(820, Math.max(420, 9 * data.neighbours.length + 360)) + "px";
    const chart = echarts.init(box);
    const centre = data.entity;
    // The entity in the middle, its neighbours on one or two rings around it.
    const count = data.neighbours.length;
    const rings = count > 28 ? 2 : 1;
    const placed = data.neighbours.map((n, i) => {
      const ring = rings === 2 ? 1 + (i % 2) : 1;
      const angle = (2 * Math.PI * i) / Math.max(1, count) - Math.PI / 2;
      const radius = ring === 1 ? 260 : 400;
      const x = radius * Math.cos(angle);
      const y = radius * Math.sin(angle);
      return {
        id: n.iri, name: n.label, kinds: n.kinds.join(", "), href: n.explore, x, y, symbolSize: 11,
        itemStyle: { color: SIDE_COLOURS.europe },
        label: { position: x >= 0 ? "right" : "left" },
      };
    });
    chart.setOption({
      animation: false,
      tooltip: { formatter: (p) => (p.dataType === "node" ? p.data.name + (p.data.kinds ? " (" + p.data.kinds + ")" : "") : p.data.label) },
      series: [{
        type: "graph",
        layout: "none",
        roam: true,
        label: { show: true, fontSize: 11, formatter: (p) => (p.name.length > 32 ? p.name.slice(0, 31) + "…" : p.name) },
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 6,
        data: [
          { id: centre.iri, name: centre.label, kinds: centre.kinds.join(", "), x: 0, y: 0, symbolSize: 26,
            itemStyle: { color: "#2b2b2b" }, label: { position: "bottom", fontWeight: "bold", fontSize: 13 } },
          ...placed,
        ],
        links: data.neighbours.flatMap((n) => n.links.map((link) => ({
          source: link.direction === "out" ? centre.iri : n.iri,
          target: link.direction === "out" ? n.iri : centre.iri,
          label: link.label,
        }))),
        lineStyle: { color: "#8a8f98", width: 1, opacity: 0.6 },
        emphasis: { focus: "adjacency", edgeLabel: { show: true, formatter: (p) => p.data.label } },
      }],
    });
    chart.on("click", (p) => {
      if (p.dataType === "node" && p.data.href) window.location.href = p.data.href;
    });
    window.addEventListener("resize", () => chart.resize());
  })();
})();
