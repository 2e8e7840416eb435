//! A 64 MiB file through the transfer helpers and the PDS fake, streamed from disk in 8 parts:
//! one part's URL expires mid-way (the fake answers 403 once and the helper renews it with
//! GetUploadUrl), one part's connection is cut (the upload stops, and is resumed with
//! ListUploadedParts sending only the missing parts); the download equals the source.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_lc_rs::digest;
use cloudspec_alibaba_pds::Client;
use cloudspec_fakes::alibaba_pds::FakePds;
use cloudspec_pds_transfer::{TransferError, UploadOptions, download_file, resume_upload_file, upload_file};
use cloudspec_runtime::credentials::BearerToken;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MIB: u64 = 1024 * 1024;

fn client(fake: &FakePds) -> Client {
    Client::builder()
        .credentials(BearerToken::new(fake.config().access_token))
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .build()
        .expect("a complete client")
}

/// Writes `length` deterministic pseudo-random bytes (xorshift) to `path`, a MiB at a time.
async fn write_source(path: &Path, length: u64) {
    let mut file = tokio::io::BufWriter::new(tokio::fs::File::create(path).await.unwrap());
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut chunk = vec![0u8; MIB as usize];
    for _ in 0..length / MIB {
        for word in chunk.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        file.write_all(&chunk).await.unwrap();
    }
    file.flush().await.unwrap();
}

async fn sha256(path: &Path) -> Vec<u8> {
    let mut file = tokio::fs::File::open(path).await.unwrap();
    let mut context = digest::Context::new(&digest::SHA256);
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let read = file.read(&mut buffer).await.unwrap();
        if read == 0 {
            return context.finish().as_ref().to_vec();
        }
        context.update(&buffer[..read]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_64_mib_file_survives_an_expired_url_and_an_interruption() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.bin");
    write_source(&source, 64 * MIB).await;
    let fake = FakePds::start().await.unwrap();
    let client = client(&fake);

    fake.expire_part_url_once(3);
    fake.interrupt_part_once(6, MIB);
    let highest = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&highest);
    let options = UploadOptions::new("1", "root", "large.bin")
        .part_size(8 * MIB)
        .parts_in_flight(3)
        .progress(move |done, total| {
            assert_eq!(total, 64 * MIB);
            seen.fetch_max(done, Ordering::SeqCst);
        });

    // One part at a time until the interruption, so exactly parts 1 to 5 are stored when it
    // stops (with parts in flight, a part abandoned mid-way could still land after the resume
    // listed the stored ones, and be sent twice); the resume sends 3 at a time.
    let sequential = options.clone().parts_in_flight(1);
    let stopped = upload_file(&client, &source, &sequential).await.expect_err("part 6 loses its connection");
    let TransferError::Interrupted { session, part_number, .. } = &stopped else {
        panic!("expected an interrupted upload, got {stopped}")
    };
    assert_eq!(*part_number, 6, "{stopped}");
    assert_eq!(session.part_count(), 8);
    let renewed = fake.calls().iter().filter(|c| c.path == "/v2/file/get_upload_url").count();
    assert_eq!(renewed, 1, "part 3's expired URL was renewed once");
    let stored_before = fake.uploaded_parts(&session.upload_id);
    assert_eq!(stored_before, 5, "parts 1 to 5 are stored before the resume");
    assert!(highest.load(Ordering::SeqCst) < 64 * MIB);

    let file = resume_upload_file(&client, &source, session, &options).await.expect("the resume completes");
    assert_eq!(file.size, Some(64 * MIB as i64));
    assert_eq!(file.status.as_deref(), Some("available"));
    assert_eq!(
        fake.accepted_part_puts(),
        8,
        "each part was stored exactly once: the resume sent only the missing"
    );
    assert!(fake.calls().iter().any(|c| c.path == "/v2/file/list_uploaded_parts"));
    assert_eq!(highest.load(Ordering::SeqCst), 64 * MIB);

    let copy = dir.path().join("copy.bin");
    let file_id = file.file_id.expect("a file id");
    let written = download_file(&client, "1", &file_id, &copy, None).await.expect("the download");
    assert_eq!(written, 64 * MIB);
    assert_eq!(sha256(&copy).await, sha256(&source).await, "the downloaded bytes equal the source");
}
