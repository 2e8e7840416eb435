//! Non-Rust files of the generated crate, from minijinja templates in `templates/`.

use minijinja::{Environment, context};
use serde::Serialize;

use super::{EmitError, GeneratedFile};
use crate::ir::{Ir, Service};

const CARGO_TOML: &str = include_str!("../../../templates/Cargo.toml.j2");
const README: &str = include_str!("../../../templates/README.md.j2");
const SERVICE_CARGO_TOML: &str = include_str!("../../../templates/service-Cargo.toml.j2");

#[derive(Serialize)]
struct ServiceView<'a> {
    /// The service crate's package name.
    package: String,
    provider: &'a str,
    title: &'a str,
    feature: &'a str,
    protocol: String,
    api_version: &'a str,
    operations: Vec<OperationView<'a>>,
}

#[derive(Serialize)]
struct OperationView<'a> {
    name: &'a str,
    docs: &'a str,
}

fn views(ir: &Ir) -> Vec<ServiceView<'_>> {
    ir.services
        .iter()
        .map(|s| ServiceView {
            package: super::service_crate(s),
            provider: &s.provider,
            title: &s.title,
            feature: &s.feature,
            protocol: format!("{:?}", s.protocol),
            api_version: &s.api_version,
            operations: s.operations.iter().map(|o| OperationView { name: &o.name, docs: &o.docs }).collect(),
        })
        .collect()
}

fn render(name: &str, template: &str, context: minijinja::Value) -> Result<GeneratedFile, EmitError> {
    let mut env = Environment::new();
    let fail =
        |error: minijinja::Error| EmitError::Template { name: name.to_owned(), error: error.to_string() };
    env.add_template(name, template).map_err(fail)?;
    let mut contents = env.get_template(name).and_then(|t| t.render(context)).map_err(fail)?;
    // Jinja drops the template's final newline; files end with one.
    contents.push('\n');
    Ok(GeneratedFile { path: name.to_owned(), contents })
}

fn crate_context(ir: &Ir) -> minijinja::Value {
    context! { services => minijinja::value::Serde(views(ir)), operation_count => ir.operation_count() }
}

pub fn cargo_toml(ir: &Ir) -> Result<GeneratedFile, EmitError> {
    render("Cargo.toml", CARGO_TOML, crate_context(ir))
}

pub fn readme(ir: &Ir) -> Result<GeneratedFile, EmitError> {
    render("README.md", README, crate_context(ir))
}

/// The manifest of a service's own crate, at `services/<provider>-<service>/Cargo.toml`.
pub fn service_cargo_toml(service: &Service) -> Result<GeneratedFile, EmitError> {
    let context = context! {
        package => super::service_crate(service),
        title => &service.title,
        source => &service.source,
    };
    let mut file = render("Cargo.toml", SERVICE_CARGO_TOML, context)?;
    file.path = format!("services/{}/Cargo.toml", service.feature);
    Ok(file)
}
