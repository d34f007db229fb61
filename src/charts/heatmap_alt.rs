//! Alt text of the risk heat map: totals by band, then each occupied cell
//! from the most severe down with the ids of its risks (for large
//! registers, ids of high and critical cells only, and it says so).

use super::heatmap::{BANDS, IMPACT, LIKELIHOOD, band};
use crate::format::{join_names, plural};

/// Describes the grid `cells[likelihood - 1][impact - 1]` (ids per cell).
pub(super) fn alt_text(cells: &[Vec<Vec<String>>], skipped: usize) -> String {
    let total: usize = cells.iter().flatten().map(Vec::len).sum();
    if total == 0 {
        let mut s = "Risk heat map: no risks to show.".to_string();
        if skipped > 0 {
            s.push_str(&format!(
                " {} with likelihood or impact outside 1 to 5 not shown.",
                plural(skipped, "risk", "risks")
            ));
        }
        return s;
    }
    let mut by_band = [0usize; 4];
    for (l, row) in cells.iter().enumerate() {
        for (i, ids) in row.iter().enumerate() {
            by_band[band((l + 1) * (i + 1))] += ids.len();
        }
    }
    let mut s = format!(
        "Risk heat map of {} by likelihood (1 rare to 5 almost certain) and impact (1 minimal to 5 severe): ",
        plural(total, "risk", "risks")
    );
    let bands: Vec<String> =
        (0..4).rev().map(|b| format!("{} {} (score {})", by_band[b], BANDS[b].0.to_lowercase(), BANDS[b].1)).collect();
    s.push_str(&bands.join(", "));
    s.push('.');
    // Cells from the most severe down. Up to 100 risks every id is read
    // out; beyond, only high and critical ones (the rest are counted).
    let name_all = total <= 100;
    if !name_all {
        s.push_str(" Risk ids are listed for high and critical cells.");
    }
    let mut order: Vec<(usize, usize)> = (0..5).flat_map(|l| (0..5).map(move |i| (l, i))).collect();
    order.sort_by_key(|&(l, i)| (std::cmp::Reverse((l + 1) * (i + 1)), std::cmp::Reverse(l)));
    for (l, i) in order {
        let ids = &cells[l][i];
        if ids.is_empty() {
            continue;
        }
        s.push_str(&format!(
            " Likelihood {} {}, impact {} {}: {}",
            l + 1,
            LIKELIHOOD[l].to_lowercase(),
            i + 1,
            IMPACT[i].to_lowercase(),
            ids.len()
        ));
        if name_all || band((l + 1) * (i + 1)) >= 2 {
            let named: Vec<String> =
                ids.iter().map(|s| if s.is_empty() { "(no id)".into() } else { s.clone() }).collect();
            s.push_str(&format!(" ({})", join_names(&named)));
        }
        s.push('.');
    }
    if skipped > 0 {
        s.push_str(&format!(
            " {} with likelihood or impact outside 1 to 5 not shown.",
            plural(skipped, "risk", "risks")
        ));
    }
    s
}
