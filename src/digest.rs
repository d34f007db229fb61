//! The digest of a report: its executive summary as plain text and as
//! Markdown, for the e-mail that carries the brief (most executives read
//! the message, not the PDF) and for chat tools (`brief build --digest`).
//!
//! It is written from the same [`ReportData`] as the PDF, after the
//! audience's redaction, so an external report's digest holds nothing the
//! external PDF does not. The words are English, like `brief check`.

use crate::format::plural;
use crate::model::changes::Direction;
use crate::view::{ProgramAsk, ReportData};

/// At most this many lines under "what got worse" before a count.
const WORSE_LINES: usize = 8;

/// The digest in both forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Digest {
    /// Plain text that survives any mail client.
    pub(crate) text: String,
    /// The same, as Markdown.
    pub(crate) markdown: String,
}

/// One section: a heading and its lines.
struct Section {
    heading: String,
    lines: Vec<String>,
}

/// The digest of a report's data; `pdf_name` is the attached file's name.
pub(crate) fn digest(data: &ReportData, pdf_name: &str) -> Digest {
    // The brief's own action headline, then where the portfolio stands.
    let headline = format!("{}. {}.", data.summary.headline, data.summary.standing);
    let title = format!("{}: {} (data as of {})", data.report.title, data.period_label, data.as_of_label);
    let sections = [status_mix(data), worse(data), decisions(data), risks(data)];
    let sections: Vec<&Section> = sections.iter().filter(|s| !s.lines.is_empty()).collect();
    let footer = format!("The full brief is attached: {pdf_name}.");
    let mut text = format!("{title}\n\n{headline}\n");
    let mut markdown = format!("# {}\n\n**{}**\n", md(&title), md(&headline));
    for s in &sections {
        text.push_str(&format!("\n{}\n", s.heading));
        markdown.push_str(&format!("\n## {}\n\n", md(&s.heading)));
        for l in &s.lines {
            text.push_str(&format!("- {l}\n"));
            markdown.push_str(&format!("- {}\n", md(l)));
        }
    }
    text.push_str(&format!("\n{footer}\n"));
    markdown.push_str(&format!("\n{}\n", md(&footer)));
    Digest { text, markdown }
}

/// Markdown's special characters in program text, escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_{}[]<>()#+-.!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn status_mix(data: &ReportData) -> Section {
    let t = &data.totals;
    let lines = if t.programs > 0 { vec![status_line(t)] } else { Vec::new() };
    Section { heading: "Status".into(), lines }
}

/// "10 programs: 2 red, 3 amber, 4 green, 1 complete".
fn status_line(t: &crate::view::Totals) -> String {
    let counts = [
        (t.red, "red"),
        (t.amber, "amber"),
        (t.green, "green"),
        (t.unrated, "unrated"),
        (t.complete, "complete"),
        (t.paused, "paused"),
    ];
    let mut parts: Vec<String> = counts.iter().filter(|(n, _)| *n > 0).map(|(n, w)| format!("{n} {w}")).collect();
    if t.unreported > 0 {
        parts.push(format!("{} not reported", t.unreported));
    }
    format!("{}: {}", plural(t.programs, "program", "programs"), parts.join(", "))
}

fn worse(data: &ReportData) -> Section {
    let since = data.previous_period_label.as_deref().unwrap_or("the previous period");
    let worse: Vec<&str> =
        data.changes.iter().filter(|c| c.direction == Direction::Worse).map(|c| c.sentence.as_str()).collect();
    let mut lines: Vec<String> = worse.iter().take(WORSE_LINES).map(|s| s.to_string()).collect();
    if worse.len() > WORSE_LINES {
        lines.push(format!("and {} more in the brief", worse.len() - WORSE_LINES));
    }
    Section { heading: format!("What got worse since {since}"), lines }
}

fn decisions(data: &ReportData) -> Section {
    let needed: Vec<&ProgramAsk> =
        data.open_asks.iter().filter(|a| crate::view::needs_leadership(&a.ask.kind, a.ask.amount.is_some())).collect();
    let mut lines: Vec<String> = needed.iter().map(|a| ask_line(a)).collect();
    let rest = data.open_asks.len() - needed.len();
    if rest > 0 {
        lines.push(format!("and {} (support and information) in the brief", plural(rest, "other ask", "other asks")));
    }
    Section { heading: "Decisions and recommendations".into(), lines }
}

fn ask_line(a: &ProgramAsk) -> String {
    let kind = a.ask.kind.map_or("ask".to_string(), |k| k.as_str().to_string());
    let money = a.ask.amount.as_deref().map(|m| format!(", {m}")).unwrap_or_default();
    let mut l = format!("{} ({kind}{money}): {}", a.program_name, a.ask.title);
    let owner = a.ask.owner.as_deref().unwrap_or("no owner");
    let by = a.ask.by_label.as_deref().unwrap_or("no date");
    l.push_str(&format!(". Owner {owner}, by {by}"));
    if let Some(o) = &a.ask.overdue_label {
        l.push_str(&format!(" ({o})"));
    }
    l
}

fn risks(data: &ReportData) -> Section {
    let lines = data
        .top_risks
        .iter()
        .map(|r| {
            let score = r.risk.score.map_or("unscored".to_string(), |s| format!("score {s}"));
            let owner = r.risk.owner.as_deref().unwrap_or("no owner");
            format!("{} ({score}): {}. Owner {owner}", r.program_name, r.risk.title)
        })
        .collect();
    Section { heading: "Top risks".into(), lines }
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn the_status_mix_names_unrated_programs() {
        let mut t = crate::view::Totals::default();
        (t.programs, t.red, t.unrated) = (3, 2, 1);
        let data_line = super::status_line(&t);
        assert_eq!(data_line, "3 programs: 2 red, 1 unrated");
    }

    #[test]
    fn program_text_cannot_format_markdown() {
        assert_eq!(md("*bold* [x](y) #1"), "\\*bold\\* \\[x\\]\\(y\\) \\#1");
    }
}
