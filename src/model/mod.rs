//! Model: merge each program's layers per period, validate, derive.
//!
//! No I/O happens here. [`Portfolio::build`] folds every program's layers
//! (defaults, base fragments, then updates oldest first) and keeps the merged
//! tree after each update, so the state as of any period is a lookup.

pub(crate) mod changes;
pub(crate) mod convert;
pub(crate) mod derive;
pub(crate) mod detail;
pub(crate) mod group;
pub(crate) mod lint;
pub(crate) mod merge;
pub(crate) mod period;
pub(crate) mod placeholders;
pub(crate) mod portfolio;
pub(crate) mod read;
pub(crate) mod report;
pub(crate) mod schema;
pub(crate) mod types;
pub(crate) mod validate;

use crate::diag::{Diagnostic, Origin, SourceId};
use crate::load::ProgramSource;
use crate::load::yaml::{Node, Value};
use period::Period;
use read::Reader;
use types::Program;

/// One program across time.
#[derive(Debug, Clone)]
pub(crate) struct ProgramHistory {
    pub(crate) id: String,
    pub(crate) origin: Origin,
    pub(crate) files: Vec<SourceId>,
    /// Defaults and base fragments merged: the state before any update.
    pub(crate) base: Node,
    /// The merged state after each update, in period order.
    pub(crate) snapshots: Vec<(Period, Node)>,
    /// Where each update names its period.
    pub(crate) update_origins: Vec<Origin>,
    /// A file of the program could not be parsed.
    pub(crate) incomplete: bool,
}

impl ProgramHistory {
    /// The merged tree as of `period`: every update up to and including it.
    pub(crate) fn state_at(&self, period: Period) -> &Node {
        let n = self.snapshots.partition_point(|(p, _)| *p <= period);
        if n == 0 { &self.base } else { &self.snapshots[n - 1].1 }
    }

    /// The latest period up to `period` with an update.
    pub(crate) fn last_update(&self, period: Period) -> Option<Period> {
        let n = self.snapshots.partition_point(|(p, _)| *p <= period);
        n.checked_sub(1).map(|i| self.snapshots[i].0)
    }

    pub(crate) fn has_update(&self, period: Period) -> bool {
        self.snapshots.binary_search_by_key(&period, |(p, _)| *p).is_ok()
    }

    /// The typed program as of `period`. Problems with values were reported
    /// when each file was validated, so they are not reported again here.
    pub(crate) fn program_at(&self, period: Period) -> Program {
        let mut ignored = Vec::new();
        let mut r = Reader::new(&mut ignored, Some(&self.id));
        convert::program(&mut r, &self.id, self.origin, self.state_at(period), &[])
    }
}

/// Every program, merged, plus the periods that occur in the data.
#[derive(Debug, Clone, Default)]
pub(crate) struct Portfolio {
    /// Sorted by id.
    pub(crate) programs: Vec<ProgramHistory>,
    /// Every period that has an update in some program, ascending.
    pub(crate) periods: Vec<Period>,
}

impl Portfolio {
    /// Merges every program and validates each file and each merged state.
    pub(crate) fn build(sources: &[ProgramSource], diags: &mut Vec<Diagnostic>) -> Portfolio {
        use rayon::prelude::*;
        let built: Vec<(ProgramHistory, Vec<Diagnostic>)> = sources
            .par_iter()
            .map(|s| {
                let mut d = Vec::new();
                validate::fragments(s, &mut d);
                let history = fold(s, &mut d);
                validate::history(&history, s, &mut d);
                (history, d)
            })
            .collect();
        let mut programs = Vec::with_capacity(built.len());
        for (h, d) in built {
            diags.extend(d);
            programs.push(h);
        }
        programs.sort_by(|a, b| a.id.cmp(&b.id));
        let mut periods: Vec<Period> = programs.iter().flat_map(|p| p.snapshots.iter().map(|(q, _)| *q)).collect();
        periods.sort();
        periods.dedup();
        Portfolio { programs, periods }
    }

    /// The latest period with an update anywhere: the default period.
    pub(crate) fn latest_period(&self) -> Option<Period> {
        self.periods.last().copied()
    }

    /// The latest period before `period` that has an update anywhere.
    pub(crate) fn previous_period(&self, period: Period) -> Option<Period> {
        let n = self.periods.partition_point(|p| *p < period);
        n.checked_sub(1).map(|i| self.periods[i])
    }

    pub(crate) fn get(&self, id: &str) -> Option<&ProgramHistory> {
        self.programs.binary_search_by(|p| p.id.as_str().cmp(id)).ok().map(|i| &self.programs[i])
    }
}

/// Most values the merged states of one program may hold together (the
/// state before any update and after each one). Each state is kept whole,
/// so a program whose updates keep adding values grows with the square of
/// its updates; this bound keeps memory and time in check (docs/SECURITY.md).
pub(crate) const MAX_MERGED_VALUES: usize = 1_000_000;

/// Folds a program's layers in the order of FORMAT.md section 2.
fn fold(s: &ProgramSource, diags: &mut Vec<Diagnostic>) -> ProgramHistory {
    let mut state = Node::new(Value::Map(Vec::new()), s.origin);
    for layer in s.defaults.iter().map(|d| d.as_ref()).chain(s.base.iter()) {
        merge::merge(&mut state, layer);
    }
    let base = state.clone();
    let mut total = base.size();
    let mut snapshots = Vec::with_capacity(s.updates.len());
    for u in &s.updates {
        merge::merge(&mut state, &u.node);
        total += state.size();
        if total > MAX_MERGED_VALUES {
            diags.push(
                Diagnostic::error(
                    "too-many-values",
                    format!(
                        "program `{}` holds more than {MAX_MERGED_VALUES} values over its updates (the state as of \
                         each period counts); this update and the later ones are not read",
                        s.id
                    ),
                )
                .at(u.origin)
                .in_program(&s.id)
                .hint("keep long lists and metric values in fewer, smaller items, or drop very old updates"),
            );
            break;
        }
        snapshots.push((u.period, state.clone()));
    }
    let update_origins = s.updates.iter().take(snapshots.len()).map(|u| u.origin).collect();
    ProgramHistory {
        id: s.id.clone(),
        origin: s.origin,
        files: s.files.clone(),
        base,
        snapshots,
        update_origins,
        incomplete: s.incomplete,
    }
}
