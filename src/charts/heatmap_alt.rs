//! Alt text of the risk heat map: totals by band, then each occupied cell
//! from the most severe down with the ids of its risks (for large
//! registers, ids of high and critical cells only, and it says so).

use super::alt_list;
use super::heatmap::{BANDS, band};
use crate::locale::Locale;

/// Describes the grid `cells[likelihood - 1][impact - 1]` (ids per cell).
pub(super) fn alt_text(loc: &Locale, cells: &[Vec<Vec<String>>], skipped: usize) -> String {
    let total: usize = cells.iter().flatten().map(Vec::len).sum();
    let skipped_note = || match skipped {
        0 => String::new(),
        n => loc.counted("chart.alt.heat-skipped", n, &[]),
    };
    if total == 0 {
        return loc.phrase("chart.alt.heat-none", &[]) + &skipped_note();
    }
    let mut by_band = [0usize; 4];
    for (l, row) in cells.iter().enumerate() {
        for (i, ids) in row.iter().enumerate() {
            by_band[band((l + 1) * (i + 1))] += ids.len();
        }
    }
    let bands: Vec<String> = (0..4)
        .rev()
        .map(|b| {
            let (key, range, _) = BANDS[b];
            let word = loc.phrase(&format!("chart.heat.{key}"), &[]).to_lowercase();
            loc.phrase("chart.alt.heat-band", &[("n", &loc.count(by_band[b])), ("band", &word), ("range", range)])
        })
        .collect();
    let mut s = loc.counted("chart.alt.heat", total, &[("bands", &alt_list(loc, &bands))]);
    // Cells from the most severe down. Up to 100 risks every id is read
    // out; beyond, only high and critical ones (the rest are counted).
    let name_all = total <= 100;
    if !name_all {
        s.push_str(&loc.phrase("chart.alt.heat-ids-note", &[]));
    }
    let mut order: Vec<(usize, usize)> = (0..5).flat_map(|l| (0..5).map(move |i| (l, i))).collect();
    order.sort_by_key(|&(l, i)| (std::cmp::Reverse((l + 1) * (i + 1)), std::cmp::Reverse(l)));
    for (l, i) in order {
        let ids = &cells[l][i];
        if !ids.is_empty() {
            let named = name_all || band((l + 1) * (i + 1)) >= 2;
            s.push_str(&cell_text(loc, l, i, ids, named));
        }
    }
    s + &skipped_note()
}

/// " Likelihood 1 rare, impact 1 minimal: 2 (R12 and R37)." (`l`, `i` from 0).
fn cell_text(loc: &Locale, l: usize, i: usize, ids: &[String], named: bool) -> String {
    let word = |axis: &str, k: usize| loc.phrase(&format!("chart.heat.{axis}-{}", k + 1), &[]).to_lowercase();
    let ids_text = if named {
        let names: Vec<String> =
            ids.iter().map(|s| if s.is_empty() { loc.phrase("chart.alt.no-id", &[]) } else { s.clone() }).collect();
        loc.phrase("chart.alt.heat-ids", &[("names", &loc.join_names(&names))])
    } else {
        String::new()
    };
    let (l_n, i_n, n) = ((l + 1).to_string(), (i + 1).to_string(), loc.count(ids.len()));
    let args = [
        ("l", l_n.as_str()),
        ("likelihood", &word("likelihood", l)),
        ("i", &i_n),
        ("impact", &word("impact", i)),
        ("n", &n),
        ("ids", &ids_text),
    ];
    loc.phrase("chart.alt.heat-cell", &args)
}
