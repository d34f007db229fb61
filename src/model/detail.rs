//! Which programs get a full page in a brief: the report setting `detail`
//! (FORMAT.md section 6.2), management by exception for large portfolios.
//!
//! The setting is read here; the view applies it (`view::detail`), because
//! its rules read facts of the report (the previous period, green flags,
//! asks due before the next period ends).

/// A rule that gives a program a full page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Rule {
    /// Rated red.
    Red,
    /// Rated amber.
    Amber,
    /// Not assessed or withheld this period.
    Unrated,
    /// Its status got worse since the previous period.
    Worse,
    /// First reported in this period (when there is a previous one).
    New,
    /// Green, but a check behind "green, but check" fails.
    Flagged,
    /// An open decision or recommendation overdue or due before the next
    /// period ends.
    AsksDue,
}

impl Rule {
    /// Every rule, in the order a reader is told about them.
    pub(crate) const ALL: [Rule; 7] =
        [Rule::Red, Rule::Amber, Rule::Unrated, Rule::Worse, Rule::New, Rule::Flagged, Rule::AsksDue];

    /// The rule's name in brief.yaml.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Rule::Red => "red",
            Rule::Amber => "amber",
            Rule::Unrated => "unrated",
            Rule::Worse => "worse",
            Rule::New => "new",
            Rule::Flagged => "flagged",
            Rule::AsksDue => "asks-due",
        }
    }

    /// A rule by its name in brief.yaml.
    pub(crate) fn parse(text: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == text)
    }
}

/// The names `detail` accepts as one keyword.
pub(crate) const LEVELS: &[&str] = &["attention", "all", "none"];

/// The rule names `detail` accepts in a list.
pub(crate) const RULES: &[&str] = &["red", "amber", "unrated", "worse", "new", "flagged", "asks-due"];

/// Which programs of a report get a full page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Every program (the brief of a small portfolio).
    All,
    /// No program: every program is one row.
    None,
    /// The programs any of these rules select; `attention` is all of them.
    Rules(Vec<Rule>),
}

impl Default for Detail {
    /// `attention`: the exceptions get pages, the rest a row.
    fn default() -> Detail {
        Detail::Rules(Rule::ALL.to_vec())
    }
}

impl Detail {
    /// The setting from one keyword of [`LEVELS`].
    pub(crate) fn level(text: &str) -> Option<Detail> {
        match text {
            "attention" => Some(Detail::default()),
            "all" => Some(Detail::All),
            "none" => Some(Detail::None),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_round_trip_and_match_the_documented_list() {
        assert_eq!(Rule::ALL.map(Rule::name).to_vec(), RULES.to_vec());
        for r in Rule::ALL {
            assert_eq!(Rule::parse(r.name()), Some(r));
        }
        assert_eq!(Detail::level("attention"), Some(Detail::Rules(Rule::ALL.to_vec())));
        assert_eq!(Detail::level("some"), None);
    }
}
