//! Validation of each file on its own and of each merged state.
//!
//! Values are checked file by file, so a bad value is reported even when a
//! later update overrides it, and even in updates after the period being
//! built: a broken file is broken whatever brief is asked for. Rules that
//! need the merged state (required fields, a reason for amber and red) are
//! checked on the state after every update; an update's items are checked
//! against the state before it (an id that names no item is a typo unless
//! the item brings what a new one needs).

use super::ProgramHistory;
use super::convert;
use super::read::Reader;
use super::schema;
use super::types::Status;
use crate::diag::{Diagnostic, Origin, did_you_mean};
use crate::load::ProgramSource;
use crate::load::yaml::{Node, Value};

/// Checks every layer of a program on its own.
pub(crate) fn fragments(s: &ProgramSource, diags: &mut Vec<Diagnostic>) {
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
pub(crate) fn history(h: &ProgramHistory, s: &ProgramSource, diags: &mut Vec<Diagnostic>) {
    let unknown = if h.incomplete { Vec::new() } else { unknown_items(h, s, diags) };
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
        milestone_dates(h, latest, &unknown, diags);
    }
    if !h.incomplete {
        budget_complete(h, latest, diags);
    }
    for (i, ((period, state), origin)) in h.snapshots.iter().zip(&h.update_origins).enumerate() {
        let status = state.get("status");
        let Some(status) = status.filter(|s| !s.is_null()) else {
            diags.push(
                Diagnostic::error(
                    "missing-status",
                    format!("program `{}` reports for {period} but has no status", h.id),
                )
                .at(*origin)
                .in_program(&h.id)
                .hint("add `status:` with green, amber, red, unrated, complete or paused"),
            );
            continue;
        };
        let parsed = status.as_scalar().and_then(|s| Status::parse(&s.text));
        if let Some(st) = parsed.filter(|st| st.needs_reason())
            && text(state, "status_reason").is_none()
        {
            diags.push(
                Diagnostic::error("missing-reason", format!("status_reason is required when status is {st}"))
                    .at(status.origin)
                    .in_program(&h.id)
                    .hint("add `status_reason:`, one line that says why, next to the status"),
            );
        } else if parsed == Some(Status::Unrated) && !h.incomplete {
            reason_for_unrated(h, s, i, status, diags);
        }
    }
}

/// A program that becomes unrated says why in the update that makes it so.
/// The reason it would carry over is the one given for its last rating, and
/// printed beside "unrated" it would read as the reason for a colour the
/// brief no longer shows (FORMAT.md 6.1). An unrated program staying
/// unrated keeps its reason like any other status.
fn reason_for_unrated(h: &ProgramHistory, s: &ProgramSource, i: usize, status: &Node, diags: &mut Vec<Diagnostic>) {
    let (Some(update), Some((period, _))) = (s.updates.get(i), h.snapshots.get(i)) else { return };
    let before = if i == 0 { &h.base } else { &h.snapshots[i - 1].1 };
    let earlier = text(before, "status").and_then(Status::parse);
    if update.period != *period
        || earlier.is_none_or(|st| st == Status::Unrated)
        || text(&update.node, "status_reason").is_some()
    {
        return;
    }
    let earlier = earlier.map_or_else(String::new, |st| st.to_string());
    diags.push(
        Diagnostic::error(
            "missing-reason",
            format!(
                "program `{}` is unrated from {period} on, but its status_reason is still the one given for {earlier}",
                h.id
            ),
        )
        .at(status.origin)
        .in_program(&h.id)
        .hint("say in this update why it is not rated: `status_reason:` next to `status: unrated`"),
    );
}

/// A budget, once merged, has both an amount and a unit: a number without
/// its currency cannot be read, a unit without a number says nothing.
fn budget_complete(h: &ProgramHistory, latest: &Node, diags: &mut Vec<Diagnostic>) {
    let Some(budget) = latest.get("budget").filter(|b| b.as_map().is_some()) else { return };
    for part in ["amount", "unit"] {
        if budget.get(part).is_none_or(Node::is_null) {
            diags.push(
                Diagnostic::error("missing-field", format!("budget of program `{}` has no {part}", h.id))
                    .at(budget.origin)
                    .in_program(&h.id)
                    .hint("write both, e.g. `budget: {amount: 12.5, unit: USD m}`"),
            );
        }
    }
}

/// A field a new item must bring, and how a message names it.
type Needed = (&'static str, &'static str);

/// The lists an update refers to by id: the list, what one item is called,
/// and the fields a new item must bring, the one that names it first.
const ITEM_LISTS: &[(&str, &str, &[Needed])] = &[
    ("milestones", "milestone", &[("name", "a name"), ("due", "a due date")]),
    ("risks", "risk", &[("title", "a title")]),
    ("issues", "issue", &[("title", "a title")]),
    ("metrics", "metric", &[("name", "a name")]),
    ("asks", "ask", &[("title", "a title")]),
];

/// An item of an update whose id names no item of the program before that
/// update, and that has no name or title, is a typo of an id: merged,
/// it would start a nameless item ("New risk" in the brief). Returns the
/// origins of the items reported, whose other missing fields are not reported again.
fn unknown_items(h: &ProgramHistory, s: &ProgramSource, diags: &mut Vec<Diagnostic>) -> Vec<Origin> {
    let mut reported = Vec::new();
    for (i, (update, _)) in s.updates.iter().zip(&h.snapshots).enumerate() {
        let before = if i == 0 { &h.base } else { &h.snapshots[i - 1].1 };
        for &(list, what, needs) in ITEM_LISTS {
            let known = item_ids(before, list);
            for item in items(&update.node, list) {
                let (Some(id), Some(id_text)) = (item.get("id"), text(item, "id")) else { continue };
                if known.contains(&id_text) {
                    continue;
                }
                // The first field names the item: with it, the item is meant as a new one.
                let missing: Vec<&str> =
                    needs.iter().filter(|(f, _)| text(item, f).is_none()).map(|(_, n)| *n).collect();
                if text(item, needs[0].0).is_none() {
                    let mut ids: Vec<&str> = known.iter().copied().collect();
                    ids.sort_unstable();
                    diags.push(unknown_item(h, what, id, &missing, &ids));
                    reported.push(item.origin);
                }
            }
        }
    }
    reported
}

/// The error for an update item whose id names nothing and that cannot be new.
fn unknown_item(h: &ProgramHistory, what: &str, id: &Node, missing: &[&str], known: &[&str]) -> Diagnostic {
    let id_text = id.as_scalar().map_or("", |s| s.text.as_str());
    let d = Diagnostic::error(
        "unknown-item",
        format!(
            "program `{}` has no {what} `{}` before this update, and a new {what} needs {}",
            h.id,
            crate::diag::printable(id_text),
            missing.join(" and ")
        ),
    )
    .at(id.origin)
    .in_program(&h.id);
    match did_you_mean(id_text, known.iter().copied()) {
        Some(close) => d.hint(format!("did you mean `{close}`?")),
        None if known.is_empty() => d.hint(format!("to add a new {what}, give it {}", missing.join(" and "))),
        None => d.hint(format!(
            "to change a {what}, use its id ({}); to add a new one, give it {}",
            shortened(known),
            missing.join(" and ")
        )),
    }
}

/// The first ids of a list, for a hint that stays one line.
fn shortened(ids: &[&str]) -> String {
    const SHOWN: usize = 6;
    let mut out =
        ids.iter().take(SHOWN).map(|id| format!("`{}`", crate::diag::printable(id))).collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        out.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    out
}

/// The mapping items of a list field.
fn items<'n>(node: &'n Node, list: &str) -> impl Iterator<Item = &'n Node> {
    let items = match node.get(list).map(|n| &n.value) {
        Some(Value::Seq(items)) => items.as_slice(),
        _ => &[],
    };
    items.iter().filter(|m| matches!(m.value, Value::Map(_)))
}

/// The ids of the items of a list field.
fn item_ids<'n>(node: &'n Node, list: &str) -> std::collections::HashSet<&'n str> {
    items(node, list).filter_map(|m| text(m, "id")).collect()
}

/// Every milestone has a baseline date (`due`): without one there is no slip.
/// Milestones already reported as unknown ids are skipped.
fn milestone_dates(h: &ProgramHistory, state: &Node, unknown: &[Origin], diags: &mut Vec<Diagnostic>) {
    for m in items(state, "milestones").filter(|m| !unknown.contains(&m.origin)) {
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
