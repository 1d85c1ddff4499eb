// The query page with YASGUI (vendored, served from kg/web/static/vendor/yasgui): highlighting, prefix
// completion from this service's prefixes, a paged result table. When the script cannot run, the plain form
// above it (kg's own sparql.js, or no script at all) still works: YASGUI only takes its place once it loaded.
(function () {
  "use strict";
  if (typeof window.Yasgui !== "function") return;
  const form = document.getElementById("sparql-form");
  const area = document.getElementById("query");
  const select = document.getElementById("example");
  const holder = document.getElementById("yasgui");
  const endpoint = window.location.origin + "/sparql";
  const Yasgui = window.Yasgui;
  holder.hidden = false;  // before the editor is built: CodeMirror measures its box
  const yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,  // a fresh editor per visit: the examples are the starting points
    populateFromUrl: false,
    yasqe: {
      value: area.value,
      prefixCcApi: "/sparql/prefixes.json",  // completion from the service's own prefixes, never the web
      autocompleters: ["prefixes", "variables"],  // the class/property completers ask a server elsewhere
      resizeable: true,
      editorHeight: "320px",
    },
    yasr: { pageSize: 50 },
  });
  // names for what YASGUI leaves unnamed, and the "new tab" button out of the tab list (a tablist holds tabs)
  holder.querySelectorAll("input.autocomplete").forEach(function (el) { el.setAttribute("aria-label", "SPARQL endpoint"); });
  holder.querySelectorAll(".CodeMirror textarea").forEach(function (el) { el.setAttribute("aria-label", "SPARQL query"); });
  const add = holder.querySelector(".tabsList .addTab");
  if (add) add.parentElement.parentElement.after(add.parentElement);
  form.classList.add("yasgui-on");
  document.getElementById("results").hidden = true;
  document.getElementById("downloads").hidden = true;
  holder.hidden = false;
  // the named queries as examples: sparql.js has put the chosen one in the textarea
  select.addEventListener("change", function () {
    if (select.value !== "") yasgui.getTab().setQuery(area.value);
  });
  window.kgYasgui = yasgui;  // for the browser tests
})();
