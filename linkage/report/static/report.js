/* The report page's own script: charts, the entries table, evidence cards.
 *
 * Hand-written rather than a table or UI framework: the file must work offline and stay
 * small, a framework would have to be inlined and audited too, and the job is small
 * (filter/sort an array, build a few DOM nodes). Every value reaches the page through
 * textContent or an attribute set by the DOM API, never innerHTML, so data stays text.
 * Cards are rendered on click from compact JSON, because 10,000 pre-rendered cards would
 * make the file far too large.
 */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var C = {};
  D.entry_cols.forEach(function (c, i) { C[c] = i; });
  var S = D.strings;
  // Decode the interned columns once (see INTERNED in payload.py).
  [["entries", D.entries, D.entry_cols], ["bookings", Object.values(D.bookings), D.booking_cols],
   ["book_ins", Object.values(D.book_ins), D.book_in_cols]].forEach(function (t) {
    var idx = D.interned[t[0]].map(function (c) { return t[2].indexOf(c); });
    t[1].forEach(function (r) { idx.forEach(function (i) { if (r[i] !== null) r[i] = S[r[i]]; }); });
  });
  var PAGE = 100;

  // ---- small DOM helpers --------------------------------------------------------------
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
  function show(v) { return v === null || v === undefined || v === "" ? "–" : String(v); }
  function pill(outcome) {
    var o = D.outcomes[outcome] || { label: outcome, colour: "#777" };
    return el("span", { "class": "pill", style: "background:" + o.colour, text: o.label });
  }

  // ---- charts ---------------------------------------------------------------------------
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
  document.querySelectorAll(".chart[data-spec]").forEach(function (node) {
    var spec = D.specs[node.getAttribute("data-spec")];
    if (spec) draw(node, spec);
  });

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
      var hay = [e[C.entry_id], e[C.jurisdiction], e[C.facility], e[C.booking_id], e[C.custody_id],
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
    if (e[C.duplicate_of]) flags.push("dup of " + e[C.duplicate_of]);
    var conf = e[C.confidence];
    var tr = el("tr", { tabindex: "0", "data-entry": e[C.entry_id] }, [
      el("td", { text: e[C.entry_id] }),
      el("td", { text: show(e[C.jurisdiction]) }),
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

  // ---- evidence cards ------------------------------------------------------------------
  var dialog = document.getElementById("card");
  var body = dialog.querySelector(".card-body");
  var BOOKING_LABELS = { booking_id: "booking", full_name: "name", dob: "birth date", birth_year: "birth year",
    booking_date: "booked", release_datetime: "released", release_reason: "release reason",
    place_of_birth: "place of birth", hold_agency: "hold agency", hold_date: "hold date" };
  var BOOK_IN_LABELS = { custody_id: "custody ID", book_in_datetime: "booked in", last_name: "surname",
    first_name: "first name", birth_date: "birth date", birth_year: "birth year", a_number: "A-number",
    apprehension_state: "apprehension state", apprehension_method: "apprehension method",
    detention_facility: "detention facility" };

  function record(title, cols, values, labels) {
    var dl = el("dl");
    if (!values) return el("div", { "class": "side" }, [el("h3", { text: title }), el("p", { "class": "small", text: "none found" })]);
    cols.forEach(function (c, i) {
      if (values[i] === null || values[i] === undefined || values[i] === "") return;
      dl.appendChild(el("dt", { text: (labels && labels[c]) || c.replace(/_/g, " ") }));
      dl.appendChild(el("dd", { text: String(values[i]) }));
    });
    return el("div", { "class": "side" }, [el("h3", { text: title }), dl]);
  }
  function reportRecord(e) {
    var cols = ["jurisdiction", "report_week", "facility", "citizenship", "notable_criminal_activity",
                "detainer_issued_date", "detainer_declined_date", "detainer_age_days"];
    return record("ICE report entry", cols, cols.map(function (c) { return e[C[c]]; }));
  }
  function posterior(e) {
    var parts = [["transferred_to_ice", "p_transferred"], ["transferred_to_other_agency", "p_other_agency"],
                 ["declined_confirmed", "p_declined"], ["still_in_custody", "p_in_custody"],
                 ["no_release_record", "p_no_record"]];
    var grid = el("div", { "class": "posterior" });
    parts.forEach(function (p) {
      var v = e[C[p[1]]];
      if (v === null || v === undefined) return;
      grid.appendChild(el("span", { text: D.outcomes[p[0]].label }));
      grid.appendChild(el("span", { "class": "bar" }, [el("i", { style: "width:" + (100 * v) + "%;background:" + D.outcomes[p[0]].colour })]));
      grid.appendChild(el("span", { "class": "r", text: fmt(v, 3) }));
    });
    return grid;
  }
  function waterfallSpec(ev, leftName, rightName) {
    var rows = [], cum = ev[0];
    rows.push({ step: "prior", start: 0, end: cum, w: cum, kind: cum < 0 ? "subtracts" : "adds" });
    ev[1].forEach(function (c) {
      rows.push({ step: S[c[0]] + ": " + S[c[1]], start: cum, end: cum + c[2], w: c[2], kind: c[2] < 0 ? "subtracts" : "adds" });
      cum += c[2];
    });
    rows.push({ step: "final match weight", start: 0, end: cum, w: cum, kind: "total" });
    rows.forEach(function (r) { r.hi = Math.max(r.start, r.end); });
    // Room on the right for the weight labels, which Vega would otherwise clip.
    var lo = Math.min(0, Math.min.apply(null, rows.map(function (r) { return Math.min(r.start, r.end); })));
    var hi = Math.max(0, Math.max.apply(null, rows.map(function (r) { return r.hi; })));
    var domain = [lo - 0.04 * (hi - lo), hi + 0.2 * (hi - lo)];
    var y = { field: "step", type: "nominal", sort: null, title: null, axis: { labelLimit: 260 } };
    return {
      width: "container", height: 20 * rows.length, background: null, data: { values: rows },
      config: { view: { stroke: null }, font: "system-ui, sans-serif" },
      layer: [
        { mark: { type: "bar", tooltip: true }, encoding: { y: y,
          x: { field: "start", type: "quantitative", scale: { domain: domain, nice: false },
               title: "cumulative match weight (" + leftName + " → " + rightName + ")" },
          x2: { field: "end" },
          color: { field: "kind", type: "nominal", legend: null,
                   scale: { domain: ["adds", "subtracts", "total"], range: ["#0072B2", "#D55E00", "#444"] } } } },
        { mark: { type: "text", align: "left", dx: 4, fontSize: 11 }, encoding: { y: y,
          x: { field: "hi", type: "quantitative" }, text: { field: "w", type: "quantitative", format: "+.2f" } } },
        { mark: { type: "rule", color: "#888" }, encoding: { x: { datum: 0 } } }
      ]
    };
  }
  function comparisons(ev, leftName, rightName) {
    var tbl = el("table", { "class": "comps" }, [el("thead", {}, [el("tr", {}, [
      el("th", { text: "comparison" }), el("th", { text: leftName }), el("th", { text: rightName }),
      el("th", { text: "level" }), el("th", { "class": "r", text: "weight" })])])]);
    var tb = el("tbody");
    ev[1].forEach(function (c) {
      var cls = c[2] > 0 ? "agree" : c[2] < 0 ? "disagree" : "";
      tb.appendChild(el("tr", { "class": cls, title: c[2] > 0 ? "agreed" : c[2] < 0 ? "disagreed" : "neutral" }, [
        el("td", { text: S[c[0]] }), el("td", { text: show(S[c[3]]) }), el("td", { text: show(S[c[4]]) }),
        el("td", { text: S[c[1]] }), el("td", { "class": "r " + (c[2] < 0 ? "neg" : "pos"), text: fmt(c[2], 2) })]));
    });
    tbl.appendChild(tb);
    return tbl;
  }
  function candidates(list, chosen, what) {
    if (!list) return el("p", { "class": "small", text: "No candidate " + what + "s were scored." });
    var n = list[0];
    var tbl = el("table", { "class": "cands" }, [el("thead", {}, [el("tr", {}, [
      el("th", { text: what }), el("th", { "class": "r", text: "match weight" }), el("th", { "class": "r", text: "probability" }), el("th", { text: "" })])])]);
    var tb = el("tbody");
    list.slice(1).forEach(function (c) {
      tb.appendChild(el("tr", {}, [el("td", { text: c[0] }), el("td", { "class": "r", text: fmt(c[1], 2) }),
        el("td", { "class": "r", text: fmt(c[2], 4) }), el("td", { "class": "small", text: c[0] === chosen ? "shown above" : "" })]));
    });
    tbl.appendChild(tb);
    var note = n > list.length - 1 ? el("p", { "class": "small", text: (n - list.length + 1) + " more in matches.parquet" }) : null;
    return el("div", {}, [tbl, note]);
  }
  function hopSection(title, list, chosenId, leftName, rightName, what, chosenIsVerdict) {
    var pair = list ? list.slice(1).filter(function (c) { return c[0] === chosenId; })[0] : null;
    var section = el("div", { "class": "hop" }, [el("h3", { text: title })]);
    if (pair && pair[3] >= 0) {
      var ev = D.evidence[pair[3]];
      var wf = el("div", { "class": "chart waterfall" });
      section.appendChild(el("p", { "class": "small", text: (chosenIsVerdict ? "Chosen " : "Best candidate (not chosen) ") +
        what + " " + chosenId + ": match weight " + fmt(pair[1], 2) + ", probability " + fmt(pair[2], 4) }));
      section.appendChild(el("div", { "class": "hop-grid" }, [comparisons(ev, leftName, rightName), wf]));
      setTimeout(function () { draw(wf, waterfallSpec(ev, leftName, rightName)); }, 0);
    }
    section.appendChild(el("h3", { text: "Candidates" }));
    section.appendChild(candidates(list, chosenId, what));
    return section;
  }
  function openCard(e) {
    var b = e[C.card_booking], k = e[C.card_custody];
    body.replaceChildren.apply(body, [
      el("h2", { id: "card-title" }, ["Entry " + e[C.entry_id] + " ", pill(e[C.outcome]),
        el("span", { "class": "small", text: "  confidence " + fmt(e[C.confidence], 3) })]),
      el("p", { "class": "reasons", text: show(e[C.reasons]) }),
      e[C.duplicate_of] ? el("p", { "class": "small", text: "Duplicate listing of " + e[C.duplicate_of] }) : null,
      e[C.stale] ? el("p", { "class": "small", text: "Stale detainer: " + e[C.detainer_age_days] + " days old at decline" }) : null,
      posterior(e),
      el("div", { "class": "sides" }, [
        reportRecord(e),
        record("Jail booking" + (e[C.booking_uid] ? "" : " (best candidate)"), D.booking_cols, D.bookings[b], BOOKING_LABELS),
        record("ICE book-in" + (e[C.custody_id] ? "" : " (best candidate)"), D.book_in_cols, D.book_ins[k], BOOK_IN_LABELS)]),
      hopSection("Hop 1 · report entry → jail booking", D.cand1[e[C.entry_id]], b, "report", "booking", "booking", !!e[C.booking_uid]),
      b ? hopSection("Hop 2 · release → ICE book-in", D.cand2[b], k, "booking", "book-in", "book-in", !!e[C.custody_id]) : null
    ].filter(function (n) { return n !== null; }));
    if (!dialog.open) dialog.showModal();
    setHash("#" + encodeURIComponent(e[C.entry_id]));
  }
  // Some browsers refuse history changes on file:// pages; the link is a convenience only.
  function setHash(hash) { try { history.replaceState(null, "", hash || location.pathname); } catch (err) { /* ignore */ } }
  dialog.addEventListener("close", function () { setHash(""); });

  // A link to report.html#ENTRY opens that entry's card.
  if (location.hash.length > 1) {
    var wanted = decodeURIComponent(location.hash.slice(1));
    var hit = D.entries.filter(function (e) { return e[C.entry_id] === wanted; })[0];
    if (hit) openCard(hit);
  }
})();
