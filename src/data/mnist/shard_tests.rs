//! Shard round trips, every refusal, and a seeded fuzz loop (no input may panic the decoder).

use super::*;
use crate::data::mnist::manifest::{ShardInfo, Split};
use crate::data::mnist::shuffle::SplitMix64;

/// `n` synthetic 28x28 images: label i % 10, pixel (i * 31 + p * 7) % 256.
fn synthetic(n: usize) -> MnistShard {
    MnistShard {
        labels: (0..n).map(|i| (i % 10) as u8).collect(),
        pixels: (0..n * 784)
            .map(|k| ((k / 784 * 31 + k % 784 * 7) % 256) as u8)
            .collect(),
        rows: 28,
        cols: 28,
    }
}

fn info_for(stored: &[u8], count: u32) -> ShardInfo {
    ShardInfo {
        file: "train-0.shard".into(),
        split: Split::Train,
        index: 0,
        count,
        bytes: stored.len() as u64,
        raw_bytes: raw_len(count, 28, 28).unwrap(),
        crc32: crc32(stored),
    }
}

fn compress(raw: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(raw, 6)
}

#[test]
fn round_trip_checked_and_unchecked() {
    for (n, level) in [(1, 6), (13, 0), (13, 10), (257, 6)] {
        let shard = synthetic(n);
        let stored = encode_shard(&shard, level).unwrap();
        assert_eq!(decode_shard_bytes(&stored).unwrap(), shard);
        let info = info_for(&stored, n as u32);
        assert_eq!(
            decode_shard(&stored, &info.expected(), 28, 28).unwrap(),
            shard
        );
        assert_eq!(
            parse_raw_shard(&encode_raw(&shard).unwrap()).unwrap(),
            shard
        );
    }
}

#[test]
fn accessors_histogram_append() {
    let mut a = synthetic(12);
    assert_eq!(a.len(), 12);
    assert_eq!(a.image(11).unwrap().len(), 784);
    assert_eq!(a.image(12), None);
    assert_eq!(a.image(usize::MAX), None);
    assert_eq!(a.label(3), Some(3));
    assert_eq!(a.histogram(), [2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
    a.append(&synthetic(3)).unwrap();
    assert_eq!(a.len(), 15);
    assert_eq!(a.pixels.len(), 15 * 784);
    let mut empty = MnistShard::default();
    empty.append(&a).unwrap();
    assert_eq!(empty, a);
    let odd = MnistShard {
        rows: 14,
        cols: 56,
        ..synthetic(1)
    };
    assert!(matches!(
        a.append(&odd),
        Err(MnistError::HeaderMismatch { .. })
    ));
}

#[test]
fn refuses_truncated_and_flipped_files() {
    let shard = synthetic(5);
    let stored = encode_shard(&shard, 6).unwrap();
    let info = info_for(&stored, 5);
    for cut in 0..stored.len() {
        let short = &stored[..cut];
        assert_eq!(
            decode_shard(short, &info.expected(), 28, 28),
            Err(MnistError::SizeMismatch {
                expected: stored.len() as u64,
                found: cut as u64
            })
        );
        assert!(
            decode_shard_bytes(short).is_err(),
            "prefix of {cut} accepted"
        );
    }
    for pos in 0..stored.len() {
        let mut bad = stored.clone();
        bad[pos] ^= 0x5A;
        assert!(matches!(
            decode_shard(&bad, &info.expected(), 28, 28),
            Err(MnistError::ChecksumMismatch { .. })
        ));
        // Without the manifest's CRC, the zlib header check and Adler-32 still catch it.
        assert!(decode_shard_bytes(&bad).is_err(), "flip at {pos} accepted");
    }
}

#[test]
fn refuses_bad_headers() {
    let raw = encode_raw(&synthetic(3)).unwrap();
    let with = |at: usize, bytes: &[u8]| {
        let mut r = raw.clone();
        r[at..at + bytes.len()].copy_from_slice(bytes);
        r
    };
    let cases: Vec<(Vec<u8>, MnistError)> = vec![
        (with(0, b"CNNLMNSX"), MnistError::WrongMagic),
        (with(0, b"\x1f\x8b"), MnistError::WrongMagic),
        (
            with(8, &2u32.to_le_bytes()),
            MnistError::WrongVersion {
                found: 2,
                supported: 1,
            },
        ),
        (
            with(12, &0u32.to_le_bytes()),
            MnistError::BadDims {
                count: 0,
                rows: 28,
                cols: 28,
            },
        ),
        (
            with(16, &65u32.to_le_bytes()),
            MnistError::BadDims {
                count: 3,
                rows: 65,
                cols: 28,
            },
        ),
        (
            with(12, &u32::MAX.to_le_bytes()),
            MnistError::BadDims {
                count: u32::MAX,
                rows: 28,
                cols: 28,
            },
        ),
        (
            raw[..raw.len() - 1].to_vec(),
            MnistError::Truncated {
                needed: raw.len() as u64,
                found: raw.len() as u64 - 1,
            },
        ),
        (
            [&raw[..], &[0u8]].concat(),
            MnistError::TrailingBytes {
                expected: raw.len() as u64,
                extra: 1,
            },
        ),
        (
            raw[..20].to_vec(),
            MnistError::Truncated {
                needed: 24,
                found: 20,
            },
        ),
        (
            with(25, &[10]),
            MnistError::BadLabel {
                index: 1,
                label: 10,
            },
        ),
    ];
    for (bad, expected) in cases {
        assert_eq!(parse_raw_shard(&bad), Err(expected.clone()));
        assert_eq!(decode_shard_bytes(&compress(&bad)), Err(expected));
    }
    assert!(matches!(
        decode_shard_bytes(&raw),
        Err(MnistError::Inflate(_))
    ));
}

#[test]
fn checks_header_against_manifest() {
    let stored = encode_shard(&synthetic(3), 6).unwrap();
    let info = info_for(&stored, 3);
    assert_eq!(
        decode_shard(&stored, &info.expected(), 27, 28),
        Err(MnistError::HeaderMismatch {
            field: "rows",
            expected: 27,
            found: 28
        })
    );
    // Same raw size, different count: only the header check can tell.
    let lying = ShardInfo {
        count: 2,
        ..info.clone()
    };
    assert!(matches!(
        decode_shard(&stored, &lying.expected(), 28, 28),
        Err(MnistError::HeaderMismatch { field: "count", .. })
    ));
    // A manifest announcing less than the stream holds stops the inflate at that size.
    let small = ShardInfo {
        raw_bytes: info.raw_bytes - 1,
        ..info
    };
    assert!(matches!(
        decode_shard(&stored, &small.expected(), 28, 28),
        Err(MnistError::TooLarge { .. })
    ));
}

#[test]
fn encoder_refuses_what_the_decoder_refuses() {
    let mut s = synthetic(2);
    s.labels[1] = 11;
    assert!(matches!(
        encode_shard(&s, 6),
        Err(MnistError::BadLabel { index: 1, .. })
    ));
    let mut s = synthetic(2);
    s.pixels.pop();
    assert!(matches!(
        encode_shard(&s, 6),
        Err(MnistError::BadImageSize { .. })
    ));
    assert!(matches!(
        encode_shard(&MnistShard::default(), 6),
        Err(MnistError::BadDims { count: 0, .. })
    ));
}

#[test]
fn zip_bomb_is_capped() {
    // 1 MiB of zeros after a valid header: far more than the header promises.
    let mut raw = encode_raw(&synthetic(1)).unwrap();
    raw.resize(raw.len() + (1 << 20), 0);
    let stored = compress(&raw);
    let info = info_for(&stored, 1);
    assert!(matches!(
        decode_shard(&stored, &info.expected(), 28, 28),
        Err(MnistError::TooLarge { limit: 809 })
    ));
    assert!(matches!(
        decode_shard_bytes(&stored),
        Err(MnistError::TrailingBytes { .. })
    ));
}

/// Seeded fuzz: random bytes, random bytes behind a zlib header or a valid shard header, and
/// random mutations of a valid shard, raw and compressed. Nothing may panic; anything accepted
/// must be a well-formed shard.
#[test]
fn fuzz_never_panics() {
    let mut rng = SplitMix64::new(0x00C0_FFEE);
    let valid_raw = encode_raw(&synthetic(4)).unwrap();
    let valid = compress(&valid_raw);
    let check = |r: Result<MnistShard, MnistError>| {
        if let Ok(s) = r {
            assert!(s.labels.iter().all(|&l| l < 10));
            assert_eq!(s.pixels.len(), s.len() * s.rows * s.cols);
        }
    };
    for round in 0..3000 {
        let len = rng.below(400);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        match round % 5 {
            0 => {}
            1 => bytes.splice(0..0, [0x78, 0x9C]).for_each(drop),
            2 => bytes
                .splice(0..0, valid_raw[..24].iter().copied())
                .for_each(drop),
            3 => {
                bytes = valid_raw.clone();
                for _ in 0..1 + rng.below(4) {
                    let i = rng.below(bytes.len());
                    bytes[i] = rng.next_u64() as u8;
                }
                bytes.truncate(rng.below(bytes.len() + 1));
                check(parse_raw_shard(&bytes));
                bytes = compress(&bytes);
            }
            _ => {
                bytes = valid.clone();
                let i = rng.below(bytes.len());
                bytes[i] = rng.next_u64() as u8;
            }
        }
        check(parse_raw_shard(&bytes));
        check(decode_shard_bytes(&bytes));
        let info = info_for(&bytes, 4);
        check(decode_shard(&bytes, &info.expected(), 28, 28));
    }
}
