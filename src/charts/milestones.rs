//! Milestone states (on track, slipped, overdue, done) and the timeline's
//! alt text: counts by state, then every milestone with its baseline,
//! forecast or done date and its slip in days.

use super::parts::Shape;
use super::text::clean;
use super::timeline::TimelineItem;
use super::{Rag, alt_label, alt_list};
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

/// The lower-case word of a state in running text: "on track".
fn state_word(loc: &Locale, state: State) -> String {
    let key = match state {
        State::OnTrack => "chart.alt.state.on-track",
        State::AtRisk => "chart.alt.state.slipped",
        State::Overdue => "chart.alt.state.overdue",
        State::Done => "chart.alt.state.done",
    };
    loc.phrase(key, &[])
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

/// Describes every milestone (all of them, also those beyond the drawn rows).
pub(super) fn alt_text(loc: &Locale, rows: &[Row], as_of: NaiveDate) -> String {
    let date = loc.date(as_of);
    if rows.is_empty() {
        return loc.phrase("chart.alt.timeline-none", &[("date", &date)]);
    }
    let counts: Vec<String> = [State::Overdue, State::AtRisk, State::OnTrack, State::Done]
        .iter()
        .filter_map(|st| {
            let n = rows.iter().filter(|r| r.state == *st).count();
            (n > 0).then(|| loc.phrase("status.mix", &[("n", &loc.count(n)), ("status", &state_word(loc, *st))]))
        })
        .collect();
    let mut s = loc.counted("chart.alt.timeline", rows.len(), &[("date", &date), ("counts", &alt_list(loc, &counts))]);
    for r in rows {
        s.push_str(&milestone_text(loc, r, as_of));
    }
    s
}

/// " Vendor signed (critical): due 6 May 2026, slipped, forecast 17 Jun 2026, 6 weeks late."
fn milestone_text(loc: &Locale, r: &Row, as_of: NaiveDate) -> String {
    let slip = match r.slip {
        0 => String::new(),
        n if n > 0 => loc.phrase("chart.alt.late", &[("days", &loc.days(n))]),
        n => loc.phrase("chart.alt.early", &[("days", &loc.days(n))]),
    };
    let key = loc.date(r.key);
    let what = match r.state {
        State::Done => loc.phrase("chart.alt.ms-done", &[("date", &key), ("slip", &slip)]),
        State::Overdue => {
            let days = loc.days(as_of.signed_duration_since(r.item.due).num_days());
            loc.phrase("chart.alt.ms-overdue", &[("days", &days), ("date", &key), ("slip", &slip)])
        }
        State::AtRisk => loc.phrase("chart.alt.ms-slipped", &[("date", &key), ("slip", &slip)]),
        State::OnTrack => loc.phrase("chart.alt.ms-on-track", &[("date", &key), ("slip", &slip)]),
    };
    let critical = if r.item.critical { loc.phrase("chart.alt.critical", &[]) } else { String::new() };
    let args =
        [("label", alt_label(loc, &r.label)), ("critical", critical), ("due", loc.date(r.item.due)), ("what", what)];
    loc.phrase("chart.alt.milestone", &args.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
}
