//! Raw DEFLATE (RFC 1951), small and in pure Rust, for the playground's links: `compress`
//! writes one block of fixed Huffman codes over a greedy LZ77 match search (a scenario's JSON
//! repeats itself a lot, so that is most of what a full encoder gains), and `inflate` reads
//! any raw DEFLATE stream (stored, fixed and dynamic blocks), so a link compressed by another
//! tool (`zlib.deflateRawSync`, `CompressionStream("deflate-raw")`) opens too. A damaged or
//! hostile stream is an error, never a panic, and its output is capped.

/// The lengths a length code stands for: base and extra bits (RFC 1951 3.2.5).
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// The distances a distance code stands for: base and extra bits.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which a dynamic block lists its code length code lengths.
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

const WINDOW: usize = 32 * 1024;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// How many earlier positions with the same three bytes the encoder tries.
const MAX_CHAIN: usize = 64;

/// Compresses `data` as one final block of fixed Huffman codes.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut out = BitWriter::default();
    out.bits(1, 1); // BFINAL
    out.bits(1, 2); // BTYPE 01: fixed codes
    let hash = |i: usize| {
        let h = u32::from(data[i]) << 16 | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]);
        (h.wrapping_mul(2_654_435_761) >> 17) as usize
    };
    let mut head = vec![usize::MAX; 1 << 15];
    let mut previous = vec![usize::MAX; data.len()];
    let insert = |i: usize, head: &mut [usize], previous: &mut [usize]| {
        if i + MIN_MATCH <= data.len() {
            let h = hash(i);
            previous[i] = head[h];
            head[h] = i;
        }
    };
    let mut i = 0;
    while i < data.len() {
        let (length, distance) = longest_match(data, i, &head, &previous, hash);
        if length >= MIN_MATCH {
            out.length(length);
            out.distance(distance);
            for j in i..i + length {
                insert(j, &mut head, &mut previous);
            }
            i += length;
        } else {
            out.literal(u16::from(data[i]));
            insert(i, &mut head, &mut previous);
            i += 1;
        }
    }
    out.literal(256);
    out.finish()
}

/// The longest earlier match of the bytes at `i` within the window: (length, distance).
fn longest_match(
    data: &[u8],
    i: usize,
    head: &[usize],
    previous: &[usize],
    hash: impl Fn(usize) -> usize,
) -> (usize, usize) {
    if i + MIN_MATCH > data.len() {
        return (0, 0);
    }
    let limit = MAX_MATCH.min(data.len() - i);
    let mut best = (0, 0);
    let mut candidate = head[hash(i)];
    for _ in 0..MAX_CHAIN {
        if candidate == usize::MAX || i - candidate > WINDOW {
            break;
        }
        let length = (0..limit)
            .take_while(|&k| data[candidate + k] == data[i + k])
            .count();
        if length > best.0 {
            best = (length, i - candidate);
        }
        candidate = previous[candidate];
    }
    best
}

/// Writes bits least significant first, Huffman codes most significant first.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    pending: u32,
    count: u32,
}

impl BitWriter {
    fn bits(&mut self, value: u32, count: u32) {
        self.pending |= value << self.count;
        self.count += count;
        while self.count >= 8 {
            self.bytes.push(self.pending as u8);
            self.pending >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code of `length` bits, first bit first.
    fn code(&mut self, code: u32, length: u32) {
        let reversed = code.reverse_bits() >> (32 - length);
        self.bits(reversed, length);
    }

    /// A literal/length symbol in the fixed code (RFC 1951 3.2.6).
    fn literal(&mut self, symbol: u16) {
        let symbol = u32::from(symbol);
        match symbol {
            0..=143 => self.code(0x30 + symbol, 8),
            144..=255 => self.code(0x190 + symbol - 144, 9),
            256..=279 => self.code(symbol - 256, 7),
            _ => self.code(0xC0 + symbol - 280, 8),
        }
    }

    fn length(&mut self, length: usize) {
        let code = LENGTH_BASE.partition_point(|&base| usize::from(base) <= length) - 1;
        self.literal(257 + code as u16);
        let extra = length - usize::from(LENGTH_BASE[code]);
        self.bits(extra as u32, u32::from(LENGTH_EXTRA[code]));
    }

    fn distance(&mut self, distance: usize) {
        let code = DIST_BASE.partition_point(|&base| usize::from(base) <= distance) - 1;
        self.code(code as u32, 5);
        let extra = distance - usize::from(DIST_BASE[code]);
        self.bits(extra as u32, u32::from(DIST_EXTRA[code]));
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.bytes.push(self.pending as u8);
        }
        self.bytes
    }
}

/// Why a stream does not inflate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InflateError(pub &'static str);

/// Decompresses a raw DEFLATE stream of at most `limit` bytes of output.
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut input = BitReader {
        data,
        position: 0,
        bit: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = input.bits(1)? == 1;
        match input.bits(2)? {
            0 => stored(&mut input, &mut out, limit)?,
            1 => {
                let (literals, distances) = fixed_codes();
                codes(&mut input, &mut out, &literals, &distances, limit)?;
            }
            2 => {
                let (literals, distances) = dynamic_codes(&mut input)?;
                codes(&mut input, &mut out, &literals, &distances, limit)?;
            }
            _ => return Err(InflateError("a block of an unknown type")),
        }
        if last {
            return Ok(out);
        }
    }
}

struct BitReader<'a> {
    data: &'a [u8],
    position: usize,
    bit: u32,
}

impl BitReader<'_> {
    fn bits(&mut self, count: u32) -> Result<u32, InflateError> {
        let mut value = 0;
        for i in 0..count {
            let byte = *self
                .data
                .get(self.position)
                .ok_or(InflateError("the data ends too early"))?;
            value |= u32::from(byte >> self.bit & 1) << i;
            self.bit += 1;
            if self.bit == 8 {
                self.bit = 0;
                self.position += 1;
            }
        }
        Ok(value)
    }
}

/// A stored block: its bytes as they are, after the byte boundary.
fn stored(input: &mut BitReader, out: &mut Vec<u8>, limit: usize) -> Result<(), InflateError> {
    if input.bit > 0 {
        input.bit = 0;
        input.position += 1;
    }
    let length = input.bits(16)?;
    if input.bits(16)? != !length & 0xFFFF {
        return Err(InflateError("a stored block's length is damaged"));
    }
    let end = input.position + length as usize;
    let bytes = input
        .data
        .get(input.position..end)
        .ok_or(InflateError("the data ends too early"))?;
    if out.len() + bytes.len() > limit {
        return Err(InflateError("the data is too large"));
    }
    out.extend_from_slice(bytes);
    input.position = end;
    Ok(())
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Result<Huffman, InflateError> {
        let mut counts = [0u16; 16];
        for &length in lengths {
            counts[usize::from(length)] += 1;
        }
        let mut left: i32 = 1;
        for &count in &counts[1..] {
            left = left * 2 - i32::from(count);
            if left < 0 {
                return Err(InflateError("a Huffman code is over-subscribed"));
            }
        }
        let mut offsets = [0u16; 16];
        for length in 1..15 {
            offsets[length + 1] = offsets[length] + counts[length];
        }
        let mut symbols = vec![0; lengths.len()];
        for (symbol, &length) in lengths.iter().enumerate() {
            if length != 0 {
                let offset = &mut offsets[usize::from(length)];
                symbols[usize::from(*offset)] = symbol as u16;
                *offset += 1;
            }
        }
        Ok(Huffman { counts, symbols })
    }

    fn decode(&self, input: &mut BitReader) -> Result<u16, InflateError> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.counts[1..] {
            code |= input.bits(1)? as i32;
            let count = i32::from(count);
            if code - count < first {
                let at = (index + code - first) as usize;
                return self
                    .symbols
                    .get(at)
                    .copied()
                    .ok_or(InflateError("a Huffman code is damaged"));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError(
            "a code that the block's Huffman code does not have",
        ))
    }
}

fn fixed_codes() -> (Huffman, Huffman) {
    let mut lengths = [8u8; 288];
    lengths[144..256].fill(9);
    lengths[256..280].fill(7);
    let literals = Huffman::new(&lengths).expect("the fixed code is complete");
    let distances = Huffman::new(&[5; 30]).expect("the fixed code is complete");
    (literals, distances)
}

/// A dynamic block's codes, read from its header (RFC 1951 3.2.7).
fn dynamic_codes(input: &mut BitReader) -> Result<(Huffman, Huffman), InflateError> {
    let literal_count = input.bits(5)? as usize + 257;
    let distance_count = input.bits(5)? as usize + 1;
    let length_count = input.bits(4)? as usize + 4;
    if literal_count > 286 || distance_count > 30 {
        return Err(InflateError("a block has too many codes"));
    }
    let mut code_lengths = [0u8; 19];
    for &symbol in &CODE_LENGTH_ORDER[..length_count] {
        code_lengths[symbol] = input.bits(3)? as u8;
    }
    let code_lengths = Huffman::new(&code_lengths)?;
    let mut lengths = Vec::with_capacity(literal_count + distance_count);
    while lengths.len() < literal_count + distance_count {
        let (value, repeat) = match code_lengths.decode(input)? {
            symbol @ 0..=15 => (symbol as u8, 1),
            16 => {
                let previous = *lengths
                    .last()
                    .ok_or(InflateError("a repeat with nothing to repeat"))?;
                (previous, 3 + input.bits(2)?)
            }
            17 => (0, 3 + input.bits(3)?),
            _ => (0, 11 + input.bits(7)?),
        };
        if lengths.len() + repeat as usize > literal_count + distance_count {
            return Err(InflateError("code lengths run past their count"));
        }
        lengths.extend(std::iter::repeat_n(value, repeat as usize));
    }
    if lengths[256] == 0 {
        return Err(InflateError("a block without an end code"));
    }
    let literals = Huffman::new(&lengths[..literal_count])?;
    let distances = Huffman::new(&lengths[literal_count..])?;
    Ok((literals, distances))
}

/// A block's literals and matches, up to its end code.
fn codes(
    input: &mut BitReader,
    out: &mut Vec<u8>,
    literals: &Huffman,
    distances: &Huffman,
    limit: usize,
) -> Result<(), InflateError> {
    loop {
        let symbol = literals.decode(input)?;
        if symbol < 256 {
            if out.len() >= limit {
                return Err(InflateError("the data is too large"));
            }
            out.push(symbol as u8);
            continue;
        }
        if symbol == 256 {
            return Ok(());
        }
        let code = usize::from(symbol - 257);
        let (&base, &extra) = LENGTH_BASE
            .get(code)
            .zip(LENGTH_EXTRA.get(code))
            .ok_or(InflateError("an unknown length code"))?;
        let length = usize::from(base) + input.bits(u32::from(extra))? as usize;
        let code = usize::from(distances.decode(input)?);
        let (&base, &extra) = DIST_BASE
            .get(code)
            .zip(DIST_EXTRA.get(code))
            .ok_or(InflateError("an unknown distance code"))?;
        let distance = usize::from(base) + input.bits(u32::from(extra))? as usize;
        if distance > out.len() {
            return Err(InflateError("a distance before the start of the data"));
        }
        if out.len() + length > limit {
            return Err(InflateError("the data is too large"));
        }
        for _ in 0..length {
            out.push(out[out.len() - distance]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_text_inflates_back() {
        let texts: [&[u8]; 4] = [
            b"",
            b"a",
            b"{\"topics\": [{\"name\": \"t\"}, {\"name\": \"t\"}, {\"name\": \"t\"}]}",
            &[7u8; 5000],
        ];
        for text in texts {
            let packed = compress(text);
            assert_eq!(inflate(&packed, 1 << 20).unwrap(), text);
        }
        let long: Vec<u8> = (0..100_000u64).map(|i| (i * i % 251) as u8).collect();
        assert_eq!(inflate(&compress(&long), 1 << 20).unwrap(), long);
    }

    #[test]
    fn repeated_json_shrinks() {
        let json = include_str!("../../sim/tests/scenarios/consumer_auto_commit_crash.json");
        let packed = compress(json.as_bytes());
        assert!(
            packed.len() * 5 < json.len(),
            "{} of {}",
            packed.len(),
            json.len()
        );
    }

    /// Streams that node's `zlib.deflateRawSync` wrote: a fixed block and a dynamic one.
    #[test]
    fn zlib_output_inflates() {
        let hex = |text: &str| -> Vec<u8> {
            (0..text.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
                .collect()
        };
        let fixed = hex("cb48cdc9c957c8409000");
        assert_eq!(inflate(&fixed, 100).unwrap(), b"hello hello hello");
        let dynamic = hex(concat!(
            "6dd23d0a023110c5f1abec012c32efe513d9b38845b058ad44616f6f31291279ed9f81ccfcc8d1cf3d",
            "5cb6effdf9e9fbebfdb885eb76f473b7b9156f989b79e3dcaab73837784b736bdef2dce8ad2c6f8c65",
            "ea1ca3b7b60c8e6d6c39258db8dc6263215baec9235251446161496058161a56048755e1614d802028",
            "119820019409284c109509923041162628ea7f546182264c1884094d9810c28454268cc2844999300b",
            "131665c22a4cd8fe4c7e"
        ));
        let text: String = (0..40)
            .map(|i| format!("key={i}, value=msg_{}; ", i * 7 % 13))
            .collect();
        assert_eq!(inflate(&dynamic, 10_000).unwrap(), text.as_bytes());
        // A stored block: BFINAL, BTYPE 00, LEN 2, NLEN !2, "hi".
        assert_eq!(
            inflate(&[0x01, 0x02, 0x00, 0xfd, 0xff, b'h', b'i'], 100).unwrap(),
            b"hi"
        );
    }

    /// Random bytes and randomly damaged streams inflate or fail, never panic nor exceed the
    /// limit.
    #[test]
    fn random_and_mutated_streams_never_panic() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let packed = compress(include_bytes!(
            "../../sim/tests/scenarios/producer_keyed.json"
        ));
        for round in 0..5_000 {
            let mut data = if round % 2 == 0 {
                packed.clone()
            } else {
                (0..next() % 64).map(|_| next() as u8).collect()
            };
            for _ in 0..=next() % 4 {
                if !data.is_empty() {
                    let at = (next() % data.len() as u64) as usize;
                    data[at] ^= 1 << (next() % 8);
                }
            }
            if let Ok(out) = inflate(&data, 100_000) {
                assert!(out.len() <= 100_000);
            }
        }
    }

    #[test]
    fn damaged_streams_are_errors() {
        let packed = compress(b"some text, some text, some text");
        for end in 0..packed.len() {
            assert!(inflate(&packed[..end], 1000).is_err(), "cut at {end}");
        }
        assert!(inflate(&[0xff; 40], 1000).is_err());
        assert_eq!(
            inflate(&compress(&[0; 5000]), 100),
            Err(InflateError("the data is too large"))
        );
    }
}
