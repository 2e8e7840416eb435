//! `<provider>/provider.yaml`: the error envelope and common error codes that every service of a
//! protocol shares, written once per provider as the seed tree does for Tencent API 3.0 and
//! Alibaba RPC (PDS keeps its own body and codes, so `pds_roa` services keep theirs here too).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use cloudspec_spec::Protocol;

use super::{PROFILES, Profile, Rng, ServiceBuilder, SynthFile, SynthService, error_yaml};

/// Whether services of `protocol` leave their envelope and common codes to the provider file.
pub(super) fn shared_by_provider(protocol: Protocol) -> bool {
    matches!(protocol, Protocol::TencentJson | Protocol::AcsRpc)
}

/// One file per provider that has a service of a shared protocol, in provider order.
pub(super) fn provider_files(services: &[SynthService], seed: u64) -> Vec<SynthFile> {
    let mut providers: BTreeMap<&str, Vec<&'static Profile>> = BTreeMap::new();
    for profile in &PROFILES {
        if shared_by_provider(profile.protocol) && services.iter().any(|s| s.protocol == profile.protocol) {
            providers.entry(profile.provider).or_default().push(profile);
        }
    }
    providers
        .into_iter()
        .map(|(provider, profiles)| SynthFile {
            path: format!("{provider}/provider.yaml"),
            contents: provider_yaml(provider, &profiles, seed),
        })
        .collect()
}

fn provider_yaml(provider: &str, profiles: &[&'static Profile], seed: u64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# What every synthetic {provider} service of these protocols shares (cloudspec synth, seed {seed})."
    );
    let _ = writeln!(out, "provider: {provider}\nprotocols:");
    for profile in profiles {
        // Its own stream: the examples drawn here do not shift any service's.
        let rng = Rng::new(seed ^ 0x5052_4F56_4944_4552);
        let mut builder = ServiceBuilder::new(profile, 0, seed, rng);
        builder.shared_types();
        let _ = writeln!(out, "  {}:\n    error_shape: {}\n    types:", profile.yaml, builder.error_shape);
        let mut types = String::new();
        let envelope: Vec<_> = builder.service_types[..builder.envelope_types].to_vec();
        for def in &envelope {
            builder.type_yaml(&mut types, def);
        }
        let mut errors = String::new();
        for error in &builder.common_errors {
            error_yaml(&mut errors, error);
        }
        // `type_yaml` and `error_yaml` print at a service file's top level: four spaces deeper.
        for line in types.lines().chain(["errors:"]).chain(errors.lines()) {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}
