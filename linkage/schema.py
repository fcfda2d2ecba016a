"""The store's schema, as the migrations that build it: `MIGRATIONS[i]` (SQL, or a function of
the connection) takes a store from version i to i+1. `linkage.store.Store.open` applies what a
file still lacks; append a step here, never edit one a store may already have applied.

    >>> from linkage.schema import MIGRATIONS
    >>> len(MIGRATIONS)          # the current schema version
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

# Column sets of the canonical tables are part of the contract between stages:
# ingest writes them, match/reconcile/report read them. Keep them in one place.
MIGRATIONS: list[str | Callable[[duckdb.DuckDBPyConnection], None]] = [
    # --- version 1: inputs, submissions, quarantine, models, runs, verdicts -----------------
    """
    create sequence submission_seq start 1;

    create table submissions (
        submission_id    bigint primary key default nextval('submission_seq'),
        kind             varchar not null,      -- reports | releases | custody
        jurisdiction     varchar,               -- 'TX/TRAVIS' for release logs; null otherwise
        file_name        varchar not null,
        sha256           varchar not null,
        rows_read        bigint not null default 0,
        rows_stored      bigint not null default 0,
        rows_quarantined bigint not null default 0,
        submitted_by     varchar,
        submitted_at     timestamp not null,
        status           varchar not null,      -- stored | refused | duplicate
        message          varchar,               -- why refused, or a note
        period_start     date,                  -- first/last booking or report date in the file
        period_end       date,
        superseded_by    bigint                 -- a later corrected file for the same scope
    );

    create table quarantine (
        submission_id bigint not null,
        row_number    bigint not null,          -- 1-based data row (header excluded)
        raw_row       json,                     -- the row as read, header -> text
        reasons       varchar[] not null,       -- 'column release_datetime: before booking_date'
        primary key (submission_id, row_number)
    );

    -- Section II of ICE's Declined Detainer Outcome Report, one row per listed decline.
    create table report_entries (
        entry_id               varchar primary key,
        submission_id          bigint not null,
        row_number             bigint not null,
        report_week            date not null,
        state                  varchar not null,  -- two-letter code
        county                 varchar not null,  -- 'TRAVIS' (no 'COUNTY', upper case)
        jurisdiction           varchar not null,  -- state || '/' || county
        city                   varchar,
        facility               varchar not null,  -- as ICE spelled it
        facility_key           varchar,           -- canonical alias from configs/facilities.toml
        citizenship            varchar not null,  -- as ICE spelled it (nullable from version 15)
        citizenship_country    varchar,           -- ISO 3166 alpha-3, 'USA' for US places
        notable_criminal_activity varchar,
        charged_categories     varchar[],
        convicted_categories   varchar[],
        offence_categories     varchar[],         -- union of charged and convicted, sorted, distinct
        detainer_issued_date   date not null,
        detainer_declined_date date not null
    );

    -- A sheriff's release log, one row per booking.
    create table bookings (
        booking_uid        varchar primary key,   -- jurisdiction || '#' || booking_id
        booking_id         varchar not null,
        submission_id      bigint not null,
        row_number         bigint not null,
        state              varchar not null,
        county             varchar not null,
        jurisdiction       varchar not null,
        facility           varchar,
        facility_key       varchar,
        full_name          varchar,               -- as written, for display
        last_name          varchar,               -- upper, accents stripped
        first_name         varchar,
        middle_name        varchar,
        surname_tokens     varchar[],             -- 'GARCIA LOPEZ' -> ['GARCIA', 'LOPEZ']
        dob                date,
        birth_year         integer,               -- from dob, or booking year - age
        age                integer,
        sex                varchar,               -- M | F | X
        booking_date       timestamp not null,
        release_datetime   timestamp,             -- null: still in custody
        release_reason     varchar,
        release_class      varchar,               -- ice | other_agency | bond | served | court | other
        charges            varchar,
        charge_categories  varchar[],             -- ICE offence categories (configs/charges.toml), sorted, distinct
        place_of_birth     varchar,
        birth_country      varchar,               -- ISO alpha-3, 'USA' for US states
        hold_agency        varchar,
        ice_hold           boolean,
        hold_date          date
    );

    -- ICE custody book-ins (internal extracts with names, or FOIA extracts without).
    create table book_ins (
        custody_id              varchar primary key,
        submission_id           bigint not null,
        row_number              bigint not null,
        book_in_datetime        timestamp not null,
        citizenship             varchar not null,
        citizenship_country     varchar,
        sex                     varchar,
        birth_date              date,
        birth_year              integer,
        last_name               varchar,
        first_name              varchar,
        surname_tokens          varchar[],
        a_number                varchar,          -- digits only
        apprehension_state      varchar,          -- two-letter code
        apprehension_method     varchar,
        detention_facility      varchar,
        detention_facility_code varchar
    );

    -- A later file that carries the same booking / entry / custody ID replaces the row in the
    -- live table; the replaced version moves here, so the history is kept.
    create table bookings_history as
        select *, null::timestamp as replaced_at, null::bigint as replaced_by from bookings limit 0;
    create table report_entries_history as
        select *, null::timestamp as replaced_at, null::bigint as replaced_by
        from report_entries limit 0;
    create table book_ins_history as
        select *, null::timestamp as replaced_at, null::bigint as replaced_by from book_ins limit 0;

    create table models (
        model_id      varchar primary key,       -- sha256 of the settings JSON
        hop           varchar not null,          -- hop1 | hop2
        settings_json json not null,             -- Splink settings with trained m/u
        manifest      json not null,             -- config hash, inputs, versions, seed, notes
        created_at    timestamp not null
    );

    create table runs (
        run_id       varchar primary key,
        started_at   timestamp not null,
        finished_at  timestamp,
        status       varchar not null,            -- running | done | failed
        config_hash  varchar not null,
        seed         integer not null,
        hop1_model   varchar,
        hop2_model   varchar,
        inputs       json,                        -- submission ids and sha256
        versions     json,
        out_dir      varchar
    );

    -- Every scored candidate pair of both hops (matches.parquet is written from these).
    create table candidate_pairs (
        run_id           varchar not null,
        hop              varchar not null,        -- hop1 | hop2
        left_id          varchar not null,        -- entry_id (hop1) or booking_uid (hop2)
        right_id         varchar not null,        -- booking_uid (hop1) or custody_id (hop2)
        match_weight     double not null,
        match_probability double not null,
        evidence         json,                    -- comparison levels and their weights
        primary key (run_id, hop, left_id, right_id)
    );

    create table outcomes (
        run_id        varchar not null,
        entry_id      varchar not null,
        outcome       varchar not null,
        confidence    double not null,
        p_transferred double not null,
        p_other_agency double,
        p_declined    double,
        p_in_custody  double,
        p_no_record   double,
        booking_uid   varchar,
        booking_id    varchar,
        custody_id    varchar,
        duplicate_of  varchar,
        stale         boolean not null,
        reasons       varchar not null,
        primary key (run_id, entry_id)
    );
    """,
    # --- version 2: service access, audit trail, auditor decisions -------------------------
    """
    create sequence decision_seq start 1;

    create table tokens (
        token_id     varchar primary key,          -- public id shown in listings and logs
        role         varchar not null,             -- sheriff | analyst | auditor
        jurisdiction varchar,                      -- 'MN/HENNEPIN' for a sheriff
        salt         varchar not null,
        token_hash   varchar not null,             -- sha256(salt || secret); the secret is never stored
        label        varchar,
        created_by   varchar,
        created_at   timestamp not null,
        revoked_at   timestamp
    );

    create table audit_log (
        logged_at    timestamp not null,
        token_id     varchar,                      -- never the secret
        role         varchar,
        method       varchar not null,
        path         varchar not null,
        jurisdiction varchar,
        status       integer not null,
        detail       varchar
    );

    -- Auditors' decisions: append-only; the latest per entry is in force, the rest is history.
    create table decisions (
        decision_id  bigint primary key default nextval('decision_seq'),
        entry_id     varchar not null,
        booking_uid  varchar,                      -- null with no_booking = true: "not in this log"
        no_booking   boolean not null default false,
        custody_id   varchar,
        no_custody   boolean not null default false,
        decided_by   varchar not null,
        decided_at   timestamp not null,
        note         varchar,
        run_id       varchar,                      -- the run whose verdict was on screen
        model_ids    json,                         -- hop1/hop2 models of that run
        blind        boolean not null default false
    );
    """,
    # --- version 3: the model's verdicts that decisions replaced (issue 6) ------------------
    """
    -- apply_decisions overwrites a decided entry's row in `outcomes`; the model's own verdict
    -- moves here, so each run's history still shows what the model said.
    create table overruled_verdicts (
        run_id         varchar not null,
        entry_id       varchar not null,
        decision_id    bigint not null,
        outcome        varchar not null,
        confidence     double not null,
        p_transferred  double not null,
        p_other_agency double,
        p_declined     double,
        p_in_custody   double,
        p_no_record    double,
        booking_uid    varchar,
        booking_id     varchar,
        custody_id     varchar,
        reasons        varchar,
        primary key (run_id, entry_id)
    );
    """,
    # --- version 4: what a run needs to be replayed exactly, and who ran it -----------------
    """
    alter table runs add column config_json json;      -- every setting, not only its hash
    alter table runs add column fitted json;           -- priors and rates reconcile fitted
    alter table runs add column pid integer;           -- the process that ran it ...
    alter table runs add column host varchar;          -- ... on this host: a dead one = abandoned
    """,
    # --- version 5: every pair's levels, full evidence for the top pairs only (issue 7) ---
    """
    -- `levels`: Splink's gamma per comparison, in the model's order (spec.level_labels).
    -- `evidence` stays null below each entry's / release's best pairs (score.EVIDENCE_TOP).
    -- No primary key: Splink yields each pair once, and DuckDB's index on four text columns
    -- cost 5x the insert itself and held tens of millions of keys in memory nationally.
    create table candidate_pairs_v5 (
        run_id           varchar not null,
        hop              varchar not null,        -- hop1 | hop2
        left_id          varchar not null,        -- entry_id (hop1) or booking_uid (hop2)
        right_id         varchar not null,        -- booking_uid (hop1) or custody_id (hop2)
        match_weight     double not null,
        match_probability double not null,
        evidence         json,                    -- the top pairs: levels, weights, values
        levels           tinyint[]                -- every pair: gamma per comparison
    );
    insert into candidate_pairs_v5 select *, null from candidate_pairs;
    drop table candidate_pairs;
    alter table candidate_pairs_v5 rename to candidate_pairs;
    """,
    # --- version 6: bookings without a primary key (issue 7) ---------------------------------
    lambda con: _without_primary_key(con, "bookings"),
    # --- version 7: stored rows whose bad optional cells were left empty ----------------------
    """
    create table blanked_cells (
        submission_id bigint not null,
        row_number    bigint not null,          -- 1-based data row, as in quarantine
        reasons       varchar[] not null,       -- 'column dob: not a valid date: "1/32/1984"'
        primary key (submission_id, row_number)
    );
    """,
    # --- version 8: a dated hold under an empty agency is a hold of unknown agency ------------
    # Ingest stores it so since session 23 (linkage/ingest/releases.py); rows stored before read
    # "no ICE hold". (An 'ICE Detainer' flag's N beside a hold date stored the same way and
    # cannot be told apart here: rare, and a resubmission reads it right.)
    "update bookings set ice_hold = null where not ice_hold and hold_agency is null and hold_date is not null;",
    # --- version 9: an ICE book-in of unknown citizenship is stored, not quarantined ----------
    "alter table book_ins alter column citizenship drop not null;",
    # --- version 10: a decision's time is an instant, not the decider's wall clock ------------
    # decided_at was the local time of whoever decided, so a correction from a laptop in
    # another zone could sort before the decision it corrected. Rows stored before are read
    # in the zone of the process that migrates (the machine that most likely wrote them).
    "alter table decisions alter decided_at type timestamptz;",
    # --- version 11: the posterior of the candidates an entry's verdict shows -----------------
    """
    -- Per run and entry, its most probable bookings (verdicts.SHOWN_CANDIDATES) with the
    -- posterior reconcile gave them: `review show` and the web review page print these, as
    -- `explain` does, rather than a share of hop-1 weights that knows nothing of the ICE
    -- record or of other detainers' claims. Runs reconciled before have no rows.
    create table candidate_posteriors (
        run_id      varchar not null,
        entry_id    varchar not null,
        booking_uid varchar not null,
        p_booking   double not null,             -- P(this booking | entry)
        p_transfer  double,                      -- P(handed to ICE at release | this booking); null: held
        primary key (run_id, entry_id, booking_uid)
    );
    """,
    # --- version 12: a decision's day, as its decider's calendar read it ----------------------
    # The reason "decided by … on DAY" took the day of decided_at in the zone of whoever applied
    # or replayed it: `verify-run` from another zone found every decided verdict changed.
    # Decisions stored before get their day in the zone of the process that migrates (the
    # machine that most likely applied them, as they replayed until now).
    # decided_outcome: the outcome a decision gave when it was made. Inputs corrected later (an
    # ICE extract that moves the book-in it named) may derive another from it: the decision
    # then lapses to review instead of crediting the auditor with a verdict they never gave.
    # Decisions stored before have none, and apply as they did.
    """
    alter table decisions add column decided_on date;
    update decisions set decided_on = decided_at::date;
    alter table decisions add column decided_outcome varchar;
    """,
    # --- version 13: the log each entry of a run was matched against ----------------------------
    # Where ICE spelled the county otherwise than any log (`entry_logs.ENTRY_LOGS`): an incremental
    # week compares its entries' logs with the previous run's, not with whatever the scratch
    # tables last held (`linkage train` or a killed week rewrites them).
    """
    create table run_entry_logs (
        run_id       varchar not null,
        entry_id     varchar not null,
        jurisdiction varchar not null,
        primary key (run_id, entry_id)
    );
    """,
    # --- version 14: where a file's rows and columns sit, as its clerk sees them ----------------
    # {"row_one": ["line", 4], "headers": {"booking_date": "Date Booked"}}: the line (or
    # spreadsheet row) of data row 1 and each contract column's own header in the file, so that
    # every quarantined row can be named as the upload's answer names its first ten
    # (`ingest.located.in_file`). Null for files stored before, and for duplicates and refusals.
    """
    alter table submissions add column if not exists located json;
    """,
    # --- version 15: a listing whose citizenship ICE wrote as UNKNOWN (or left empty) -----------
    # is stored, its entry matched without a country (it had been quarantined: no verdict at all).
    "alter table report_entries alter column citizenship drop not null;",
    # --- version 16: a week's run carries the pairs it does not rescore, not copies (issue 7) --
    # A national week copied 25.7 M unchanged pairs (~20 s, 1.3 GiB a week). Now a run's pairs
    # are the rows it scored (`scored_pairs`) and, for a week's run, the rows of the earlier
    # runs of its chain that no run since has rescored (`run_pair_sources`). `candidate_pairs`
    # reads both as before; `linkage.incremental` writes the chain and `scored_pairs`'s
    # `carried_until`: the last depth of the chain whose runs still carry the row (null: every
    # later run until one rescores it). `pair_row` is the row's own rowid, to fetch its
    # evidence by position (`report.payload`).
    """
    alter table candidate_pairs rename to scored_pairs;
    alter table scored_pairs add column carried_until integer;
    create table run_pair_sources (
        run_id      varchar not null,     -- a week's run ...
        source_run  varchar not null,     -- ... carries the pairs of this earlier run of its chain
        depth       integer not null,     -- the run's place in the chain: its full run is 1
        primary key (run_id, source_run)
    );
    create view candidate_pairs as
        select run_id, hop, left_id, right_id, match_weight, match_probability, evidence, levels,
               rowid as pair_row
        from scored_pairs
        union all
        select s.run_id, p.hop, p.left_id, p.right_id, p.match_weight, p.match_probability,
               p.evidence, p.levels, p.rowid
        from run_pair_sources s join scored_pairs p on p.run_id = s.source_run
        where p.carried_until is null or p.carried_until >= s.depth;
    """,
]


def _without_primary_key(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Rebuild `table` as declared, its primary key column left NOT NULL and unindexed.

    Ingest keeps booking IDs unique itself (duplicates within a file are quarantined, a
    resubmitted ID replaces its live row: `linkage.ingest.submission`); DuckDB's index on
    them cost as much as the insert of 10 M national bookings and its commit, for no lookup
    that uses it (joins hash)."""
    ddl = con.execute("select sql from duckdb_tables() where table_name = ? and schema_name = 'main'"
                      " and database_name = current_database()", [table]).fetchall()[0][0]
    con.execute(ddl.replace(f"CREATE TABLE {table}(", f"CREATE TABLE {table}_rebuilt(", 1)
                .replace(" PRIMARY KEY", " NOT NULL"))
    con.execute(f"insert into {table}_rebuilt select * from {table}")
    con.execute(f"drop table {table}")
    con.execute(f"alter table {table}_rebuilt rename to {table}")
