//! Validation of each file on its own and of each merged state.
//!
//! Values are checked file by file, so a bad value is reported even when a
//! later update overrides it, and even in updates after the period being
//! built: a broken file is broken whatever brief is asked for. Rules that
//! need the merged state (required fields, a reason for amber and red) are
//! checked on the state after every update.

use super::ProgramHistory;
use super::convert;
use super::read::Reader;
use super::schema;
use super::types::Status;
use crate::diag::Diagnostic;
use crate::load::ProgramSource;
use crate::load::yaml::{Node, Value};

/// Checks every layer of a program on its own.
pub fn fragments(s: &ProgramSource, diags: &mut Vec<Diagnostic>) {
    // A defaults file is shared by every program below it: its problems are
    // its own, not each program's, so they are reported once.
    let mut shared = Reader::new(diags, None);
    for d in &s.defaults {
        convert::program(&mut shared, &s.id, s.origin, d, &[]);
    }
    let mut r = Reader::new(diags, Some(&s.id));
    for b in &s.base {
        convert::program(&mut r, &s.id, s.origin, b, schema::BASE_ONLY);
    }
    for u in &s.updates {
        convert::program(&mut r, &s.id, s.origin, &u.node, &[]);
    }
}

/// Checks the rules that hold for the merged state of each period.
pub fn history(h: &ProgramHistory, diags: &mut Vec<Diagnostic>) {
    let latest = h.snapshots.last().map_or(&h.base, |(_, n)| n);
    let required = schema::PROGRAM.iter().filter(|f| f.required && !h.incomplete);
    for field in required {
        if text(latest, field.name).is_none() {
            diags.push(
                Diagnostic::error("missing-field", format!("program `{}` has no {}", h.id, field.name))
                    .at(h.origin)
                    .in_program(&h.id)
                    .hint(format!("add `{}:` ({})", field.name, field.doc.trim_end_matches('.').to_lowercase())),
            );
        }
    }
    if !h.incomplete {
        milestone_dates(h, latest, diags);
    }
    for ((period, state), origin) in h.snapshots.iter().zip(&h.update_origins) {
        let status = state.get("status");
        let Some(status) = status.filter(|s| !s.is_null()) else {
            diags.push(
                Diagnostic::error(
                    "missing-status",
                    format!("program `{}` reports for {period} but has no status", h.id),
                )
                .at(*origin)
                .in_program(&h.id)
                .hint("add `status:` with green, amber, red, complete or paused"),
            );
            continue;
        };
        let parsed = status.as_scalar().and_then(|s| Status::parse(&s.text));
        if let Some(st @ (Status::Amber | Status::Red)) = parsed
            && text(state, "status_reason").is_none()
        {
            diags.push(
                Diagnostic::error("missing-reason", format!("status_reason is required when status is {st}"))
                    .at(status.origin)
                    .in_program(&h.id)
                    .hint("add `status_reason:`, one line that says why, next to the status"),
            );
        }
    }
}

/// Every milestone has a baseline date (`due`): without one there is no slip.
fn milestone_dates(h: &ProgramHistory, state: &Node, diags: &mut Vec<Diagnostic>) {
    let Some(Value::Seq(milestones)) = state.get("milestones").map(|n| &n.value) else { return };
    for m in milestones.iter().filter(|m| matches!(m.value, Value::Map(_))) {
        if m.get("due").is_none_or(Node::is_null) {
            let id = text(m, "id").unwrap_or("?");
            diags.push(
                Diagnostic::error("missing-field", format!("milestone `{id}` has no due date"))
                    .at(m.origin)
                    .in_program(&h.id)
                    .hint("add `due: YYYY-MM-DD`, the baseline date; a later expected date goes in `forecast:`"),
            );
        }
    }
}

fn text<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    node.get(key)?.as_scalar().map(|s| s.text.as_str()).filter(|t| !t.trim().is_empty())
}
