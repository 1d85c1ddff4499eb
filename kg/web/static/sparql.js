// The query page: runs the query over the SPARQL protocol and shows the result as a table.
// No libraries, nothing fetched from elsewhere: the page works offline.
(function () {
  "use strict";
  const form = document.getElementById("sparql-form");
  const area = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const downloads = document.getElementById("downloads");
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const config = JSON.parse(document.getElementById("config-data").textContent);
  const select = document.getElementById("example");

  select.addEventListener("change", function () {
    const ex = examples[select.value];
    document.getElementById("example-description").textContent = ex ? ex.description + " (API: /api/" + ex.name + ")" : "";
    if (ex) area.value = ex.query;
  });

  area.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
    if (e.key === "Tab") {  // indent instead of leaving the editor
      e.preventDefault();
      const s = area.selectionStart;
      area.setRangeText("  ", s, area.selectionEnd, "end");
    }
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });

  function isGraphQuery(q) {
    const body = q.replace(/#[^\n]*/g, " ").replace(/<[^>\s]*>/g, " ").replace(/"[^"]*"/g, " ");
    const m = body.match(/\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i);
    return m && /CONSTRUCT|DESCRIBE/i.test(m[1]);
  }

  function setDownloads(q) {
    const graph = isGraphQuery(q);
    downloads.hidden = false;
    downloads.querySelectorAll("a").forEach(function (a) {
      const f = a.dataset.format;
      const fits = graph ? ["ttl", "jsonld", "nt", "rdf", "nq", "trig"].includes(f) : ["json", "xml", "csv", "tsv"].includes(f);
      a.hidden = !fits;
      a.href = "/sparql?" + new URLSearchParams({ query: q, format: f }).toString();
      a.setAttribute("download", "result." + f);
    });
  }

  async function run() {
    const q = area.value;
    status.textContent = "Running…";
    results.textContent = "";
    const started = performance.now();
    const graph = isGraphQuery(q);
    try {
      const resp = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   "Accept": graph ? "application/n-triples" : "application/sparql-results+json" },
        body: new URLSearchParams({ query: q }),
      });
      const ms = Math.round(performance.now() - started);
      if (!resp.ok) {
        status.textContent = "";
        showError(resp.status + " " + resp.statusText + ": " + (await resp.text()));
        return;
      }
      setDownloads(q);
      if (graph) {
        const text = await resp.text();
        const lines = text.split("\n").filter(Boolean);
        status.textContent = lines.length + " triples in " + ms + " ms";
        const pre = document.createElement("pre");
        pre.textContent = text;
        results.appendChild(pre);
        return;
      }
      const data = await resp.json();
      if ("boolean" in data) {
        status.textContent = "answer in " + ms + " ms";
        const p = document.createElement("p");
        p.textContent = data.boolean ? "true" : "false";
        results.appendChild(p);
        return;
      }
      const rows = data.results.bindings;
      status.textContent = rows.length + " rows in " + ms + " ms";
      if (resp.headers.get("X-KG-Truncated") === "true") {
        const n = document.createElement("p");
        n.className = "notice";
        n.textContent = "The result was cut at " + resp.headers.get("X-KG-Row-Limit") +
          " rows (the endpoint's row limit). Add LIMIT/OFFSET to page through it.";
        results.appendChild(n);
      }
      results.appendChild(table(data.head.vars, rows));
    } catch (err) {
      status.textContent = "";
      showError(String(err));
    }
  }

  function showError(text) {
    const pre = document.createElement("pre");
    pre.className = "error";
    pre.textContent = text;
    results.appendChild(pre);
  }

  function table(vars, rows) {
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    vars.forEach(function (v) { const th = document.createElement("th"); th.textContent = "?" + v; head.appendChild(th); });
    const body = t.createTBody();
    rows.forEach(function (row) {
      const tr = body.insertRow();
      vars.forEach(function (v) { tr.insertCell().appendChild(cell(row[v])); });
    });
    return t;
  }

  function shortName(iri) {
    for (const [p, ns] of Object.entries(config.prefixes)) {
      if (iri.startsWith(ns)) return p + ":" + iri.slice(ns.length);
    }
    if (iri.startsWith(config.base)) return "/" + iri.slice(config.base.length);
    return iri;
  }

  function cell(term) {
    const frag = document.createDocumentFragment();
    if (!term) return frag;
    if (term.type === "uri" && !/^https?:/i.test(term.value)) {
      frag.appendChild(document.createTextNode(term.value));  // urn:, mailto:, javascript: ... are not links
    } else if (term.type === "uri") {
      const a = document.createElement("a");
      // things of this dataset link to their own /id/ address, which redirects to the page
      a.href = term.value.startsWith(config.base) ? "/" + term.value.slice(config.base.length) : term.value;
      a.textContent = shortName(term.value);
      a.title = term.value;
      frag.appendChild(a);
    } else if (term.type === "bnode") {
      frag.appendChild(document.createTextNode("_:" + term.value));
    } else {
      frag.appendChild(document.createTextNode(term.value));
      const meta = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? "^^" + shortName(term.datatype) : "";
      if (meta) {
        const span = document.createElement("span");
        span.className = "lit-meta";
        span.textContent = " " + meta;
        frag.appendChild(span);
      }
    }
    return frag;
  }
})();
