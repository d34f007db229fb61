//! A synthetic portfolio for benchmarks: N programs with M monthly updates
//! each, written as a `brief` project (brief.yaml + programs/), the same
//! bytes for the same seed.
//!
//! The data looks like the sample's: program folders (program.yaml,
//! risks.yaml, metrics.yaml, one YYYY-MM.yaml per month) and single-file
//! programs with an `updates:` key, `_defaults.yaml` per region folder,
//! narratives of a few hundred characters, 4-8 milestones, 3-8 risks,
//! 2-5 metrics, asks, issues, internal items and programs, and a mix of
//! statuses and regions. Each program draws from its own random stream
//! (seed and index), so the first 100 programs of a 1000-program portfolio
//! are the 100-program portfolio (all but their division: see below).
//!
//! What a portfolio office's data has beyond that (FORMAT 1.1):
//!
//! - a `division` on every program, from [`DIVISIONS`]: round(sqrt(N))
//!   distinct divisions (at least 3, at most 30; `Spec::divisions`
//!   overrides), drawn unevenly (weight 1/rank^0.9), so the first few are
//!   large and the last few hold a handful of programs. A program keeps its
//!   place in the distribution (one uniform draw), so the division it gets
//!   depends on the division count and hence on N;
//! - a `budget: {amount, unit: "USD m"}` on about 85% of programs
//!   (0.5 to 120, log-uniform), revised by -15%..+25% in about 8% of updates;
//! - about 2% of programs `unrated` from some month to the end, with a
//!   `status_reason` (rating withheld pending a legal review, ...);
//! - about 15% of programs that start in a later month (new in the
//!   portfolio then), about 6% that become `complete` in the second half of
//!   the window and report `complete` from then on, and about 5% whose last
//!   update is missing (stale, as in life).
//!
//! The status of an active program is a monthly Markov chain, one uniform
//! draw per month ([`next_status`]):
//!
//! | from \ to | green | amber | red  | paused |
//! |-----------|-------|-------|------|--------|
//! | green     | 0.935 | 0.055 | 0.006| 0.004  |
//! | amber     | 0.210 | 0.700 | 0.090| -      |
//! | red       | 0.040 | 0.300 | 0.660| -      |
//! | paused    | 0.500 | -     | -    | 0.500  |
//!
//! Its stationary mix is 72.9% green, 19.9% amber, 6.6% red, 0.6% paused
//! (of the rated: 73.4 / 20.0 / 6.6), a healthy corporate portfolio; every
//! program's first month is drawn from that mix, so every month is at
//! steady state, not only the late ones. Counted in the last month of
//! 1,000 programs x 12 months (seed 7), with the complete, withheld, new
//! and stale programs above: 634 green, 189 amber, 53 red (of the rated
//! 72.4 / 21.6 / 6.1%), 61 complete, 13 unrated, 3 paused, 47 without an
//! update this period; 11 are new this period (30 divisions, the largest
//! 202 programs, the smallest 5). Seeds 1 and 2 give 74.6 / 21.1 / 4.3% and
//! 73.7 / 18.9 / 7.4%.
//!
//! Shared by `benches/perf.rs` and `examples/generate.rs`
//! (`cargo run --release --example generate -- --programs 1000 --months 12 --seed 7 DIR`).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use chrono::{Datelike, Days, Months, NaiveDate};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    pub programs: usize,
    pub months: usize,
    pub seed: u64,
    /// How many distinct divisions; `None`: round(sqrt(programs)), 3 to 30.
    pub divisions: Option<usize>,
}

impl Spec {
    /// A portfolio of `programs` x `months` for `seed`, divisions by the default rule.
    pub(crate) fn new(programs: usize, months: usize, seed: u64) -> Spec {
        Spec { programs, months, seed, divisions: None }
    }

    /// The number of distinct divisions the programs are spread over.
    pub(crate) fn division_count(&self) -> usize {
        let default = ((self.programs as f64).sqrt().round() as usize).clamp(3, DIVISIONS.len());
        self.divisions.unwrap_or(default).clamp(1, DIVISIONS.len())
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Written {
    pub files: usize,
    pub bytes: u64,
    /// The last period with updates (`YYYY-MM`): the period a build reports on.
    pub period: String,
}

/// The last month of every generated portfolio (like the sample's).
pub(crate) const LAST_PERIOD: (i32, u32) = (2026, 11);

/// Writes the project into `dir` (created; existing files are overwritten,
/// an existing `programs/` folder is removed first).
pub(crate) fn write(dir: &Path, spec: &Spec) -> io::Result<Written> {
    let programs_dir = dir.join("programs");
    if programs_dir.exists() {
        std::fs::remove_dir_all(&programs_dir)?;
    }
    std::fs::create_dir_all(&programs_dir)?;
    let mut out = Writer { written: Written::default() };
    out.file(&dir.join("brief.yaml"), &project_file(spec))?;
    out.file(&programs_dir.join("_defaults.yaml"), ROOT_DEFAULTS)?;
    for r in &REGION_FOLDERS {
        out.file(&programs_dir.join(r.folder).join("_defaults.yaml"), &region_defaults(r))?;
    }
    let months = spec.months.max(1);
    let last = first_day(LAST_PERIOD.0, LAST_PERIOD.1);
    let first = last - Months::new(months as u32 - 1);
    let divisions = Divisions::new(spec.division_count());
    for i in 0..spec.programs {
        let p = Program::generate(i, spec.seed, first, months, &divisions);
        p.write(&programs_dir, &mut out)?;
    }
    out.written.period = format!("{}-{:02}", LAST_PERIOD.0, LAST_PERIOD.1);
    Ok(out.written)
}

struct Writer {
    written: Written,
}

impl Writer {
    fn file(&mut self, path: &Path, text: &str) -> io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
        self.written.files += 1;
        self.written.bytes += text.len() as u64;
        Ok(())
    }
}

// ------------------------------------------------------------ randomness

/// SplitMix64: small, fast, and the same on every platform.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len() - 1)]
    }

    /// A float in `lo..hi`.
    pub(crate) fn float(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

// ------------------------------------------------------------ word pools

struct RegionFolder {
    folder: &'static str,
    sponsor: &'static str,
    regions: &'static [&'static str],
    tag: &'static str,
}

const REGION_FOLDERS: [RegionFolder; 4] = [
    RegionFolder { folder: "americas", sponsor: "Daniela Ferreira", regions: &["US", "LATAM"], tag: "americas" },
    RegionFolder { folder: "emea", sponsor: "Zoë Müller", regions: &["EU", "UK", "MENA"], tag: "emea" },
    RegionFolder { folder: "apac", sponsor: "Hiroshi Tanaka", regions: &["SEA"], tag: "apac" },
    RegionFolder {
        folder: "global",
        sponsor: "Margarethe Sørensen",
        regions: &["US", "UK", "EU", "SEA"],
        tag: "global",
    },
];

const ROOT_DEFAULTS: &str = "# Portfolio-wide defaults (generated).\n\
sponsor: Margarethe Sørensen\n\
regions: [US, UK, EU, SEA, LATAM, MENA]\n\
tags: [tns-portfolio-2026]\n";

/// Organisational units a Trust & Safety portfolio office reports by,
/// most programs first (see [`Divisions`]).
pub(crate) const DIVISIONS: [&str; 30] = [
    "Marketplace Integrity",
    "Product Safety",
    "Regulatory Affairs EU",
    "Payments Risk",
    "Seller Trust",
    "Content Moderation",
    "Privacy Engineering",
    "Child Safety",
    "Brand Protection",
    "Identity & Access",
    "Regulatory Affairs UK",
    "Legal Operations",
    "Fraud Intelligence",
    "Ads Integrity",
    "Trust Data Science",
    "Customer Protection",
    "Law Enforcement Response",
    "Transparency & Reporting",
    "Regulatory Affairs Americas",
    "Seller Onboarding",
    "Risk Tooling",
    "Community Standards",
    "Vendor Operations",
    "Regulatory Affairs APAC",
    "Sanctions & Export Controls",
    "Live Commerce Safety",
    "Reviews Integrity",
    "Logistics Compliance",
    "Threat Investigations",
    "Policy Development",
];

/// The first `n` of [`DIVISIONS`] with falling weights (1/rank^0.9), as a
/// cumulative distribution: one uniform draw picks a division.
pub(crate) struct Divisions {
    cumulative: Vec<f64>,
}

impl Divisions {
    pub(crate) fn new(n: usize) -> Divisions {
        let weights: Vec<f64> = (1..=n).map(|rank| 1.0 / (rank as f64).powf(0.9)).collect();
        let total: f64 = weights.iter().sum();
        let cumulative = weights
            .iter()
            .scan(0.0, |acc, w| {
                *acc += w / total;
                Some(*acc)
            })
            .collect();
        Divisions { cumulative }
    }

    /// The division at `u` in `0..1` of the distribution.
    pub(crate) fn at(&self, u: f64) -> &'static str {
        let index = self.cumulative.iter().position(|&c| u < c).unwrap_or(self.cumulative.len() - 1);
        DIVISIONS[index]
    }
}

const ALL_REGIONS: [&str; 6] = ["US", "UK", "EU", "SEA", "LATAM", "MENA"];

const VERTICALS: [&str; 10] = [
    "counterfeit",
    "product-safety",
    "data-protection",
    "platform-regulation",
    "seller-integrity",
    "payments-fraud",
    "child-safety",
    "creator-abuse",
    "prohibited-items",
    "account-security",
];

const TOPICS: [&str; 20] = [
    "Counterfeit listing detection",
    "Product recall enforcement",
    "Data subject request handling",
    "Digital Services Act compliance",
    "Seller identity verification",
    "Payment fraud prevention",
    "Child safety reporting",
    "Affiliate abuse controls",
    "Prohibited items enforcement",
    "Account takeover defence",
    "Trusted flagger operations",
    "Transparency reporting",
    "Cross-border seller onboarding",
    "Review manipulation controls",
    "Marketplace age assurance",
    "Sanctions screening",
    "Hazardous goods classification",
    "Scam advertising removal",
    "Law enforcement request handling",
    "Dispute settlement connector",
];

const QUALIFIERS: [&str; 12] = [
    "for the marketplace",
    "in the EU member states",
    "across all regions",
    "for cross-border sellers",
    "in Brazil and Mexico",
    "for live shopping",
    "for the mobile apps",
    "for high-risk categories",
    "for new sellers",
    "under the Online Safety Act",
    "for second-hand goods",
    "for the partner network",
];

const PEOPLE: [&str; 24] = [
    "Chloé Lefèvre",
    "Kwame Asante",
    "Hana Kobayashi",
    "Jonas Weber",
    "Rania Haddad",
    "Sebastián Ortega",
    "Olufemi Adeyemi",
    "Margarethe Sørensen",
    "Tomás Herrera Quintero",
    "Amara Okoye",
    "Bartosz Kowalczyk",
    "Dimitris Papadopoulos",
    "Pierre-Antoine Dubois",
    "Inês Carvalho",
    "Matti Aalto",
    "Priya Raghunathan",
    "Ngozi Eze",
    "Lars Johansson",
    "Mei Lin Tan",
    "Diego Alvarez",
    "Fatima Al-Sayed",
    "Siobhán O'Connell",
    "Arjun Mehta",
    "Yuki Nakamura",
];

const DELIVERABLES: [&str; 16] = [
    "Detection model v{n} in production in all regions",
    "Reviewer tooling for bulk decisions launched",
    "Policy v{n} published and enforced",
    "Regulator reporting pipeline moved to the new API",
    "Vendor review capacity raised by {n}0 reviewers",
    "Appeals flow with statements of reasons live",
    "Evidence pack for the independent audit complete",
    "Seller education campaign in {n} languages",
    "Risk assessment submitted to the regulator",
    "Data retention controls applied to all stores",
    "Partner portal with bulk notices and test buys",
    "Escalation playbook agreed with Legal and Comms",
    "Automated triage of priority notices",
    "Quarterly transparency report published",
    "Cross-account linking for repeat offenders",
    "Intelligence-sharing pilot with customs live",
];

const RISK_CAUSES: [&str; 12] = [
    "Notice volume from newly designated flaggers",
    "A vendor outage at the identity provider",
    "Bad actors moving to image-free listings",
    "A regulator request for information",
    "Hiring delays for specialist reviewers",
    "Model drift after the catalogue migration",
    "A change in the payment provider's terms",
    "Holiday peak volumes",
    "Legal challenge from a seller coalition",
    "Engineering capacity moved to another priority",
    "Incomplete data from the legacy case tool",
    "New guidance from the data protection authority",
];

const RISK_EFFECTS: [&str; 10] = [
    "delays the launch past the regulatory deadline",
    "pushes the backlog above the service level",
    "raises the false-positive rate and seller complaints",
    "leads to a finding at the independent audit",
    "forces manual review of every case for weeks",
    "exposes us to fines of up to 6% of turnover",
    "damages relationships with brand owners",
    "leaves high-risk listings live for days",
    "stops the pilot in two of the six regions",
    "doubles the cost per reviewed case",
];

const MITIGATIONS: [&str; 10] = [
    "Vendor overflow pod of {n}0 reviewers from next month; notices auto-prioritised by historic accuracy",
    "Weekly review with Legal; outside counsel drafting the reply; voluntary commitments prepared",
    "Second identity provider contracted as a fallback; manual verification queue staffed",
    "Text and seller-network signals added to the model; off-platform links routed to manual review",
    "Two-step review before account-level action; allow-list shared with partners",
    "Hiring fast-tracked with HR; {n} contractors bridge the gap until the new team is productive",
    "Retraining on fresh labels every week; drift dashboard with alerts to the on-call analyst",
    "Peak rota agreed; tighter thresholds for the most-targeted categories; daily check-ins",
    "Scope reduced to the three largest markets first; the rest follow in the next quarter",
    "Data quality fixes in the legacy tool; reconciliation report checked every Monday",
];

const METRIC_DEFS: [(&str, &str, f64, f64, bool); 10] = [
    ("Notices actioned within 24 hours", "%", 95.0, 78.0, true),
    ("Median time from notice to takedown", "hours", 24.0, 40.0, false),
    ("Listings removed before any report", "%", 90.0, 70.0, true),
    ("Open backlog of priority cases", "cases", 500.0, 4000.0, false),
    ("Sellers verified within two days", "%", 98.0, 85.0, true),
    ("Fraud losses per month", "USD m", 1.0, 3.5, false),
    ("Appeals upheld", "%", 10.0, 22.0, false),
    ("Statements of reasons within five days", "%", 99.0, 92.0, true),
    ("Requests answered within the legal deadline", "%", 100.0, 88.0, true),
    ("Reviewer accuracy on audited samples", "%", 97.0, 91.0, true),
];

const ASK_TITLES: [&str; 8] = [
    "Approve USD {n}.{n}m for additional reviewers by the end of the month (recommended; the alternative is missing the SLA until spring)",
    "Move two engineers from the connector work to this program until the launch (recommended; the connector keeps its date)",
    "Agree to answer the regulator with voluntary commitments rather than contest the scope of the request",
    "Legal to approve the data-sharing agreement so the pilot can continue past the end of the quarter",
    "Note that the target was met early; we will propose a higher target in the planning round",
    "Sponsor the cross-team escalation with the payments organisation about the provider change",
    "Decide whether to launch in the remaining markets before or after the holiday freeze",
    "Support the budget request for a second identity verification vendor",
];

const ASK_KINDS: [&str; 4] = ["decision", "recommendation", "support", "fyi"];

const SUMMARY_OPENERS: [&str; 5] = [
    "On track this month:",
    "Steady progress:",
    "A mixed month:",
    "Behind plan:",
    "The program recovered some ground:",
];

const SUMMARY_FACTS: [&str; 12] = [
    "the {m} milestone moved closer to its date after the vendor confirmed capacity",
    "{n}0% of priority notices were actioned within the service level, up from last month",
    "the backlog fell by {n},{n}00 cases after the overflow team started",
    "two regulators asked for briefings on our approach and both meetings went well",
    "the model caught {n}{n}% more violating listings before any report",
    "hiring is behind plan with {n} of the planned reviewers productive",
    "the legal review of the new policy finished two weeks early",
    "seller complaints about wrongful removals rose by {n}% and are being investigated",
    "the partner pilot flagged {n}{n} cases in its first week",
    "engineering capacity was moved to the priority queue tooling for three weeks",
    "the audit sample of {n}00 cases found no systemic gaps",
    "costs are within budget at USD {n}.{n}m for the year so far",
];

const HIGHLIGHTS: [&str; 8] = [
    "Service level met for the first time since the launch",
    "Pilot with a national regulator started on schedule",
    "Backlog below {n},000 cases for the first time this year",
    "Detection model v{n} rolled out in all regions without incident",
    "Reviewer accuracy on audited samples at 9{n}%",
    "Statements of reasons pipeline has had no rejections for {n} weeks",
    "Transparency report published on the harmonised templates",
    "Brand owners reported {n}{n}% fewer counterfeit listings",
];

const LOWLIGHTS: [&str; 8] = [
    "Service level missed in {n} of the last four weeks",
    "Two partners raised delays with the regulator",
    "Bulk-notice API slips {n} weeks after its engineers moved to other work",
    "False-positive rate up to {n}.{n}% after the catalogue migration",
    "Hiring behind plan: {n} of the planned reviewers productive",
    "Vendor outage of {n} hours delayed identity checks",
    "Costs {n}% above plan because of overtime during the peak",
    "Holiday peak lifted violating listing attempts {n}-fold",
];

const UNRATED_REASONS: [&str; 5] = [
    "Rating withheld pending a legal review of the enforcement data",
    "Not assessed this period: the program board meets again in {n} weeks",
    "Withheld from publication while the regulator's inquiry is open",
    "Rating withheld: commercially sensitive until the vendor contract is signed",
    "Not assessed: the program was re-baselined and the new plan is under review",
];

const STATUS_REASONS: [&str; 6] = [
    "Service level missed for {n} weeks running; recovery depends on the reviewer funding decision",
    "The launch slips {n} weeks because engineering capacity moved to another priority",
    "A regulator request for information may escalate to formal proceedings",
    "Backlog above {n},000 cases after the holiday peak; overflow team starts next month",
    "Vendor outage delayed {n},000 identity re-verifications",
    "Model accuracy dropped after the migration; retraining under way, back on target in {n} weeks",
];

fn fill(template: &str, rng: &mut Rng) -> String {
    let mut s = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        s.push_str(&rest[..at]);
        let end = rest[at..].find('}').map_or(rest.len(), |e| at + e + 1);
        match &rest[at..end] {
            "{n}" => {
                let _ = write!(s, "{}", rng.range(2, 9));
            }
            "{m}" => s.push_str(rng.pick(&["bulk API", "audit pack", "regional launch", "model release"])),
            other => s.push_str(other),
        }
        rest = &rest[end..];
    }
    s.push_str(rest);
    s
}

/// A YAML double-quoted scalar.
fn q(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            _ => s.push(c),
        }
    }
    s.push('"');
    s
}

/// `x` rounded to one decimal.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn first_day(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("a valid month")
}

fn last_day(first: NaiveDate) -> NaiveDate {
    first + Months::new(1) - Days::new(1)
}

fn period(d: NaiveDate) -> String {
    format!("{}-{:02}", d.year(), d.month())
}

// ------------------------------------------------------------ a program

struct Milestone {
    id: String,
    name: String,
    due: NaiveDate,
    owner: &'static str,
    critical: bool,
    /// Days late it will be delivered (0 = on time).
    slip: u64,
}

struct Risk {
    id: String,
    title: String,
    category: &'static str,
    likelihood: usize,
    impact: usize,
    owner: &'static str,
    mitigation: String,
    internal: bool,
    /// The update (index) that adds it; base risks have None.
    added: Option<usize>,
    /// The update that closes it.
    closed: Option<usize>,
}

struct Metric {
    id: String,
    name: &'static str,
    unit: &'static str,
    target: f64,
    baseline: f64,
    higher: bool,
}

struct Program {
    id: String,
    name: String,
    folder: &'static RegionFolder,
    single_file: bool,
    internal: bool,
    owner: &'static str,
    vertical: &'static str,
    regions: Vec<&'static str>,
    domains: Vec<&'static str>,
    objective: String,
    start: NaiveDate,
    end: NaiveDate,
    milestones: Vec<Milestone>,
    risks: Vec<Risk>,
    metrics: Vec<Metric>,
    /// The month index of the first update (some programs start later).
    first_update: usize,
    months: usize,
    first_period: NaiveDate,
    /// Skips the last update (no update this period: a warning, as in life).
    stale: bool,
    division: &'static str,
    /// The budget in USD m at the first update, if the program has one.
    budget: Option<f64>,
    /// The month index from which the program reports `complete`.
    complete_from: Option<usize>,
    /// The month index from which its rating is withheld (`unrated`), and why.
    unrated_from: Option<(usize, String)>,
    rng_seed: u64,
}

const DOMAINS: [&str; 7] = ["legal", "regulatory", "reputational", "safety", "ecosystem", "operational", "financial"];

impl Program {
    fn generate(i: usize, seed: u64, first_period: NaiveDate, months: usize, divisions: &Divisions) -> Program {
        let mut rng = Rng::new(seed.wrapping_mul(0x1000_0000_01B3) ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
        let topic = rng.pick(&TOPICS);
        let qualifier = rng.pick(&QUALIFIERS);
        let vertical = rng.pick(&VERTICALS);
        let folder = &REGION_FOLDERS[rng.range(0, REGION_FOLDERS.len() - 1)];
        let id = format!("{}-{:04}", topic.to_lowercase().replace(' ', "-"), i + 1);
        let name = format!("{topic} {qualifier} ({})", i + 1);
        let mut regions: Vec<&str> = ALL_REGIONS.iter().copied().filter(|_| rng.chance(0.5)).collect();
        if regions.is_empty() {
            regions.push(rng.pick(&ALL_REGIONS));
        }
        let mut domains: Vec<&str> = DOMAINS.iter().copied().filter(|_| rng.chance(0.5)).collect();
        if domains.is_empty() {
            domains.push("operational");
        }
        // Most programs report from the first month; some join later (new in the portfolio then).
        let first_update = if months > 1 && rng.chance(0.15) { rng.range(1, months - 1) } else { 0 };
        let start = if first_update > 0 {
            first_period + Months::new(first_update as u32) - Days::new(rng.range(0, 20) as u64)
        } else {
            first_period - Months::new(rng.range(0, 8) as u32) + Days::new(rng.range(0, 20) as u64)
        };
        let end = first_period + Months::new((months + rng.range(6, 18)) as u32) + Days::new(rng.range(0, 25) as u64);
        let span = (end - start).num_days().max(60) as u64;
        let n_milestones = rng.range(4, 8);
        let mut deliverables: Vec<&str> = DELIVERABLES.to_vec();
        let milestones = (0..n_milestones)
            .map(|j| Milestone {
                id: format!("m{}", j + 1),
                name: fill(deliverables.remove(rng.range(0, deliverables.len() - 1)), &mut rng),
                due: start + Days::new(span * (j as u64 + 1) / (n_milestones as u64 + 1)),
                owner: rng.pick(&PEOPLE),
                critical: rng.chance(0.4),
                slip: if rng.chance(0.35) { rng.range(7, 60) as u64 } else { 0 },
            })
            .collect();
        let base_risks = rng.range(2, 5);
        let total_risks = rng.range(base_risks.max(3), 8);
        let updates = months - first_update;
        let risks = (0..total_risks)
            .map(|j| {
                let added = (j >= base_risks).then(|| rng.range(0, updates.saturating_sub(1)));
                let closed = if rng.chance(0.25) {
                    let from = added.unwrap_or(0) + 1;
                    (from < updates).then(|| rng.range(from, updates - 1))
                } else {
                    None
                };
                Risk {
                    id: format!("r{}", j + 1),
                    title: format!("{} {}", rng.pick(&RISK_CAUSES), rng.pick(&RISK_EFFECTS)),
                    category: rng.pick(&domains),
                    likelihood: risk_scale(&mut rng),
                    impact: risk_scale(&mut rng),
                    owner: rng.pick(&PEOPLE),
                    mitigation: fill(rng.pick(&MITIGATIONS), &mut rng),
                    internal: rng.chance(0.15),
                    added,
                    closed,
                }
            })
            .collect();
        let n_metrics = rng.range(2, 5);
        let mut defs: Vec<usize> = (0..METRIC_DEFS.len()).collect();
        let metrics = (0..n_metrics)
            .map(|j| {
                let k = defs.remove(rng.range(0, defs.len() - 1));
                let (name, unit, target, baseline, higher) = METRIC_DEFS[k];
                Metric { id: format!("k{}", j + 1), name, unit, target, baseline, higher }
            })
            .collect();
        Program {
            objective: format!(
                "{} {}: {} by the end of {}, with no open findings at the next independent audit.",
                topic,
                qualifier,
                rng.pick(&[
                    "meet every regulatory deadline on time",
                    "halve the time from report to action",
                    "remove nine in ten violating listings before any report",
                    "bring losses below the agreed tolerance",
                ]),
                end.year()
            ),
            single_file: rng.chance(0.25),
            internal: rng.chance(0.1),
            owner: rng.pick(&PEOPLE),
            stale: rng.chance(0.05) && months - first_update > 1,
            division: divisions.at(rng.float(0.0, 1.0)),
            budget: rng.chance(0.85).then(|| round1((0.5f64.ln() + rng.float(0.0, 1.0) * (240.0f64).ln()).exp())),
            complete_from: (months > 1 && rng.chance(0.06))
                .then(|| rng.range((months / 2).max(first_update), months - 1)),
            unrated_from: rng
                .chance(0.02)
                .then(|| (rng.range(first_update, months - 1), fill(rng.pick(&UNRATED_REASONS), &mut rng))),
            rng_seed: rng.next(),
            id,
            name,
            folder,
            vertical,
            regions,
            domains,
            start,
            end,
            milestones,
            risks,
            metrics,
            first_update,
            months,
            first_period,
        }
    }

    fn base(&self) -> (String, String, String) {
        let mut main = String::with_capacity(2048);
        let _ = writeln!(main, "name: {}", q(&self.name));
        let _ = writeln!(main, "owner: {}", q(self.owner));
        let _ = writeln!(main, "vertical: {}", self.vertical);
        let _ = writeln!(main, "division: {}", q(self.division));
        if let Some(amount) = self.budget {
            let _ = writeln!(main, "budget: {{amount: {amount}, unit: \"USD m\"}}");
        }
        let _ = writeln!(main, "regions: [{}]", self.regions.join(", "));
        let _ = writeln!(main, "risk_domains: [{}]", self.domains.join(", "));
        let _ = writeln!(main, "objective: {}", q(&self.objective));
        let _ = writeln!(main, "start: {}", self.start);
        let _ = writeln!(main, "end: {}", self.end);
        let _ = writeln!(main, "tags: [tns-portfolio-2026, {}, {}]", self.folder.tag, self.vertical);
        if self.internal {
            main.push_str("visibility: internal\n");
        }
        main.push_str("x-generated: true\n\nmilestones:\n");
        // A milestone delivered before the program's first update is done
        // in its base file: no update will report it, and without a done
        // date it would read overdue, a year and more, on every page.
        let first_reported = self.first_period + Months::new(self.first_update as u32);
        for m in &self.milestones {
            let _ = writeln!(
                main,
                "  - id: {}\n    name: {}\n    due: {}\n    owner: {}",
                m.id,
                q(&m.name),
                m.due,
                q(m.owner)
            );
            if m.critical {
                main.push_str("    critical: true\n");
            }
            let delivered = m.due + Days::new(m.slip);
            if delivered < first_reported {
                let _ = writeln!(main, "    done: {delivered}");
            }
        }
        let mut risks = String::from("risks:\n");
        for r in self.risks.iter().filter(|r| r.added.is_none()) {
            risk_yaml(&mut risks, r, "  ");
        }
        let mut metrics = String::from("metrics:\n");
        for m in &self.metrics {
            let _ = writeln!(
                metrics,
                "  - id: {}\n    name: {}\n    unit: {}\n    target: {}\n    better: {}\n    baseline: {}",
                m.id,
                q(m.name),
                q(m.unit),
                m.target,
                if m.higher { "higher" } else { "lower" },
                m.baseline
            );
        }
        (main, risks, metrics)
    }

    /// The update for month `k` (0-based from the portfolio's first month), as YAML at `indent`.
    fn update(&self, k: usize, rng: &mut Rng, state: &mut State, indent: &str) -> String {
        let month_first = self.first_period + Months::new(k as u32);
        let month_last = last_day(month_first);
        let u = k - self.first_update;
        let mut s = String::with_capacity(3072);
        self.write_status(k, rng, state, indent, &mut s);
        self.write_budget(rng, state, indent, &mut s);
        if rng.chance(0.2) && self.regions.len() > 1 && matches!(state.status, "green" | "amber" | "red") {
            let _ = writeln!(s, "{indent}region_status:");
            for r in self.regions.iter().take(2) {
                let st = if rng.chance(0.7) { "green" } else { "amber" };
                let _ = writeln!(s, "{indent}  {r}: {st}");
            }
        }
        let mut summary = String::from(rng.pick(&SUMMARY_OPENERS));
        for f in 0..rng.range(3, 4) {
            summary.push(' ');
            let fact = fill(rng.pick(&SUMMARY_FACTS), rng);
            let mut chars = fact.chars();
            if let Some(c) = chars.next() {
                // The first fact follows the opener's colon; the others start sentences.
                if f == 0 {
                    summary.push(c)
                } else {
                    summary.extend(c.to_uppercase())
                }
                summary.push_str(chars.as_str());
            }
            summary.push('.');
        }
        let _ = writeln!(s, "{indent}summary: {}", q(&summary));
        let _ = writeln!(s, "{indent}highlights:");
        for _ in 0..rng.range(2, 3) {
            let _ = writeln!(s, "{indent}  - {}", q(&fill(rng.pick(&HIGHLIGHTS), rng)));
        }
        let _ = writeln!(s, "{indent}lowlights:");
        for _ in 0..rng.range(1, 2) {
            let _ = writeln!(s, "{indent}  - {}", q(&fill(rng.pick(&LOWLIGHTS), rng)));
        }
        // Milestones: a forecast when a slip becomes known, done when delivered.
        let mut ms = String::new();
        for m in &self.milestones {
            let delivered = m.due + Days::new(m.slip);
            if delivered <= month_last && delivered >= month_first {
                let _ = writeln!(ms, "{indent}  - id: {}\n{indent}    done: {}", m.id, delivered);
            } else if m.slip > 0 && delivered > month_last && m.due <= month_last + Days::new(60) && rng.chance(0.5) {
                let _ = writeln!(ms, "{indent}  - id: {}\n{indent}    forecast: {}", m.id, delivered);
            }
        }
        if !ms.is_empty() {
            let _ = writeln!(s, "{indent}milestones:");
            s.push_str(&ms);
        }
        // Risks: new ones, closures, and a re-scored one now and then.
        let mut rs = String::new();
        for r in &self.risks {
            if r.added == Some(u) {
                risk_yaml(&mut rs, r, &format!("{indent}  "));
            } else if r.closed == Some(u) {
                let _ = writeln!(rs, "{indent}  - id: {}\n{indent}    status: closed", r.id);
            } else if r.added.is_none_or(|a| a < u) && r.closed.is_none_or(|c| c > u) && rng.chance(0.15) {
                let _ = writeln!(
                    rs,
                    "{indent}  - id: {}\n{indent}    likelihood: {}\n{indent}    due: {}",
                    r.id,
                    risk_scale(rng),
                    month_last + Days::new(rng.range(10, 40) as u64)
                );
            }
        }
        if !rs.is_empty() {
            let _ = writeln!(s, "{indent}risks:");
            s.push_str(&rs);
        }
        // Issues: one opens now and then and is resolved a few months later.
        let mut is = String::new();
        if let Some((id, until)) = state.issue.clone() {
            if u >= until {
                let _ = writeln!(is, "{indent}  - id: {id}\n{indent}    status: resolved");
                state.issue = None;
            }
        } else if rng.chance(0.12) {
            state.issues += 1;
            let id = format!("i{}", state.issues);
            let _ = writeln!(
                is,
                "{indent}  - id: {id}\n{indent}    title: {}\n{indent}    severity: {}\n{indent}    owner: {}\n{indent}    resolution: {}\n{indent}    resolve_by: {}",
                q(&fill(rng.pick(&LOWLIGHTS), rng)),
                rng.pick(&["low", "medium", "high", "critical"]),
                q(rng.pick(&PEOPLE)),
                q(&fill(rng.pick(&MITIGATIONS), rng)),
                month_last + Days::new(rng.range(20, 90) as u64)
            );
            if rng.chance(0.2) {
                let _ = writeln!(is, "{indent}    internal: true");
            }
            state.issue = Some((id, u + rng.range(1, 3)));
        }
        if !is.is_empty() {
            let _ = writeln!(s, "{indent}issues:");
            s.push_str(&is);
        }
        // Asks: the open one is decided after a month or two; a new one now and then.
        let mut asks = String::new();
        if let Some((id, until)) = state.ask.clone()
            && u >= until
        {
            let _ = writeln!(
                asks,
                "{indent}  - id: {id}\n{indent}    status: decided\n{indent}    outcome: {}",
                q("Approved by the sponsor; the team starts next month.")
            );
            state.ask = None;
        }
        if state.ask.is_none() && rng.chance(0.3) {
            state.asks += 1;
            let id = format!("a{}", state.asks);
            let _ = writeln!(
                asks,
                "{indent}  - id: {id}\n{indent}    title: {}\n{indent}    kind: {}\n{indent}    owner: {}\n{indent}    by: {}",
                q(&fill(rng.pick(&ASK_TITLES), rng)),
                rng.pick(&ASK_KINDS),
                q(rng.pick(&PEOPLE)),
                month_last + Days::new(rng.range(10, 45) as u64)
            );
            if rng.chance(0.15) {
                let _ = writeln!(asks, "{indent}    internal: true");
            }
            state.ask = Some((id, u + rng.range(1, 2)));
        }
        if !asks.is_empty() {
            let _ = writeln!(s, "{indent}asks:");
            s.push_str(&asks);
        }
        // Metrics: a value per month, drifting from the baseline towards the target.
        let _ = writeln!(s, "{indent}metrics:");
        let p = period(month_first);
        for (j, m) in self.metrics.iter().enumerate() {
            let progress = (k + 1) as f64 / (self.months + 2) as f64;
            let noise = rng.float(-0.08, 0.08) * (m.baseline - m.target).abs();
            let v = m.baseline + (m.target - m.baseline) * progress * 1.1 + noise;
            let v = (v * 10.0).round() / 10.0;
            let _ = writeln!(s, "{indent}  - id: {}\n{indent}    values: {{{p}: {v}}}", m.id);
            state.metric_last[j] = v;
        }
        s
    }

    /// The status of month `k` and its reason: complete and withheld first,
    /// else the chain's next step; a reason no longer needed is removed.
    fn write_status(&self, k: usize, rng: &mut Rng, state: &mut State, indent: &str, s: &mut String) {
        let chain = next_status(state.chain, rng.float(0.0, 1.0));
        state.chain = chain;
        let was = state.status;
        let withheld = self.unrated_from.as_ref().filter(|(from, _)| k >= *from);
        state.status = match (self.complete_from, withheld) {
            (Some(from), _) if k >= from => "complete",
            (_, Some(_)) => "unrated",
            _ => chain,
        };
        let _ = writeln!(s, "{indent}status: {}", state.status);
        match (state.status, withheld) {
            ("unrated", Some((_, reason))) => {
                let _ = writeln!(s, "{indent}status_reason: {}", q(reason));
            }
            ("amber" | "red", _) => {
                let _ = writeln!(s, "{indent}status_reason: {}", q(&fill(rng.pick(&STATUS_REASONS), rng)));
            }
            _ if matches!(was, "amber" | "red" | "unrated") => {
                let _ = writeln!(s, "{indent}status_reason: null");
            }
            _ => {}
        }
    }

    /// Now and then the budget is revised (-15% to +25%).
    fn write_budget(&self, rng: &mut Rng, state: &mut State, indent: &str, s: &mut String) {
        if let Some(amount) = state.budget
            && rng.chance(0.08)
        {
            let revised = round1(amount * rng.float(0.85, 1.25)).max(0.1);
            state.budget = Some(revised);
            let _ = writeln!(s, "{indent}budget: {{amount: {revised}, unit: \"USD m\"}}");
        }
    }

    fn write(&self, programs_dir: &Path, out: &mut Writer) -> io::Result<()> {
        let mut rng = Rng::new(self.rng_seed);
        let mut state = State {
            status: "",
            chain: first_status(rng.float(0.0, 1.0)),
            budget: self.budget,
            metric_last: vec![0.0; self.metrics.len()],
            ..State::default()
        };
        let (main, risks, metrics) = self.base();
        let header = "# Generated by benches/support/generate.rs\n";
        let last = if self.stale { self.months - 1 } else { self.months };
        let folder = programs_dir.join(self.folder.folder);
        if self.single_file {
            let mut text = String::with_capacity(main.len() + risks.len() + metrics.len() + 3000 * self.months);
            text.push_str(header);
            text.push_str(&main);
            text.push('\n');
            text.push_str(&risks);
            text.push('\n');
            text.push_str(&metrics);
            text.push_str("\nupdates:\n");
            for k in self.first_update..last {
                let p = period(self.first_period + Months::new(k as u32));
                let _ = writeln!(text, "  {p}:");
                text.push_str(&self.update(k, &mut rng, &mut state, "    "));
            }
            out.file(&folder.join(format!("{}.yaml", self.id)), &text)
        } else {
            let dir = folder.join(&self.id);
            out.file(&dir.join("program.yaml"), &format!("{header}{main}"))?;
            out.file(&dir.join("risks.yaml"), &format!("{header}{risks}"))?;
            out.file(&dir.join("metrics.yaml"), &format!("{header}{metrics}"))?;
            for k in self.first_update..last {
                let p = period(self.first_period + Months::new(k as u32));
                let text = self.update(k, &mut rng, &mut state, "");
                out.file(&dir.join(format!("{p}.yaml")), &format!("{header}{text}"))?;
            }
            Ok(())
        }
    }
}

#[derive(Default)]
struct State {
    /// The status written last (empty before the first update).
    status: &'static str,
    /// Where the colour chain is, under any complete or withheld status.
    chain: &'static str,
    budget: Option<f64>,
    issue: Option<(String, usize)>,
    issues: usize,
    ask: Option<(String, usize)>,
    asks: usize,
    metric_last: Vec<f64>,
}

/// The chain's stationary mix (see the module's table): a program's first status.
const STEADY_MIX: [(&str, f64); 4] = [("green", 0.729), ("amber", 0.199), ("red", 0.066), ("paused", 0.006)];

/// The status at `u` in `0..1` of the steady mix.
fn first_status(u: f64) -> &'static str {
    pick_cumulative(&STEADY_MIX, u)
}

/// One month's step of the status chain from `from`, at `u` in `0..1`
/// (the probabilities are the module's table).
pub(crate) fn next_status(from: &str, u: f64) -> &'static str {
    let row: &[(&'static str, f64)] = match from {
        "green" => &[("amber", 0.055), ("red", 0.006), ("paused", 0.004), ("green", 0.935)],
        "amber" => &[("green", 0.210), ("red", 0.090), ("amber", 0.700)],
        "red" => &[("amber", 0.300), ("green", 0.040), ("red", 0.660)],
        _ => &[("green", 0.500), ("paused", 0.500)],
    };
    pick_cumulative(row, u)
}

/// The item whose cumulative probability first exceeds `u` (the last one otherwise).
fn pick_cumulative(row: &[(&'static str, f64)], u: f64) -> &'static str {
    let mut acc = 0.0;
    for &(status, p) in row {
        acc += p;
        if u < acc {
            return status;
        }
    }
    row[row.len() - 1].0
}

fn risk_yaml(out: &mut String, r: &Risk, indent: &str) {
    let _ = writeln!(
        out,
        "{indent}- id: {}\n{indent}  title: {}\n{indent}  category: {}\n{indent}  likelihood: {}\n{indent}  impact: {}\n{indent}  owner: {}\n{indent}  mitigation: {}",
        r.id,
        q(&r.title),
        r.category,
        r.likelihood,
        r.impact,
        q(r.owner),
        q(&r.mitigation)
    );
    if r.internal {
        let _ = writeln!(out, "{indent}  internal: true");
    }
}

fn region_defaults(r: &RegionFolder) -> String {
    format!(
        "# Defaults for {} programs (generated).\nsponsor: {}\nregions: [{}]\ntags: [tns-portfolio-2026, {}]\n",
        r.folder,
        q(r.sponsor),
        r.regions.join(", "),
        r.tag
    )
}

fn project_file(spec: &Spec) -> String {
    format!(
        "# A synthetic portfolio: {} programs x {} months, seed {} (benches/support/generate.rs).\n\
title: Synthetic Trust & Safety Portfolio\n\
organization: Trust, Safety & Compliance\n\
reports:\n\
\x20 monthly-brief:\n\
\x20   template: monthly-brief\n\
\x20   title: Monthly Leadership Brief\n\
\x20   audience: internal\n\
\x20   group_by: division\n\
\x20   classification: Confidential - Internal\n\
\x20 one-pager:\n\
\x20   template: one-pager\n\
\x20   title: Portfolio on a Page\n\
\x20   audience: internal\n\
\x20   group_by: division\n\
\x20 partner-brief:\n\
\x20   template: partner-brief\n\
\x20   title: Partner Brief\n\
\x20   audience: external\n\
\x20   classification: Restricted - Shared with Partners\n",
        spec.programs, spec.months, spec.seed
    )
}

/// A likelihood or impact on the 1-5 scale as real registers score them:
/// mostly 2 and 3, rarely 5 (25/35/25/12/3 %), so about one program in five
/// carries a critical risk (score 15 or more), not four in five.
fn risk_scale(rng: &mut Rng) -> usize {
    match rng.range(1, 100) {
        1..=25 => 1,
        26..=60 => 2,
        61..=85 => 3,
        86..=97 => 4,
        _ => 5,
    }
}
