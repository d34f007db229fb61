//! The fonts built into the binary: Inter (SIL OFL 1.1) for text and charts.
//!
//! The same bytes go to plotters (to measure chart labels) and to typst (to
//! render them), so a label measured to fit does fit. The files live in
//! `report-templates/fonts/` with their licence.

/// The family name written into chart SVGs and used by the templates.
pub(crate) const SANS_FAMILY: &str = "Inter";

pub(crate) static INTER_REGULAR: &[u8] = include_bytes!("../report-templates/fonts/Inter-Regular.otf");
pub(crate) static INTER_ITALIC: &[u8] = include_bytes!("../report-templates/fonts/Inter-Italic.otf");
pub(crate) static INTER_MEDIUM: &[u8] = include_bytes!("../report-templates/fonts/Inter-Medium.otf");
pub(crate) static INTER_SEMIBOLD: &[u8] = include_bytes!("../report-templates/fonts/Inter-SemiBold.otf");
pub(crate) static INTER_BOLD: &[u8] = include_bytes!("../report-templates/fonts/Inter-Bold.otf");
pub(crate) static INTER_BOLD_ITALIC: &[u8] = include_bytes!("../report-templates/fonts/Inter-BoldItalic.otf");

/// Every embedded font file with its file name (for `--emit-bundle`).
pub(crate) static EMBEDDED: &[(&str, &[u8])] = &[
    ("Inter-Regular.otf", INTER_REGULAR),
    ("Inter-Italic.otf", INTER_ITALIC),
    ("Inter-Medium.otf", INTER_MEDIUM),
    ("Inter-SemiBold.otf", INTER_SEMIBOLD),
    ("Inter-Bold.otf", INTER_BOLD),
    ("Inter-BoldItalic.otf", INTER_BOLD_ITALIC),
];
