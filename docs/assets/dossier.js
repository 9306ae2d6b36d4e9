/* Dossier: sortable tables and the timeline's actor filter. Runs on every page load
   (Material's document$ also fires after instant navigation, which this site does not use). */
(function () {
  "use strict";

  function sortableTables() {
    document.querySelectorAll("article table.dossier-sortable, article .dossier-sortable + table, article .dossier-sortable table")
      .forEach(function (table) {
        if (table.dataset.sortable === "done" || typeof Tablesort === "undefined") return;
        table.dataset.sortable = "done";
        new Tablesort(table);
      });
  }

  function actorFilter() {
    var select = document.getElementById("dossier-actor-filter");
    if (!select) return;
    var apply = function () {
      var actor = select.value;
      document.querySelectorAll("[data-actors]").forEach(function (element) {
        var actors = element.getAttribute("data-actors").split(" ");
        element.hidden = actor !== "" && actors.indexOf(actor) === -1;
      });
      var status = document.getElementById("dossier-filter-status");
      if (status) {
        var shown = document.querySelectorAll(".dossier-event[data-actors]:not([hidden])").length;
        status.textContent = actor === "" ? "" : shown + " event(s) involve " + select.options[select.selectedIndex].text + ".";
      }
    };
    select.addEventListener("change", function () {
      var url = new URL(window.location.href);
      if (select.value) url.searchParams.set("actor", select.value); else url.searchParams.delete("actor");
      window.history.replaceState(null, "", url.toString());
      apply();
    });
    var wanted = new URL(window.location.href).searchParams.get("actor");
    if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
    apply();
  }

  /* Mermaid is run here rather than by the theme so that node links work (the theme's strict
     security level disables them). Labels are escaped by the generator; links are its own. */
  var mapCount = 0;
  function relationMaps() {
    if (typeof mermaid === "undefined") return;
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    mermaid.initialize({ startOnLoad: false, securityLevel: "loose", theme: dark ? "dark" : "default",
                        flowchart: { useMaxWidth: false, wrappingWidth: 180 } });
    document.querySelectorAll("pre.dossier-map").forEach(function (pre) {
      var source = pre.textContent;
      var id = "dossier-map-" + (mapCount++);
      mermaid.render(id, source).then(function (result) {
        var figure = document.createElement("div");
        figure.className = "dossier-map-figure";
        figure.setAttribute("role", "region");
        figure.setAttribute("tabindex", "0");  /* it scrolls sideways: keyboard users must reach it */
        figure.setAttribute("aria-label", "Relationship map (scrollable); the same relations are listed as text below.");
        figure.innerHTML = result.svg;
        pre.replaceWith(figure);
        if (result.bindFunctions) result.bindFunctions(figure);
      }).catch(function (error) { pre.title = "The map could not be drawn: " + error; });
    });
  }

  function start() { sortableTables(); actorFilter(); relationMaps(); }
  if (typeof document$ !== "undefined") document$.subscribe(start); else document.addEventListener("DOMContentLoaded", start);
})();
