//! `brief changes`: what changed since the previous period, for the terminal.

use std::io::Write;

use super::{Outcome, Printer};
use crate::cli::{ChangesArgs, Format, Global};
use crate::model::report::{self, Scope};
use crate::model::{changes, portfolio};

pub(crate) fn run(global: &Global, args: &ChangesArgs, start: &std::path::Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let (session, tf) = match super::open_period(&printer, start, &args.period) {
        Ok(opened) => opened,
        Err(outcome) => return Ok(outcome),
    };
    let spec = match &args.report {
        Some(id) => match session.report(id) {
            Ok(spec) => spec.clone(),
            Err(d) => {
                printer.diagnostics([&d], &session.sources);
                return Ok(Outcome::InputErrors);
            }
        },
        None => portfolio::spec(),
    };
    let scope = Scope::new(&spec, tf, None);
    let states = report::programs(&session.portfolio, &scope);
    let list = changes::changes(crate::locale::Locale::english(), &states, &scope);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?,
        Format::Text => {
            let since = tf
                .previous
                .map_or("with no earlier period in the data".to_string(), |p| format!("since {}", p.label()));
            writeln!(out, "{} {since}: {} changes", tf.period.label(), list.len())?;
            for c in &list {
                writeln!(out, "  {} {}", marker(c.direction), c.sentence)?;
            }
        }
    }
    Ok(Outcome::Success)
}

fn marker(d: changes::Direction) -> &'static str {
    match d {
        changes::Direction::Worse => "▼",
        changes::Direction::Better => "▲",
        changes::Direction::Neutral => "•",
    }
}
