//! The facts a large portfolio's brief is built on (BRIEF-GUIDE.md, "Large
//! portfolios"): which programs are exceptions and why, which of them get a
//! full page (`detail`), how severe each is, the groups of `group_by` with
//! their status mix, how ratings moved since the previous period, which
//! programs entered or left, and the money in each status.
//!
//! Everything here is decided once, from the program views; templates read
//! it and decide nothing.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::program::ProgramView;
use crate::locale::Locale;
use crate::model::detail::{Detail, Rule};
use crate::model::group;
use crate::model::report::Scope;
use crate::model::types::{AskKind, AskStatus, Status};

/// The exception rules a program meets, whatever the report's `detail`.
pub(crate) fn rules_met(p: &ProgramView, scope: &Scope<'_>) -> Vec<Rule> {
    let due_by = scope.period.next().last_day();
    let asks_due = p.asks.iter().any(|a| {
        a.status == AskStatus::Open
            && matches!(a.kind, Some(AskKind::Decision | AskKind::Recommendation))
            && (a.overdue || a.by_date.is_some_and(|by| by <= due_by))
    });
    let checks = [
        (Rule::Red, p.status == Some(Status::Red)),
        (Rule::Amber, p.status == Some(Status::Amber)),
        (Rule::Unrated, p.status == Some(Status::Unrated)),
        (Rule::Worse, p.status_trend == "worse"),
        // In the first period of the data every program is new: no rule.
        (Rule::New, scope.previous.is_some() && p.status_trend == "new"),
        (Rule::Flagged, !p.flags.is_empty()),
        (Rule::AsksDue, asks_due),
    ];
    checks.into_iter().filter(|(_, met)| *met).map(|(r, _)| r).collect()
}

/// Whether a program gets a full page: a single-program brief always does;
/// otherwise the report's `detail` decides from the rules it meets.
pub(crate) fn full_page(detail: &Detail, met: &[Rule], single_program: bool) -> bool {
    single_program
        || match detail {
            Detail::All => true,
            Detail::None => false,
            Detail::Rules(rules) => met.iter().any(|r| rules.contains(r)),
        }
}

/// Why a program is an exception, in words: "red, worse since the previous
/// period, decision due".
pub(crate) fn reasons_label(loc: &Locale, met: &[Rule]) -> String {
    let words: Vec<String> = met
        .iter()
        .map(|r| match r {
            Rule::Red => super::status_word(loc, "red"),
            Rule::Amber => super::status_word(loc, "amber"),
            Rule::Unrated => super::status_word(loc, "unrated"),
            Rule::Worse => loc.phrase("exception.worse", &[]),
            Rule::New => loc.phrase("exception.new", &[]),
            Rule::Flagged => loc.phrase("exception.flagged", &[]),
            Rule::AsksDue => loc.phrase("exception.asks-due", &[]),
        })
        .collect();
    words.join(&loc.phrase("list.separator", &[]))
}

/// Marks a program's view with the exception rules it meets, whether the
/// summary lists it, and whether it gets a full page.
pub(crate) fn mark_exception(v: &mut ProgramView, scope: &Scope<'_>) {
    v.exception = rules_met(v, scope);
    v.exception_label = reasons_label(&scope.spec.locale, &v.exception);
    v.attention = !v.exception.is_empty() || v.stale;
    v.full_page = full_page(&scope.spec.detail, &v.exception, scope.program.is_some());
}

/// How severe an exception is, most severe first: red before amber before
/// unrated before the rest; within a status, worsened or with an overdue
/// decision before steady; then more money at stake; then by name.
fn severity_key(p: &ProgramView) -> (u8, bool, bool, std::cmp::Reverse<i64>, String) {
    let status = match p.status {
        Some(Status::Red) => 0,
        Some(Status::Amber) => 1,
        Some(Status::Unrated) => 2,
        Some(Status::Green) => 3,
        None => 4,
        Some(Status::Paused) => 5,
        Some(Status::Complete) => 6,
    };
    let overdue_decision = p
        .asks
        .iter()
        .any(|a| a.status == AskStatus::Open && a.overdue && super::needs_leadership(&a.kind, a.amount.is_some()));
    let moved = p.status_trend == "worse" || overdue_decision;
    let money = p.budget.as_ref().map_or(0, |b| (b.amount * 1000.0) as i64);
    (status, !moved, p.status_trend != "worse", std::cmp::Reverse(money), p.name.to_lowercase())
}

/// The ids of the programs the summary lists (`attention`), most severe first.
pub(crate) fn ranked_attention(programs: &[ProgramView]) -> Vec<String> {
    let mut listed: Vec<&ProgramView> = programs.iter().filter(|p| p.attention).collect();
    listed.sort_by_cached_key(|p| severity_key(p));
    listed.into_iter().map(|p| p.id.clone()).collect()
}

/// For each position k of the ranked list, the status mix of the programs
/// from k on: what a "+ N more" line after k programs says they are.
pub(crate) fn mix_of_rest(loc: &Locale, ranked: &[String], programs: &[ProgramView]) -> Vec<String> {
    let status: HashMap<&str, Option<Status>> = programs.iter().map(|p| (p.id.as_str(), p.status)).collect();
    counts_of_tails(ranked.iter().map(|id| status.get(id.as_str()).copied().flatten()))
        .iter()
        .map(|c| mix_label(loc, c))
        .collect()
}

/// The status counts of every tail of a list of statuses, longest first.
fn counts_of_tails(statuses: impl DoubleEndedIterator<Item = Option<Status>>) -> Vec<StatusCounts> {
    let mut counts = StatusCounts::default();
    let mut out: Vec<StatusCounts> = statuses
        .rev()
        .map(|s| {
            counts.add(s);
            counts.clone()
        })
        .collect();
    out.reverse();
    out
}

/// How many programs are in each status: the same keys as `statuses`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub(crate) struct StatusCounts {
    pub(crate) red: usize,
    pub(crate) amber: usize,
    pub(crate) green: usize,
    pub(crate) unrated: usize,
    pub(crate) complete: usize,
    pub(crate) paused: usize,
    /// Not reported yet.
    pub(crate) unreported: usize,
}

impl StatusCounts {
    fn add(&mut self, s: Option<Status>) {
        *match s {
            Some(Status::Red) => &mut self.red,
            Some(Status::Amber) => &mut self.amber,
            Some(Status::Green) => &mut self.green,
            Some(Status::Unrated) => &mut self.unrated,
            Some(Status::Complete) => &mut self.complete,
            Some(Status::Paused) => &mut self.paused,
            None => &mut self.unreported,
        } += 1;
    }

    /// How many programs have this status.
    pub(crate) fn get(&self, s: Option<Status>) -> usize {
        match s {
            Some(Status::Red) => self.red,
            Some(Status::Amber) => self.amber,
            Some(Status::Green) => self.green,
            Some(Status::Unrated) => self.unrated,
            Some(Status::Complete) => self.complete,
            Some(Status::Paused) => self.paused,
            None => self.unreported,
        }
    }

    /// The counts of a set of statuses.
    pub(crate) fn of(statuses: impl IntoIterator<Item = Option<Status>>) -> StatusCounts {
        let mut c = StatusCounts::default();
        for s in statuses {
            c.add(s);
        }
        c
    }
}

/// One group of `group_by` (or of `split_by` for a split copy's title).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GroupView {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) programs: usize,
    pub(crate) counts: StatusCounts,
    pub(crate) worsened: usize,
    pub(crate) improved: usize,
    /// Open decisions and recommendations (and asks naming money).
    pub(crate) decisions: usize,
    /// The group's exceptions (the summary's `attention` programs), most severe first.
    pub(crate) attention: Vec<String>,
    /// The status mix of its exceptions: "2 red, 9 amber".
    pub(crate) attention_mix: String,
    /// `attention_rest[k]`: the status counts of `attention[k..]`, for the
    /// "+ N more" line of a card that names only the first k.
    pub(crate) attention_rest: Vec<StatusCounts>,
    /// The ids of all its programs, in report order.
    pub(crate) members: Vec<String>,
    /// "3 red, 12 amber, 40 green": the mix in words.
    pub(crate) mix_label: String,
}

/// The groups of the report's programs, sorted by name with "Other" last;
/// a program covering several regions counts in each region's group.
pub(crate) fn groups(
    loc: &Locale,
    programs: &[ProgramView],
    memberships: &HashMap<String, Vec<String>>,
    ranked: &[String],
) -> Vec<GroupView> {
    let mut by_group: BTreeMap<&str, Vec<&ProgramView>> = BTreeMap::new();
    for p in programs {
        for g in memberships.get(&p.id).into_iter().flatten() {
            by_group.entry(g.as_str()).or_default().push(p);
        }
    }
    let mut by_group: Vec<(&str, Vec<&ProgramView>)> = by_group.into_iter().collect();
    by_group.sort_by(|(a, _), (b, _)| group::sort_key(a).cmp(&group::sort_key(b)));
    let rank: HashMap<&str, usize> = ranked.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    by_group
        .into_iter()
        .map(|(name, members)| {
            let counts = StatusCounts::of(members.iter().map(|p| p.status));
            let mut attention: Vec<&ProgramView> = members.iter().copied().filter(|p| p.attention).collect();
            attention.sort_by_key(|p| rank.get(p.id.as_str()).copied().unwrap_or(usize::MAX));
            let rest = counts_of_tails(attention.iter().map(|p| p.status));
            GroupView {
                slug: group::slug(name),
                programs: members.len(),
                mix_label: mix_label(loc, &counts),
                counts,
                worsened: members.iter().filter(|p| p.status_trend == "worse").count(),
                improved: members.iter().filter(|p| p.status_trend == "better").count(),
                decisions: members
                    .iter()
                    .flat_map(|p| &p.asks)
                    .filter(|a| a.status == AskStatus::Open && super::needs_leadership(&a.kind, a.amount.is_some()))
                    .count(),
                // The whole list's mix is its longest tail's.
                attention_mix: mix_label(loc, &rest.first().cloned().unwrap_or_default()),
                attention_rest: rest,
                attention: attention.iter().map(|p| p.id.clone()).collect(),
                members: members.iter().map(|p| p.id.clone()).collect(),
                name: group_name(loc, name),
            }
        })
        .collect()
}

/// "3 red, 12 amber, 40 green, 1 unrated": the non-zero counts, worst first.
pub(crate) fn mix_label(loc: &Locale, c: &StatusCounts) -> String {
    let words: Vec<String> = STATUS_ORDER
        .into_iter()
        .map(|s| (c.get(s), word(loc, s)))
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| loc.counted("status.mix", n, &[("status", &w)]))
        .collect();
    if words.is_empty() { loc.phrase("status.mix-none", &[]) } else { words.join(&loc.phrase("list.separator", &[])) }
}

/// A group's name as the reader sees it: the group of programs without a
/// value ([`group::OTHER`]) in the reader's language.
pub(crate) fn group_name(loc: &Locale, name: &str) -> String {
    if name == group::OTHER { loc.phrase("group.other", &[]) } else { name.to_string() }
}

/// Status now against status in the previous period: rows are the status
/// then (or "new" for programs not reported then), columns the status now.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Transitions {
    /// Column keys (status keys, "unreported" for none), worst first.
    pub(crate) columns: Vec<&'static str>,
    pub(crate) rows: Vec<TransitionRow>,
    /// Programs whose status changed.
    pub(crate) moved: usize,
    /// "4 green → amber, 2 amber → red, 3 red → amber": the moves, most common first.
    pub(crate) moves: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TransitionRow {
    /// The status key then, or "new".
    pub(crate) from: &'static str,
    /// Counts in the order of `columns`.
    pub(crate) counts: Vec<usize>,
    pub(crate) total: usize,
}

/// The one order statuses are listed in, everywhere in a report: reds
/// first, then amber, green, not yet reported, unrated (after the active
/// ones), paused, complete.
pub(super) const STATUS_ORDER: [Option<Status>; 7] = [
    Some(Status::Red),
    Some(Status::Amber),
    Some(Status::Green),
    None,
    Some(Status::Unrated),
    Some(Status::Paused),
    Some(Status::Complete),
];

/// A status's place in [`STATUS_ORDER`].
pub(super) fn rank(s: Option<Status>) -> usize {
    STATUS_ORDER.iter().position(|x| *x == s).unwrap_or(STATUS_ORDER.len())
}

fn key(s: Option<Status>) -> &'static str {
    s.map_or("unreported", |s| s.as_str())
}

/// The transition table, when the report compares with a previous period.
pub(crate) fn transitions(programs: &[ProgramView], scope: &Scope<'_>) -> Option<Transitions> {
    let loc = &*scope.spec.locale;
    scope.previous?;
    // (from, to) for every program; "new" when it had not reported then.
    let pairs: Vec<(Option<Option<Status>>, Option<Status>)> = programs
        .iter()
        .map(|p| (if p.status_trend == "new" { None } else { Some(p.previous_status) }, p.status))
        .collect();
    let columns: Vec<Option<Status>> =
        STATUS_ORDER.into_iter().filter(|s| pairs.iter().any(|(_, to)| to == s)).collect();
    let froms: Vec<Option<Option<Status>>> =
        STATUS_ORDER.into_iter().map(Some).chain([None]).filter(|f| pairs.iter().any(|(from, _)| from == f)).collect();
    let rows = froms
        .iter()
        .map(|f| {
            let counts: Vec<usize> =
                columns.iter().map(|c| pairs.iter().filter(|(from, to)| from == f && to == c).count()).collect();
            TransitionRow { from: f.map_or("new", key), total: counts.iter().sum(), counts }
        })
        .collect();
    let mut moves: BTreeMap<(Option<Status>, Option<Status>), usize> = BTreeMap::new();
    for (from, to) in &pairs {
        if let Some(f) = from
            && f != to
        {
            *moves.entry((*f, *to)).or_default() += 1;
        }
    }
    let moved = moves.values().sum();
    let mut moves: Vec<_> = moves.into_iter().collect();
    moves.sort_by_key(|((f, t), n)| (std::cmp::Reverse(*n), rank(*f), rank(*t)));
    Some(Transitions {
        columns: columns.into_iter().map(key).collect(),
        rows,
        moved,
        moves: moves
            .into_iter()
            .map(|((f, t), n)| loc.counted("status.move", n, &[("from", &word(loc, f)), ("to", &word(loc, t))]))
            .collect(),
    })
}

/// A status in running text: "red", "not reported".
fn word(loc: &Locale, s: Option<Status>) -> String {
    super::status_word(loc, s.map_or("unreported", |s| s.as_str()))
}

/// Programs that entered the portfolio this period (first reported, when
/// there is an earlier period) and programs that left it (completed or
/// paused this period, after being active or unrated).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Movement {
    pub(crate) entered: Vec<String>,
    pub(crate) left: Vec<String>,
}

pub(crate) fn movement(programs: &[ProgramView], scope: &Scope<'_>) -> Movement {
    if scope.previous.is_none() {
        return Movement::default();
    }
    let done = |s: Option<Status>| matches!(s, Some(Status::Complete | Status::Paused));
    Movement {
        entered: programs.iter().filter(|p| p.status_trend == "new").map(|p| p.id.clone()).collect(),
        left: programs
            .iter()
            .filter(|p| done(p.status) && p.previous_status.is_some() && !done(p.previous_status))
            .map(|p| p.id.clone())
            .collect(),
    }
}

/// The money of the programs in one status, in one unit.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MoneyByStatus {
    pub(crate) status: &'static str,
    pub(crate) unit: Option<String>,
    pub(crate) programs: usize,
    pub(crate) amount: f64,
    /// Written by [`Locale::money`].
    pub(crate) label: String,
    /// Share of the unit's total, 0 to 100, rounded.
    pub(crate) percent: u32,
}

/// The budgets of the report's programs summed by unit and status (worst
/// first); amounts in different units are never added together.
pub(crate) fn money_by_status(loc: &Locale, programs: &[ProgramView]) -> Vec<MoneyByStatus> {
    let mut sums: BTreeMap<(Option<String>, usize), (usize, f64)> = BTreeMap::new();
    for p in programs {
        if let Some(b) = &p.budget {
            let e = sums.entry((b.unit.clone(), rank(p.status))).or_default();
            e.0 += 1;
            e.1 += b.amount;
        }
    }
    let mut unit_totals: HashMap<Option<String>, f64> = HashMap::new();
    for ((unit, _), (_, amount)) in &sums {
        *unit_totals.entry(unit.clone()).or_default() += amount;
    }
    sums.into_iter()
        .map(|((unit, order), (n, amount))| {
            let total = unit_totals.get(&unit).copied().unwrap_or(0.0);
            MoneyByStatus {
                status: key(STATUS_ORDER[order]),
                programs: n,
                amount,
                label: loc.money(amount, unit.as_deref()),
                percent: if total > 0.0 { (amount / total * 100.0).round() as u32 } else { 0 },
                unit,
            }
        })
        .collect()
}

/// Past this many programs a brief gets its "portfolio at a glance" page
/// even without groups or budgets: the summary's lists no longer hold the
/// whole portfolio, so the movement and trend need a page of their own.
const GLANCE_FROM: usize = 25;

/// Whether the brief has a "portfolio at a glance" page.
pub(crate) fn has_glance(groups: &[GroupView], money: &[MoneyByStatus], programs: usize) -> bool {
    !groups.is_empty() || !money.is_empty() || programs >= GLANCE_FROM
}

/// The groups' status mix as the group-mix chart draws it, in group order.
pub(crate) fn group_mixes(groups: &[GroupView]) -> Vec<crate::charts::GroupMix> {
    groups
        .iter()
        .map(|g| crate::charts::GroupMix {
            name: g.name.clone(),
            counts: STATUS_ORDER
                .into_iter()
                .map(|s| (super::charts::rag(s), g.counts.get(s)))
                .filter(|(_, n)| *n > 0)
                .collect(),
        })
        .collect()
}
