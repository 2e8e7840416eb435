//! `cloudspec`: generate typed Rust clients from API specs, check them, lint the specs.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use cloudspec_cli::{diff, docs_status, scaffold};
use cloudspec_codegen::{Error, check, generate};
use cloudspec_spec::schema;

/// A generation is millions of small allocations (strings of the model, template values, the
/// emitted text) on two threads; mimalloc serves them in far fewer instructions than glibc's
/// malloc, which was a sixth of the run (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cloudspec",
    version,
    about = "Typed Rust clients for cloud APIs, generated from hand-written YAML specs",
    after_help = "Examples:\n  cloudspec generate                      regenerate generated/ from specs/\n  cloudspec check                         fail if generated/ is stale\n  cloudspec lint --specs specs            report every problem in the specs\n  cloudspec schema > specs/schema.json    the JSON Schema of spec files\n  cloudspec diff old-specs specs --json   is this spec change breaking? (exit 3: major)\n  cloudspec new tencent/wedata/CreateFolder   scaffold a spec to fill in\n  cloudspec docs-status --pages saved-pages   which specs' docs pages changed"
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
    /// Compare two spec trees; the exit code is the semver level (0 none/patch, 2 minor, 3 major).
    Diff {
        /// The spec tree before the change.
        old: PathBuf,
        /// The spec tree after the change.
        new: PathBuf,
        /// Print a machine-readable JSON report instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Scaffold a new operation spec (and its service file if new), to be filled in from the page.
    New {
        /// `<provider>/<service>/<Operation>`, e.g. `tencent/wedata/CreateFolder`.
        target: String,
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// The wire protocol of a new service (tencent_json, oci_rest, huawei_rest, pds_roa, acs_rpc).
        #[arg(long, value_parser = scaffold::parse_protocol)]
        protocol: Option<cloudspec_spec::Protocol>,
        /// Scaffold a list operation paged in this style (page-number, offset, token, marker),
        /// with its `pagination:` block.
        #[arg(long, value_parser = scaffold::parse_paging)]
        paging: Option<cloudspec_spec::PagingStyle>,
    },
    /// Export the specs in another format: `openapi` writes one OpenAPI document per service.
    Export {
        #[arg(value_parser = ["openapi"])]
        format: String,
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// The folder to write `<provider>-<service>.openapi.json` files into.
        #[arg(long)]
        out: PathBuf,
        /// `3.1` (JSON Schema 2020-12), or `3.0` for tools that read OpenAPI 3.0 only.
        #[arg(long, default_value = "3.1", value_parser = cloudspec_codegen::export_openapi::OpenApiVersion::parse)]
        openapi_version: cloudspec_codegen::export_openapi::OpenApiVersion,
    },
    /// Compare saved docs pages with the hashes the specs recorded; list the specs to revisit.
    DocsStatus {
        /// Folder of saved pages mirroring the specs tree (`<provider>/<service>/<file>.txt`).
        #[arg(long)]
        pages: PathBuf,
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// Print a machine-readable JSON report instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let colour = std::io::stderr().is_terminal();
    match cli.command {
        Command::Generate { specs, out } => match generate(&specs, &out) {
            Ok(generation) => {
                if !cli.quiet {
                    let summary = &generation.summary;
                    println!(
                        "cloudspec: {} services, {} operations; {} files written, {} unchanged, {} removed in {:.0?}",
                        generation.services,
                        generation.operations,
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
        Command::Diff { old, new, json } => match diff::compare(&old, &new) {
            Ok(report) => {
                if !cli.quiet {
                    print!("{}", if json { report.to_json() } else { report.render_text() });
                }
                ExitCode::from(report.exit_code())
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::from(diff::EXIT_ERROR)
            }
        },
        Command::New { target, specs, protocol, paging } => {
            match scaffold::scaffold_list(&specs, &target, protocol, paging) {
                Ok(report) => {
                    if !cli.quiet {
                        print!("{}", report.render_text(&specs));
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("cloudspec: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Export { format: _, specs, out, openapi_version } => match cloudspec_codegen::lint(&specs) {
            Ok(ir) => match cloudspec_codegen::export_openapi::write_documents(&ir, &out, openapi_version) {
                Ok(written) => {
                    if !cli.quiet {
                        println!(
                            "cloudspec: wrote {} OpenAPI {} documents to {}",
                            written,
                            openapi_version.declared(),
                            out.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("cloudspec: writing to {}: {error}", out.display());
                    ExitCode::FAILURE
                }
            },
            Err(diagnostics) => report(&Error::Specs(diagnostics), colour),
        },
        Command::DocsStatus { pages, specs, json } => match docs_status::docs_status(&specs, &pages) {
            Ok(report) => {
                if !cli.quiet {
                    print!("{}", if json { report.to_json() } else { report.render_text() });
                }
                ExitCode::from(report.exit_code())
            }
            Err(docs_status::DocsStatusError::Specs(diagnostics)) => {
                report(&Error::Specs(diagnostics), colour)
            }
            Err(error) => {
                eprintln!("cloudspec: {error}");
                ExitCode::from(docs_status::EXIT_ERROR)
            }
        },
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
