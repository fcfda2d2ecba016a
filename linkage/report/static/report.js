/* Charts and the entries table (see common.js for how the three script files fit). */
document.querySelectorAll(".chart[data-spec]").forEach(function (node) {
  var spec = D.specs[node.getAttribute("data-spec")];
  if (spec) draw(node, spec);
});

var PAGE = 100;
// ---- the entries table ----------------------------------------------------------------
var state = { q: "", jur: "", outcome: "", cmin: 0, cmax: 1, flag: "", key: "entry_id", dir: 1, shown: PAGE };
var tbody = document.querySelector("#entries-table tbody");
var more = document.getElementById("more");
var count = document.getElementById("f-count");

function matches(e) {
  if (state.jur && e[C.jurisdiction] !== state.jur) return false;
  if (state.outcome && e[C.outcome] !== state.outcome) return false;
  if (e[C.confidence] < state.cmin || e[C.confidence] > state.cmax) return false;
  if (state.flag === "stale" && !e[C.stale]) return false;
  if (state.flag === "duplicate" && !e[C.duplicate_of]) return false;
  if (state.q) {
    var hay = [e[C.entry_id], e[C.jurisdiction], place(e[C.jurisdiction]), e[C.facility], e[C.booking_id], e[C.custody_id],
               e[C.reasons], e[C.citizenship], D.outcomes[e[C.outcome]].label].join(" ").toLowerCase();
    if (hay.indexOf(state.q) < 0) return false;
  }
  return true;
}
function compare(a, b) {
  var x = a[C[state.key]], y = b[C[state.key]];
  if (x === y) return a[C.entry_id] < b[C.entry_id] ? -1 : 1;
  if (x === null || x === undefined) return 1;
  if (y === null || y === undefined) return -1;
  return (x < y ? -1 : 1) * state.dir;
}
function row(e) {
  var flags = [];
  if (e[C.stale]) flags.push("stale");
  if (e[C.duplicate_of]) flags.push("duplicate of " + e[C.duplicate_of]);
  var conf = e[C.confidence];
  var tr = el("tr", { tabindex: "0", "data-entry": e[C.entry_id] }, [
    el("td", { text: e[C.entry_id] }),
    el("td", { text: place(e[C.jurisdiction]) }),
    el("td", { text: show(e[C.report_week]) }),
    el("td", { text: show(e[C.detainer_declined_date]) }),
    el("td", { "class": "r", text: e[C.detainer_age_days] === null ? "–" : e[C.detainer_age_days] + " d" }),
    el("td", {}, [pill(e[C.outcome])]),
    el("td", { "class": "r" }, [el("span", { "class": "meter" }, [el("i", { style: "width:" + (100 * conf) + "%" })]), fmt(conf, 2)]),
    el("td", { "class": "r", text: fmt(e[C.p_transferred], 2) }),
    el("td", { "class": "small", text: flags.join(", ") }),
    el("td", { text: show(e[C.booking_id]) })
  ]);
  tr.addEventListener("click", function () { openCard(e); });
  tr.addEventListener("keydown", function (ev) { if (ev.key === "Enter") openCard(e); });
  return tr;
}
function render() {
  var rows = D.entries.filter(matches).sort(compare);
  var frag = document.createDocumentFragment();
  rows.slice(0, state.shown).forEach(function (e) { frag.appendChild(row(e)); });
  tbody.replaceChildren(frag);
  count.textContent = "showing " + Math.min(state.shown, rows.length) + " of " + rows.length +
    " matching entries (" + D.entries.length + " in all)";
  more.hidden = rows.length <= state.shown;
}
function bind(id, key, parse) {
  var input = document.getElementById(id);
  function update() { state[key] = parse(input.value); state.shown = PAGE; render(); }
  input.addEventListener("input", update);
  input.addEventListener("change", update);  // selects and number spinners may fire only this
}
bind("f-q", "q", function (v) { return v.trim().toLowerCase(); });
bind("f-jur", "jur", String);
bind("f-outcome", "outcome", String);
bind("f-cmin", "cmin", function (v) { return v === "" ? 0 : Number(v); });
bind("f-cmax", "cmax", function (v) { return v === "" ? 1 : Number(v); });
bind("f-flag", "flag", String);
more.addEventListener("click", function () { state.shown += PAGE * 5; render(); });
document.querySelectorAll("#entries-table th[data-key]").forEach(function (th) {
  th.addEventListener("click", function () {
    var key = th.getAttribute("data-key");
    state.dir = state.key === key ? -state.dir : 1;
    state.key = key;
    document.querySelectorAll("#entries-table th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
    render();
  });
});
render();


// A link to report.html#ENTRY opens that entry's card.
if (location.hash.length > 1) {
  var wanted = decodeURIComponent(location.hash.slice(1));
  var hit = D.entries.filter(function (e) { return e[C.entry_id] === wanted; })[0];
  if (hit) openCard(hit);
}
