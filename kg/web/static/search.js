// Autocomplete for the search box: an enhancement only; without JavaScript the form still searches.
(function () {
  "use strict";
  var input = document.querySelector("form.search input[data-suggest]");
  if (!input || !window.fetch) return;
  var list = document.getElementById("kg-suggest"), pages = {}, timer = null, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2 || q === last) return;
    timer = setTimeout(function () {
      last = q;
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), {headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (data) {
          list.textContent = "";
          pages = {};
          data.suggestions.forEach(function (s) {
            var opt = document.createElement("option");
            opt.value = s.name;
            opt.label = s.kind + (s.types.length ? " · " + s.types.join(", ") : "");
            list.appendChild(opt);
            if (!(s.name in pages)) pages[s.name] = s.page;
          });
        }).catch(function () {});
    }, 120);
  });
  // Choosing a suggestion goes straight to its page; any other text runs a full search.
  input.form.addEventListener("submit", function (ev) {
    var page = pages[input.value];
    if (page) { ev.preventDefault(); window.location.href = page; }
  });
})();
