//! RSA private keys from PEM text, as OCI API keys are stored.

use aws_lc_rs::error::KeyRejected;
use aws_lc_rs::signature::RsaKeyPair;
use base64::Engine as _;

/// Parses the first PEM block of `pem` as an unencrypted RSA private key: PKCS#1
/// (`RSA PRIVATE KEY`, what `openssl genrsa` used to write and the OCI docs show) or PKCS#8
/// (`PRIVATE KEY`, what the OCI console generates). Text around the block is ignored (the
/// console appends an `OCI_API_KEY` line). The error is a reason fit to show the user.
pub(crate) fn rsa_key_from_pem(pem: &str) -> Result<RsaKeyPair, String> {
    let block = first_block(pem)?;
    if block.label == "ENCRYPTED PRIVATE KEY" || block.encrypted {
        return Err(ENCRYPTED.to_owned());
    }
    let parse: fn(&[u8]) -> Result<RsaKeyPair, KeyRejected> = match block.label.as_str() {
        "RSA PRIVATE KEY" => RsaKeyPair::from_der,
        "PRIVATE KEY" => RsaKeyPair::from_pkcs8,
        other => {
            return Err(format!(
                "expected an RSA private key (`RSA PRIVATE KEY` or `PRIVATE KEY`), found a `{other}` PEM block"
            ));
        }
    };
    let der = base64::engine::general_purpose::STANDARD
        .decode(&block.base64)
        // base64's own message quotes the offending byte, a piece of the key: not repeated.
        .map_err(|_| "the PEM body is not valid base64".to_owned())?;
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

/// One `-----BEGIN <label>-----` ... `-----END <label>-----` block.
struct Block {
    label: String,
    /// The body with line breaks removed.
    base64: String,
    /// Whether an RFC 1421 `Proc-Type: 4,ENCRYPTED` header marks a legacy encrypted key.
    encrypted: bool,
}

fn first_block(pem: &str) -> Result<Block, String> {
    let mut lines = pem.lines().map(str::trim);
    let label = lines
        .by_ref()
        .find_map(|line| line.strip_prefix("-----BEGIN ").and_then(|rest| rest.strip_suffix("-----")))
        .ok_or("no `-----BEGIN ...-----` line found; is this a PEM file?")?
        .to_owned();
    let end = format!("-----END {label}-----");
    let mut block = Block { label, base64: String::new(), encrypted: false };
    for line in lines {
        if line == end {
            return Ok(block);
        }
        // Legacy encrypted PEM puts `Name: value` headers before the body; base64 has no `:`.
        if let Some((name, value)) = line.split_once(':') {
            block.encrypted |= name.trim().eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED");
        } else {
            block.base64.push_str(line);
        }
    }
    Err(format!("the PEM block has no `{end}` line"))
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
}
