"""Ingest: read a submitted file, map its headers, validate, quarantine, store.

    >>> from linkage.ingest import submit
    >>> for result in submit(store, "releases", "logs/", jurisdiction="MN/Hennepin"):
    ...     print(result.file_name, result.status, result.rows_stored, result.rows_quarantined)

One module per job: `readers` (CSV/XLSX/Parquet/HTML -> text cells with row numbers, as a
`rawtable.RawTable`; CSV in `csvread`, its bytes, line ends and delimiters in `textfile`,
workbooks' merged, formula and error cells in `workbook`), `headers` (aliases and per-jurisdiction
maps; `header_words` reads a header word by word), `staging` (a batch of files as one table,
shared SQL checks and distinct-value maps), `reports` / `releases` / `custody` (one per
source; `times` joins and zones a log's times, `identifiers` checks IDs, `fullnames` splits a
one name column, a log's or an ICE extract's), `jurisdictions` (the
jurisdiction a file or its rows name), `submission` (batches, transactions, history),
`located` (a quarantine reason as the clerk finds it in the file).
"""

from linkage.ingest.submission import SubmissionResult, parse_jurisdiction, submit, submit_world

__all__ = ["SubmissionResult", "parse_jurisdiction", "submit", "submit_world"]
