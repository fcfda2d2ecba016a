"""Outputs of a run: machine tables and the self-contained match confidence report.

    >>> from linkage.report.tables import write_outputs
    >>> from linkage.report.html import write_report
    >>> write_outputs(store, "run-1", "out/")              # outcomes.csv, jurisdictions.csv, ...
    >>> write_report(store, "run-1", "out/report.html", jurisdiction="TX/TRAVIS", redact=True)

Modules, one job each: `scope` (which rows a run and a jurisdiction select), `tables` (CSV,
Parquet, JSON), `payload` (the compact JSON the page renders), `redact`, `charts` (Vega-Lite
specs), `diagnostics` (model m/u and manifest), `assets` (inlined Vega, CSS, JS), `html`
(assembles the file), `words` (human words for places, comparisons and outcomes), `summary`
(plain data for Prefect artifacts and the run's table), `sample` (a filled store for tests and
the benchmark).
"""
