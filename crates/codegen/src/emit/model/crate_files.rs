//! The files that are not one service's own: the facade crate (`lib.rs`, `Cargo.toml`,
//! `README.md`), its examples test, the roots of a module tree, and each service's manifest.

use serde::Serialize;

use crate::emit::inert::{
    Comment, Doc, Ident, Lit, Slug, Toml, cell, code, comment, ident, lit, slug, target, toml,
};
use crate::ir::{BodyKind, Ir, Operation, Service};
use crate::spec::Protocol;

/// A provider's services, as the facade and the module tree group them.
#[derive(Serialize)]
pub struct Provider {
    pub module: Ident,
    /// The provider's name as inline code.
    pub name: Doc,
    pub services: Vec<ServiceEntry>,
}

#[derive(Serialize)]
pub struct ServiceEntry {
    pub feature: Slug,
    pub package: Slug,
    /// The service crate's name in Rust (`cloudspec_<provider>_<service>`).
    pub krate: Ident,
    pub module: Ident,
    pub title: Doc,
    /// Operation names as inline code.
    pub operations: Vec<Doc>,
}

/// The facade's `src/lib.rs` (`templates/rust/facade.rs.j2`).
#[derive(Serialize)]
pub struct Facade {
    pub source: Comment,
    pub build_script: bool,
    pub services: Vec<ServiceEntry>,
    pub providers: Vec<Provider>,
}

/// The root `mod.rs` of a module tree (`templates/rust/module_root.rs.j2`).
#[derive(Serialize)]
pub struct ModuleRoot {
    pub source: Comment,
    pub build_script: bool,
    pub providers: Vec<Provider>,
}

/// A provider's `mod.rs` in a module tree (`templates/rust/provider.rs.j2`).
#[derive(Serialize)]
pub struct ProviderFile {
    pub source: Comment,
    pub build_script: bool,
    pub name: Doc,
    pub modules: Vec<Ident>,
}

/// `tests/examples.rs` (`templates/rust/examples.rs.j2`): every example of every spec goes
/// through the generated types and back, so a type that cannot carry the page's own example
/// fails a test.
#[derive(Serialize)]
pub struct ExamplesTest {
    pub source: Comment,
    pub build_script: bool,
    pub tests: Vec<RoundTrip>,
}

/// One generated test: decode `json` at `pointer` into the type at its path, encode, compare.
#[derive(Serialize)]
pub struct RoundTrip {
    pub feature: Slug,
    pub name: Ident,
    pub provider: Ident,
    pub service: Ident,
    pub ty: Ident,
    pub json: Lit,
    pub pointer: Lit,
    pub title: Lit,
}

/// The facade's `Cargo.toml` and `README.md`.
#[derive(Serialize)]
pub struct FacadeManifest {
    pub services: Vec<ManifestService>,
    pub operation_count: usize,
}

#[derive(Serialize)]
pub struct ManifestService {
    pub package: Slug,
    pub feature: Slug,
    pub provider: Doc,
    pub title: Doc,
    pub protocol: Ident,
    pub api_version: Doc,
    pub operations: Vec<ManifestOperation>,
}

#[derive(Serialize)]
pub struct ManifestOperation {
    pub name: Doc,
    /// The link target: the spec's `docs` when it is a plain URL, else empty.
    pub docs: Doc,
}

/// A service crate's `Cargo.toml`.
#[derive(Serialize)]
pub struct ServiceManifest {
    pub source: Comment,
    pub package: Slug,
    pub description: Toml,
}

/// The package name of a service's crate: `cloudspec-<provider>-<service>`.
pub fn service_crate(service: &Service) -> String {
    format!("cloudspec-{}", service.feature)
}

/// The name Rust code uses for a service's crate: `cloudspec_<provider>_<service>`.
pub fn service_crate_ident(service: &Service) -> String {
    service_crate(service).replace('-', "_")
}

fn service_entry(service: &Service) -> ServiceEntry {
    ServiceEntry {
        feature: slug(&service.feature),
        package: slug(&service_crate(service)),
        krate: ident(&service_crate_ident(service)),
        module: ident(&service.module),
        title: cell(&service.title),
        operations: service.operations.iter().map(|o| code(&o.name)).collect(),
    }
}

/// The services of each provider, in IR order (which sorts them by provider).
pub fn by_provider(ir: &Ir) -> Vec<(&str, Vec<&Service>)> {
    let mut providers: Vec<(&str, Vec<&Service>)> = Vec::new();
    for service in &ir.services {
        match providers.last_mut() {
            Some((provider, services)) if *provider == service.provider_module => services.push(service),
            _ => providers.push((&service.provider_module, vec![service])),
        }
    }
    providers
}

fn providers(ir: &Ir) -> Vec<Provider> {
    by_provider(ir)
        .into_iter()
        .map(|(module, services)| Provider {
            module: ident(module),
            name: code(services.first().map_or("", |s| s.provider.as_str())),
            services: services.into_iter().map(service_entry).collect(),
        })
        .collect()
}

pub fn facade(ir: &Ir) -> Facade {
    Facade {
        source: comment("specs/"),
        build_script: false,
        services: ir.services.iter().map(service_entry).collect(),
        providers: providers(ir),
    }
}

pub fn module_root(ir: &Ir) -> ModuleRoot {
    ModuleRoot { source: comment("the specs"), build_script: true, providers: providers(ir) }
}

pub fn provider_files(ir: &Ir) -> Vec<(String, ProviderFile)> {
    by_provider(ir)
        .into_iter()
        .map(|(module, services)| {
            let file = ProviderFile {
                source: comment("the specs"),
                build_script: true,
                name: code(services.first().map_or("", |s| s.provider.as_str())),
                modules: services.iter().map(|s| ident(&s.module)).collect(),
            };
            (format!("{module}/mod.rs"), file)
        })
        .collect()
}

pub fn examples_test(ir: &Ir) -> ExamplesTest {
    let tests = ir
        .services
        .iter()
        .flat_map(|service| service.operations.iter().flat_map(move |op| round_trips(service, op)))
        .collect();
    ExamplesTest { source: comment("specs/"), build_script: false, tests }
}

fn round_trips(service: &Service, op: &Operation) -> Vec<RoundTrip> {
    let mut tests = Vec::new();
    for (i, example) in op.examples.iter().enumerate() {
        let base = format!("{}_{}_{}_example_{}", service.provider_module, service.module, op.module, i + 1);
        let case = |suffix: &str, type_name: &str, json: &serde_json::Value, pointer: &str| RoundTrip {
            feature: slug(&service.feature),
            name: ident(&format!("{base}_{suffix}")),
            provider: ident(&service.provider_module),
            service: ident(&service.module),
            ty: ident(type_name),
            json: lit(&json.to_string()),
            pointer: lit(pointer),
            title: lit(&example.title),
        };
        // Raw bytes are no JSON document: a binary body has no round trip.
        if let Some(request) = example.request.as_ref().filter(|_| op.input.body_kind() != BodyKind::Binary) {
            tests.push(case("request", &op.input.name, request, ""));
        }
        if let Some(response) = &example.response {
            let success = example.status < 300;
            if success && op.output.body_kind() == BodyKind::Binary {
                continue;
            }
            let target = if success { Some(&op.output.name) } else { service.error_shape.as_ref() };
            let pointer = match (service.protocol, success) {
                (Protocol::TencentJson, true) => "/Response",
                (Protocol::TencentJson, false) => "/Response/Error",
                _ => "",
            };
            if let Some(target) = target {
                tests.push(case("response", target, response, pointer));
            }
        }
    }
    tests
}

pub fn facade_manifest(ir: &Ir) -> FacadeManifest {
    FacadeManifest {
        services: ir
            .services
            .iter()
            .map(|s| ManifestService {
                package: slug(&service_crate(s)),
                feature: slug(&s.feature),
                provider: cell(&s.provider),
                title: cell(&s.title),
                protocol: ident(&format!("{:?}", s.protocol)),
                api_version: cell(&s.api_version),
                operations: s
                    .operations
                    .iter()
                    .map(|o| ManifestOperation { name: code(&o.name), docs: target(&o.docs) })
                    .collect(),
            })
            .collect(),
        operation_count: ir.operation_count(),
    }
}

pub fn service_manifest(service: &Service) -> ServiceManifest {
    ServiceManifest {
        source: comment(&service.source),
        package: slug(&service_crate(service)),
        description: toml(&format!("Typed Rust client for {}, generated by cloudspec.", service.title)),
    }
}
