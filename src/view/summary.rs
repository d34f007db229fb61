//! The executive summary's sentences, written from the totals, so the
//! headline and the figures beside it count the same things.

use serde::Serialize;

use super::{ProgramAsk, Totals};
use crate::format::plural;

/// The sentences a template puts at the top of the executive summary.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Sentences {
    /// Where the portfolio stands: "2 of 9 active programs are red, 3 amber",
    /// with the unrated ones named apart ("; 1 program unrated").
    pub(crate) standing: String,
    /// What leadership must do: "5 decisions needed, the first by 3 Dec 2026 (1 overdue)".
    pub(crate) asks: String,
}

pub(super) fn sentences(t: &Totals, open_asks: &[ProgramAsk]) -> Sentences {
    Sentences { standing: standing(t), asks: asks(t, open_asks) }
}

/// The standing of the active programs, then the unrated ones: a withheld
/// rating is a state the reader must see, not a gap.
fn standing(t: &Totals) -> String {
    let active = active_standing(t);
    if t.unrated == 0 || t.programs == 0 {
        return active;
    }
    format!("{active}; {} unrated", plural(t.unrated, "program", "programs"))
}

/// Where the active programs stand.
fn active_standing(t: &Totals) -> String {
    let are = |n: usize| if n == 1 { "is" } else { "are" };
    if t.programs == 0 {
        return "No program is in this report".into();
    }
    if t.active == 0 {
        return "No program is active this period".into();
    }
    let of_active = format!("of {}", plural(t.active, "active program", "active programs"));
    if t.red > 0 {
        let amber = if t.amber > 0 { format!(", {} amber", t.amber) } else { String::new() };
        format!("{} {of_active} {} red{amber}", t.red, are(t.red))
    } else if t.amber > 0 {
        format!("No program is red; {} {of_active} {} amber", t.amber, are(t.amber))
    } else if t.active == 1 {
        "The one active program is green".into()
    } else {
        format!("All {} active programs are green", t.active)
    }
}

/// What leadership must do, with the earliest date among the asks counted.
fn asks(t: &Totals, open_asks: &[ProgramAsk]) -> String {
    if open_asks.is_empty() {
        return "no decision needed from leadership".into();
    }
    let mut s = if t.asks.needed > 0 {
        plural(t.asks.needed, "decision", "decisions")
    } else {
        plural(open_asks.len(), "ask", "asks")
    };
    s.push_str(" needed");
    let counted = |a: &&ProgramAsk| t.asks.needed == 0 || super::needs_leadership(&a.ask.kind, a.ask.amount.is_some());
    let first =
        open_asks.iter().filter(counted).filter_map(|a| Some((a.ask.by.as_ref()?, a.ask.by_label.as_ref()?))).min();
    if let Some((_, label)) = first {
        s.push_str(&format!(", the first by {label}"));
    }
    if t.overdue_asks > 0 {
        s.push_str(&format!(" ({} overdue)", t.overdue_asks));
    }
    s
}
