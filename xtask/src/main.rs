//! `cargo xtask` (an alias for `cargo run -q -p cloudspec-xtask --`): development tasks.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cloudspec_xtask::synth;

#[derive(Parser)]
#[command(name = "xtask", about = "Development tasks of the cloudspec workspace")]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a deterministic synthetic spec tree of N operations over all five protocols (benchmarks).
    Synth {
        /// The folder to write; it must be missing or empty.
        #[arg(long)]
        out: PathBuf,
        /// How many operations.
        #[arg(long)]
        ops: usize,
        /// The generator's seed: the same N and seed give the same bytes on every machine.
        #[arg(long, default_value_t = synth::DEFAULT_SEED)]
        seed: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Synth { out, ops, seed } => match synth::synth(&out, ops, seed) {
            Ok(summary) => {
                if !cli.quiet {
                    println!(
                        "xtask: wrote {} operations in {} services ({} files, {} bytes) to {}",
                        summary.operations,
                        summary.services.len(),
                        summary.files,
                        summary.bytes,
                        out.display()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("xtask: {error}");
                ExitCode::FAILURE
            }
        },
    }
}
