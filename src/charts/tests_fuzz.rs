//! Seeded fuzz loop: hostile strings, extreme dates and values, absurd
//! sizes, through every chart function; each result must pass `check`.

use super::tests::check;
use super::tests_data::{AS_OF, as_of, d, s};
use super::*;
use chrono::NaiveDate;

const LONG: &str = "Marketplace seller verification and know-your-business uplift";

/// xorshift64*: a tiny deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn maybe(&mut self, v: f64) -> Option<f64> {
        self.next().is_multiple_of(2).then_some(v)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize].clone()
    }
    fn upto(&mut self, n: u64) -> usize {
        (self.next() % (n + 1)) as usize
    }
}

const WORDS: [&str; 12] =
    ["", " ", "EU DSA", "\u{0}\u{1}\u{1b}", "\t\n\r", "<&>\"'", "Zürich", "東京", "🙂", LONG, "\u{FFFF}\u{202E}", "x"];
const VALUES: [f64; 12] =
    [f64::NAN, f64::INFINITY, -f64::INFINITY, 0.0, -1e12, 1e12, 1e300, -1e300, 1e-300, 3.5, -2.0, 100.0];
const WIDTHS: [f64; 9] = [0.0, -5.0, f64::NAN, f64::INFINITY, 10.0, 60.0, 240.0, 740.0, 5000.0];

fn word(r: &mut Rng) -> String {
    (0..r.upto(3)).map(|_| r.pick(&WORDS)).collect()
}

fn date(r: &mut Rng) -> NaiveDate {
    match r.upto(5) {
        0 => NaiveDate::MIN,
        1 => NaiveDate::MAX,
        2 => as_of(),
        _ => d(1900 + r.upto(200) as i32, 1 + r.upto(11) as u32, 1 + r.upto(27) as u32),
    }
}

#[test]
fn fuzz_never_panics_and_stays_valid() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ AS_OF.0 as u64);
    for _ in 0..300 {
        let w = r.pick(&WIDTHS);
        let rag = |r: &mut Rng| r.pick(&Rag::ALL);
        let counts: Vec<(Rag, usize)> =
            (0..r.upto(8)).map(|_| (rag(&mut r), r.pick(&[0, 1, 7, 300, usize::MAX]))).collect();
        check(&portfolio_status(crate::locale::Locale::english(), &counts, w));
        let cols: Vec<String> = (0..r.upto(40)).map(|_| word(&mut r)).collect();
        let n = r.pick(&[0usize, 1, 5, 80]);
        let rows: Vec<(String, Vec<Rag>)> =
            (0..n).map(|_| (word(&mut r), (0..r.upto(45)).map(|_| rag(&mut r)).collect())).collect();
        let hist: Vec<HistoryRow> =
            rows.iter().map(|(l, c)| HistoryRow { label: l.clone(), cells: c.clone() }).collect();
        let mat: Vec<MatrixRow> = rows.iter().map(|(l, c)| MatrixRow { label: l.clone(), cells: c.clone() }).collect();
        status_history(crate::locale::Locale::english(), &cols, &hist, w).iter().for_each(|c| {
            check(c);
        });
        region_matrix(crate::locale::Locale::english(), &cols, &mat, w).iter().for_each(|c| {
            check(c);
        });
        let risks: Vec<HeatRisk> = (0..r.upto(60))
            .map(|_| HeatRisk { id: word(&mut r), likelihood: r.upto(7) as u8, impact: r.upto(7) as u8 })
            .collect();
        check(&risk_heatmap(crate::locale::Locale::english(), &risks, w));
        let at = date(&mut r);
        let items: Vec<TimelineItem> = (0..r.upto(30))
            .filter_map(|_| {
                let label = word(&mut r);
                let due = Some(date(&mut r));
                let forecast = r.pick(&[true, false]).then(|| date(&mut r));
                let done = r.pick(&[true, false, false]).then(|| date(&mut r));
                let dates = crate::model::derive::MilestoneDates { due, forecast, done };
                TimelineItem::derived(crate::locale::Locale::english(), &label, dates, r.pick(&[true, false]), at)
            })
            .collect();
        check(&milestone_timeline(crate::locale::Locale::english(), &items, at, w));
        let k = KpiSeries {
            name: word(&mut r),
            unit: match r.upto(2) {
                0 => None,
                1 => Some(s("%")),
                _ => Some(word(&mut r)),
            },
            points: (0..r.upto(30)).map(|_| (date(&mut r), r.pick(&VALUES))).collect(),
            target: {
                let v = r.pick(&VALUES);
                r.maybe(v)
            },
            higher_is_better: r.pick(&[true, false]),
            baseline: {
                let v = r.pick(&VALUES);
                r.maybe(v)
            },
        };
        check(&kpi_trend(crate::locale::Locale::english(), &k, date(&mut r), w, r.pick(&WIDTHS)));
        let vals: Vec<f64> = (0..r.upto(40)).map(|_| r.pick(&VALUES)).collect();
        let t = r.pick(&VALUES);
        let t = r.maybe(t);
        check(&sparkline(crate::locale::Locale::english(), &vals, t, true, w, r.pick(&WIDTHS)));
    }
}
