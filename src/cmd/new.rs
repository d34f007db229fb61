//! `brief new program ID` and `brief new update ID`: start files from what
//! the project already knows, so a monthly update is a small edit.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::init::{fill, this_month, write_new};
use super::{Outcome, Printer};
use crate::cli::{Global, NewArgs, NewCommand};
use crate::load::walk::is_slug;
use crate::model::ProgramHistory;
use crate::model::period::{Period, iso};
use crate::session::Session;

pub fn run(global: &Global, args: &NewArgs, start: &Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let session = Session::open(start);
    match &args.command {
        NewCommand::Program { id, name, owner } => program(&printer, &session, id, name.as_deref(), owner.as_deref()),
        NewCommand::Update { id, period } => update(&printer, &session, id, period.as_deref()),
    }
}

fn program(
    printer: &Printer,
    session: &Session,
    id: &str,
    name: Option<&str>,
    owner: Option<&str>,
) -> anyhow::Result<Outcome> {
    if !is_slug(id) {
        printer.error(&format!(
            "program id `{}` must be lowercase letters, digits and dashes (e.g. `{}`)",
            crate::diag::printable(id),
            crate::load::walk::slugify(id)
        ));
        return Ok(Outcome::InputErrors);
    }
    if session.portfolio.get(id).is_some() {
        printer.error(&format!("a program `{id}` already exists; nothing was changed"));
        return Ok(Outcome::InputErrors);
    }
    let dir = session.root.join(&session.project.programs_dir).join(id);
    let title = name.map_or_else(|| crate::project::title_case(id), str::to_string);
    let today = this_month();
    let text = fill(
        include_str!("../scaffold/program.yaml"),
        &[
            ("name", &yaml_scalar(&title)),
            ("owner", &yaml_scalar(owner.unwrap_or("Your Name"))),
            ("start", &iso(today.first_day())),
            ("due", &iso(today.next().next().last_day())),
        ],
    );
    write_new(&dir.join("program.yaml"), text.as_bytes())?;
    printer.status(&format!(
        "created {}; add its first monthly update with `brief new update {id}`",
        crate::load::display_path(&session.root, &dir.join("program.yaml"))
    ));
    Ok(Outcome::Success)
}

fn update(printer: &Printer, session: &Session, id: &str, period: Option<&str>) -> anyhow::Result<Outcome> {
    let Some(h) = session.portfolio.get(id) else {
        let mut message = format!("no program has the id `{}`", crate::diag::printable(id));
        if let Some(s) = crate::diag::did_you_mean(id, session.portfolio.programs.iter().map(|p| p.id.as_str())) {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        printer.error(&message);
        return Ok(Outcome::InputErrors);
    };
    let previous = h.snapshots.last().map(|(p, _)| *p);
    let period = match period {
        Some(text) => match Period::parse(text) {
            Ok(p) => p,
            Err(e) => {
                printer.error(&format!("--period {}: {}", crate::diag::printable(text), e.0));
                return Ok(Outcome::InputErrors);
            }
        },
        None => previous.map_or_else(this_month, Period::next),
    };
    if h.has_update(period) {
        printer.error(&format!("program `{id}` already has an update for {period}; nothing was changed"));
        return Ok(Outcome::InputErrors);
    }
    let body = carried_over(h, previous, period);
    let defining = &session.sources.get(h.origin.source).path;
    let is_folder = defining.file_stem().is_some_and(|s| s == "program");
    match defining.parent().filter(|_| is_folder) {
        Some(dir) => {
            let path = dir.join(format!("{period}.yaml"));
            let header = match previous {
                Some(p) => format!(
                    "# yaml-language-server: $schema=../../schema/program.schema.json\n\
                     # The update for {}, started from {}: edit what changed, delete what did not.\n",
                    period.label(),
                    p.label()
                ),
                None => format!("# The first update of {id}, for {}.\n", period.label()),
            };
            write_new(&path, format!("{header}{body}").as_bytes())?;
            printer.status(&format!("created {}", crate::load::display_path(&session.root, &path)));
        }
        None => {
            // A single-file program keeps its updates under `updates:`; print the
            // block to paste rather than rewriting the person's file.
            let indented: String = body.lines().map(|l| format!("    {l}\n")).collect();
            println!("  {period}:\n{indented}");
            printer.status(&format!(
                "{} is a single-file program: paste the lines above under its `updates:` key",
                crate::load::display_path(&session.root, defining)
            ));
        }
    }
    Ok(Outcome::Success)
}

/// The next update's starting point: status, reason and summary carried
/// over; this period's highlights, lowlights and metric values to fill in.
fn carried_over(h: &ProgramHistory, previous: Option<Period>, period: Period) -> String {
    // With no update yet, the state before any update is the base facts.
    let state = Some(h.program_at(previous.unwrap_or(period)));
    let mut m = Mapping::new();
    let text = |v: &Option<crate::model::types::Sp<String>>| v.as_ref().map(|s| Value::String(s.value.clone()));
    let status = state.as_ref().and_then(|s| s.status.as_ref()).map_or("green", |s| s.value.as_str());
    m.insert("status".into(), status.into());
    if let Some(reason) = state.as_ref().and_then(|s| text(&s.status_reason)) {
        m.insert("status_reason".into(), reason);
    }
    let summary = state.as_ref().and_then(|s| text(&s.summary));
    m.insert("summary".into(), summary.unwrap_or_else(|| "What an executive needs to know this month.".into()));
    m.insert("highlights".into(), Value::Sequence(Vec::new()));
    m.insert("lowlights".into(), Value::Sequence(Vec::new()));
    let metrics: Vec<Value> = state
        .iter()
        .flat_map(|s| &s.metrics)
        .map(|metric| {
            let mut values = Mapping::new();
            values.insert(period.to_string().into(), Value::Null);
            let mut entry = Mapping::new();
            entry.insert("id".into(), metric.id.value.clone().into());
            entry.insert("values".into(), Value::Mapping(values));
            Value::Mapping(entry)
        })
        .collect();
    if !metrics.is_empty() {
        m.insert("metrics".into(), Value::Sequence(metrics));
    }
    serde_yaml::to_string(&Value::Mapping(m)).unwrap_or_default()
}

/// A value safe to write after `key: ` in YAML.
fn yaml_scalar(text: &str) -> String {
    serde_yaml::to_string(text).unwrap_or_default().trim_end().to_string()
}
