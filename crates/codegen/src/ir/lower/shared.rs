//! `<provider>/provider.yaml`: the section a service shares with the other services of its
//! provider and protocol, and the rules of that file. A service uses the section of its own
//! protocol implicitly; what it declares itself may not repeat what the section declares (a
//! redeclared type, a code listed again, a second `error_shape` are errors, not overrides: an
//! override would let one service quietly disagree with the file every reader takes as the
//! provider's, and the generated code could not show which definition won).

use super::{Cx, ErrorCode, Located, names, spec, suggest};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::spec::{ServiceSource, SharedSpec};

/// The provider file's section for the service's protocol, with the file it is in. The file's
/// own rules (its `provider:`, its protocol keys) are checked here, with every service that
/// shares it; the report lists each problem once.
pub(super) fn section<'a>(
    source: &'a ServiceSource,
    diagnostics: &mut Diagnostics,
) -> Option<(&'a SourceFile, &'a SharedSpec)> {
    let shared = source.shared.as_deref()?;
    let file = &shared.file;
    let provider = &shared.spec.provider;
    if provider.value != shared.provider_dir {
        diagnostics.push(
            Diagnostic::new(
                file,
                provider.pos,
                format!("provider `{}` does not match its folder `{}`", provider.value, shared.provider_dir),
            )
            .label(format!("the folder says `{}`", shared.provider_dir))
            .hint(format!("write `provider: {}`", shared.provider_dir)),
        );
    }
    let known: Vec<String> = PROTOCOLS.iter().map(|p| p.spec_name().to_owned()).collect();
    for (key, _) in shared.spec.protocols.iter() {
        if !known.contains(&key.value) {
            let hint = suggest(&key.value, &known, &format!("use one of: {}", known.join(", ")));
            diagnostics.push(
                Diagnostic::new(file, key.pos, format!("`{}` is not a protocol", key.value))
                    .label("no such protocol")
                    .hint(hint),
            );
        }
    }
    let section = shared.spec.protocols.get(source.spec.protocol.value.spec_name())?;
    Some((file, &section.value))
}

/// Every protocol, for the keys of `protocols:`.
const PROTOCOLS: &[spec::Protocol] = &[
    spec::Protocol::TencentJson,
    spec::Protocol::OciRest,
    spec::Protocol::HuaweiRest,
    spec::Protocol::PdsRoa,
    spec::Protocol::AcsRpc,
];

/// The hint for a service type that the provider file already declares.
pub(super) fn redeclared_hint(provider_file: &SourceFile, protocol: spec::Protocol) -> String {
    format!(
        "{} declares it for every `{}` service of the provider; remove this declaration, or give \
         this service's type another name",
        provider_file.name,
        protocol.spec_name()
    )
}

/// A service's `error_shape` beside the provider file's.
pub(super) fn error_shape_given_twice(
    cx: &mut Cx,
    file: &SourceFile,
    own: &Located<String>,
    provider_file: &SourceFile,
) {
    cx.error_labelled(
        file,
        own.pos,
        format!("`error_shape` is already given by {}", provider_file.name),
        "second error_shape",
        "remove it here; a service whose errors have another body belongs under another protocol \
         section, or keeps its error_shape and types out of the provider file",
    );
}

/// The service's own error entries, without those whose code the provider file lists already:
/// each of those is reported where the service repeats it.
pub(super) fn without_shared_codes(
    cx: &mut Cx,
    file: &SourceFile,
    own: &[Located<spec::ErrorSpec>],
    shared: &[ErrorCode],
) -> Vec<Located<spec::ErrorSpec>> {
    let mut kept = Vec::with_capacity(own.len());
    for error in own {
        let variant = error.code.as_deref().map(names::variant_name);
        let repeated = shared.iter().find(|s| variant.is_some() && s.variant == variant);
        match repeated {
            Some(repeated) => {
                let code = error.code.as_deref().unwrap_or_default();
                let shared_code = repeated.code.as_deref().unwrap_or_default();
                let message = if code == shared_code {
                    format!("error code `{code}` is already listed in the provider file")
                } else {
                    format!(
                        "error codes `{code}` and `{shared_code}` (provider file) both become one variant"
                    )
                };
                cx.error_labelled(
                    file,
                    error.pos,
                    message,
                    "shared by the provider",
                    "remove it here: every service of the protocol has the provider file's codes",
                );
            }
            None => kept.push(error.clone()),
        }
    }
    kept
}
