/* The report page's own script, in three files that assets.py joins into one function scope:
 * common.js (data and helpers), card.js (evidence cards), report.js (charts and the table).
 *
 * Hand-written rather than a table or UI framework: the file must work offline and stay
 * small, a framework would have to be inlined and audited too, and the job is small
 * (filter/sort an array, build a few DOM nodes). Every value reaches the page through
 * textContent or an attribute set by the DOM API, never innerHTML, so data stays text.
 * Cards are rendered on click from compact JSON, because 10,000 pre-rendered cards would
 * make the file far too large.
 */
"use strict";
var D = JSON.parse(document.getElementById("report-data").textContent);
var C = {};
D.entry_cols.forEach(function (c, i) { C[c] = i; });
var S = D.strings;
var W = D.words;
// Decode the interned columns once (see INTERNED in payload.py).
[["entries", D.entries, D.entry_cols], ["bookings", Object.values(D.bookings), D.booking_cols],
 ["book_ins", Object.values(D.book_ins), D.book_in_cols]].forEach(function (t) {
  var idx = D.interned[t[0]].map(function (c) { return t[2].indexOf(c); });
  t[1].forEach(function (r) { idx.forEach(function (i) { if (r[i] !== null) r[i] = S[r[i]]; }); });
});

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === "text") node.textContent = attrs[k];
    else if (k === "style") node.style.cssText = attrs[k];
    else node.setAttribute(k, attrs[k]);
  });
  (children || []).forEach(function (c) {
    if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  });
  return node;
}
function fmt(x, digits) { return x === null || x === undefined ? "–" : Number(x).toFixed(digits === undefined ? 3 : digits); }
function signed(x) { return (x > 0 ? "+" : x < 0 ? "−" : "±") + Math.abs(x).toFixed(2); }
function show(v) { return v === null || v === undefined || v === "" ? "–" : String(v); }
function place(j) { return (j && W.places[j]) || show(j); }
function pill(outcome) {
  var o = D.outcomes[outcome] || { label: outcome, colour: "#777" };
  return el("span", { "class": "pill", style: "background:" + o.colour, text: o.label, title: o.meaning || "" });
}
function draw(container, spec) {
  try {
    var compiled = vegaLite.compile(spec).spec;
    var view = new vega.View(vega.parse(compiled), { renderer: "svg", container: container, hover: true });
    return view.runAsync();
  } catch (err) {
    container.textContent = "Chart could not be drawn: " + err.message;
    throw err;
  }
}
