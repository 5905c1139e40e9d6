// xietong dashboard: draws the plotly figures embedded as JSON, and shows a fact when its
// highlight is clicked.  No inline scripts (the Content-Security-Policy forbids them);
// article-derived strings are only ever put in the page with textContent.
"use strict";

function drawFigures() {
  if (typeof Plotly === "undefined") return;
  document.querySelectorAll("[data-figure]").forEach(function (div) {
    var src = document.getElementById(div.getAttribute("data-figure"));
    if (!src) return;
    var fig = JSON.parse(src.textContent);
    Plotly.newPlot(div, fig.data, fig.layout, {responsive: true, displaylogo: false})
      .then(function () {
        div.setAttribute("data-ready", "1");
        if (div.getAttribute("data-click") === "place") {
          // bubbles carry [projects, investment, adcode]: open the place's page
          div.on("plotly_click", function (ev) {
            var p = ev.points && ev.points[0];
            var code = p && p.customdata && p.customdata[2];
            if (code && /^\d{6}$/.test(String(code))) window.location.href = "/place/" + code;
          });
        }
      });
  });
}

function showFact(id) {
  var src = document.getElementById("facts-data");
  var panel = document.getElementById("fact-panel");
  if (!src || !panel) return;
  var facts = JSON.parse(src.textContent);
  var f = facts[String(id)];
  if (!f) return;
  document.querySelectorAll("mark.fact.selected").forEach(function (m) { m.classList.remove("selected"); });
  var mark = document.getElementById("fact-" + id);
  if (mark) mark.classList.add("selected");
  var labels = document.getElementById("labels");
  document.getElementById("fp-kind").textContent = (mark && mark.title) || f.kind;
  document.getElementById("fp-id").textContent = String(f.id);
  var flags = [];
  if (f.wrong) flags.push(labels.getAttribute("data-wrong"));
  if (f.corrected) flags.push(labels.getAttribute("data-corrected"));
  document.getElementById("fp-flags").textContent = flags.join(" · ");
  var dl = document.getElementById("fp-data");
  while (dl.firstChild) dl.removeChild(dl.firstChild);
  Object.keys(f.data).sort().forEach(function (k) {
    var dt = document.createElement("dt");
    dt.textContent = k;
    var dd = document.createElement("dd");
    var v = f.data[k];
    dd.textContent = (v === null || v === undefined) ? "" : (typeof v === "object" ? JSON.stringify(v) : String(v));
    if (JSON.stringify(f.machine[k]) !== JSON.stringify(v)) dd.classList.add("corrected");
    dl.appendChild(dt);
    dl.appendChild(dd);
  });
  document.getElementById("fp-sentence").textContent = f.sentence;
  document.getElementById("fp-extractor").textContent = f.extractor;
  ["fp-correct", "fp-wrong"].forEach(function (fid) {
    var form = document.getElementById(fid);
    if (form) form.action = form.getAttribute("data-action").replace("{id}", String(f.id));
  });
  fillFields(f);
  var wv = document.getElementById("fp-wrong-value");
  var wb = document.getElementById("fp-wrong-button");
  if (wv && wb) {
    wv.value = f.wrong ? "0" : "1";
    wb.textContent = wb.getAttribute(f.wrong ? "data-right" : "data-wrong");
  }
  panel.hidden = false;
}

// The correction form offers the fields a fact of this kind may take, each pre-filled with
// its current value (JSON for numbers and lists, so the server reads them back typed).
function fillFields(f) {
  var select = document.getElementById("fp-field");
  var input = document.getElementById("fp-value");
  var src = document.getElementById("fact-fields");
  if (!select || !input || !src) return;
  var fields = JSON.parse(src.textContent)[f.kind] || [];
  while (select.firstChild) select.removeChild(select.firstChild);
  fields.forEach(function (name) {
    var opt = document.createElement("option");
    opt.value = name;
    opt.textContent = name;
    select.appendChild(opt);
  });
  function current() {
    var v = f.data[select.value];
    input.value = (v === null || v === undefined) ? "" : (typeof v === "string" ? v : JSON.stringify(v));
  }
  select.onchange = current;
  current();
}

function wireFacts() {
  document.querySelectorAll("[data-fact]").forEach(function (el) {
    if (!(el.matches("mark.fact") || el.matches("a.fact-ref"))) return;
    el.addEventListener("click", function (ev) {
      ev.stopPropagation();   // a fact nested in another shows itself, not its container
      showFact(el.getAttribute("data-fact"));
    });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showFact(el.getAttribute("data-fact")); }
    });
  });
  var m = /^#fact-(\d+)$/.exec(window.location.hash);
  if (m) showFact(m[1]);
}

document.addEventListener("DOMContentLoaded", function () {
  drawFigures();
  wireFacts();
});
