//! `cloudspec`: generate typed Rust clients from API specs, check them, lint the specs.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use cloudspec_codegen::{Error, check, generate, schema};

#[derive(Parser)]
#[command(
    name = "cloudspec",
    version,
    about = "Typed Rust clients for cloud APIs, generated from hand-written YAML specs",
    after_help = "Examples:\n  cloudspec generate                      regenerate generated/ from specs/\n  cloudspec check                         fail if generated/ is stale\n  cloudspec lint --specs specs            report every problem in the specs\n  cloudspec schema > specs/schema.json    the JSON Schema of spec files"
)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crate from the specs (writes only changed files).
    Generate {
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Exit non-zero, naming the files, when the client crate differs from what the specs produce.
    Check {
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Validate the specs only; exit non-zero on any problem.
    Lint {
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
    },
    /// Print the JSON Schema of spec files.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let colour = std::io::stderr().is_terminal();
    match cli.command {
        Command::Generate { specs, out } => match generate(&specs, &out) {
            Ok((ir, summary)) => {
                if !cli.quiet {
                    println!(
                        "cloudspec: {} services, {} operations; {} files written, {} unchanged, {} removed in {:.0?}",
                        ir.services.len(),
                        ir.operation_count(),
                        summary.written.len(),
                        summary.unchanged,
                        summary.removed.len(),
                        started.elapsed()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => report(&error, colour),
        },
        Command::Check { specs, out } => match check(&specs, &out) {
            Ok(staleness) if staleness.is_fresh() => {
                if !cli.quiet {
                    println!("cloudspec: {} is up to date with {}", out.display(), specs.display());
                }
                ExitCode::SUCCESS
            }
            Ok(staleness) => {
                eprintln!("cloudspec: {} is stale:", out.display());
                for line in staleness.lines() {
                    eprintln!("  {line}");
                }
                eprintln!("run `cargo run -- generate` to bring it up to date");
                ExitCode::FAILURE
            }
            Err(error) => report(&error, colour),
        },
        Command::Lint { specs } => match cloudspec_codegen::lint(&specs) {
            Ok(ir) => {
                if !cli.quiet {
                    println!(
                        "cloudspec: {} services, {} operations, no problems",
                        ir.services.len(),
                        ir.operation_count()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => report(&Error::Specs(diagnostics), colour),
        },
        Command::Schema => {
            print!("{}", schema::json_schema());
            ExitCode::SUCCESS
        }
    }
}

fn report(error: &Error, colour: bool) -> ExitCode {
    match error {
        Error::Specs(diagnostics) => {
            let theme = if colour {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            for diagnostic in &diagnostics.0 {
                eprintln!("{}", diagnostic.render(theme.clone()));
            }
            eprintln!("cloudspec: {}; nothing was generated", diagnostics.summary());
        }
        other => eprintln!("cloudspec: {other}"),
    }
    ExitCode::FAILURE
}
