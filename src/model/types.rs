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
pub struct Sp<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Sp<T> {
    pub fn new(value: T, origin: Origin) -> Self {
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
        pub enum $name { $($variant),+ }

        impl $name {
            pub const VALUES: &'static [&'static str] = &[$($text),+];

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }

            pub fn as_str(self) -> &'static str {
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
    pub fn is_active(self) -> bool {
        matches!(self, Status::Green | Status::Amber | Status::Red)
    }

    /// Higher is worse; `None` for `unrated`, which is no rating at all, so
    /// a move into or out of it is neither worse nor better.
    pub fn severity(self) -> Option<u8> {
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
    pub fn compared_with(self, before: Status) -> Option<std::cmp::Ordering> {
        Some(self.severity()?.cmp(&before.severity()?))
    }

    /// Whether a status needs a `status_reason`: amber, red and unrated.
    pub fn needs_reason(self) -> bool {
        matches!(self, Status::Amber | Status::Red | Status::Unrated)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Green => "Green",
            Status::Amber => "Amber",
            Status::Red => "Red",
            Status::Unrated => "Unrated",
            Status::Complete => "Complete",
            Status::Paused => "Paused",
        }
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
pub struct Program {
    pub id: String,
    /// The file that defines the program (program.yaml or the single file).
    pub origin: Origin,
    pub name: Option<Sp<String>>,
    pub owner: Option<Sp<String>>,
    pub sponsor: Option<Sp<String>>,
    pub vertical: Option<Sp<String>>,
    /// The organisational unit that owns the program.
    pub division: Option<Sp<String>>,
    /// Money at stake, as of the period.
    pub budget: Option<Budget>,
    pub regions: Vec<Sp<String>>,
    pub risk_domains: Vec<Sp<RiskDomain>>,
    pub objective: Option<Sp<String>>,
    pub start: Option<Sp<NaiveDate>>,
    pub end: Option<Sp<NaiveDate>>,
    pub tags: Vec<Sp<String>>,
    pub visibility: Option<Sp<Visibility>>,
    pub status: Option<Sp<Status>>,
    pub status_reason: Option<Sp<String>>,
    pub region_status: Vec<(Sp<String>, Sp<Status>)>,
    pub summary: Option<Sp<String>>,
    pub highlights: Vec<Sp<String>>,
    pub lowlights: Vec<Sp<String>>,
    pub milestones: Vec<Milestone>,
    pub risks: Vec<Risk>,
    pub issues: Vec<Issue>,
    pub metrics: Vec<Metric>,
    pub asks: Vec<Ask>,
}

impl Program {
    pub fn display_name(&self) -> &str {
        self.name.as_ref().map_or(&self.id, |n| n.value.as_str())
    }

    pub fn is_internal(&self) -> bool {
        self.visibility.as_ref().is_some_and(|v| v.value == Visibility::Internal)
    }
}

/// A program's money at stake; either part may come from a different file.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// At least 0 and finite (checked when read).
    pub amount: Option<Sp<f64>>,
    /// Free text, e.g. "USD m"; never empty.
    pub unit: Option<Sp<String>>,
    /// Where `budget:` is written.
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub due: Option<Sp<NaiveDate>>,
    pub forecast: Option<Sp<NaiveDate>>,
    pub done: Option<Sp<NaiveDate>>,
    pub owner: Option<Sp<String>>,
    pub critical: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    pub id: Sp<String>,
    pub title: Option<Sp<String>>,
    pub category: Option<Sp<RiskDomain>>,
    pub likelihood: Option<Sp<u8>>,
    pub impact: Option<Sp<u8>>,
    pub owner: Option<Sp<String>>,
    pub mitigation: Option<Sp<String>>,
    pub status: RiskStatus,
    pub due: Option<Sp<NaiveDate>>,
    pub internal: bool,
    pub origin: Origin,
}

impl Risk {
    /// Likelihood x impact, when both are known.
    pub fn score(&self) -> Option<u8> {
        Some(self.likelihood.as_ref()?.value * self.impact.as_ref()?.value)
    }

    pub fn is_open(&self) -> bool {
        self.status != RiskStatus::Closed
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub id: Sp<String>,
    pub title: Option<Sp<String>>,
    pub severity: Option<Sp<Severity>>,
    pub owner: Option<Sp<String>>,
    pub resolution: Option<Sp<String>>,
    pub resolve_by: Option<Sp<NaiveDate>>,
    pub status: IssueStatus,
    pub internal: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub unit: Option<Sp<String>>,
    pub target: Option<Sp<f64>>,
    pub better: Option<Sp<Better>>,
    pub baseline: Option<Sp<f64>>,
    /// Observations ordered by date; a period key counts as that period's last day.
    pub values: Vec<Observation>,
    pub origin: Origin,
}

/// One metric value: the key as written and the date it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub key: String,
    pub date: NaiveDate,
    pub value: f64,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ask {
    pub id: Sp<String>,
    pub title: Option<Sp<String>>,
    pub kind: Option<Sp<AskKind>>,
    pub owner: Option<Sp<String>>,
    pub by: Option<Sp<NaiveDate>>,
    pub status: AskStatus,
    pub outcome: Option<Sp<String>>,
    pub internal: bool,
    pub origin: Origin,
}

impl Ask {
    pub fn is_open(&self) -> bool {
        self.status == AskStatus::Open
    }
}
