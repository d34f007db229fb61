//! The `brief` command line.

use clap::Parser;

/// mimalloc instead of the system allocator: loading a portfolio and
/// laying out its pages make and free millions of small values, and glibc's
/// malloc and free took a quarter of `brief check`'s time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    brief::run(brief::cli::Cli::parse())
}
