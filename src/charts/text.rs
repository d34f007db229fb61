//! Text: font registration, measuring, truncation and sanitising.
//!
//! Widths come from the Inter files that Typst also renders with (registered
//! with plotters' ab_glyph backend), so a label measured to fit does fit on the
//! page. ab_glyph scales by ascent-descent rather than the em, which makes its
//! widths ~2 % wider than Typst's: the safe direction for layout.

use super::theme::Rgb;
use crate::fonts::{INTER_BOLD, INTER_REGULAR, SANS_FAMILY};
use plotters::style::{FontDesc, FontFamily, FontStyle, register_font};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Once, OnceLock};

static REGISTER: Once = Once::new();

/// Registers Inter with plotters, once per process, under its real family
/// name and under "sans-serif" (plotters' own defaults ask for that name).
pub(crate) fn ensure_fonts() {
    REGISTER.call_once(|| {
        for name in [SANS_FAMILY, "sans-serif"] {
            // A bad font file cannot happen with the embedded bytes; if it did,
            // `width` falls back to an estimate instead of failing.
            let _ = register_font(name, FontStyle::Normal, INTER_REGULAR);
            let _ = register_font(name, FontStyle::Bold, INTER_BOLD);
        }
    });
}

/// Measuring size: plotters rounds widths to whole pixels, so measure at a
/// huge em (plotters size = px x 1.24) and scale down.
const REF_EM: f64 = 1.0e6;

/// Width of `s` in em, measured by plotters' ab_glyph backend.
fn measure_em(s: &str, bold: bool) -> Option<f64> {
    ensure_fonts();
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    let font = FontDesc::new(FontFamily::Name(SANS_FAMILY), REF_EM * 1.24, style);
    font.box_size(s).ok().map(|(w, _)| w as f64 / REF_EM)
}

/// Advance widths (em) of printable ASCII, regular and bold, measured once.
/// plotters' measurement adds per-character advances (Inter's OTF has no
/// legacy kern table, so there is no pair kerning to lose), so summing this
/// table gives the same widths without a font lookup per call: labels are
/// measured thousands of times per brief.
fn ascii_advances() -> &'static [[f64; 95]; 2] {
    static TABLE: OnceLock<[[f64; 95]; 2]> = OnceLock::new();
    TABLE.get_or_init(|| {
        ensure_fonts();
        let mut t = [[0.0; 95]; 2];
        for (b, row) in t.iter_mut().enumerate() {
            for (i, w) in row.iter_mut().enumerate() {
                let c = char::from(b' ' + i as u8).to_string();
                *w = measure_em(&c, b == 1).unwrap_or(0.62);
            }
        }
        t
    })
}

thread_local! {
    /// Advances of the non-ASCII characters met so far ("…", "–", "é").
    static OTHER: RefCell<BTreeMap<(char, bool), f64>> = const { RefCell::new(BTreeMap::new()) };
}

/// Width in em of one character.
fn advance(c: char, bold: bool) -> f64 {
    if (' '..='~').contains(&c) {
        return ascii_advances()[usize::from(bold)][c as usize - 0x20];
    }
    OTHER.with(|m| {
        *m.borrow_mut()
            .entry((c, bold))
            // Font missing: a generous estimate keeps layout safe.
            .or_insert_with(|| measure_em(c.encode_utf8(&mut [0; 4]), bold).unwrap_or(0.62))
    })
}

/// Width in points of `s` set in Inter at `size` points.
pub(crate) fn width(s: &str, size: f64, bold: bool) -> f64 {
    if s.is_empty() || !size.is_finite() || size <= 0.0 {
        return 0.0;
    }
    s.chars().map(|c| advance(c, bold)).sum::<f64>() * size
}

/// A text style: size in points, weight, colour.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Font {
    pub(crate) size: f64,
    pub(crate) bold: bool,
    pub(crate) color: Rgb,
}

impl Font {
    /// Regular weight.
    pub(crate) fn regular(size: f64, color: Rgb) -> Font {
        Font { size, bold: false, color }
    }
    /// Bold weight.
    pub(crate) fn bold(size: f64, color: Rgb) -> Font {
        Font { size, bold: true, color }
    }
    /// Width of `s` in this font, in points.
    pub(crate) fn width(&self, s: &str) -> f64 {
        width(s, self.size, self.bold)
    }
    /// `s`, truncated with an ellipsis to `max` points.
    pub(crate) fn fit<'s>(&self, s: &'s str, max: f64) -> Cow<'s, str> {
        fit(s, self.size, self.bold, max)
    }
    /// [`Font::fit`] for a name, keeping a short closing parenthetical
    /// whole: "Product recall enforcement… (EU)", not "Product recall
    /// enforcement for the mobile…". In a list of names, the part in
    /// parentheses (a market, a phase, a number) is often what tells two
    /// apart.
    pub(crate) fn fit_name<'s>(&self, s: &'s str, max: f64) -> Cow<'s, str> {
        let whole = self.fit(s, max);
        if matches!(whole, Cow::Borrowed(_)) {
            return whole;
        }
        let Some(open) = s.strip_suffix(')').and_then(|body| body.rfind(" (")) else { return whole };
        let (head, tail) = s.split_at(open);
        let tail_w = self.width(tail);
        if tail_w > max / 3.0 {
            return whole;
        }
        match self.fit(head, max - tail_w) {
            Cow::Owned(cut) if cut.chars().count() > 1 => Cow::Owned(cut + tail),
            _ => whole,
        }
    }
}

/// `s` as is when it fits in `max` points, else the longest prefix that fits
/// followed by an ellipsis (empty when not even the ellipsis fits).
pub(crate) fn fit(s: &str, size: f64, bold: bool, max: f64) -> Cow<'_, str> {
    // Layout arithmetic (a + w - a) can land a hair under w: allow for it.
    let max = max + 1e-6;
    if width(s, size, bold) <= max {
        return Cow::Borrowed(s);
    }
    let ends: Vec<usize> = s.char_indices().map(|(i, _)| i).skip(1).collect();
    // Binary search on the number of kept characters: widths grow with it.
    let (mut lo, mut hi) = (0usize, ends.len());
    let candidate = |n: usize| -> String {
        let cut = if n == 0 { 0 } else { ends[n - 1] };
        format!("{}…", s[..cut].trim_end())
    };
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if width(&candidate(mid), size, bold) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let best = candidate(lo);
    if width(&best, size, bold) <= max { Cow::Owned(best) } else { Cow::Borrowed("") }
}

/// `s` on at most two lines of `max` points: as is when it fits, else
/// broken at the last space that lets the first line fit (or, for one long
/// word, at the last character that fits); only a second line that still
/// does not fit is shortened with an ellipsis, keeping a short closing
/// parenthetical (see [`Font::fit_name`]): these are names.
pub(crate) fn wrap_two(s: &str, font: Font, max: f64) -> Vec<String> {
    if font.width(s) <= max + 1e-6 {
        return vec![s.to_string()];
    }
    let by_space = s.rmatch_indices(' ').map(|(i, _)| i).find(|&i| font.width(&s[..i]) <= max + 1e-6);
    let cut = by_space.unwrap_or_else(|| longest_prefix(s, font, max));
    let (first, rest) = (s[..cut].trim_end(), s[cut..].trim_start());
    if first.is_empty() {
        return vec![font.fit(s, max).into_owned()];
    }
    vec![first.to_string(), font.fit_name(rest, max).into_owned()]
}

/// `s` on at most `max_lines` lines of `max` points, broken at the last
/// space that lets each line fit (a word longer than a line is broken at
/// the last character that fits); only the last line, when the text still
/// does not fit, is shortened with an ellipsis.
pub(crate) fn wrap_lines(s: &str, font: Font, max: f64, max_lines: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() && lines.len() + 1 < max_lines.max(1) {
        if font.width(rest) <= max + 1e-6 {
            break;
        }
        let by_space = rest.rmatch_indices(' ').map(|(i, _)| i).find(|&i| font.width(&rest[..i]) <= max + 1e-6);
        let cut = by_space.unwrap_or_else(|| longest_prefix(rest, font, max));
        if cut == 0 {
            break;
        }
        lines.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || lines.is_empty() {
        lines.push(font.fit(rest, max).into_owned());
    }
    lines
}

/// A note ("11 Jan 2027 · 8 weeks late against baseline") on as few lines
/// of `max` points as it takes, each of its " · " parts starting a line
/// once it needs more than one, broken only at spaces that split no date,
/// figure or count ("11 Jan 2027", "8 weeks" and "USD 1.2m" stay whole);
/// `None` when some unbreakable run is wider than `max`: nothing is cut.
pub(crate) fn wrap_note(s: &str, font: Font, max: f64) -> Option<Vec<String>> {
    let fits = |t: &str| font.width(t) <= max + 1e-6;
    if fits(s) {
        return Some(vec![s.to_string()]);
    }
    let mut lines = Vec::new();
    for part in s.split(" · ") {
        let greedy = fill_lines(&unbreakable_runs(part), &fits)?;
        // A break after a comma reads better than one inside a clause, when
        // it takes no more lines.
        let clauses: Option<Vec<Vec<String>>> =
            part.split_inclusive(", ").map(|c| fill_lines(&unbreakable_runs(c), &fits)).collect();
        let clauses = clauses.map(|c| c.concat());
        match clauses {
            Some(by_clause) if by_clause.len() <= greedy.len() => lines.extend(by_clause),
            _ => lines.extend(greedy),
        }
    }
    Some(lines)
}

/// Runs packed greedily into lines that `fits`; `None` when a run alone does not.
fn fill_lines(runs: &[String], fits: &impl Fn(&str) -> bool) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for unit in runs {
        let joined = if line.is_empty() { unit.clone() } else { format!("{line} {unit}") };
        if fits(&joined) {
            line = joined;
        } else if fits(unit) && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, unit.clone()));
        } else {
            return None;
        }
    }
    lines.push(line);
    Some(lines)
}

/// The words of `s` glued into runs a line never breaks: a word before a
/// number ("Jan 2027", "USD 1.2m") and a number before a short word
/// ("8 weeks", "16 days", "11 Jan") stay together.
fn unbreakable_runs(s: &str) -> Vec<String> {
    let numeric = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    let mut runs: Vec<String> = Vec::new();
    let mut prev: Option<&str> = None;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let glue = prev.is_some_and(|p| numeric(word) || (numeric(p) && word.chars().count() <= 5));
        match runs.last_mut() {
            Some(last) if glue => {
                last.push(' ');
                last.push_str(word);
            }
            _ => runs.push(word.to_string()),
        }
        prev = Some(word);
    }
    runs
}

/// Byte length of the longest prefix of `s` that fits in `max` points.
fn longest_prefix(s: &str, font: Font, max: f64) -> usize {
    let mut used = 0.0;
    for (i, c) in s.char_indices() {
        used += advance(c, font.bold) * font.size;
        if used > max + 1e-6 {
            return i;
        }
    }
    s.len()
}

/// Makes a label safe for SVG and Typst: control characters (`\p{Cc}`) and
/// XML non-characters are removed (tabs and line breaks become spaces), runs
/// of white space collapse to one, and the ends are trimmed.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') {
            continue;
        }
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_controls_and_collapses_space() {
        assert_eq!(clean("  EU\u{1} DSA\t\ncompliance\u{7f} "), "EU DSA compliance");
        assert_eq!(clean("\u{0}\u{1b}"), "");
        assert_eq!(clean("a\u{FFFF}b"), "ab");
    }

    #[test]
    fn ascii_table_matches_plotters_measurement() {
        for s in ["Payment fraud controls", "AVATAR Ty. W.A.V.E. 1,234.5%", "Q1 <v2> & 'x'", "Zürich – 東京…"] {
            for bold in [false, true] {
                let slow = measure_em(s, bold).unwrap_or(0.0) * 10.0;
                let fast = width(s, 10.0, bold);
                assert!((slow - fast).abs() < 1e-3, "{s}: {slow} vs {fast}");
            }
        }
    }

    #[test]
    fn fit_truncates_with_ellipsis_measured() {
        let long = "Marketplace seller verification and know-your-business uplift";
        let t = fit(long, 7.5, false, 120.0);
        assert!(t.ends_with('…'), "{t}");
        assert!(width(&t, 7.5, false) <= 120.0);
        assert_eq!(fit("Short", 7.5, false, 120.0), "Short");
        assert_eq!(fit("Anything", 7.5, false, 1.0), "");
    }

    #[test]
    fn fit_name_keeps_a_short_closing_parenthetical() {
        let f = Font::regular(7.5, crate::charts::theme::TEXT);
        let name = "Counterfeit listing detection for high-risk categories (733)";
        let t = f.fit_name(name, 150.0);
        assert!(t.ends_with("… (733)"), "{t}");
        assert!(t.starts_with("Counterfeit listing"), "{t}");
        assert!(f.width(&t) <= 150.0 + 1e-6, "{t}");
        // As is when it fits; the plain cut when there is no parenthetical,
        // when it is too long to keep, or when nothing of the rest fits.
        assert_eq!(f.fit_name("Short (EU)", 150.0), "Short (EU)");
        let plain = "Marketplace seller verification and know-your-business uplift";
        assert_eq!(f.fit_name(plain, 120.0), f.fit(plain, 120.0));
        let long_tail = "Seller checks (phase two of the marketplace programme in Europe)";
        assert_eq!(f.fit_name(long_tail, 120.0), f.fit(long_tail, 120.0));
        assert_eq!(f.fit_name(name, 30.0), f.fit(name, 30.0));
    }

    #[test]
    fn wrap_two_breaks_at_a_space_before_shortening() {
        let f = Font::regular(8.0, crate::charts::theme::TEXT);
        assert_eq!(wrap_two("Short", f, 100.0), ["Short"]);
        let lines = wrap_two("Seller identity verification (KYB)", f, 90.0);
        assert_eq!(lines, ["Seller identity", "verification (KYB)"]);
        let long = wrap_two("Marketplace seller verification and know-your-business uplift", f, 90.0);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…') && !long[0].ends_with('…'), "{long:?}");
        let named = wrap_two("Marketplace seller verification and know-your-business uplift (EU)", f, 90.0);
        assert!(named[1].ends_with("… (EU)") && f.width(&named[1]) <= 90.0 + 1e-6, "{named:?}");
        let word = wrap_two("Supercalifragilisticexpialidocious", f, 60.0);
        assert!(word.len() == 2 && word.iter().all(|l| f.width(l) <= 60.0 + 1e-6), "{word:?}");
    }

    #[test]
    fn wrap_lines_uses_every_line_before_shortening() {
        let f = Font::regular(8.0, crate::charts::theme::TEXT);
        let long = "Marketplace seller verification and know-your-business uplift";
        let three = wrap_lines(long, f, 110.0, 3);
        assert_eq!(three.len(), 3, "{three:?}");
        assert!(three.iter().all(|l| !l.ends_with('…') && f.width(l) <= 110.0 + 1e-6), "{three:?}");
        assert_eq!(three.join(" "), long);
        assert_eq!(wrap_lines("Short", f, 90.0, 3), ["Short"]);
        let two = wrap_lines(long, f, 90.0, 2);
        assert!(two.len() == 2 && two[1].ends_with('…'), "{two:?}");
    }

    #[test]
    fn wrap_note_keeps_dates_and_counts_whole() {
        let f = Font::bold(8.0, crate::charts::theme::INK);
        let note = "11 Jan 2027 · 8 weeks late against baseline, baseline passed 16 days ago";
        assert_eq!(wrap_note(note, f, 1000.0).unwrap(), [note]);
        let lines = wrap_note(note, f, 130.0).expect("fits on several lines");
        assert_eq!(lines[0], "11 Jan 2027");
        assert!(lines.iter().all(|l| f.width(l) <= 130.0 + 1e-6), "{lines:?}");
        assert_eq!(lines.join(" "), note.replace(" · ", " "));
        assert!(
            lines.iter().any(|l| l.contains("16 days")) && lines.iter().any(|l| l.starts_with("8 weeks")),
            "{lines:?}"
        );
        let wide = wrap_note(note, f, 200.0).expect("fits on three lines");
        assert_eq!(
            wide,
            ["11 Jan 2027", "8 weeks late against baseline,", "baseline passed 16 days ago"],
            "breaks after the comma"
        );
        assert_eq!(wrap_note(note, f, 30.0), None, "a date never breaks");
    }
}
