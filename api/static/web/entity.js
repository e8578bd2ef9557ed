/* One entity's neighbourhood on its page: an ECharts picture of its direct neighbours (the page's
   "Links" section is the same content as text, for the keyboard and screen readers). */
"use strict";

(() => {
  const { lang, t, el, getJSON, SIDE_COLOURS } = IC2KG;
  const box = document.getElementById("neighbourhood");
  const status = document.getElementById("nb-status");

  (async () => {
    let data;
    try {
      data = await getJSON("/explore/neighbourhood?iri=" + encodeURIComponent(box.dataset.iri) + "&lang=" + lang);
    } catch (error) {
      status.textContent = t("load_error", { what: t("neighbourhood_heading"), detail: error.message });
      return;
    }
    status.textContent = t("network_summary", { nodes: data.neighbours.length + 1, edges: data.neighbours.reduce((n, x) => n + x.links.length, 0) });
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
        id: n.iri, name: n.label, kinds: n.kinds.join(", "), href: n.href, x, y, symbolSize: 11,
        itemStyle: { color: SIDE_COLOURS.europe },
        label: { position: x >= 0 ? "right" : "left" },
      };
    });
    chart.setOption({
      animation: false,
      tooltip: { formatter: (p) => (p.dataType === "node" ? p.data.name + (p.data.kinds ? " (" + p.data.kinds + ")" : "") : p.data.label) },
      // Every name is drawn whole in its tooltip; the label on the picture may be cut.
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
        emphasis: { focus: "adjacency" },
      }],
    });
    chart.on("click", (p) => {
      if (p.dataType === "node" && p.data.href) window.location.href = p.data.href;
    });
    // Only a change of width needs a new drawing (a full-page screenshot changes the height);
    // a window closing shrinks to nothing, and ECharts 6.1 throws on a view of width 0.
    let width = box.clientWidth;
    window.addEventListener("resize", () => {
      if (box.clientWidth && box.clientWidth !== width) {
        width = box.clientWidth;
        chart.resize();
      }
    });
  })();
})();
