//! RSA private keys from PEM text, as OCI API keys are stored.
//!
//! The PEM framing (BEGIN/END lines, base64 body) is read by `rustls-pki-types`, which the
//! HTTP stack already compiles; this module only decides which blocks are acceptable keys
//! and words the reasons for refusing the others.

use aws_lc_rs::error::KeyRejected;
use aws_lc_rs::signature::RsaKeyPair;
use rustls_pki_types::pem::{self, PemObject as _, SectionKind};

/// Parses the first PEM block of `pem` as an unencrypted RSA private key: PKCS#1
/// (`RSA PRIVATE KEY`, what `openssl genrsa` used to write and the OCI docs show) or PKCS#8
/// (`PRIVATE KEY`, what the OCI console generates). Text around the block is ignored (the
/// console appends an `OCI_API_KEY` line). The error is a reason fit to show the user.
pub(crate) fn rsa_key_from_pem(pem: &str) -> Result<RsaKeyPair, String> {
    // The parser skips blocks whose label it does not know (`ENCRYPTED PRIVATE KEY`) and fails
    // on the headers of legacy encrypted PEM, so encryption is recognised first.
    if is_encrypted(pem) {
        return Err(ENCRYPTED.to_owned());
    }
    let (kind, der) = <(SectionKind, Vec<u8>)>::pem_slice_iter(pem.as_bytes())
        .next()
        .unwrap_or(Err(pem::Error::NoItemsFound))
        .map_err(|error| framing_reason(&error))?;
    let parse: fn(&[u8]) -> Result<RsaKeyPair, KeyRejected> = match kind {
        SectionKind::RsaPrivateKey => RsaKeyPair::from_der,
        SectionKind::PrivateKey => RsaKeyPair::from_pkcs8,
        other => {
            return Err(format!(
                "expected an RSA private key (`RSA PRIVATE KEY` or `PRIVATE KEY`), found a `{}` PEM block",
                label(other)
            ));
        }
    };
    parse(&der).map_err(|rejected| match rejected.description_() {
        "TooSmall" => {
            "the RSA key is shorter than 2048 bits, the minimum OCI (and aws-lc) accepts".to_owned()
        }
        "TooLarge" => "the RSA key is longer than 8192 bits".to_owned(),
        "WrongAlgorithm" => "the key is not an RSA key".to_owned(),
        other => format!("the key could not be parsed as an RSA private key ({other})"),
    })
}

const ENCRYPTED: &str =
    "encrypted keys are not supported; decrypt it first (`openssl rsa -in key.pem -out key-plain.pem`)";

/// Whether `pem` holds a PKCS#8 encrypted key or a legacy (RFC 1421) one, whose
/// `Proc-Type: 4,ENCRYPTED` header precedes the body. Base64 has no `:`, so a line with one
/// is a header, never part of a body.
fn is_encrypted(pem: &str) -> bool {
    pem.lines().map(str::trim).any(|line| {
        line == "-----BEGIN ENCRYPTED PRIVATE KEY-----"
            || line.split_once(':').is_some_and(|(name, value)| {
                name.trim().eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED")
            })
    })
}

/// Why the PEM framing could not be read, in the user's terms.
fn framing_reason(error: &pem::Error) -> String {
    match error {
        pem::Error::NoItemsFound => {
            "no `-----BEGIN RSA PRIVATE KEY-----` or `-----BEGIN PRIVATE KEY-----` block found; is this a PEM file?"
                .to_owned()
        }
        pem::Error::MissingSectionEnd { end_marker } => {
            format!("the PEM block has no `-----END {}-----` line", String::from_utf8_lossy(end_marker))
        }
        // The decoder's own message quotes the offending input, a piece of the key: not repeated.
        pem::Error::Base64Decode(_) => "the PEM body is not valid base64".to_owned(),
        // Other framing errors can carry a line of the file, which may be key material.
        _ => "the PEM text could not be read (broken BEGIN/END framing)".to_owned(),
    }
}

/// The label a block of `kind` carries in its BEGIN line.
fn label(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Certificate => "CERTIFICATE",
        SectionKind::PublicKey => "PUBLIC KEY",
        SectionKind::RsaPrivateKey => "RSA PRIVATE KEY",
        SectionKind::PrivateKey => "PRIVATE KEY",
        SectionKind::EcPrivateKey => "EC PRIVATE KEY",
        SectionKind::Crl => "X509 CRL",
        SectionKind::Csr => "CERTIFICATE REQUEST",
        SectionKind::EchConfigList => "ECHCONFIG",
        // The enum is non-exhaustive; a kind added later is still not a key this accepts.
        _ => "unsupported",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_keys::{RSA_1024_OCI_DOC_PEM, RSA_2048_PKCS1_PEM, RSA_2048_PKCS8_PEM};
    use aws_lc_rs::signature::KeyPair as _;

    #[test]
    fn pkcs1_and_pkcs8_forms_give_the_same_key() {
        let pkcs1 = rsa_key_from_pem(RSA_2048_PKCS1_PEM).expect("PKCS#1 loads");
        let pkcs8 = rsa_key_from_pem(&format!("{RSA_2048_PKCS8_PEM}OCI_API_KEY\n")).expect("PKCS#8 loads");
        assert_eq!(pkcs1.public_key().as_ref(), pkcs8.public_key().as_ref());
    }

    #[test]
    fn encrypted_keys_are_refused_clearly() {
        let pkcs8 = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIE\n\
                      -----END RSA PRIVATE KEY-----\n";
        for pem in [pkcs8, legacy] {
            let reason = rsa_key_from_pem(pem).err().unwrap_or_default();
            assert!(reason.starts_with("encrypted keys are not supported"), "{reason}");
        }
    }

    #[test]
    fn small_keys_and_other_blocks_are_refused() {
        let reason = rsa_key_from_pem(RSA_1024_OCI_DOC_PEM).err().unwrap_or_default();
        assert!(reason.contains("shorter than 2048 bits"), "{reason}");

        let reason = rsa_key_from_pem("-----BEGIN PUBLIC KEY-----\nMII\n-----END PUBLIC KEY-----").err();
        assert!(reason.unwrap_or_default().contains("found a `PUBLIC KEY` PEM block"));
        assert!(rsa_key_from_pem("not a key").is_err());
        assert!(
            rsa_key_from_pem("-----BEGIN PRIVATE KEY-----\nMIIE\n").err().unwrap_or_default().contains("END")
        );
    }

    #[test]
    fn crlf_text_loads_and_a_broken_body_is_named() {
        let crlf = RSA_2048_PKCS8_PEM.replace('\n', "\r\n");
        assert!(rsa_key_from_pem(&crlf).is_ok());
        let reason = rsa_key_from_pem("-----BEGIN PRIVATE KEY-----\nM!IE\n-----END PRIVATE KEY-----\n").err();
        assert!(reason.unwrap_or_default().contains("not valid base64"));
    }
}
