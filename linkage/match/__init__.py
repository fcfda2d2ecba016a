"""The two probabilistic hops (Splink), and what they share.

    >>> from linkage.match.model import HOPS, train_or_load
    >>> from linkage.match.score import score_hop

`hop1` (report entry -> jail booking) and `hop2` (release -> ICE book-in): each hop's work
tables, comparisons and blocking rules; `spec` turns comparisons into Splink settings; `model`
trains (u by random sampling, m by EM), saves and loads; `score` predicts and stores the pairs
and their evidence; `decoys` scores hop 2 where no hand-over can be; `entry_logs` picks the log
an entry is matched against; `labels` measures the model against auditors' decisions; `spark`
runs a hop on Splink's Spark backend.
"""
