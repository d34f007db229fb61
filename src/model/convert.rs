//! Turning a program's merged YAML tree into the typed [`Program`].
//!
//! The same code validates each file on its own (so a bad value is reported
//! even when a later update overrides it) and reads the merged state of a
//! period; repeated reports of one value are merged by [`crate::diag::Diagnostics`].

use std::collections::HashMap;

use super::period::{Period, parse_date};
use super::read::Reader;
use super::schema::{self, Field};
use super::types::*;
use crate::diag::{Diagnostic, Origin, found};
use crate::load::yaml::{Entry, Node, Value};
use crate::locale::Phrase;

/// Reads a program from a node that holds its fields. `extra` lists keys
/// allowed besides the program fields (`updates` in base files).
pub(crate) fn program(r: &mut Reader<'_>, id: &str, origin: Origin, node: &Node, extra: &[Field]) -> Program {
    let mut p = Program {
        id: id.to_string(),
        origin,
        name: None,
        owner: None,
        sponsor: None,
        vertical: None,
        division: None,
        budget: None,
        regions: Vec::new(),
        risk_domains: Vec::new(),
        objective: None,
        start: None,
        end: None,
        tags: Vec::new(),
        visibility: None,
        status: None,
        status_reason: None,
        external_status_reason: None,
        region_status: Vec::new(),
        summary: None,
        external_summary: None,
        highlights: Vec::new(),
        lowlights: Vec::new(),
        milestones: Vec::new(),
        risks: Vec::new(),
        issues: Vec::new(),
        metrics: Vec::new(),
        asks: Vec::new(),
    };
    for e in r.fields(node, "a program", &[schema::PROGRAM, extra]) {
        match e.key.as_str() {
            "name" => p.name = r.text(e),
            "owner" => p.owner = r.text(e),
            "sponsor" => p.sponsor = r.text(e),
            "vertical" => p.vertical = r.text(e),
            "division" => p.division = r.text(e),
            "budget" => p.budget = budget(r, e),
            "regions" => p.regions = r.texts(e),
            "risk_domains" => p.risk_domains = keywords(r, e, RiskDomain::VALUES, RiskDomain::parse),
            "objective" => p.objective = r.text(e),
            "start" => p.start = r.date(e),
            "end" => p.end = r.date(e),
            "tags" => p.tags = r.texts(e),
            "visibility" => p.visibility = r.keyword("visibility", &e.value, Visibility::VALUES, Visibility::parse),
            "status" => p.status = r.keyword("status", &e.value, Status::VALUES, Status::parse),
            "status_reason" => p.status_reason = r.text(e),
            "external_status_reason" => p.external_status_reason = r.text(e),
            "region_status" => p.region_status = region_status(r, e),
            "summary" => p.summary = r.text(e),
            "external_summary" => p.external_summary = r.text(e),
            "highlights" => p.highlights = r.texts(e),
            "lowlights" => p.lowlights = r.texts(e),
            "milestones" => {
                p.milestones = items(r, e, ("a milestone", "quality.a.milestone"), schema::MILESTONE, milestone)
            }
            "risks" => p.risks = items(r, e, ("a risk", "quality.a.risk"), schema::RISK, risk),
            "issues" => p.issues = items(r, e, ("an issue", "quality.a.issue"), schema::ISSUE, issue),
            "metrics" => p.metrics = items(r, e, ("a metric", "quality.a.metric"), schema::METRIC, metric),
            "asks" => p.asks = items(r, e, ("an ask", "quality.a.ask"), schema::ASK, ask),
            _ => {}
        }
    }
    p
}

fn keywords<K>(
    r: &mut Reader<'_>,
    e: &Entry,
    values: &'static [&'static str],
    parse: fn(&str) -> Option<K>,
) -> Vec<Sp<K>> {
    let items = r.list(e, "keywords");
    for n in items.iter().filter(|n| n.is_null()) {
        r.empty_item(e, n);
    }
    items.iter().filter_map(|n| r.keyword(&e.key, n, values, parse)).collect()
}

/// Reads `budget`: an amount of at least 0 and a unit, unknown keys refused.
fn budget(r: &mut Reader<'_>, e: &Entry) -> Option<Budget> {
    if e.value.is_null() {
        return None;
    }
    let mut b = Budget { amount: None, unit: None, origin: e.value.origin };
    for be in r.fields(&e.value, "budget", &[schema::BUDGET]) {
        match be.key.as_str() {
            "amount" => b.amount = r.number(be).filter(|a| non_negative(r, a)),
            "unit" => b.unit = r.text(be).filter(|u| non_empty_unit(r, u)),
            _ => {}
        }
    }
    Some(b)
}

/// Reports a blank budget unit; keeps only units with text.
fn non_empty_unit(r: &mut Reader<'_>, unit: &Sp<String>) -> bool {
    if !unit.value.trim().is_empty() {
        return true;
    }
    r.report(
        Diagnostic::error("invalid-value", "budget unit must not be empty")
            .at(unit.origin)
            .hint("name the currency and scale, e.g. `unit: USD m`"),
    );
    false
}

/// Reports a negative amount; keeps only amounts of at least 0.
fn non_negative(r: &mut Reader<'_>, amount: &Sp<f64>) -> bool {
    // NaN and infinities never get here: `number` accepts finite values only.
    if amount.value >= 0.0 {
        return true;
    }
    r.report(
        Diagnostic::error("invalid-value", format!("budget amount must be 0 or more (found {})", amount.value))
            .at(amount.origin)
            .hint("write the money at stake as a positive number, e.g. `amount: 12.5`"),
    );
    false
}

fn region_status(r: &mut Reader<'_>, e: &Entry) -> Vec<(Sp<String>, Sp<Status>)> {
    let Some(entries) = e.value.as_map() else {
        if !e.value.is_null() {
            r.report(
                Diagnostic::error(
                    "invalid-value",
                    format!("region_status must map regions to statuses (found {})", e.value.kind_name()),
                )
                .at(e.value.origin),
            );
        }
        return Vec::new();
    };
    entries
        .iter()
        .filter(|re| !re.key.starts_with("x-"))
        .filter_map(|re| {
            let status = r.keyword("region status", &re.value, Status::VALUES, Status::parse)?;
            Some((Sp::new(re.key.to_string(), re.key_origin), status))
        })
        .collect()
}

/// Reads a list of id-keyed items; reports items that are not mappings,
/// ids that repeat within the list, and items without an id. `what` names
/// an item in messages ("a milestone"); `kind` is the phrase of the same
/// words, for the warning a brief's appendix prints in its language.
fn items<T>(
    r: &mut Reader<'_>,
    e: &Entry,
    (what, kind): (&str, &'static str),
    fields: &'static [Field],
    read: fn(&mut Reader<'_>, Sp<String>, &Node, &[&Entry]) -> T,
) -> Vec<T> {
    let mut seen: HashMap<String, Origin> = HashMap::new();
    let mut out = Vec::new();
    for (i, node) in r.list(e, "mappings").iter().enumerate() {
        if node.as_map().is_none() {
            if node.is_null() {
                r.empty_item(e, node);
            } else {
                r.report(
                    Diagnostic::error(
                        "invalid-value",
                        format!("each item of {} must be a mapping (found {})", e.key, node.kind_name()),
                    )
                    .at(node.origin),
                );
            }
            continue;
        }
        let entries = r.fields(node, what, &[fields]);
        let id = match node.entry("id") {
            Some(ide) => match r.text(ide) {
                Some(id) => id,
                None => continue,
            },
            None => {
                r.report(
                    Diagnostic::warning_of(
                        "missing-id",
                        Phrase::new("quality.missing-id").with("item", Phrase::new(kind)).with("list", e.key.as_str()),
                    )
                        .at(node.origin)
                        .hint("give every item an id: lists whose items all have one merge by id, any other list replaces the earlier one"),
                );
                Sp::new(format!("#{}", i + 1), node.origin)
            }
        };
        if let Some(first) = seen.get(&id.value) {
            r.report(
                Diagnostic::error(
                    "duplicate-id",
                    format!("id `{}` appears twice in {}", crate::diag::printable(&id), e.key),
                )
                .at(id.origin)
                .related(*first, "first used here"),
            );
            continue;
        }
        seen.insert(id.value.clone(), id.origin);
        out.push(read(r, id, node, &entries));
    }
    out
}

fn milestone(r: &mut Reader<'_>, id: Sp<String>, node: &Node, entries: &[&Entry]) -> Milestone {
    let mut m = Milestone {
        id,
        name: None,
        due: None,
        forecast: None,
        done: None,
        owner: None,
        critical: false,
        origin: node.origin,
    };
    for e in entries {
        match e.key.as_str() {
            "name" => m.name = r.text(e),
            "due" => m.due = r.date(e),
            "forecast" => m.forecast = r.date(e),
            "done" => m.done = r.date(e),
            "owner" => m.owner = r.text(e),
            "critical" => m.critical = r.boolean(e).is_some_and(|b| b.value),
            _ => {}
        }
    }
    m
}

fn risk(r: &mut Reader<'_>, id: Sp<String>, node: &Node, entries: &[&Entry]) -> Risk {
    let mut k = Risk {
        id,
        title: None,
        category: None,
        likelihood: None,
        impact: None,
        owner: None,
        mitigation: None,
        status: RiskStatus::Open,
        due: None,
        internal: false,
        origin: node.origin,
    };
    for e in entries {
        match e.key.as_str() {
            "title" => k.title = r.text(e),
            "category" => k.category = r.keyword("category", &e.value, RiskDomain::VALUES, RiskDomain::parse),
            "likelihood" => k.likelihood = r.int_in(e, 1, 5),
            "impact" => k.impact = r.int_in(e, 1, 5),
            "owner" => k.owner = r.text(e),
            "mitigation" => k.mitigation = r.text(e),
            "status" => {
                k.status = r
                    .keyword("status", &e.value, RiskStatus::VALUES, RiskStatus::parse)
                    .map_or(RiskStatus::Open, |s| s.value)
            }
            "due" => k.due = r.date(e),
            "internal" => k.internal = r.boolean(e).is_some_and(|b| b.value),
            _ => {}
        }
    }
    k
}

fn issue(r: &mut Reader<'_>, id: Sp<String>, node: &Node, entries: &[&Entry]) -> Issue {
    let mut i = Issue {
        id,
        title: None,
        severity: None,
        owner: None,
        resolution: None,
        resolve_by: None,
        status: IssueStatus::Open,
        internal: false,
        origin: node.origin,
    };
    for e in entries {
        match e.key.as_str() {
            "title" => i.title = r.text(e),
            "severity" => i.severity = r.keyword("severity", &e.value, Severity::VALUES, Severity::parse),
            "owner" => i.owner = r.text(e),
            "resolution" => i.resolution = r.text(e),
            "resolve_by" => i.resolve_by = r.date(e),
            "status" => {
                i.status = r
                    .keyword("status", &e.value, IssueStatus::VALUES, IssueStatus::parse)
                    .map_or(IssueStatus::Open, |s| s.value)
            }
            "internal" => i.internal = r.boolean(e).is_some_and(|b| b.value),
            _ => {}
        }
    }
    i
}

fn metric(r: &mut Reader<'_>, id: Sp<String>, node: &Node, entries: &[&Entry]) -> Metric {
    let mut m = Metric {
        id,
        name: None,
        unit: None,
        target: None,
        better: None,
        baseline: None,
        values: Vec::new(),
        origin: node.origin,
    };
    for e in entries {
        match e.key.as_str() {
            "name" => m.name = r.text(e),
            "unit" => m.unit = r.text(e),
            "target" => m.target = r.number(e),
            "better" => m.better = r.keyword("better", &e.value, Better::VALUES, Better::parse),
            "baseline" => m.baseline = r.number(e),
            "values" => m.values = observations(r, e),
            // Read and checked at the load stage (load::sheets), which fills `values`.
            "values_from" => {}
            _ => {}
        }
    }
    m
}

/// Metric values keyed by period or date; a period stands for its last day.
fn observations(r: &mut Reader<'_>, e: &Entry) -> Vec<Observation> {
    let Some(entries) = e.value.as_map() else {
        if !e.value.is_null() {
            r.report(
                Diagnostic::error(
                    "invalid-value",
                    format!("values must map periods or dates to numbers (found {})", e.value.kind_name()),
                )
                .at(e.value.origin)
                .hint("write one value per line, e.g. `2026-11: 42`"),
            );
        }
        return Vec::new();
    };
    let mut out: Vec<Observation> = Vec::new();
    // `x-` keys are the user's own, here as everywhere.
    for ve in entries.iter().filter(|ve| !ve.key.starts_with("x-")) {
        let key_origin = Origin { len: ve.key.chars().count().max(1) as u32, ..ve.key_origin };
        let date = match (Period::parse(&ve.key), parse_date(&ve.key)) {
            (Ok(p), _) => p.last_day(),
            (_, Ok(d)) => d,
            (_, Err(why)) if !why.0.starts_with("expected") => {
                r.report(
                    Diagnostic::error(
                        "invalid-value",
                        format!("metric value key must be a date that exists (found {}: {})", found(&ve.key), why.0),
                    )
                    .at(key_origin),
                );
                continue;
            }
            (Err(why), _) if !why.0.starts_with("expected") => {
                r.report(
                    Diagnostic::error(
                        "invalid-value",
                        format!("metric value key must be a real period (found {}: {})", found(&ve.key), why.0),
                    )
                    .at(key_origin),
                );
                continue;
            }
            _ => {
                r.report(
                    Diagnostic::error(
                        "invalid-value",
                        format!(
                            "metric value key must be a period YYYY-MM or a date YYYY-MM-DD (found {})",
                            found(&ve.key)
                        ),
                    )
                    .at(key_origin),
                );
                continue;
            }
        };
        if matches!(ve.value.value, Value::Null) {
            continue;
        }
        if let Some(v) = r.number_node("a metric value", &ve.value) {
            out.push(Observation { key: ve.key.to_string(), date, value: v.value, origin: ve.value.origin });
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.key.len().cmp(&b.key.len())));
    out
}

fn ask(r: &mut Reader<'_>, id: Sp<String>, node: &Node, entries: &[&Entry]) -> Ask {
    let mut a = Ask {
        id,
        title: None,
        kind: None,
        owner: None,
        by: None,
        status: AskStatus::Open,
        outcome: None,
        internal: false,
        origin: node.origin,
    };
    for e in entries {
        match e.key.as_str() {
            "title" => a.title = r.text(e),
            "kind" => a.kind = r.keyword("kind", &e.value, AskKind::VALUES, AskKind::parse),
            "owner" => a.owner = r.text(e),
            "by" => a.by = r.date(e),
            "status" => {
                a.status = r
                    .keyword("status", &e.value, AskStatus::VALUES, AskStatus::parse)
                    .map_or(AskStatus::Open, |s| s.value)
            }
            "outcome" => a.outcome = r.text(e),
            "internal" => a.internal = r.boolean(e).is_some_and(|b| b.value),
            _ => {}
        }
    }
    a
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
