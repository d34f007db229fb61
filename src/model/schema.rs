//! The fields of the input format, as data.
//!
//! One table drives three things that must never disagree: which keys are
//! known (unknown ones get a "did you mean" hint), the JSON Schema that
//! editors use (`brief schema`), and the field reference in the docs.

use super::types::{AskKind, AskStatus, Better, IssueStatus, RiskDomain, RiskStatus, Severity, Status, Visibility};

/// What a field holds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Text,
    Date,
    Bool,
    Number,
    /// An integer within the bounds.
    Int(i64, i64),
    Keyword(&'static [&'static str]),
    Texts,
    Keywords(&'static [&'static str]),
    /// One keyword of the first list, or a list of keywords of the second.
    KeywordOrList(&'static [&'static str], &'static [&'static str]),
    /// A list of mappings with these fields, merged by `id`.
    Items(&'static [Field]),
    /// A map of region to status.
    StatusByRegion,
    /// A map of period (`YYYY-MM`) or date (`YYYY-MM-DD`) to number.
    Values,
    /// A map of period to an update of the program's fields.
    Updates,
    /// A mapping with these fields.
    Object(&'static [Field]),
    /// A map of id to a mapping with these fields.
    Named(&'static [Field]),
    /// A map of name to text (`where: {Program: atlas}`).
    TextMap,
    /// A map of locale to a map of label key to text or `{one, other}`.
    Labels,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    pub(crate) required: bool,
    pub(crate) doc: &'static str,
}

const fn f(name: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field { name, kind, required: false, doc }
}

const fn req(name: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field { name, kind, required: true, doc }
}

pub(crate) static MILESTONE: &[Field] = &[
    f("id", Kind::Text, "Stable identifier; updates refer to the milestone by it."),
    f("name", Kind::Text, "What is delivered."),
    req("due", Kind::Date, "Baseline date (YYYY-MM-DD)."),
    f("forecast", Kind::Date, "Current forecast date; later than due means a slip."),
    f("done", Kind::Date, "Date the milestone was achieved."),
    f("owner", Kind::Text, "Who delivers it."),
    f("critical", Kind::Bool, "On the critical path of the program."),
];

/// `values_from` of a metric (FORMAT.md 6.3).
pub(crate) static VALUES_FROM: &[Field] = &[
    req("file", Kind::Text, "The file, relative to the project: .csv, .xlsx or .ods."),
    f("sheet", Kind::Text, "The workbook's sheet (XLSX, ODS); default: the first."),
    req("period", Kind::Text, "Header of the column holding the period: YYYY-MM, a date or a date serial."),
    req("value", Kind::Text, "Header of the column holding the number."),
    f("where", Kind::TextMap, "Only the rows whose cells show these texts, e.g. {Program: atlas}."),
];

/// `risks_from`, `milestones_from`, `issues_from`, `asks_from`: a list's
/// items read from a sheet, one per row.
pub(crate) static LIST_FROM: &[Field] = &[
    req("file", Kind::Text, "The file, relative to the project: .csv, .xlsx or .ods."),
    f("sheet", Kind::Text, "The workbook's sheet (XLSX, ODS); default: the first."),
    f("where", Kind::TextMap, "Only the rows whose cells show these texts, e.g. {Program: atlas}."),
    req(
        "columns",
        Kind::TextMap,
        "Each item field and the header of its column, e.g. {id: ID, title: Risk}; id is required.",
    ),
];

pub(crate) static RISK: &[Field] = &[
    f("id", Kind::Text, "Stable identifier; updates refer to the risk by it."),
    f("title", Kind::Text, "The risk, stated as a cause and an effect."),
    f("category", Kind::Keyword(RiskDomain::VALUES), "Risk domain."),
    f("likelihood", Kind::Int(1, 5), "1 rare ... 5 almost certain."),
    f("impact", Kind::Int(1, 5), "1 minimal ... 5 severe."),
    f("owner", Kind::Text, "Who manages the risk."),
    f("mitigation", Kind::Text, "What is being done about it."),
    f("status", Kind::Keyword(RiskStatus::VALUES), "open (default), mitigating or closed."),
    f("due", Kind::Date, "Date of the next mitigation step."),
    f("internal", Kind::Bool, "Left out of external reports."),
];

pub(crate) static ISSUE: &[Field] = &[
    f("id", Kind::Text, "Stable identifier."),
    f("title", Kind::Text, "What happened."),
    f("severity", Kind::Keyword(Severity::VALUES), "low, medium, high or critical."),
    f("owner", Kind::Text, "Who resolves it."),
    f("resolution", Kind::Text, "How it is being resolved."),
    f("resolve_by", Kind::Date, "Target resolution date."),
    f("status", Kind::Keyword(IssueStatus::VALUES), "open (default) or resolved."),
    f("internal", Kind::Bool, "Left out of external reports."),
];

pub(crate) static METRIC: &[Field] = &[
    f("id", Kind::Text, "Stable identifier; updates add values by it."),
    f("name", Kind::Text, "What is measured."),
    f("unit", Kind::Text, "Free text: %, USD m, hours, ..."),
    f("target", Kind::Number, "The value to reach."),
    f("better", Kind::Keyword(Better::VALUES), "higher or lower: which direction is good."),
    f("baseline", Kind::Number, "The value before the program."),
    f("values", Kind::Values, "Observations keyed by period (YYYY-MM) or date (YYYY-MM-DD)."),
    f(
        "values_from",
        Kind::Object(VALUES_FROM),
        "Values read from a CSV, XLSX or ODS file of the project; `values` wins for the same period.",
    ),
];

pub(crate) static ASK: &[Field] = &[
    f("id", Kind::Text, "Stable identifier."),
    f("title", Kind::Text, "What is asked, and the program's recommendation."),
    f("kind", Kind::Keyword(AskKind::VALUES), "decision, recommendation, support or fyi."),
    f("owner", Kind::Text, "Who must act."),
    f("by", Kind::Date, "When the answer is needed."),
    f("status", Kind::Keyword(AskStatus::VALUES), "open (default), decided or withdrawn."),
    f("outcome", Kind::Text, "What was decided."),
    f("internal", Kind::Bool, "Left out of external reports."),
];

/// Money at stake: `{amount: 12.5, unit: "USD m"}`.
pub(crate) static BUDGET: &[Field] = &[
    f("amount", Kind::Number, "The amount, a number of at least 0, in the unit."),
    f("unit", Kind::Text, "Currency and scale as the organisation writes them, e.g. USD m, GBP bn, EUR k."),
];

pub(crate) static PROGRAM: &[Field] = &[
    req("name", Kind::Text, "Display name."),
    req("owner", Kind::Text, "Accountable program manager."),
    f("sponsor", Kind::Text, "Executive sponsor."),
    f("vertical", Kind::Text, "Issue vertical, e.g. counterfeit, product-safety, data-protection."),
    f("division", Kind::Text, "Organisational unit that owns the program (department, business unit)."),
    f("budget", Kind::Object(BUDGET), "Money at stake (annual budget or whole-life cost); may change in any update."),
    f("regions", Kind::Texts, "Regions covered, e.g. US, UK, EU, SEA, LATAM, MENA."),
    f("risk_domains", Kind::Keywords(RiskDomain::VALUES), "Risk domains the program carries."),
    f("objective", Kind::Text, "One sentence: what success is."),
    f("start", Kind::Date, "Program start."),
    f("end", Kind::Date, "Program end."),
    f("tags", Kind::Texts, "Labels for report filters."),
    f("visibility", Kind::Keyword(Visibility::VALUES), "internal programs are left out of external reports."),
    f(
        "status",
        Kind::Keyword(Status::VALUES),
        "green, amber, red, unrated (not assessed or withheld), complete or paused; required once the program reports.",
    ),
    f("status_reason", Kind::Text, "One line: why. Required when amber, red or unrated."),
    f(
        "external_status_reason",
        Kind::Text,
        "The status reason partners may read: external reports print it instead of status_reason, which they never print.",
    ),
    f("region_status", Kind::StatusByRegion, "Status per region."),
    f("summary", Kind::Text, "The paragraph an executive reads."),
    f(
        "external_summary",
        Kind::Text,
        "The summary partners may read: external reports print it instead of summary, which they never print.",
    ),
    f("highlights", Kind::Texts, "Wins this period."),
    f("lowlights", Kind::Texts, "Problems this period."),
    f("milestones", Kind::Items(MILESTONE), "Milestones, merged by id."),
    f("risks", Kind::Items(RISK), "Risks, merged by id."),
    f("issues", Kind::Items(ISSUE), "Risks that have happened, merged by id."),
    f("metrics", Kind::Items(METRIC), "KPIs, merged by id."),
    f("asks", Kind::Items(ASK), "Decisions and support wanted from leadership, merged by id."),
    f("milestones_from", Kind::Object(LIST_FROM), "Milestones read from a sheet, one per row; YAML items win by id."),
    f(
        "risks_from",
        Kind::Object(LIST_FROM),
        "Risks read from a sheet (a register), one per row; YAML items win by id.",
    ),
    f("issues_from", Kind::Object(LIST_FROM), "Issues read from a sheet, one per row; YAML items win by id."),
    f("asks_from", Kind::Object(LIST_FROM), "Asks read from a sheet, one per row; YAML items win by id."),
];

/// Keys a base file may hold beyond the program fields.
pub(crate) static BASE_ONLY: &[Field] =
    &[f("updates", Kind::Updates, "Monthly updates keyed by period, as in period files.")];

pub(crate) static SELECT: &[Field] = &[
    f("programs", Kind::Texts, "Program ids to include."),
    f("tags", Kind::Texts, "Include programs carrying any of these tags."),
    f("regions", Kind::Texts, "Include programs covering any of these regions."),
];

pub(crate) static DELIVER: &[Field] = &[
    f("to", Kind::Texts, "Recipients: name@example.com or \"Name <name@example.com>\"."),
    f("cc", Kind::Texts, "Copy recipients."),
    f("subject", Kind::Text, "Subject; {title}, {period_label}, {period} and {report} are replaced."),
];

pub(crate) static REPORT: &[Field] = &[
    f("template", Kind::Text, "Template folder under the templates folder, or a built-in template."),
    f("title", Kind::Text, "Title of the document."),
    f(
        "audience",
        Kind::Keyword(&["internal", "external"]),
        "internal (default) or external: external drops internal programs and items.",
    ),
    f("classification", Kind::Text, "Classification line printed on every page."),
    f(
        "purpose",
        Kind::Text,
        "What the brief is for and who reads it; opens the partner brief (a default is written when absent).",
    ),
    f(
        "contact",
        Kind::Text,
        "Who readers write to about the brief: a name and an address, e.g. \"Jane Roe <jane@example.com>\".",
    ),
    f("select", Kind::Object(SELECT), "Which programs the report covers; all when absent."),
    f(
        "output",
        Kind::Text,
        "Output path under the out folder; {period}, {report}, {audience} and {group} are replaced.",
    ),
    f(
        "split_by",
        Kind::Text,
        "One PDF per group: vertical, division, region, sponsor, owner or tag:<prefix>; output must contain {group}.",
    ),
    f(
        "detail",
        Kind::KeywordOrList(super::detail::LEVELS, super::detail::RULES),
        "Which programs get a full page: attention (default: red, amber, unrated, worse, new, flagged, asks-due), all, none, or a list of those rules; the others get a row.",
    ),
    f(
        "group_by",
        Kind::Text,
        "Sections and orders the brief by vertical, division, region, sponsor, owner or tag:<prefix>, with each group's status mix.",
    ),
    f("paper", Kind::Keyword(&["a4", "us-letter"]), "Paper size: a4 (default) or us-letter."),
    f(
        "locale",
        Kind::Keyword(crate::locale::CODES),
        "The language of the PDF's fixed words, dates and numbers: en (default), de, fr, es, pt-BR, ja, ko, zh-Hans or id.",
    ),
    f(
        "deliver",
        Kind::Object(DELIVER),
        "E-mail the brief with `brief build --send`: the PDF attached, its digest as the body; SMTP from BRIEF_SMTP_URL.",
    ),
];

pub(crate) static PROJECT: &[Field] = &[
    f("title", Kind::Text, "Portfolio name, on the cover of every brief."),
    f("organization", Kind::Text, "Organisation that owns the portfolio."),
    f("author", Kind::Text, "Author written into the PDF metadata; defaults to the organization."),
    f("programs", Kind::Text, "Folder of program data (default: programs)."),
    f("templates", Kind::Text, "Folder of report templates (default: report-templates)."),
    f("out", Kind::Text, "Folder for generated files (default: out)."),
    f(
        "fonts",
        Kind::Text,
        "`embedded`: only the fonts built into brief, never the machine's (the same bytes everywhere); or a folder of extra fonts (.ttf, .otf, .ttc). Installed fonts draw what neither covers.",
    ),
    f(
        "definitions",
        Kind::TextMap,
        "The project's own definitions, e.g. {amber: ..., Risk score: ...}: a status key replaces that status's meaning, any other term replaces the built-in term of that name or is added.",
    ),
    f(
        "labels",
        Kind::Labels,
        "Words of the built-in templates replaced, by locale: {en: {asks-title: Decisions}}; keys as in report-templates/locales/en.yaml.",
    ),
    f("reports", Kind::Named(REPORT), "Reports by id; one monthly-brief when absent."),
];

pub(crate) fn names(fields: &[Field]) -> impl Iterator<Item = &'static str> + '_ {
    fields.iter().map(|f| f.name)
}

/// The field of this name (the tests look fields up by name).
#[cfg(test)]
pub(crate) fn find<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.name == name)
}

/// Keys starting with `x-` are the user's own and are ignored.
pub(crate) fn is_extension_key(key: &str) -> bool {
    key.starts_with("x-")
}
