//! Grouping programs by a dimension of the organisation: the one rule behind
//! `split_by` (one PDF per group) and, later, `group_by` (sections of one
//! brief). FORMAT.md section 6.2.

use super::types::{Program, Sp};

/// The name of the group of programs with no value for the dimension.
pub(crate) const OTHER: &str = "Other";

/// The dimensions accepted, as written in brief.yaml (`tag:<prefix>` aside).
pub(crate) const DIMENSIONS: &[&str] = &["vertical", "division", "region", "sponsor", "owner", "tag:<prefix>"];

/// What programs are grouped by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Dimension {
    Vertical,
    Division,
    /// A program covering several regions is in each of their groups.
    Region,
    Sponsor,
    Owner,
    /// The part after `<prefix>:` of the first tag starting with it.
    Tag(String),
}

impl Dimension {
    /// Reads a dimension; the error is the message and, when a known
    /// dimension is close, the one meant.
    pub(crate) fn parse(text: &str) -> Result<Dimension, (String, Option<&'static str>)> {
        let dim = match text {
            "vertical" => Dimension::Vertical,
            "division" => Dimension::Division,
            "region" => Dimension::Region,
            "sponsor" => Dimension::Sponsor,
            "owner" => Dimension::Owner,
            _ => match text.strip_prefix("tag:") {
                Some(prefix) if !prefix.trim().is_empty() => Dimension::Tag(prefix.to_string()),
                _ => {
                    let names = DIMENSIONS.iter().map(|d| d.trim_end_matches("<prefix>"));
                    let meant = crate::diag::did_you_mean(text, names.clone())
                        .and_then(|m| DIMENSIONS.iter().copied().find(|d| d.starts_with(m)));
                    let found = crate::diag::found(text);
                    return Err((format!("must be one of {} (found {found})", DIMENSIONS.join(", ")), meant));
                }
            },
        };
        Ok(dim)
    }
}

impl Dimension {
    /// The dimension as a heading names it: "Division", "Region", or the
    /// tag's prefix ("dept" -> "Dept").
    pub(crate) fn label(&self) -> String {
        let word = match self {
            Dimension::Vertical => "vertical",
            Dimension::Division => "division",
            Dimension::Region => "region",
            Dimension::Sponsor => "sponsor",
            Dimension::Owner => "owner",
            Dimension::Tag(prefix) => prefix.trim(),
        };
        let mut cs = word.chars();
        cs.next().map_or_else(String::new, |c| c.to_uppercase().chain(cs).collect())
    }
}

/// The groups a program belongs to: one, [`OTHER`] when it has no value,
/// several for `region` when it covers several regions.
pub(crate) fn groups_of(program: &Program, dim: &Dimension) -> Vec<String> {
    let one = |v: &Option<Sp<String>>| v.as_ref().map(|s| s.value.trim().to_string()).into_iter().collect();
    let mut groups: Vec<String> = match dim {
        Dimension::Vertical => one(&program.vertical),
        Dimension::Division => one(&program.division),
        Dimension::Sponsor => one(&program.sponsor),
        Dimension::Owner => one(&program.owner),
        Dimension::Region => program.regions.iter().map(|r| r.value.trim().to_string()).collect(),
        Dimension::Tag(prefix) => {
            let head = format!("{prefix}:");
            program
                .tags
                .iter()
                .find_map(|t| t.value.strip_prefix(&head).map(|v| v.trim().to_string()))
                .into_iter()
                .collect()
        }
    };
    groups.retain(|g| !g.is_empty());
    groups.dedup();
    if groups.is_empty() {
        groups.push(OTHER.to_string());
    }
    groups
}

/// How groups are ordered: by name, [`OTHER`] last.
pub(crate) fn sort_key(name: &str) -> (bool, &str) {
    (name == OTHER, name)
}

/// The groups of a set of programs: sorted by name, [`OTHER`] last.
pub(crate) fn group_names<'a>(programs: impl IntoIterator<Item = &'a Program>, dim: &Dimension) -> Vec<String> {
    let mut names: Vec<String> = programs.into_iter().flat_map(|p| groups_of(p, dim)).collect();
    names.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    names.dedup();
    names
}

/// A group's name as a file name part: lower case, letters and digits,
/// runs of anything else as one dash ("Trust & Safety" -> "trust-safety").
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "group".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_parse_with_a_hint() {
        assert_eq!(Dimension::parse("tag:dept"), Ok(Dimension::Tag("dept".into())));
        assert_eq!(Dimension::parse("division"), Ok(Dimension::Division));
        assert_eq!(Dimension::parse("divison").unwrap_err().1, Some("division"));
        assert!(Dimension::parse("tag:").is_err());
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(slug("Trust & Safety"), "trust-safety");
        assert_eq!(slug("EMEA"), "emea");
        assert_eq!(slug("//"), "group");
    }
}
