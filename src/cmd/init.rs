//! `brief init`: a new reporting project that builds at once.
//!
//! It writes brief.yaml, an example program with one monthly update, the
//! JSON Schemas the files point their editors at, and a .gitignore for out/.
//! Nothing that exists is overwritten.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use super::{Outcome, Printer};
use crate::cli::{Global, InitArgs};
use crate::model::period::{Period, iso};
use crate::scaffold;

pub(crate) const EXAMPLE_ID: &str = "example-program";

pub(crate) fn run(global: &Global, args: &InitArgs) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let period = match &args.period {
        Some(p) => match Period::parse(p) {
            Ok(p) => p,
            Err(e) => {
                printer.error(&format!("--period {}: {}", crate::diag::printable(p), e.0));
                return Ok(Outcome::InputErrors);
            }
        },
        None => this_month()?,
    };
    let existing: Vec<&str> =
        ["brief.yaml", "brief.yml", "programs"].into_iter().filter(|f| dir.join(f).exists()).collect();
    if !existing.is_empty() {
        printer.error(&format!(
            "{} already holds a project ({} exists); nothing was changed",
            dir.display(),
            existing.join(", ")
        ));
        return Ok(Outcome::InputErrors);
    }
    let files = files(period);
    for (rel, text) in &files {
        write_new(&dir.join(rel), text.as_bytes())?;
    }
    if args.templates {
        crate::typeset::templates::write_builtins(&dir.join("report-templates"))
            .context("cannot copy the built-in templates")?;
    }
    printer.status(&format!(
        "created a brief project in {} with the example program `{EXAMPLE_ID}` and its update for {}",
        dir.display(),
        period
    ));
    if args.templates {
        printer.status("copied the built-in templates to report-templates/ for editing");
    }
    printer.status("next: `brief build` writes the brief to out/; `brief new program ID` adds a program");
    Ok(Outcome::Success)
}

/// Today's date ([`crate::clock::today`]), to suggest and bound the periods of new files.
pub(crate) fn today() -> anyhow::Result<NaiveDate> {
    crate::clock::today().map_err(anyhow::Error::msg)
}

/// The month of [`today`].
pub(crate) fn this_month() -> anyhow::Result<Period> {
    today().map(Period::of)
}

/// The files of a new project: (path, text).
fn files(period: Period) -> Vec<(String, String)> {
    let program = scaffold::fill(
        scaffold::PROGRAM_FILE,
        &[("start", iso(period.first_day())), ("due", iso(period.next().next().last_day()))],
    );
    let update =
        scaffold::fill(scaffold::UPDATE_FILE, &[("period", period.to_string()), ("period_label", period.label())]);
    vec![
        ("brief.yaml".into(), scaffold::fill(scaffold::PROJECT_FILE, &[])),
        (format!("programs/{EXAMPLE_ID}/program.yaml"), program),
        (format!("programs/{EXAMPLE_ID}/{period}.yaml"), update),
        ("schema/program.schema.json".into(), pretty(&super::schema::program_schema())),
        ("schema/project.schema.json".into(), pretty(&super::schema::project_schema())),
        (".gitignore".into(), "/out/\n".into()),
    ]
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// Writes a file that must not exist yet.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))
}
