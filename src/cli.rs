//! The command line: every command, flag and its help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about = "Turn program data kept as YAML into PDF leadership briefs",
    long_about = "brief merges each program's facts and monthly updates (YAML files under programs/), \
checks them, draws the charts and typesets the monthly leadership briefs as PDF.",
    after_help = "Examples:\n  brief check                      validate the data, list data-quality warnings\n  \
brief build                      build every report for the latest period into out/\n  \
brief build --period 2026-10     rebuild last month's briefs exactly\n  \
brief changes                    what changed since the previous period\n\n\
Exit codes: 0 success, 1 the input is wrong, 2 the tool or the system failed, 3 warnings under --strict."
)]
/// The parsed command line: one command and the options every command takes.
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub(crate) command: Command,

    /// Options every command takes.
    #[command(flatten)]
    pub(crate) global: Global,
}

/// Options every command takes: the project, colour, quiet, the log format.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Project folder (the one holding brief.yaml); default: the nearest one upwards from here.
    #[arg(short = 'C', long = "project", global = true, value_name = "DIR")]
    pub(crate) project: Option<PathBuf>,

    /// When to colour terminal output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,

    /// Print only errors and warnings.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,

    /// How to print progress and diagnostics on standard error: text, or json (one event per line).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub(crate) log_format: LogFormat,
}

/// How progress and diagnostics are printed on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    Text,
    Json,
}

/// When terminal output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the PDF briefs of a period.
    #[command(after_help = "Examples:\n  brief build\n  brief build --report monthly-brief --period 2026-10\n  \
brief build --draft\n  brief build --strict --pdf-standard a-2b")]
    Build(BuildArgs),

    /// Build the briefs of a period and e-mail them: `brief build --send`.
    #[command(
        after_help = "Examples:\n  brief send\n  brief send --dry-run\n  brief send --period 2026-11 --resend\n\n\
Exit codes: 0 sent (or already sent), 1 the input is wrong, 2 a delivery failed (the PDFs stay in place), 3 warnings under --strict."
    )]
    Send(BuildArgs),

    /// Check the program data and report errors and data-quality warnings.
    #[command(after_help = "Examples:\n  brief check\n  brief check --strict --format json")]
    Check(CheckArgs),

    /// Print what changed between two periods.
    #[command(
        after_help = "Examples:\n  brief changes\n  brief changes --period 2026-11 --since 2026-09 --format json"
    )]
    Changes(ChangesArgs),

    /// Write every chart of a report as SVG (and PNG) files, for slides.
    #[command(after_help = "Examples:\n  brief charts\n  brief charts --png --out slides/charts")]
    Charts(ChartsArgs),

    /// List the fonts a report would use, the scripts each draws, and the text no font draws.
    #[command(after_help = "Examples:\n  brief fonts\n  brief fonts --report one-pager --no-system-fonts")]
    Fonts(FontsArgs),

    /// Start a new reporting project in DIR (default: here).
    #[command(after_help = "Examples:\n  brief init briefs && cd briefs && brief build\n  brief init --templates")]
    Init(InitArgs),

    /// Start a new program or the next monthly update of one.
    #[command(after_help = "Examples:\n  brief new program eu-dsa-compliance --name \"EU DSA compliance\"\n  \
brief new update eu-dsa-compliance\n  brief new update eu-dsa-compliance --period 2026-12")]
    New(NewArgs),

    /// Print a shell completion script: brief completions bash|zsh|fish|elvish|powershell.
    #[command(
        after_help = "Examples:\n  brief completions bash > ~/.local/share/bash-completion/completions/brief\n  \
brief completions zsh > ~/.zfunc/_brief"
    )]
    Completions(CompletionsArgs),

    /// Print the manual page (roff), e.g. `brief man > brief.1`.
    #[command(after_help = "Examples:\n  brief man > brief.1 && man ./brief.1")]
    Man,

    /// Check that a build's inputs and outputs still match its manifest.
    #[command(after_help = "Examples:\n  brief verify out/2026-11/manifest.json\n\n\
Exit codes: 0 everything matches, 1 a file changed, is missing or was added, 2 the manifest cannot be read.")]
    Verify(VerifyArgs),

    /// Print the JSON Schema of program files or of brief.yaml, for editors.
    #[command(after_help = "Examples:\n  brief schema program > schema/program.schema.json")]
    Schema(SchemaArgs),

    /// Rebuild a brief's PDF whenever its program files or templates change.
    #[command(
        long_about = "Builds one report, then watches brief.yaml, the programs folder and the templates \
folder, and rebuilds the PDF after every change (in place, so PDF viewers reload it). Broken input does \
not stop it: the problems are printed, the last good PDF is kept, and the next good save rebuilds it.",
        after_help = "Examples:\n  brief watch\n  brief watch monthly-brief --period 2026-10"
    )]
    Watch(WatchArgs),

    /// Preview a brief in the browser, updated live while you edit.
    #[command(
        long_about = "Serves a live preview of one report on this machine: the pages in a browser tab that \
updates by itself after every change, with the problems shown over the pages while the input is broken. \
It writes no files.",
        after_help = "Examples:\n  brief serve\n  brief serve --port 0             pick a free port\n  \
brief serve monthly-brief --period 2026-10"
    )]
    Serve(ServeArgs),
}

/// Which period to report on.
#[derive(Debug, Clone, Args)]
pub struct PeriodArgs {
    /// The period (YYYY-MM); default: the latest period any program has an update for.
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Option<String>,

    /// The as-of date (YYYY-MM-DD); default: the period's last day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,

    /// Compare with this period instead of the previous one in the data.
    #[arg(long, value_name = "YYYY-MM")]
    pub since: Option<String>,
}

/// `brief build`: which reports, period and PDF settings.
#[derive(Debug, Clone, Args)]
pub(crate) struct BuildArgs {
    /// The period and the as-of date.
    #[command(flatten)]
    pub(crate) period: PeriodArgs,

    /// Build only this report (repeatable); default: every report in brief.yaml.
    #[arg(long = "report", value_name = "ID")]
    pub(crate) reports: Vec<String>,

    /// Build a brief of one program (with the program-deep-dive template unless --report is given).
    #[arg(long, value_name = "ID")]
    pub(crate) program: Option<String>,

    /// Mark every page DRAFT and show missing content in place.
    #[arg(long)]
    pub(crate) draft: bool,

    /// Refuse to build while there are data-quality warnings (exit code 3).
    #[arg(long)]
    pub(crate) strict: bool,

    /// PDF standard to declare and check (repeatable): a-2b, a-2u, a-2a, a-3b, ua-1, ...
    #[arg(long = "pdf-standard", value_enum, value_name = "STANDARD")]
    pub(crate) pdf_standards: Vec<PdfStandardArg>,

    /// Write into this folder instead of the project's out folder.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,

    /// Also write the template, data.json, charts and fonts into DIR, for stock typst tooling.
    #[arg(long, value_name = "DIR")]
    pub(crate) emit_bundle: Option<PathBuf>,

    /// Stop a template that runs longer than this many seconds [default: 60, and one more for each
    /// program the report shows]
    #[arg(long, value_name = "SECONDS")]
    pub(crate) time_limit: Option<u64>,

    /// Write the reports that succeed even when others fail (default: all or nothing).
    #[arg(long)]
    pub(crate) keep_going: bool,

    /// Attach the report's data (data.json) inside each PDF, so a brief carries its own evidence.
    #[arg(long)]
    pub(crate) attach_data: bool,

    /// Reports to build at once (default: one per core). Each needs its own
    /// memory; `--jobs 1` builds them one after the other, using the least.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,

    /// Also write each report's digest (its executive summary as text and
    /// Markdown) beside the PDF: NAME.digest.txt and NAME.digest.md.
    #[arg(long)]
    pub(crate) digest: bool,

    /// Also write each report's executive summary page as a PNG beside the
    /// PDF (NAME.summary.png, 144 dpi), for chat tools.
    #[arg(long)]
    pub(crate) summary_png: bool,

    /// After a successful build, e-mail each report that has a `deliver`
    /// block: the PDF attached, the digest as the body (SMTP from
    /// BRIEF_SMTP_URL and BRIEF_SMTP_PASSWORD).
    #[arg(long)]
    pub(crate) send: bool,

    /// With --send: write each message as an .eml file beside the PDF instead of sending it.
    #[arg(long, requires = "send")]
    pub(crate) dry_run: bool,

    /// With --send: send again a brief already sent for the period.
    #[arg(long, requires = "send")]
    pub(crate) resend: bool,

    /// Use only the fonts built into brief and the project's `fonts:` folder,
    /// never the machine's: the same bytes on every machine (as `fonts: embedded`).
    #[arg(long)]
    pub(crate) no_system_fonts: bool,

    /// The language of the PDFs' fixed words, dates and numbers, for every
    /// report built (as `locale:` in brief.yaml): en, de, fr, es, pt-BR, ja, ko, zh-Hans, id.
    #[arg(long, value_name = "LOCALE")]
    pub(crate) locale: Option<String>,
}

impl BuildArgs {
    /// The same build with `--send` (what `brief send` runs).
    pub(crate) fn with_send(&self) -> BuildArgs {
        BuildArgs { send: true, ..self.clone() }
    }
}

/// `brief charts`: the charts of a report as SVG or PNG files.
#[derive(Debug, Args)]
pub(crate) struct ChartsArgs {
    /// The period and the as-of date.
    #[command(flatten)]
    pub(crate) period: PeriodArgs,

    /// The report whose charts to write; default: the first report of brief.yaml.
    #[arg(long, value_name = "ID")]
    pub(crate) report: Option<String>,

    /// Folder to write into; default: out/<period>/charts/<report>/.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,

    /// Also write each chart as a PNG at twice its display size (192 dpi).
    #[arg(long)]
    pub(crate) png: bool,
}

/// `brief fonts`: the report and period whose text is looked at.
#[derive(Debug, Args)]
pub(crate) struct FontsArgs {
    /// The period and the as-of date.
    #[command(flatten)]
    pub(crate) period: PeriodArgs,

    /// The report; default: the first report of brief.yaml.
    #[arg(long, value_name = "ID")]
    pub(crate) report: Option<String>,

    /// Leave the machine's fonts out, as `brief build --no-system-fonts` does.
    #[arg(long)]
    pub(crate) no_system_fonts: bool,
}

/// `brief init`: a new project folder.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder of the new project; created when missing.
    #[arg(value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,

    /// Also copy the built-in templates to report-templates/ for editing.
    #[arg(long)]
    pub(crate) templates: bool,

    /// The period of the example update (YYYY-MM); default: this month.
    #[arg(long, value_name = "YYYY-MM")]
    pub(crate) period: Option<String>,
}

/// `brief new`: what to start.
#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// What to start.
    #[command(subcommand)]
    pub(crate) command: NewCommand,
}

/// What `brief new` starts.
#[derive(Debug, Subcommand)]
pub(crate) enum NewCommand {
    /// A program folder with a program.yaml to fill in.
    Program {
        /// The program's id: lowercase letters, digits and dashes.
        id: String,
        /// Display name; default: from the id.
        #[arg(long)]
        name: Option<String>,
        /// Accountable program manager.
        #[arg(long)]
        owner: Option<String>,
    },
    /// The next monthly update, started from the previous one.
    Update {
        /// The program's id.
        id: String,
        /// The update's period (YYYY-MM); default: the month after the latest update.
        #[arg(long, value_name = "YYYY-MM")]
        period: Option<String>,
    },
}

/// `brief completions`: the shell to complete for.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// `brief verify`: the manifests to check.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// Manifests written by `brief build`, e.g. out/2026-11/manifest.json.
    #[arg(value_name = "MANIFEST", required = true)]
    pub(crate) manifests: Vec<PathBuf>,
}

/// A PDF standard the export conforms to (`--pdf-standard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PdfStandardArg {
    #[value(name = "1.7")]
    V1_7,
    #[value(name = "2.0")]
    V2_0,
    #[value(name = "a-1b")]
    A1b,
    #[value(name = "a-2b")]
    A2b,
    #[value(name = "a-2u")]
    A2u,
    #[value(name = "a-2a")]
    A2a,
    #[value(name = "a-3b")]
    A3b,
    #[value(name = "a-3u")]
    A3u,
    #[value(name = "a-3a")]
    A3a,
    #[value(name = "a-4")]
    A4,
    #[value(name = "ua-1")]
    Ua1,
}

impl PdfStandardArg {
    /// The standard typst's PDF export checks and declares.
    pub(crate) fn typst(self) -> typst_pdf::PdfStandard {
        use typst_pdf::PdfStandard as P;
        match self {
            PdfStandardArg::V1_7 => P::V_1_7,
            PdfStandardArg::V2_0 => P::V_2_0,
            PdfStandardArg::A1b => P::A_1b,
            PdfStandardArg::A2b => P::A_2b,
            PdfStandardArg::A2u => P::A_2u,
            PdfStandardArg::A2a => P::A_2a,
            PdfStandardArg::A3b => P::A_3b,
            PdfStandardArg::A3u => P::A_3u,
            PdfStandardArg::A3a => P::A_3a,
            PdfStandardArg::A4 => P::A_4,
            PdfStandardArg::Ua1 => P::Ua_1,
        }
    }
}

/// Output format of a command's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

/// `brief check`: the period, the format and strictness.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The period and the as-of date.
    #[command(flatten)]
    pub(crate) period: PeriodArgs,

    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,

    /// Exit with code 3 when there are warnings.
    #[arg(long)]
    pub(crate) strict: bool,
}

/// `brief changes`: the periods compared and the format.
#[derive(Debug, Args)]
pub(crate) struct ChangesArgs {
    /// The period and the as-of date.
    #[command(flatten)]
    pub(crate) period: PeriodArgs,

    /// Apply this report's selection and audience.
    #[arg(long, value_name = "ID")]
    pub(crate) report: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

/// `brief watch`: the report and period rebuilt on every change.
#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// The report to build (an id from brief.yaml); default: the first one.
    #[arg(value_name = "REPORT")]
    pub(crate) report: Option<String>,

    /// The period and the as-of date.
    #[command(flatten)]
    pub(crate) period: PeriodArgs,

    /// Mark every page DRAFT and show missing content in place.
    #[arg(long)]
    pub(crate) draft: bool,

    /// Stop a template that runs longer than this many seconds [default: 60, and one more for each
    /// program the report shows]
    #[arg(long, value_name = "SECONDS")]
    pub(crate) time_limit: Option<u64>,

    /// Use only the fonts built into brief and the project's `fonts:` folder,
    /// never the machine's: the same bytes on every machine (as `fonts: embedded`).
    #[arg(long)]
    pub(crate) no_system_fonts: bool,

    /// The language of the PDFs' fixed words, dates and numbers, for every
    /// report built (as `locale:` in brief.yaml): en, de, fr, es, pt-BR, ja, ko, zh-Hans, id.
    #[arg(long, value_name = "LOCALE")]
    pub(crate) locale: Option<String>,
}

/// `brief serve`: what `watch` takes, and where to listen.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The report and period, as for `brief watch`.
    #[command(flatten)]
    pub(crate) watch: WatchArgs,

    /// Port to listen on; 0 picks a free one.
    #[arg(long, short, value_name = "N", default_value_t = 3000)]
    pub(crate) port: u16,

    /// Address to listen on. Anything but loopback shows the brief to your network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub(crate) host: std::net::IpAddr,
}

/// `brief schema`: which file's JSON Schema.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Which file the schema describes.
    #[arg(value_enum, default_value_t = SchemaKind::Program)]
    pub(crate) kind: SchemaKind,
}

/// The file a JSON Schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// A program file, base fragment, defaults file or update.
    Program,
    /// The project file brief.yaml.
    Project,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_shows_examples_in_its_help() {
        use clap::CommandFactory;
        for sub in Cli::command().get_subcommands() {
            let help = sub.get_after_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(help.contains("Examples:"), "`brief {}` has no examples in --help", sub.get_name());
        }
    }
}
