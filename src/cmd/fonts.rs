//! `brief fonts`: the fonts a report would use, the scripts of its text
//! that each draws, and the text no font draws (with the file it is in).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{Outcome, Printer};
use crate::cli::{FontsArgs, Global};
use crate::session::Session;
use crate::typeset::{coverage, fonts::Fonts, scripts};

pub(crate) fn run(global: &Global, args: &FontsArgs, start: &Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let view = match super::open_report_view(&printer, start, &args.period, args.report.as_deref()) {
        Ok(view) => view,
        Err(outcome) => return Ok(outcome),
    };
    let session = &view.session;
    let data = serde_json::to_value(&view.built.data)?;
    let extra = match &session.project.fonts_dir {
        Some(dir) => crate::typeset::fonts::read_folder(&session.root, &session.root.join(dir))
            .map_err(|m| anyhow::anyhow!("{m}"))?,
        None => Vec::new(),
    };
    let mut fonts = Fonts::new(&extra);
    let system = !args.no_system_fonts && session.project.system_fonts;
    let text = strings(&data);
    if system {
        fonts.add_installed_for(&text);
    }
    let which = if system { "built-in, project and installed fonts" } else { "built-in and project fonts only" };
    println!("Fonts of {} for {} ({which}):", view.report, view.period);
    print_fonts(&fonts, &text);
    print_uncovered(session, &fonts, &data, &text);
    Ok(Outcome::Success)
}

/// Every string of the report data, one per line.
fn strings(v: &serde_json::Value) -> String {
    let mut out = String::new();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            serde_json::Value::Object(map) => stack.extend(map.values().rev()),
            _ => {}
        }
    }
    out
}

/// The font typst would draw `c` with: Inter (the templates' font) when it
/// can, else typst's own fallback choice among the fonts that cover it.
fn font_for(fonts: &Fonts, c: char) -> Option<usize> {
    let book = fonts.book();
    let variant = typst::text::FontVariant::default();
    let primary = book.select(&crate::fonts::SANS_FAMILY.to_lowercase(), variant)?;
    let info = book.info(primary)?;
    if info.coverage.contains(c as u32) {
        return Some(primary);
    }
    book.select_fallback(Some(info), variant, c.encode_utf8(&mut [0; 4]))
}

/// One line per font that draws some of the text, with its scripts.
fn print_fonts(fonts: &Fonts, text: &str) {
    let mut scripts_by_font: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for c in distinct(text) {
        if let Some(i) = font_for(fonts, c) {
            scripts_by_font.entry(i).or_default().insert(scripts::of(c).name);
        }
    }
    for (i, names) in scripts_by_font {
        let Some(face) = fonts.face(i) else { continue };
        let source = format!("{:?}", face.provenance).to_lowercase().replace("builtin", "built-in");
        let list: Vec<&str> = names.into_iter().collect();
        println!("  {:<24} {:<9} {:<28} {}", face.family, source, face.file, list.join(", "));
    }
}

/// The text no font draws, by program, field and file.
fn print_uncovered(session: &Session, fonts: &Fonts, data: &serde_json::Value, text: &str) {
    let missing = coverage::missing_chars(fonts.book(), text);
    if missing.is_empty() {
        println!("Every character has a font.");
        return;
    }
    println!("No font draws:");
    // Derived text repeats what was written (a program's `why` is its
    // status reason): each program's text is listed once, where written.
    let mut seen = BTreeSet::new();
    for u in coverage::locate(data, &missing) {
        if !seen.insert((u.program.clone(), u.chars.clone())) {
            continue;
        }
        let script_names: BTreeSet<&str> = u.chars.chars().map(|c| scripts::of(c).name).collect();
        let packages: BTreeSet<&str> = u.chars.chars().filter_map(|c| scripts::of(c).package).collect();
        let whose = u.program.as_ref().map(|p| format!(" of program `{p}`")).unwrap_or_default();
        let file = u.program.as_deref().and_then(|p| file_with(session, p, &u.chars));
        let file = file.map(|f| format!(" ({f})")).unwrap_or_default();
        let install = if packages.is_empty() {
            String::new()
        } else {
            format!(": apt install {}", packages.into_iter().collect::<Vec<_>>().join(" "))
        };
        let names: Vec<&str> = script_names.into_iter().collect();
        println!("  {} \"{}\" in {}{whose}{file}{install}", names.join(", "), u.chars, u.field);
    }
}

/// The file of program `id` whose text holds the first of `chars`.
fn file_with(session: &Session, id: &str, chars: &str) -> Option<String> {
    let first = chars.chars().next()?;
    let program = session.portfolio.programs.iter().find(|p| p.id == id)?;
    program.files.iter().map(|f| session.sources.get(*f)).find(|s| s.text.contains(first)).map(|s| s.display.clone())
}

/// The characters of `text` that need a font, each once, in order.
fn distinct(text: &str) -> BTreeSet<char> {
    text.chars().filter(|c| !c.is_whitespace() && !c.is_control() && !scripts::is_invisible(*c)).collect()
}
