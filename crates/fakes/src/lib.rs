//! Stateful fakes of cloud services, served on 127.0.0.1, for testing code that uses cloudspec
//! clients (or any other client of the same APIs) without an account or a network.
//!
//! Each fake checks every request's signature the way the vendor's server does, keeps state
//! between calls, and answers with the vendor's own envelopes and error codes. One module per
//! vendor service; this file only lists them.

pub mod alibaba_dataworks;
pub mod alibaba_pds;
pub mod http;
pub mod huawei_codeartsrepo;
pub mod oci_aidataplatform;
mod running;
pub mod tencent_wedata;
