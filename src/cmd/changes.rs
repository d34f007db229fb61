//! `brief changes`: what changed since the previous period, for the terminal.

use std::io::Write;

use super::{Outcome, Printer};
use crate::cli::{ChangesArgs, Format, Global};
use crate::model::changes;
use crate::model::report::{self, Scope};

pub fn run(global: &Global, args: &ChangesArgs, start: &std::path::Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let (session, tf) = match super::open_period(&printer, start, &args.period) {
        Ok(opened) => opened,
        Err(outcome) => return Ok(outcome),
    };
    let spec = match &args.report {
        Some(id) => match session.project.report(id) {
            Some(spec) => spec.clone(),
            None => {
                printer.error(&format!("--report {}: brief.yaml has no such report", crate::diag::printable(id)));
                return Ok(Outcome::InputErrors);
            }
        },
        None => super::check::portfolio_spec(),
    };
    let scope = Scope { spec: &spec, period: tf.period, previous: tf.previous, as_of: tf.as_of, program: None };
    let states = report::programs(&session.portfolio, &scope);
    let list = changes::changes(&states, &scope);
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
