//! The three key hashes librdkafka's partitioners use, bit for bit as librdkafka computes them.

/// The CRC-32 lookup table (reflected polynomial 0xEDB88320), built at compile time.
const CRC32_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            bit += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// Standard CRC-32 (poly 0x04C11DB7 reflected, init and final xor 0xFFFFFFFF), the same value
/// as zlib's `crc32()`: the hash of the `consistent` and `consistent_random` partitioners.
/// Source: librdkafka `src/rdcrc32.h` (`rd_crc32`, pycrc configuration in its header).
pub fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(0xFFFF_FFFF_u32, |crc, &b| {
        CRC32_TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8)
    })
}

/// MurmurHash2 with Kafka's seed, as the Java client's `Utils.murmur2()` computes it: 4-byte
/// little-endian words, the tail folded in with fall-through, then the final avalanche.
/// Source: librdkafka `src/rdmurmur2.c` (`rd_murmur2`); apache/kafka `Utils.murmur2`.
pub fn murmur2(data: &[u8]) -> u32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    // The length is folded in modulo 2^32, as the C code's `(uint32_t)len`.
    let mut h = SEED ^ data.len() as u32;
    let mut words = data.chunks_exact(4);
    for word in &mut words {
        let mut k = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M) ^ k;
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate().rev() {
            h ^= u32::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^ (h >> 15)
}

/// Java's `Utils.toPositive`: clears the sign bit (it is NOT `abs()`).
/// Source: librdkafka `rd_kafka_msg_partitioner_murmur2` (`& 0x7fffffff`); apache/kafka `Utils.toPositive`.
pub fn to_positive(hash: u32) -> u32 {
    hash & 0x7fff_ffff
}

/// 32-bit FNV-1a, then viewed as a signed int and negated when negative, to match Sarama's
/// `NewHashPartitioner` (i32::MIN stays as is, as the C negation leaves it).
/// Source: librdkafka `src/rdfnv1a.c` (`rd_fnv1a`).
pub fn fnv1a(data: &[u8]) -> u32 {
    let h = data.iter().fold(0x811C_9DC5_u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    }) as i32;
    (if h < 0 { h.wrapping_neg() } else { h }) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// librdkafka `src/rdmurmur2.c` `unittest_murmur2` and `src/rdfnv1a.c` `unittest_fnv1a`
    /// use these keys: a word-aligned one, then the same bytes shifted.
    const KEYS: [&str; 11] = [
        "kafka",
        "giberish123456789",
        "1234",
        "234",
        "34",
        "4",
        "PreAmbleWillBeRemoved,ThePrePartThatIs",
        "reAmbleWillBeRemoved,ThePrePartThatIs",
        "eAmbleWillBeRemoved,ThePrePartThatIs",
        "AmbleWillBeRemoved,ThePrePartThatIs",
        "",
    ];

    #[test]
    fn murmur2_matches_librdkafka_unit_test() {
        let expected = [
            0xd067cf64, 0x8f552b0c, 0x9fc97b14, 0xe7c009ca, 0x873930da, 0x5a4b5ca1, 0x78424f1c,
            0x4a62b377, 0xe0e4e09e, 0x62b8b43f, 0x106e08d9,
        ];
        for (key, want) in KEYS.iter().zip(expected) {
            assert_eq!(murmur2(key.as_bytes()), want, "murmur2({key:?})");
        }
    }

    #[test]
    fn fnv1a_matches_librdkafka_unit_test() {
        let expected = [
            0x0d33c4e1, 0x77a58295, 0x023bdd03, 0x2dea3cd2, 0x740fa83e, 0x310ca263, 0x65cbd69c,
            0x6e49c79a, 0x69eed356, 0x6abcc023, 0x7ee3623b,
        ];
        for (key, want) in KEYS.iter().zip(expected) {
            assert_eq!(fnv1a(key.as_bytes()), want, "fnv1a({key:?})");
        }
    }

    #[test]
    fn crc32_matches_zlib() {
        // zlib.crc32 values; "hejsan" is librdkafka tests/0048-partitioner.c's key.
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b"hejsan"), 0xd077_037e);
    }

    #[test]
    fn to_positive_clears_the_sign_bit_only() {
        // apache/kafka UtilsTest.testMurmur2: "21" hashes to -973932308 as an int.
        assert_eq!(murmur2(b"21") as i32, -973_932_308);
        assert_eq!(to_positive(murmur2(b"21")), 1_173_551_340);
        assert_eq!(to_positive(0x8000_0000), 0);
    }
}
