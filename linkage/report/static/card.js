/* Evidence cards: one entry's verdict, its three records side by side with what each hop's
 * model made of every fact, a waterfall of match weights per hop, and the other candidates.
 * Words (comparison names, card rows, place names, level weights) come from words.py. */
var dialog = document.getElementById("card");
var body = dialog.querySelector(".card-body");
var HOPS = { hop1: "Hop 1 · report entry → jail booking", hop2: "Hop 2 · release → ICE book-in" };

function recordValue(cols, values, field) {
  if (!values) return null;
  var v = values[cols.indexOf(field)];
  if (v === null || v === undefined || v === "") return null;
  if (field === "jurisdiction") v = place(v);
  // Logs without a time of day store midnight: "00:00" would claim a precision they lack.
  if (typeof v === "string") v = v.replace(/ 00:00$/, "");
  return (W.prefixes[field] || "") + v;
}
function cellOf(cols, values, fields) {
  var parts = [];
  fields.forEach(function (f) {
    var v = recordValue(cols, values, f);
    // A birth year beside a birth date (or the year a redacted date became) says nothing new.
    if (v !== null && !(f === "birth_year" && parts.some(function (p) { return p.indexOf(String(values[cols.indexOf(f)])) === 0; }))) parts.push(v);
  });
  return el("td", { "class": parts.length ? "val" : "val none" }, parts.length
    ? parts.map(function (p) { return el("div", { text: p }); }) : ["–"]);
}
// The comparisons of one pair as {name: [label, weight, value_l, value_r]}.
function comparisonsOf(ev) {
  var out = {};
  (ev ? ev[1] : []).forEach(function (c) { out[S[c[0]]] = [S[c[1]], c[2], S[c[3]], S[c[4]]]; });
  return out;
}
// A level's own model weight and whether term frequencies adjust it: the rest of the pair's
// weight is the term-frequency part (Splink adds it to the level's weight).
function split(hop, name, label, weight) {
  var lv = ((W.levels[hop] || {})[name] || {})[label];
  if (!lv || !lv[1] || lv[0] === null || Math.abs(weight - lv[0]) < 0.005) return [weight, 0];
  return [lv[0], weight - lv[0]];
}
function verdict(name, comp, hop) {
  if (!comp) return null;
  var w = comp[1], kind = comp[0] === "not recorded" ? "na" : w > 0 ? "agree" : w < 0 ? "disagree" : "na";
  var mark = { agree: "✓", disagree: "✗", na: "–" }[kind];
  var parts = split(hop, name, comp[0], w);
  var tip = W.comparisons[name] + ": " + comp[0] + " (" + signed(w) +
    (parts[1] ? ", of which term frequency " + signed(parts[1]) : "") + ")" +
    "\ncompared: " + show(comp[2]) + "  vs  " + show(comp[3]);
  return el("div", { "class": "judge " + kind, title: tip, "data-comparison": name }, [
    el("b", { text: mark + " " + (kind === "na" ? "n/a" : signed(w)) }),
    el("span", { text: comp[0] })]);
}
function judgeCell(names, comps, hop) {
  var marks = names.map(function (n) { return verdict(n, comps[n], hop); }).filter(Boolean);
  return el("td", { "class": "judges" }, marks);
}
function sideBySide(e, booking, bookIn, ev1, ev2) {
  var review = e[C.outcome] === "needs_review";
  var c1 = comparisonsOf(ev1), c2 = comparisonsOf(ev2), used = {};
  var entryCols = D.entry_cols, entryVals = e;
  var head = el("tr", {}, [el("th", { "class": "fact", text: "" }), el("th", { text: "ICE report entry" }),
    el("th", { "class": "judges", text: "hop 1" }),
    el("th", { text: "Jail booking" + (review && e[C.booking_uid] ? " (most probable, undecided)" : e[C.booking_uid] ? "" : " (best candidate, not chosen)") }),
    el("th", { "class": "judges", text: "hop 2" }),
    el("th", { text: "ICE book-in" + (review && e[C.custody_id] ? " (most probable, undecided)" : e[C.custody_id] ? "" : bookIn ? " (best candidate, not chosen)" : "") })]);
  var tb = el("tbody");
  W.card_rows.forEach(function (r) {
    r[4].concat(r[5]).forEach(function (n) { used[n] = true; });
    var cells = [cellOf(entryCols, entryVals, r[1]), judgeCell(r[4], c1, "hop1"),
                 cellOf(D.booking_cols, booking, r[2]), judgeCell(r[5], c2, "hop2"),
                 cellOf(D.book_in_cols, bookIn, r[3])];
    var empty = cells.every(function (td) { return td.classList.contains("none") || !td.firstChild; });
    if (!empty) tb.appendChild(el("tr", {}, [el("th", { scope: "row", text: r[0] })].concat(cells)));
  });
  // A comparison no card row knows (a model newer than this page) still shows, with its values.
  [["hop1", c1], ["hop2", c2]].forEach(function (h) {
    Object.keys(h[1]).forEach(function (n) {
      if (used[n]) return;
      var c = h[1][n], first = h[0] === "hop1";
      tb.appendChild(el("tr", {}, [el("th", { scope: "row", text: W.comparisons[n] || n }),
        el("td", { "class": "val", text: first ? show(c[2]) : "" }), judgeCell(first ? [n] : [], h[1], h[0]),
        el("td", { "class": "val", text: first ? show(c[3]) : show(c[2]) }), judgeCell(first ? [] : [n], h[1], h[0]),
        el("td", { "class": "val", text: first ? "" : show(c[3]) })]));
    });
  });
  return el("div", {}, [el("table", { "class": "sides" }, [el("thead", {}, [head]), tb]),
    el("p", { "class": "small legend-line", text: "✓ agreed: the model counts it for the match · ✗ disagreed: counts against · – not recorded on one side. Numbers are match weights (log2 Bayes factors); hover for the values the model compared." })]);
}
function waterfallSpec(hop, ev, probability) {
  var rows = [], cum = ev[0];
  rows.push({ step: "Prior: two random records match", start: 0, end: cum, w: cum, hi: Math.max(0, cum), kind: "prior", level: "" });
  ev[1].forEach(function (c) {
    var name = S[c[0]], label = S[c[1]], parts = split(hop, name, label, c[2]);
    var step = W.comparisons[name] || name;
    var hi = Math.max(cum, cum + parts[0], cum + c[2]);
    // A rare value adds to the level's weight (drawn after it); a common one takes weight
    // away (the net bar, then the part given back drawn pale beyond it).
    var net = parts[1] < 0 ? c[2] : parts[0];
    rows.push({ step: step, start: cum, end: cum + net, w: c[2], hi: hi, show: 1, level: label,
                kind: net < 0 ? "against" : "for", tf: parts[1] ? signed(parts[1]) : "none" });
    if (parts[1]) rows.push({ step: step, start: cum + net, end: cum + (parts[1] < 0 ? parts[0] : c[2]), w: parts[1], hi: hi,
                              level: label, kind: parts[1] < 0 ? "common value: less" : "rare value: more", tf: signed(parts[1]) });
    cum += c[2];
  });
  rows.push({ step: "= match weight (probability " + fmt(probability, 3) + ")", start: 0, end: cum, w: cum,
              hi: Math.max(0, cum), show: 1, kind: "total", level: "" });
  rows[0].show = 1;
  var lo = Math.min(0, Math.min.apply(null, rows.map(function (r) { return Math.min(r.start, r.end); })));
  var hi = Math.max(0, Math.max.apply(null, rows.map(function (r) { return r.hi; })));
  var y = { field: "step", type: "nominal", sort: null, title: null, axis: { labelLimit: 300 } };
  return {
    width: "container", height: 22 * (ev[1].length + 2), background: null, data: { values: rows },
    config: { view: { stroke: null }, font: "system-ui, sans-serif", axis: { labelFontSize: 11 } },
    layer: [
      { mark: { type: "bar", tooltip: true }, encoding: { y: y,
        x: { field: "start", type: "quantitative", scale: { domain: [lo - 0.04 * (hi - lo), hi + 0.18 * (hi - lo)], nice: false },
             title: "cumulative match weight (log2 odds)" },
        x2: { field: "end" },
        color: { field: "kind", type: "nominal", title: null, legend: { orient: "bottom" },
                 scale: { domain: ["prior", "for", "against", "rare value: more", "common value: less", "total"],
                          range: ["#9aa3b2", "#0072B2", "#D55E00", "#CC79A7", "#ecd3e2", "#1d2330"] } },
        tooltip: [{ field: "step", title: "comparison" }, { field: "level" },
                  { field: "w", title: "weight", format: "+.2f" }, { field: "tf", title: "term frequency part" }] } },
      { transform: [{ filter: "datum.show" }], mark: { type: "text", align: "left", dx: 4, fontSize: 11 },
        encoding: { y: y, x: { field: "hi", type: "quantitative" }, text: { field: "w", type: "quantitative", format: "+.2f" } } },
      { mark: { type: "rule", color: "#888" }, encoding: { x: { datum: 0 } } }
    ]
  };
}
function detailsTable(hop, ev, leftName, rightName) {
  var tb = el("tbody");
  ev[1].forEach(function (c) {
    var name = S[c[0]], label = S[c[1]], parts = split(hop, name, label, c[2]);
    tb.appendChild(el("tr", { "class": c[2] > 0 ? "agree" : c[2] < 0 ? "disagree" : "" }, [
      el("td", { text: W.comparisons[name] || name }), el("td", { text: show(S[c[3]]) }), el("td", { text: show(S[c[4]]) }),
      el("td", { text: label }), el("td", { "class": "r", text: signed(parts[0]) }),
      el("td", { "class": "r", text: parts[1] ? signed(parts[1]) : "" }),
      el("td", { "class": "r " + (c[2] < 0 ? "neg" : "pos"), text: signed(c[2]) })]));
  });
  return el("details", { "class": "compared" }, [el("summary", { text: "Values the model compared (normalised)" }),
    el("table", { "class": "comps" }, [el("thead", {}, [el("tr", {}, ["comparison", leftName, rightName, "level",
      "level weight", "term frequency", "weight"].map(function (h, i) { return el("th", { "class": i > 3 ? "r" : "", text: h }); }))]), tb])]);
}
function shortId(id) { return String(id).split("#").pop(); }
function candidates(list, chosenId, what, isVerdict, undecided) {
  if (!list) return el("p", { "class": "small", text: "No candidate " + what + "s were scored." });
  var n = list[0], shown = list.length - 1;
  var tb = el("tbody");
  list.slice(1).forEach(function (c, i) {
    var mine = c[0] === chosenId;
    tb.appendChild(el("tr", { "class": mine ? "mine" : "" }, [el("td", { "class": "r", text: String(i + 1) }),
      el("td", { text: shortId(c[0]) }), el("td", { "class": "r", text: signed(c[1]) }),
      el("td", { "class": "r", text: fmt(c[2], 3) }),
      el("td", { "class": "small", text: mine ? (undecided ? "most probable" : isVerdict ? "chosen" : "best, not chosen") : "" })]));
  });
  return el("div", { "class": "cands-box" }, [
    el("h4", { text: "Candidate " + what + "s: " + (n > shown ? "top " + shown + " of " + n : n) + " scored" }),
    el("table", { "class": "cands" }, [el("thead", {}, [el("tr", {}, [el("th", { "class": "r", text: "#" }), el("th", { text: what }),
      el("th", { "class": "r", text: "weight" }), el("th", { "class": "r", text: "probability" }), el("th", { text: "" })])]), tb]),
    el("p", { "class": "small", text: "Probabilities are pairwise and not exclusive: the verdict weighs the candidates against each other and against “not in this log”." +
      (n > shown ? " All " + n + " are in matches.parquet." : "") })]);
}
function pairOf(list, id) { return list ? list.slice(1).filter(function (c) { return c[0] === id; })[0] : null; }
function hopSection(hop, list, chosenId, what, isVerdict, leftName, rightName, undecided) {
  var pair = pairOf(list, chosenId);
  var section = el("section", { "class": "hop", "data-hop": hop }, [el("h3", { text: HOPS[hop] })]);
  var left = el("div", {});
  if (pair && pair[3] >= 0) {
    var ev = D.evidence[pair[3]], wf = el("div", { "class": "chart waterfall" });
    left.appendChild(el("p", { "class": "small", text: (undecided ? "Most probable " : isVerdict ? "Chosen " : "Best candidate (not chosen) ") + what + " " +
      shortId(chosenId) + ": prior " + signed(ev[0]) + ", comparisons " + signed(pair[1] - ev[0]) + " → match weight " +
      signed(pair[1]) + ", pairwise probability " + fmt(pair[2], 4) }));
    left.appendChild(wf);
    left.appendChild(detailsTable(hop, ev, leftName, rightName));
    setTimeout(function () { draw(wf, waterfallSpec(hop, ev, pair[2])); }, 0);
  } else {
    left.appendChild(el("p", { "class": "small", text: "No " + what + " to show." }));
  }
  section.appendChild(el("div", { "class": "hop-grid" }, [left, candidates(list, chosenId, what, isVerdict, undecided)]));
  return section;
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
function reviewNote(e) {
  if (e[C.outcome] !== "needs_review") return null;
  var t = W.review_threshold, best = null;
  [["transferred_to_ice", "p_transferred"], ["transferred_to_other_agency", "p_other_agency"],
   ["declined_confirmed", "p_declined"], ["still_in_custody", "p_in_custody"], ["no_release_record", "p_no_record"]
  ].forEach(function (p) { if (best === null || e[C[p[1]]] > e[C[best[1]]]) best = p; });
  return el("p", { "class": "review-note", text: "Needs review: no outcome reaches " +
    (t ? "the review threshold of " + fmt(t, 2) : "the review threshold") + "; the most probable, “" +
    D.outcomes[best[0]].label.toLowerCase().replace(" ice", " ICE") + "”, has " + fmt(e[C[best[1]]], 2) +
    ". Compare the candidates below before deciding." });
}
function openCard(e) {
  var b = e[C.card_booking], k = e[C.card_custody];
  var p1 = pairOf(D.cand1[e[C.entry_id]], b), p2 = b ? pairOf(D.cand2[b], k) : null;
  var ev1 = p1 && p1[3] >= 0 ? D.evidence[p1[3]] : null, ev2 = p2 && p2[3] >= 0 ? D.evidence[p2[3]] : null;
  var review = e[C.outcome] === "needs_review";
  body.replaceChildren.apply(body, [
    el("h2", { id: "card-title" }, ["Entry " + e[C.entry_id] + " ", pill(e[C.outcome]),
      el("span", { "class": "small", text: "  confidence " + fmt(e[C.confidence], 3) + " · " + place(e[C.jurisdiction]) +
        " · week of " + show(e[C.report_week]) })]),
    el("p", { "class": "reasons" }, [el("b", { text: "Why: " }), show(e[C.reasons])]),
    reviewNote(e),
    e[C.duplicate_of] ? el("p", { "class": "flag", text: "Duplicate listing: the same detainer was listed earlier as " + e[C.duplicate_of] + "." }) : null,
    e[C.stale] ? el("p", { "class": "flag", text: "Stale detainer: issued " + e[C.detainer_age_days] + " days before ICE recorded the decline." }) : null,
    posterior(e),
    sideBySide(e, D.bookings[b], D.book_ins[k], ev1, ev2),
    hopSection("hop1", D.cand1[e[C.entry_id]], b, "booking", !!e[C.booking_uid], "report entry", "booking", review),
    b ? hopSection("hop2", D.cand2[b], k, "book-in", !!e[C.custody_id], "booking", "book-in", review && !!e[C.custody_id]) : null
  ].filter(function (n) { return n !== null; }));
  if (!dialog.open) dialog.showModal();
  setHash("#" + encodeURIComponent(e[C.entry_id]));
}
// Some browsers refuse history changes on file:// pages; the link is a convenience only.
function setHash(hash) { try { history.replaceState(null, "", hash || location.pathname); } catch (err) { /* ignore */ } }
dialog.addEventListener("close", function () { setHash(""); });
