//! `brief serve`: the live preview over HTTP.
