"""Comparison-ready values from the spellings found in reports, jail logs and ICE extracts.

One module per kind of value, each a set of pure functions, cached on the distinct value so
they can be applied to the DISTINCT values of a large table and joined back:

    countries  canonical_country, country_name, successor_countries, same_country
    places     state_code, county_key, facility_key, jurisdiction_key
    names      clean_name, split_full_name, surname_tokens
    dates      date_sql, datetime_sql (DuckDB SQL), parse_date, parse_datetime (one value)
    sex        sex_code
    charges    charge_categories, parse_notable_activity, categories (configs/charges.toml)
    release    release_class
    ids        a_number (ICE's identifiers)
    text       fold, words, blank (the folding every normaliser shares)
"""
