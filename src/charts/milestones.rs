//! Milestone states (on track, slipped, overdue, done) and the timeline's
//! alt text: counts by state, then every milestone with its baseline,
//! forecast or done date and its slip in days.

use super::Rag;
use super::parts::Shape;
use super::text::clean;
use super::timeline::TimelineItem;
use crate::format::{days, plural};
use crate::locale::Locale;
use chrono::NaiveDate;

/// The milestone states as the model derives them; the chart only draws them.
pub(super) use crate::model::derive::MilestoneState as State;

/// How a state is drawn: its marker, colour and the key of its legend word.
pub(super) fn look(state: State) -> (Shape, Rag, &'static str) {
    match state {
        State::OnTrack => (Shape::Diamond, Rag::Green, "chart.milestone.on-track"),
        // Down like the charts' "▼ worse": an up triangle would read as better.
        State::AtRisk => (Shape::TriangleDown, Rag::Amber, "chart.milestone.slipped"),
        State::Overdue => (Shape::Square, Rag::Red, "chart.milestone.overdue"),
        State::Done => (Shape::Circle, Rag::Complete, "chart.milestone.done"),
    }
}

/// The legend word of a state: "On track".
pub(super) fn state_label(loc: &Locale, state: State) -> String {
    loc.phrase(look(state).2, &[])
}

pub(super) struct Row {
    pub(crate) label: String,
    pub(crate) item: TimelineItem,
    pub(crate) state: State,
    /// The date that carries the marker: done, else forecast, else due.
    pub(crate) key: NaiveDate,
    /// Days from baseline to `key` (positive = late).
    pub(crate) slip: i64,
}

/// A row from an item whose state and slip the model derived.
pub(super) fn row(it: &TimelineItem) -> Row {
    let key = it.done.or(it.forecast).unwrap_or(it.due);
    Row { label: clean(&it.label), item: it.clone(), state: it.state, key, slip: it.slip_days }
}

pub(super) fn fmt(d: NaiveDate) -> String {
    crate::format::date(d)
}

/// Describes every milestone (all of them, also those beyond the drawn rows).
pub(super) fn alt_text(rows: &[Row], as_of: NaiveDate) -> String {
    if rows.is_empty() {
        return format!("Milestone timeline as of {}: no milestones.", fmt(as_of));
    }
    let mut s = format!("Milestone timeline as of {}: {}", fmt(as_of), plural(rows.len(), "milestone", "milestones"));
    let counts: Vec<String> = [State::Overdue, State::AtRisk, State::OnTrack, State::Done]
        .iter()
        .filter_map(|st| {
            let n = rows.iter().filter(|r| r.state == *st).count();
            (n > 0).then(|| format!("{n} {}", state_label(Locale::english(), *st).to_lowercase()))
        })
        .collect();
    s.push_str(&format!(" ({}).", counts.join(", ")));
    for r in rows {
        let crit = if r.item.critical { " (critical)" } else { "" };
        let label = if r.label.is_empty() { "(unnamed)" } else { r.label.as_str() };
        let slip = match r.slip {
            0 => String::new(),
            n if n > 0 => format!(", {} late", days(n)),
            n => format!(", {} early", days(n)),
        };
        let what = match r.state {
            State::Done => format!("done {}{slip}", fmt(r.key)),
            State::Overdue => format!(
                "overdue by {}, forecast {}{slip}",
                days(as_of.signed_duration_since(r.item.due).num_days()),
                fmt(r.key)
            ),
            State::AtRisk => format!("slipped, forecast {}{slip}", fmt(r.key)),
            State::OnTrack => format!("on track, forecast {}{slip}", fmt(r.key)),
        };
        s.push_str(&format!(" {label}{crit}: due {}, {what}.", fmt(r.item.due)));
    }
    s
}
