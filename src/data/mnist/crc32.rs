//! CRC-32 (IEEE 802.3 / zlib / PNG: reflected, polynomial 0xEDB88320, init and final xor
//! 0xFFFFFFFF), the checksum the manifest stores for each shard file. The same table-driven loop
//! as `scripts/mnist/convert.mjs`, so the two sides agree by construction and by test.

const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

/// CRC-32 of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |c, &b| {
        TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::crc32;

    #[test]
    fn known_values() {
        // The standard check value of CRC-32/ISO-HDLC ("123456789" -> 0xCBF43926), and the
        // empty input.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        // The same value Node's convert.mjs and zlib's crc32() give for this string.
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }
}
