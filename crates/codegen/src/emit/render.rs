//! The one way files are written: minijinja templates (`templates/`), compiled once into a
//! shared environment, rendered over the annotated model (`model`).
//!
//! Templates are written for `trim_blocks` and `lstrip_blocks`: a line holding only a block tag
//! (`{% for %}`, `{% if %}`) prints nothing, so each template reads like the file it writes.
//! Nothing is escaped at render time: the model holds only text that `inert` made final for its
//! context, and strict undefined-behaviour makes a template that names a missing value fail
//! instead of printing nothing.

use std::sync::OnceLock;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::EmitError;

/// Every template, by the name templates import it with.
const TEMPLATES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../../templates/Cargo.toml.j2")),
    ("README.md", include_str!("../../templates/README.md.j2")),
    ("service-Cargo.toml", include_str!("../../templates/service-Cargo.toml.j2")),
    ("rust/header.j2", include_str!("../../templates/rust/header.j2")),
    ("rust/items.j2", include_str!("../../templates/rust/items.j2")),
    ("rust/service.rs.j2", include_str!("../../templates/rust/service.rs.j2")),
    ("rust/operation.rs.j2", include_str!("../../templates/rust/operation.rs.j2")),
    ("rust/facade.rs.j2", include_str!("../../templates/rust/facade.rs.j2")),
    ("rust/examples.rs.j2", include_str!("../../templates/rust/examples.rs.j2")),
    ("rust/module_root.rs.j2", include_str!("../../templates/rust/module_root.rs.j2")),
    ("rust/provider.rs.j2", include_str!("../../templates/rust/provider.rs.j2")),
];

fn environment() -> Result<&'static Environment<'static>, EmitError> {
    static ENVIRONMENT: OnceLock<Result<Environment<'static>, EmitError>> = OnceLock::new();
    ENVIRONMENT.get_or_init(build).as_ref().map_err(Clone::clone)
}

fn build() -> Result<Environment<'static>, EmitError> {
    let mut env = Environment::new();
    let fail = |name: &str| {
        let name = name.to_owned();
        move |error: minijinja::Error| EmitError::Template { name: name.clone(), error: error.to_string() }
    };
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(fail("syntax"))?;
    env.set_syntax(syntax);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Generated files are not HTML: nothing is escaped at render time (see the module docs).
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_debug(false);
    for (name, source) in TEMPLATES {
        env.add_template(name, source).map_err(fail(name))?;
    }
    Ok(env)
}

/// `template` rendered over `model`.
pub fn render(template: &str, model: &impl Serialize) -> Result<String, EmitError> {
    let fail = |error: minijinja::Error| EmitError::Template {
        name: template.to_owned(),
        error: format!("{error:#}"),
    };
    let env = environment()?;
    env.get_template(template).and_then(|t| t.render(Serde(model))).map_err(fail)
}
