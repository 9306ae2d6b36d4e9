/* Dossier: sortable and stackable tables, the timeline's actor filter and zoom, the landing on a cited
   passage, and footnote previews that Escape dismisses and a tap opens. Runs on every page load
   (Material's document$ also fires after instant navigation, which this site does not use). */
(function () {
  "use strict";

  function each(selector, fn, root) { Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn); }

  /* Tablesort reads a cell's own data-sort: a date cell carries it on the span inside (its start day). */
  function sortableTables() {
    each("article .dossier-sortable table", function (table) {
      if (table.dataset.sortable === "done" || typeof Tablesort === "undefined") return;
      table.dataset.sortable = "done";
      each("td", function (cell) {
        var inner = cell.querySelector("[data-sort]");
        if (inner && !cell.hasAttribute("data-sort")) cell.setAttribute("data-sort", inner.getAttribute("data-sort"));
      }, table);
      new Tablesort(table);
    });
  }

  /* On a phone a table's rows are stacked (CSS); each cell is labelled with its column's heading. */
  function stackedTables() {
    each("article .dossier-stack table", function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      each("tbody tr", function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (headings[index]) cell.setAttribute("data-label", headings[index]);
        });
      }, table);
    });
  }

  function hiddenByFilter(element) { return element.closest("[hidden]") !== null; }

  /* The table of contents and the footnotes follow the content: an entry whose target is hidden goes. */
  function filterOutline() {
    each(".md-nav--secondary a.md-nav__link[href^='#']", function (link) {
      var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      var item = link.closest("li");
      if (target && item) item.hidden = hiddenByFilter(target);
    });
    each(".footnote li[id^='fn:']", function (note) {
      var refs = document.querySelectorAll("a.footnote-ref[href='#" + CSS.escape(note.id) + "']");
      var shown = Array.prototype.some.call(refs, function (ref) { return !hiddenByFilter(ref); });
      note.hidden = refs.length > 0 && !shown;
    });
  }

  function actorFilter() {
    var select = document.getElementById("dossier-actor-filter");
    if (!select) return;
    var apply = function () {
      var actor = select.value;
      each("[data-actors]", function (element) {
        var actors = element.getAttribute("data-actors").split(" ");
        element.hidden = actor !== "" && actors.indexOf(actor) === -1;
      });
      each(".dossier-group", function (group) {  /* a heading with no event left under it goes too */
        group.hidden = group.querySelector(".dossier-event:not([hidden])") === null;
      });
      filterOutline();
      var status = document.getElementById("dossier-filter-status");
      if (status) {
        var shown = document.querySelectorAll(".dossier-event[data-actors]:not([hidden])").length;
        var name = select.options[select.selectedIndex].text;
        status.textContent = actor === "" ? "" : (shown === 1 ? "1 event involves " : shown + " events involve ") + name + ".";
      }
      zoomChart();
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

  /* The timeline chart's window. The whole chart is as the server drew it (render/chart.py); for a month
     the bars are placed again, rows whose event lies outside it are folded away, and the axis is ticked
     on the 1st, 8th, 15th, 22nd and 29th. */
  var DAY = 86400000;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function day(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function serverDrawing(chart) {
    var axis = chart.querySelector(".dossier-axis");
    var ticks = Array.from(axis.childNodes, function (node) { return node.cloneNode(true); });
    var bars = Array.from(chart.querySelectorAll(".dossier-bar"), function (bar) {
      return [bar, bar.getAttribute("style"), bar.className];
    });
    return function restore() {
      axis.textContent = "";
      ticks.forEach(function (node) { axis.appendChild(node.cloneNode(true)); });
      bars.forEach(function (kept) { kept[0].setAttribute("style", kept[1]); kept[0].className = kept[2]; });
    };
  }
  function zoomChart() {
    var chart = document.querySelector(".dossier-chart");
    var pressed = document.querySelector(".dossier-zoom button[aria-pressed='true']");
    if (!chart || !pressed) return;
    var drawing = chart.dossierDrawing || (chart.dossierDrawing = {restore: serverDrawing(chart), zoomed: false});
    var whole = pressed === document.querySelector(".dossier-zoom button");
    var first = day(pressed.dataset.first), end = day(pressed.dataset.last) + DAY, span = end - first;
    var percent = function (t) { return Math.round(10000 * (Math.min(Math.max(t, first), end) - first) / span) / 100; };
    var inWindow = 0, outside = 0;
    if (whole && drawing.zoomed) { drawing.restore(); drawing.zoomed = false; }
    each(".dossier-row[data-first]", function (row) {
      var from = day(row.dataset.first), to = day(row.dataset.last) + DAY;
      var out = to <= first || from >= end;
      row.classList.toggle("dossier-outside", out);
      if (row.hidden) return;
      if (out) { outside += 1; return; }
      inWindow += 1;
      if (whole) return;
      var bar = row.querySelector(".dossier-bar");
      var left = percent(from);
      bar.style.left = left + "%";
      bar.style.width = Math.max(percent(to) - left, 0.5) + "%";
      bar.classList.toggle("dossier-bar-clipped", from < first);
    });
    if (!whole) { tickMonth(chart.querySelector(".dossier-axis"), first, end, percent); drawing.zoomed = true; }
    spaceTicks();
    var status = document.querySelector(".dossier-chart-status");
    if (status) status.textContent = whole ? "" : pressed.textContent + ": " + inWindow + (inWindow === 1 ? " event" : " events") +
      " on the chart" + (outside ? ", " + outside + " outside this window (below, in the list)." : ".");
  }
  function tickMonth(axis, first, end, percent) {
    var month = new Date(first);
    axis.textContent = "";
    [1, 8, 15, 22, 29].forEach(function (n) {
      var t = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), n);
      if (t < first || t >= end) return;
      var tick = document.createElement("span");
      tick.className = "dossier-tick";
      tick.style.left = percent(t) + "%";
      var label = document.createElement("span");
      label.className = "dossier-tick-label";
      label.textContent = n + " " + MONTHS[month.getUTCMonth()];
      tick.appendChild(label);
      axis.appendChild(tick);
    });
  }

  /* Tick labels that would overlap the one before them are left out (the tick mark stays). */
  function spaceTicks() {
    var last = -Infinity;
    each(".dossier-axis .dossier-tick", function (tick) {
      tick.classList.remove("dossier-tick-unlabelled");
      var box = tick.getBoundingClientRect();
      if (box.left < last + 6) tick.classList.add("dossier-tick-unlabelled"); else last = box.right;
    });
  }

  function chartWindows() {
    var zoom = document.querySelector(".dossier-zoom");
    if (!zoom) return;
    zoom.hidden = false;
    each("button", function (button) {
      button.addEventListener("click", function () {
        each("button", function (other) { other.setAttribute("aria-pressed", String(other === button)); }, zoom);
        zoomChart();
      });
    }, zoom);
    window.addEventListener("resize", spaceTicks);
    zoomChart();
  }

  /* Landing on a passage ('#p-3-12-45', from a footnote's ¶ link): its own words are highlighted, not
     every cited passage of the paragraph. */
  function landOnPassage() {
    each(".dossier-landed", function (mark) { mark.classList.remove("dossier-landed"); });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^p-\d+-\d+-\d+$/.test(id)) return;
    each("mark[data-passages]", function (mark) {
      if (mark.getAttribute("data-passages").split(" ").indexOf(id) !== -1) mark.classList.add("dossier-landed");
    });
  }

  /* Footnote previews (Material's tooltips): Escape dismisses the one shown (WCAG 1.4.13), and on a
     touch screen the first tap on a marker shows its preview; a second tap, or the ¶ link in it, goes on. */
  var touched = false;
  function footnotePreviews() {
    if (document.body.dataset.dossierPreviews === "done") return;
    document.body.dataset.dossierPreviews = "done";
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      each(".md-tooltip2", function (tip) { tip.classList.add("dossier-dismissed"); });
    });
    ["focusin", "mouseover"].forEach(function (name) {  /* a marker reached again shows its preview again */
      document.addEventListener(name, function (event) {
        if (event.target.closest && event.target.closest(".footnote-ref")) undismiss();
      });
    });
    document.addEventListener("pointerdown", function (event) { touched = event.pointerType === "touch"; }, true);
    document.addEventListener("click", function (event) {
      var marker = event.target.closest && event.target.closest("a.footnote-ref");
      if (!marker || !touched) return;
      if (marker.dataset.previewed === "yes") { delete marker.dataset.previewed; return; }
      event.preventDefault();  /* first tap: show the preview instead of jumping to the notes */
      each("a.footnote-ref[data-previewed]", function (other) { delete other.dataset.previewed; });
      marker.dataset.previewed = "yes";
      undismiss();
      marker.focus();
    }, true);
  }
  function undismiss() { each(".md-tooltip2.dossier-dismissed", function (tip) { tip.classList.remove("dossier-dismissed"); }); }

  function start() {
    sortableTables(); stackedTables(); chartWindows(); actorFilter(); landOnPassage(); footnotePreviews();
  }
  window.addEventListener("hashchange", landOnPassage);
  if (typeof document$ !== "undefined") document$.subscribe(start); else document.addEventListener("DOMContentLoaded", start);
})();
