//! Writes a synthetic portfolio for benchmarks and experiments:
//!
//! ```text
//! cargo run --release --example generate -- --programs 1000 --months 12 --seed 7 DIR
//! cargo run --release --example generate -- --programs 236 --divisions 12 DIR
//! ```
//!
//! DIR gets a brief.yaml and a programs/ folder (an existing programs/ is
//! replaced); the same arguments always write the same bytes. Then
//! `brief -C DIR build` builds it. See benches/support/generate.rs.

#[path = "../benches/support/generate.rs"]
mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: generate [--programs N] [--months M] [--seed S] [--divisions D] DIR\n\
defaults: 100 programs, 12 months, seed 7, round(sqrt(N)) divisions (3 to 30)";

fn main() -> ExitCode {
    let mut spec = generate::Spec::new(100, 12, 7);
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Option<u64> {
            let value = args.next().and_then(|v| v.parse().ok());
            if value.is_none() {
                eprintln!("{name} needs a number\n{USAGE}");
            }
            value
        };
        match arg.as_str() {
            "--programs" => match number("--programs") {
                Some(n) => spec.programs = n as usize,
                None => return ExitCode::from(2),
            },
            "--months" => match number("--months") {
                Some(n) if (1..=120).contains(&n) => spec.months = n as usize,
                _ => return ExitCode::from(2),
            },
            "--seed" => match number("--seed") {
                Some(n) => spec.seed = n,
                None => return ExitCode::from(2),
            },
            "--divisions" => match number("--divisions") {
                Some(n) if (1..=generate::DIVISIONS.len() as u64).contains(&n) => spec.divisions = Some(n as usize),
                _ => return ExitCode::from(2),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other if other.starts_with('-') => {
                eprintln!("unknown option {other}\n{USAGE}");
                return ExitCode::from(2);
            }
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match generate::write(&dir, &spec) {
        Ok(w) => {
            println!(
                "wrote {} programs x {} months (seed {}, {} divisions) to {}: {} files, {} KB; latest period {}",
                spec.programs,
                spec.months,
                spec.seed,
                spec.division_count(),
                dir.display(),
                w.files,
                w.bytes / 1024,
                w.period
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
