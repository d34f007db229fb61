//! The executive summary's sentences, written from the totals, so the
//! headline and the figures beside it count the same things.

use serde::Serialize;

use super::{ProgramAsk, ProgramView, Totals};
use chrono::Datelike;

use crate::locale::Locale;
use crate::model::changes::{ChangeKind, Direction};
use crate::model::types::{AskKind, Status};

/// The sentences a template puts at the top of the executive summary.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Sentences {
    /// The action headline, bottom line up front: what got worse and what
    /// leadership must answer by when ("EU DSA compliance turned red; 5
    /// decisions and 3 recommendations need an answer by 18 Dec 2026, the
    /// first by 5 Dec"). No ask clause when nothing is asked.
    pub(crate) headline: String,
    /// Where the portfolio stands: "2 of 9 active programs are red, 3 amber",
    /// with the unrated ones named apart ("; 1 program unrated").
    pub(crate) standing: String,
    /// What leadership must do: "5 decisions needed, the first by 3 Dec 2026 (1 overdue)".
    pub(crate) asks: String,
}

/// `external`: a brief for partners, whose headline puts no question to
/// leadership.
pub(super) fn sentences(
    loc: &Locale,
    t: &Totals,
    programs: &[ProgramView],
    open_asks: &[ProgramAsk],
    external: bool,
) -> Sentences {
    let lead = lead(loc, t, programs);
    let headline = match answers_due(loc, open_asks).filter(|_| !external) {
        Some(due) => loc.phrase("summary.headline", &[("lead", &lead), ("due", &due)]),
        None => lead,
    };
    Sentences { headline, standing: standing(loc, t), asks: asks(loc, t, open_asks) }
}

/// More names than this in a headline become a count.
const HEADLINE_NAMES: usize = 2;

/// The headline's first half: the worst news by name. Programs that
/// turned red (or arrived red), else the red ones, else those that got
/// worse, else the standing.
fn lead(loc: &Locale, t: &Totals, programs: &[ProgramView]) -> String {
    let active = || programs.iter().filter(|p| p.status.is_some_and(Status::is_active));
    let turned_red: Vec<&ProgramView> =
        active().filter(|p| p.status == Some(Status::Red) && matches!(p.status_trend, "worse" | "new")).collect();
    let red: Vec<&ProgramView> = active().filter(|p| p.status == Some(Status::Red)).collect();
    let worse: Vec<&ProgramView> = active().filter(|p| p.status_trend == "worse").collect();
    if !turned_red.is_empty() {
        return loc.counted("summary.turned-red", turned_red.len(), &[("names", &names_or_count(loc, &turned_red))]);
    }
    if !red.is_empty() {
        return loc.counted("summary.is-red", red.len(), &[("names", &names_or_count(loc, &red))]);
    }
    if let [one] = worse.as_slice() {
        return match one.status {
            Some(s) => loc
                .phrase("summary.slipped-to", &[("name", &one.name), ("status", &super::status_word(loc, s.as_str()))]),
            None => loc.phrase("summary.slipped", &[("name", &one.name)]),
        };
    }
    if !worse.is_empty() {
        return loc.counted("summary.got-worse", worse.len(), &[]);
    }
    active_standing(loc, t)
}

/// "A", "A and B", or "3 programs" past [`HEADLINE_NAMES`].
fn names_or_count(loc: &Locale, programs: &[&ProgramView]) -> String {
    if programs.len() > HEADLINE_NAMES {
        return loc.counted("summary.programs", programs.len(), &[]);
    }
    loc.join_names(&programs.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
}

/// The headline's second half: how many answers leadership owes and by
/// when. None when nothing open waits on leadership: the headline then
/// says nothing about asks rather than "no decision needed".
fn answers_due(loc: &Locale, open_asks: &[ProgramAsk]) -> Option<String> {
    let needed: Vec<&ProgramAsk> =
        open_asks.iter().filter(|a| super::needs_leadership(&a.ask.kind, a.ask.amount.is_some())).collect();
    if needed.is_empty() {
        return None;
    }
    let count = |kind: AskKind| needed.iter().filter(|a| a.ask.kind == Some(kind)).count();
    let (decisions, recommendations) = (count(AskKind::Decision), count(AskKind::Recommendation));
    let funding = needed.len() - decisions - recommendations;
    let parts: Vec<String> = [
        (decisions, "summary.decisions"),
        (recommendations, "summary.recommendations"),
        (funding, "summary.funding-requests"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, key)| loc.counted(key, n, &[]))
    .collect();
    let mut dates: Vec<chrono::NaiveDate> = needed.iter().filter_map(|a| a.ask.by_date).collect();
    dates.sort();
    let mut s = loc.counted("summary.needed", needed.len(), &[("what", &loc.join_names(&parts))]);
    s.push_str(&due_dates(loc, &dates, dates.len() == needed.len()));
    let overdue = needed.iter().filter(|a| a.ask.overdue).count();
    if overdue > 0 {
        s.push_str(&loc.counted("summary.overdue", overdue, &[]));
    }
    Some(s)
}

/// When the answers are due: " between 5 and 18 Dec 2026", " by 5 Dec
/// 2026", or ", the first by 5 Dec 2026" when some asks have no date.
fn due_dates(loc: &Locale, dates: &[chrono::NaiveDate], all_dated: bool) -> String {
    match (dates.first(), dates.last()) {
        (Some(first), Some(last)) if first != last && all_dated => {
            // "between 5 and 18 Dec 2026": the year once, where it is clear.
            let same_year = first.year() == last.year();
            let from = if first.month() == last.month() && same_year {
                loc.count(first.day() as usize)
            } else if same_year {
                loc.day_month(*first)
            } else {
                loc.date(*first)
            };
            loc.phrase("summary.between", &[("from", &from), ("to", &loc.date(*last))])
        }
        (Some(first), _) if all_dated => loc.phrase("summary.by", &[("date", &loc.date(*first))]),
        (Some(first), _) => loc.phrase("summary.first-by", &[("date", &loc.date(*first))]),
        _ => String::new(),
    }
}

/// The standing of the active programs, then those that have not reported
/// yet and the unrated ones: a missing or withheld rating is a state the
/// reader must see, not a gap.
fn standing(loc: &Locale, t: &Totals) -> String {
    let mut s = active_standing(loc, t);
    if t.programs == 0 {
        return s;
    }
    if t.unreported > 0 && t.active > 0 {
        s = loc.counted("summary.unreported", t.unreported, &[("active", &s)]);
    }
    if t.unrated > 0 {
        s = loc.counted("summary.unrated", t.unrated, &[("active", &s)]);
    }
    s
}

/// Where the active programs stand. Those that have not reported yet are
/// active (the status chart shows them in the active group, as "No data"):
/// "1 of 9 active programs is amber; 3 not reported yet".
fn active_standing(loc: &Locale, t: &Totals) -> String {
    if t.programs == 0 {
        return loc.phrase("summary.no-programs", &[]);
    }
    let running = t.active + t.unreported;
    if running == 0 {
        return loc.phrase("summary.none-active", &[]);
    }
    if t.active == 0 {
        return loc.counted("summary.none-reported", running, &[]);
    }
    let of_active = loc.counted("summary.of-active", running, &[]);
    if t.red > 0 {
        let amber = if t.amber > 0 { loc.counted("summary.and-amber", t.amber, &[]) } else { String::new() };
        loc.counted("summary.red-of", t.red, &[("of_active", &of_active), ("amber", &amber)])
    } else if t.amber > 0 {
        loc.counted("summary.amber-of", t.amber, &[("of_active", &of_active)])
    } else if t.unreported > 0 {
        loc.counted("summary.green-of", t.green, &[("of_active", &of_active)])
    } else if t.active == 1 {
        loc.phrase("summary.one-green", &[])
    } else {
        loc.counted("summary.all-green", t.active, &[])
    }
}

/// What leadership must do, with the earliest date among the asks counted.
fn asks(loc: &Locale, t: &Totals, open_asks: &[ProgramAsk]) -> String {
    if open_asks.is_empty() {
        return loc.phrase("summary.no-asks", &[]);
    }
    let what = if t.asks.needed > 0 {
        loc.counted("summary.decisions", t.asks.needed, &[])
    } else {
        loc.counted("summary.asks", open_asks.len(), &[])
    };
    let mut s = loc.phrase("summary.asks-needed", &[("what", &what)]);
    let counted = |a: &&ProgramAsk| t.asks.needed == 0 || super::needs_leadership(&a.ask.kind, a.ask.amount.is_some());
    let first = open_asks.iter().filter(counted).filter_map(|a| Some((a.ask.by_date?, a.ask.by_label.as_ref()?))).min();
    if let Some((_, label)) = first {
        s.push_str(&loc.phrase("summary.first-by", &[("date", label)]));
    }
    if t.overdue_asks > 0 {
        s.push_str(&loc.counted("summary.overdue", t.overdue_asks, &[]));
    }
    s
}

/// One program's changes as one line of "What changed": each program once,
/// improvements as well as bad news, in words counted by kind (the status
/// reason stays in "Where we stand", so the two never repeat each other).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeLine {
    pub(crate) program: String,
    pub(crate) program_name: String,
    pub(crate) status: Option<Status>,
    /// The line's overall sense: the status move when there is one, else
    /// worse when anything got worse, else better when anything improved.
    pub(crate) direction: Direction,
    /// "status amber → red; 2 milestones slipped (+6 weeks this month, …); 2 risks rose".
    pub(crate) text: String,
}

/// Every program with a change, one line each: programs whose status got
/// worse, then those whose status improved, then other bad news, other
/// good news, the rest; by their most urgent change within each.
pub(super) fn change_lines(loc: &Locale, programs: &[ProgramView]) -> Vec<ChangeLine> {
    let separator = loc.phrase("summary.separator", &[]);
    let mut lines: Vec<(u8, u8, ChangeLine)> = programs
        .iter()
        .filter(|p| !p.change_phrases.is_empty())
        .map(|p| {
            let status_move = p.changes.iter().find(|c| c.kind == ChangeKind::StatusChanged).map(|c| c.direction);
            let has = |d: Direction| p.change_phrases.iter().any(|c| c.direction == d);
            let direction = status_move.filter(|d| *d != Direction::Neutral).unwrap_or(if has(Direction::Worse) {
                Direction::Worse
            } else if has(Direction::Better) {
                Direction::Better
            } else {
                Direction::Neutral
            });
            // Status moves first, both ways: an improvement is news too.
            let class = match (status_move, direction) {
                (Some(Direction::Worse), _) => 0,
                (Some(Direction::Better), _) => 1,
                (_, Direction::Worse) => 2,
                (_, Direction::Better) => 3,
                _ => 4,
            };
            let urgency = p.changes.iter().map(|c| c.rank).min().unwrap_or(u8::MAX);
            let text = p.change_phrases.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(&separator);
            let line =
                ChangeLine { program: p.id.clone(), program_name: p.name.clone(), status: p.status, direction, text };
            (class, urgency, line)
        })
        .collect();
    lines.sort_by(|a, b| (a.0, a.1, &a.2.program_name).cmp(&(b.0, b.1, &b.2.program_name)));
    lines.into_iter().map(|(_, _, l)| l).collect()
}
