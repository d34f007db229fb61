//! The typed model of a program as of one period, after merging.
//!
//! Every value entered by a person is a [`Sp`]: the value plus the place it
//! was written, so a warning about it can name the file and line that set it.

use std::ops::Deref;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::Origin;

/// A value with the place that set it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sp<T> {
    pub(crate) value: T,
    pub(crate) origin: Origin,
}

impl<T> Sp<T> {
    pub(crate) fn new(value: T, origin: Origin) -> Self {
        Sp { value, origin }
    }
}

impl<T> Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Defines a keyword enum: its YAML spelling, its list of accepted values
/// (for messages, hints and the JSON Schema) and its serialisation.
macro_rules! keywords {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) enum $name { $($variant),+ }

        impl $name {
            pub(crate) const VALUES: &'static [&'static str] = &[$($text),+];

            pub(crate) fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }

            pub(crate) fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keywords! {
    /// Red/amber/green, `unrated` (not assessed or withheld) and the two inactive states.
    Status { Green = "green", Amber = "amber", Red = "red", Unrated = "unrated", Complete = "complete", Paused = "paused" }
}

impl Status {
    /// Active programs count in the at-risk totals; unrated, complete and
    /// paused ones are counted apart.
    pub(crate) fn is_active(self) -> bool {
        matches!(self, Status::Green | Status::Amber | Status::Red)
    }

    /// Higher is worse; `None` for `unrated`, which is no rating at all, so
    /// a move into or out of it is neither worse nor better.
    pub(crate) fn severity(self) -> Option<u8> {
        match self {
            Status::Red => Some(3),
            Status::Amber => Some(2),
            Status::Green => Some(1),
            Status::Paused | Status::Complete => Some(0),
            Status::Unrated => None,
        }
    }

    /// How this status compares with an earlier one: `Greater` is worse;
    /// `None` when either is unrated (not comparable).
    pub(crate) fn compared_with(self, before: Status) -> Option<std::cmp::Ordering> {
        Some(self.severity()?.cmp(&before.severity()?))
    }

    /// Whether a status needs a `status_reason`: amber, red and unrated.
    pub(crate) fn needs_reason(self) -> bool {
        matches!(self, Status::Amber | Status::Red | Status::Unrated)
    }
}

keywords! {
    RiskDomain {
        Legal = "legal", Regulatory = "regulatory", Reputational = "reputational", Safety = "safety",
        Ecosystem = "ecosystem", Operational = "operational", Financial = "financial",
    }
}

keywords! {
    /// `internal` programs are left out of external reports; `external` (the
    /// default) and its synonym `public` go to every audience.
    Visibility { External = "external", Public = "public", Internal = "internal" }
}
keywords! { RiskStatus { Open = "open", Mitigating = "mitigating", Closed = "closed" } }
keywords! { Severity { Low = "low", Medium = "medium", High = "high", Critical = "critical" } }
keywords! { IssueStatus { Open = "open", Resolved = "resolved" } }
keywords! { Better { Higher = "higher", Lower = "lower" } }
keywords! { AskKind { Decision = "decision", Recommendation = "recommendation", Support = "support", Fyi = "fyi" } }
keywords! { AskStatus { Open = "open", Decided = "decided", Withdrawn = "withdrawn" } }

/// One program as of a period: the merged facts and updates, typed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Program {
    pub(crate) id: String,
    /// The file that defines the program (program.yaml or the single file).
    pub(crate) origin: Origin,
    pub(crate) name: Option<Sp<String>>,
    pub(crate) owner: Option<Sp<String>>,
    pub(crate) sponsor: Option<Sp<String>>,
    pub(crate) vertical: Option<Sp<String>>,
    /// The organisational unit that owns the program.
    pub(crate) division: Option<Sp<String>>,
    /// Money at stake, as of the period.
    pub(crate) budget: Option<Budget>,
    pub(crate) regions: Vec<Sp<String>>,
    pub(crate) risk_domains: Vec<Sp<RiskDomain>>,
    pub(crate) objective: Option<Sp<String>>,
    pub(crate) start: Option<Sp<NaiveDate>>,
    pub(crate) end: Option<Sp<NaiveDate>>,
    pub(crate) tags: Vec<Sp<String>>,
    pub(crate) visibility: Option<Sp<Visibility>>,
    pub(crate) status: Option<Sp<Status>>,
    pub(crate) status_reason: Option<Sp<String>>,
    /// The status reason partners may read: an external report prints it
    /// instead of `status_reason`.
    pub(crate) external_status_reason: Option<Sp<String>>,
    pub(crate) region_status: Vec<(Sp<String>, Sp<Status>)>,
    pub(crate) summary: Option<Sp<String>>,
    /// The summary partners may read: an external report prints it instead
    /// of `summary`.
    pub(crate) external_summary: Option<Sp<String>>,
    pub(crate) highlights: Vec<Sp<String>>,
    pub(crate) lowlights: Vec<Sp<String>>,
    pub(crate) milestones: Vec<Milestone>,
    pub(crate) risks: Vec<Risk>,
    pub(crate) issues: Vec<Issue>,
    pub(crate) metrics: Vec<Metric>,
    pub(crate) asks: Vec<Ask>,
}

impl Program {
    pub(crate) fn display_name(&self) -> &str {
        self.name.as_ref().map_or(&self.id, |n| n.value.as_str())
    }

    pub(crate) fn is_internal(&self) -> bool {
        self.visibility.as_ref().is_some_and(|v| v.value == Visibility::Internal)
    }
}

/// A program's money at stake; either part may come from a different file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Budget {
    /// At least 0 and finite (checked when read).
    pub amount: Option<Sp<f64>>,
    /// Free text, e.g. "USD m"; never empty.
    pub unit: Option<Sp<String>>,
    /// Where `budget:` is written.
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Milestone {
    pub(crate) id: Sp<String>,
    pub(crate) name: Option<Sp<String>>,
    pub(crate) due: Option<Sp<NaiveDate>>,
    pub(crate) forecast: Option<Sp<NaiveDate>>,
    pub(crate) done: Option<Sp<NaiveDate>>,
    pub(crate) owner: Option<Sp<String>>,
    pub(crate) critical: bool,
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Risk {
    pub(crate) id: Sp<String>,
    pub(crate) title: Option<Sp<String>>,
    pub(crate) category: Option<Sp<RiskDomain>>,
    pub(crate) likelihood: Option<Sp<u8>>,
    pub(crate) impact: Option<Sp<u8>>,
    pub(crate) owner: Option<Sp<String>>,
    pub(crate) mitigation: Option<Sp<String>>,
    pub(crate) status: RiskStatus,
    pub(crate) due: Option<Sp<NaiveDate>>,
    pub(crate) internal: bool,
    pub(crate) origin: Origin,
}

impl Risk {
    /// Likelihood x impact, when both are known.
    pub(crate) fn score(&self) -> Option<u8> {
        Some(self.likelihood.as_ref()?.value * self.impact.as_ref()?.value)
    }

    pub(crate) fn is_open(&self) -> bool {
        self.status != RiskStatus::Closed
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    pub(crate) id: Sp<String>,
    pub(crate) title: Option<Sp<String>>,
    pub(crate) severity: Option<Sp<Severity>>,
    pub(crate) owner: Option<Sp<String>>,
    pub(crate) resolution: Option<Sp<String>>,
    pub(crate) resolve_by: Option<Sp<NaiveDate>>,
    pub(crate) status: IssueStatus,
    pub(crate) internal: bool,
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Metric {
    pub(crate) id: Sp<String>,
    pub(crate) name: Option<Sp<String>>,
    pub(crate) unit: Option<Sp<String>>,
    pub(crate) target: Option<Sp<f64>>,
    pub(crate) better: Option<Sp<Better>>,
    pub(crate) baseline: Option<Sp<f64>>,
    /// Observations ordered by date; a period key counts as that period's last day.
    pub(crate) values: Vec<Observation>,
    pub(crate) origin: Origin,
}

/// One metric value: the key as written and the date it stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Observation {
    pub(crate) key: String,
    pub(crate) date: NaiveDate,
    pub(crate) value: f64,
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ask {
    pub(crate) id: Sp<String>,
    pub(crate) title: Option<Sp<String>>,
    pub(crate) kind: Option<Sp<AskKind>>,
    pub(crate) owner: Option<Sp<String>>,
    pub(crate) by: Option<Sp<NaiveDate>>,
    pub(crate) status: AskStatus,
    pub(crate) outcome: Option<Sp<String>>,
    pub(crate) internal: bool,
    pub(crate) origin: Origin,
}

impl Ask {
    pub(crate) fn is_open(&self) -> bool {
        self.status == AskStatus::Open
    }
}
