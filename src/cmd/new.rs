//! `brief new program ID` and `brief new update ID`: start files from what
//! the project already knows, so a monthly update is a small edit.

use std::path::Path;

use super::init::{this_month, write_new};
use super::{Outcome, Printer};
use crate::cli::{Global, NewArgs, NewCommand};
use crate::load::walk::is_slug;
use crate::model::ProgramHistory;
use crate::model::period::{Period, iso};
use crate::scaffold::{self, yaml_text};
use crate::session::Session;

pub(crate) fn run(global: &Global, args: &NewArgs, start: &Path) -> anyhow::Result<Outcome> {
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
    let today = this_month()?;
    let mut values = vec![
        ("name", yaml_text(&title)),
        ("start", iso(today.first_day())),
        ("due", iso(today.next().next().last_day())),
    ];
    // Without --owner the owner stays the placeholder, which `check` flags.
    values.extend(owner.map(|o| ("owner", yaml_text(o))));
    let text = scaffold::fill(scaffold::PROGRAM_FILE, &values);
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
    let Some(period) = update_period(printer, id, previous, period)? else {
        return Ok(Outcome::InputErrors);
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

/// The period of a new update: `--period` when given (a warning when it
/// has not started yet), otherwise the month after the latest update, which
/// must not be in the future. `None` after printing why there is none.
fn update_period(
    printer: &Printer,
    id: &str,
    previous: Option<Period>,
    given: Option<&str>,
) -> anyhow::Result<Option<Period>> {
    let this_month = this_month()?;
    if let Some(text) = given {
        let period = match Period::parse(text) {
            Ok(p) => p,
            Err(e) => {
                printer.error(&format!("--period {}: {}", crate::diag::printable(text), e.0));
                return Ok(None);
            }
        };
        if period > this_month {
            printer.warning(&format!(
                "{} has not started yet (this is {}): the update reports a month that has not happened",
                period.label(),
                this_month.label()
            ));
        }
        return Ok(Some(period));
    }
    let next = previous.map_or(this_month, Period::next);
    if next > this_month {
        let latest = previous.map(Period::label).unwrap_or_default();
        printer.error(&format!(
            "the month after the latest update of `{id}` ({latest}) is {}, which has not started yet (this is {}); \
             nothing was changed: pass --period YYYY-MM to choose the update's month explicitly",
            next.label(),
            this_month.label()
        ));
        return Ok(None);
    }
    Ok(Some(next))
}

/// The next update's starting point: status, reason and summary (and their
/// texts for partners) carried over; this period's highlights, lowlights and metric values to fill in.
fn carried_over(h: &ProgramHistory, previous: Option<Period>, period: Period) -> String {
    // With no update yet, the state before any update is the base facts.
    let state = h.program_at(previous.unwrap_or(period));
    let status = state.status.as_ref().map_or("green", |s| s.value.as_str());
    let mut out = format!("status: {status}\n");
    if let Some(reason) = &state.status_reason {
        out.push_str(&format!("status_reason: {}\n", yaml_text(reason)));
    }
    // The texts for partners go with the internal ones they stand beside:
    // an update that rewrites only the internal text is told that its
    // external briefs print an older one (`brief check`).
    if let Some(reason) = &state.external_status_reason {
        out.push_str(&format!("external_status_reason: {}\n", yaml_text(reason)));
    }
    let summary = state.summary.as_ref().map_or(scaffold::SUMMARY.text, |s| s.value.as_str());
    out.push_str(&format!("summary: {}\n", yaml_text(summary)));
    if let Some(external) = &state.external_summary {
        out.push_str(&format!("external_summary: {}\n", yaml_text(external)));
    }
    out.push_str("highlights: []\nlowlights: []\n");
    if !state.metrics.is_empty() {
        out.push_str("metrics:\n");
    }
    for metric in &state.metrics {
        out.push_str(&format!("- id: {}\n  values:\n    {period}: null\n", yaml_text(&metric.id)));
    }
    out
}
