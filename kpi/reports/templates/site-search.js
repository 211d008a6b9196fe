// The site's search: every word of the query, diacritics optional, in an indicator's ID or title (as `kpi find`).
(function () {
  "use strict";
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var box = document.getElementById("q");
  box.value = query;
  var words = fold(query).split(/\s+/).filter(Boolean);
  var found = document.getElementById("found");
  var list = document.getElementById("hits");
  if (!words.length) { return; }
  var hits = (window.KPI_INDEX || []).filter(function (entry) {
    return words.every(function (word) { return entry[2].indexOf(word) !== -1; });
  });
  found.textContent = hits.length ? found.dataset.count.replace("{count}", hits.length) : found.dataset.none;
  hits.forEach(function (entry) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = "indicator/" + entry[0] + ".html";
    link.textContent = entry[0];
    item.appendChild(link);
    // The title is the plan's, in Vietnamese: on a page in another language it says so (lang), as the
    // other pages mark it; the status word is the page's own language.
    var title = document.createElement("span");
    if (list.dataset.titleLang) { title.lang = list.dataset.titleLang; }
    title.textContent = entry[1];
    item.appendChild(document.createTextNode(" "));
    item.appendChild(title);
    item.appendChild(document.createTextNode(" (" + entry[3] + ")"));
    list.appendChild(item);
  });
})();
