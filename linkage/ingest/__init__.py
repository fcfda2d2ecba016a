"""Ingest: read a submitted file, map its headers, validate, quarantine, store.

    >>> from linkage.ingest import submit
    >>> for result in submit(store, "releases", "logs/", jurisdiction="MN/Hennepin"):
    ...     print(result.file_name, result.status, result.rows_stored, result.rows_quarantined)

One module per job: `readers` (CSV/XLSX/Parquet -> text cells with row numbers, as a
`rawtable.RawTable`; CSV in `csvread`, its bytes, line ends and delimiters in `textfile`), `headers`
(aliases and per-jurisdiction maps), `staging` (a batch of files as one table, shared SQL
checks and distinct-value maps), `reports` / `releases` / `custody` (one per source),
`submission` (batches, transactions, history).
"""

from linkage.ingest.submission import SubmissionResult, parse_jurisdiction, submit, submit_world

__all__ = ["SubmissionResult", "parse_jurisdiction", "submit", "submit_world"]
