// Client-side filter for the claims index: one <select> per filterable column of every
// table inside a ".claims-index" container. Filters can be preset from the query string
// (claims.html?status=contested&document=review). No data leaves the page.
(function () {
  "use strict";
  const FILTERS = ["Document", "Chapter", "Topic", "Kind", "Status"];

  function setUp(container) {
    const table = container.querySelector("table");
    if (!table) return;
    const headers = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    const rows = Array.from(table.querySelectorAll("tbody tr"));
    const params = new URLSearchParams(window.location.search);
    const bar = document.createElement("div");
    bar.className = "claims-filter";
    const count = document.createElement("span");
    count.className = "claims-filter-count";
    const selects = [];
    FILTERS.forEach((name) => {
      const col = headers.indexOf(name);
      if (col < 0) return;
      const values = Array.from(new Set(rows.map((r) => r.cells[col].textContent.trim()))).sort();
      const label = document.createElement("label");
      label.textContent = name;
      const select = document.createElement("select");
      select.name = name.toLowerCase();
      select.add(new Option("all", ""));
      values.forEach((v) => select.add(new Option(v, v)));
      const preset = params.get(select.name);
      if (preset && values.includes(preset)) select.value = preset;
      select.addEventListener("change", apply);
      label.appendChild(select);
      bar.appendChild(label);
      selects.push([col, select]);
    });
    bar.appendChild(count);
    container.insertBefore(bar, container.firstChild);

    function apply() {
      let shown = 0;
      rows.forEach((row) => {
        const keep = selects.every(([col, s]) => !s.value || row.cells[col].textContent.trim() === s.value);
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      count.textContent = `${shown} of ${rows.length} claims shown`;
    }
    apply();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".claims-index").forEach(setUp);
  });
})();
