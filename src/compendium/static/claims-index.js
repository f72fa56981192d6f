// The claims index: one <select> per filterable column of every table inside a
// ".claims-index" container, and sortable columns (a button in each header). Filters can be
// preset from the query string (claims.html?status=contested&document=review). No data leaves
// the page.
//
// On every page: a link to a claim cell (#claim-...) opens the evidence of that claim's card,
// so a reader lands on the card with its evidence shown.
(function () {
  "use strict";
  const FILTERS = ["Document", "Chapter", "Topic", "Kind", "Status"];
  // Verdicts from most to least of a problem: sorting the Status column follows this order.
  const SEVERITY = ["contradicted", "contested", "in tension", "not found", "broader than the evidence",
    "cannot be checked", "partly supported", "supported"];

  function setUp(container) {
    const table = container.querySelector("table");
    if (!table) return;
    const heads = Array.from(table.querySelectorAll("thead th"));
    const headers = heads.map((th) => th.textContent.trim());
    const body = table.querySelector("tbody");
    const rows = Array.from(body.querySelectorAll("tr"));
    const params = new URLSearchParams(window.location.search);
    const bar = document.createElement("div");
    bar.className = "claims-filter";
    const count = document.createElement("span");
    count.className = "claims-filter-count";
    count.setAttribute("aria-live", "polite");
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

    heads.forEach((th, col) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent.trim();
      button.title = "Sort by " + button.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const key = (row) => {
          const text = row.cells[col].textContent.trim();
          const rank = SEVERITY.indexOf(text);
          return headers[col] === "Status" && rank >= 0 ? String(rank).padStart(2, "0") : text.toLowerCase();
        };
        const sorted = rows.slice().sort((a, b) => key(a).localeCompare(key(b), undefined, { numeric: true }));
        if (!ascending) sorted.reverse();
        sorted.forEach((r) => body.appendChild(r));
      });
    });

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

  function openTarget() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id.startsWith("claim-")) return;
    const target = document.getElementById(id);
    if (!target) return;
    target.querySelectorAll("details.evidence-dropdown").forEach((d) => { d.open = true; });
    target.scrollIntoView();
  }

  // The theme's search and colour-mode buttons carry an aria-label that differs from the words
  // they show ("Search" on a button reading "Search… Ctrl+K"), which speech-input users cannot
  // say (axe: label-content-name-mismatch). Name each by what it shows.
  function nameButtonsByTheirText() {
    document.querySelectorAll("button.search-button__button").forEach((b) => {
      const shown = b.innerText.replace(/\s+/g, " ").trim();
      if (shown) b.setAttribute("aria-label", shown);
    });
    // The colour-mode button shows icons only: hide them from assistive technology so the
    // button's name is its label ("Color mode"), not the icons' titles.
    // (Font Awesome may already have replaced the <i> with an <svg> holding a <title>.)
    document.querySelectorAll("button.theme-switch-button i, button.theme-switch-button svg").forEach((i) => {
      i.setAttribute("aria-hidden", "true");
      i.removeAttribute("title");
      i.querySelectorAll("title").forEach((t) => t.remove());
    });
    // myst-nb's code toggles say "Toggle hidden content" while showing "Show code cell source":
    // let the words shown be the name.
    document.querySelectorAll("details.hide > summary[aria-label]").forEach((s) => s.removeAttribute("aria-label"));
    // The bibliography is a list (role="list") whose entries carry the deprecated
    // doc-biblioentry role; a list needs list items.
    document.querySelectorAll('.citation-list[role="list"] > [role="doc-biblioentry"]').forEach((e) => e.setAttribute("role", "listitem"));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".claims-index").forEach(setUp);
    openTarget();
  });
  document.addEventListener("DOMContentLoaded", nameButtonsByTheirText);
  window.addEventListener("load", () => {
    nameButtonsByTheirText();
    setTimeout(nameButtonsByTheirText, 300); // after Font Awesome's icon swap
  });
  window.addEventListener("hashchange", openTarget);
})();
