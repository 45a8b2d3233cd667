//! The C library's number reading and printing that librdkafka's configuration relies on:
//! what `strtol`/`strtod` accept decides which values are valid, and `%g` prints the ranges
//! in its error messages.

/// C's `isspace` in the "C" locale.
fn is_c_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// `(int)strtol(text, &end, 0)` where `end != text`: leading spaces, a sign, then hex after
/// `0x`, octal after `0`, decimal otherwise; trailing text is ignored, overflow saturates to
/// the 64-bit `long` range, and the cast to `int` keeps the low 32 bits. `None` when no digit
/// was read (librdkafka then tries the property's named values).
/// Source: librdkafka `src/rdkafka_conf.c` `rd_kafka_anyconf_set_prop` (`_RK_C_INT`).
pub fn strtol_int(text: &str) -> Option<i32> {
    let rest = text.trim_start_matches(is_c_space);
    let (negative, rest) = match rest.as_bytes().first() {
        Some(b'-') => (true, &rest[1..]),
        Some(b'+') => (false, &rest[1..]),
        _ => (false, rest),
    };
    let hex_digits = rest
        .strip_prefix("0x")
        .or_else(|| rest.strip_prefix("0X"))
        .filter(|digits| digits.starts_with(|c: char| c.is_ascii_hexdigit()));
    let (radix, digits) = match hex_digits {
        Some(digits) => (16, digits),
        None if rest.starts_with('0') => (8, rest),
        None => (10, rest),
    };
    let digits: Vec<u32> = digits.chars().map_while(|c| c.to_digit(radix)).collect();
    if digits.is_empty() {
        return None;
    }
    let magnitude = digits.iter().fold(0i128, |acc, &d| {
        (acc * i128::from(radix) + i128::from(d)).min(i128::from(i64::MAX) + 1)
    });
    let value = if negative { -magnitude } else { magnitude };
    let long = value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    Some(long as i32)
}

/// `strtod(text, &end)` where `end != text`: leading spaces, then the longest decimal number
/// (sign, digits, point, exponent) or `inf`/`infinity`/`nan`; trailing text is ignored.
/// `None` when nothing was read. (Hexadecimal floats are not modelled.)
pub fn strtod(text: &str) -> Option<f64> {
    let rest = text.trim_start_matches(is_c_space);
    let bytes = rest.as_bytes();
    let mut end = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let lower = rest[end..].to_ascii_lowercase();
    for word in ["infinity", "inf", "nan"] {
        if lower.starts_with(word) {
            return rest[..end + word.len()].parse().ok();
        }
    }
    let digits_from = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let whole = digits_from(end);
    end += whole;
    let mut fraction = 0;
    if bytes.get(end) == Some(&b'.') {
        fraction = digits_from(end + 1);
        if whole + fraction > 0 {
            end += 1 + fraction;
        }
    }
    if whole + fraction == 0 {
        return None;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        let exponent = digits_from(end + 1 + sign);
        if exponent > 0 {
            end += 1 + sign + exponent;
        }
    }
    rest[..end].parse().ok()
}

/// C's `%g`: six significant digits, scientific when the exponent is below -4 or 6 and up,
/// trailing zeros removed.
pub fn format_g(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x.is_nan() {
        return "nan".into();
    }
    let scientific = format!("{x:.5e}");
    let (mantissa, exponent) = scientific.split_once('e').expect("an exponent");
    let exponent: i32 = exponent.parse().expect("a number");
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s.to_owned()
        }
    };
    if (-4..6).contains(&exponent) {
        trim(&format!("{x:.*}", (5 - exponent) as usize))
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mantissa), exponent.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtol_reads_as_c_does() {
        assert_eq!(strtol_int("0"), Some(0));
        assert_eq!(strtol_int(" -1"), Some(-1));
        assert_eq!(strtol_int("+7"), Some(7));
        assert_eq!(strtol_int("0x10"), Some(16));
        assert_eq!(strtol_int("010"), Some(8));
        assert_eq!(strtol_int("09"), Some(0), "octal stops at 9");
        assert_eq!(strtol_int("12abc"), Some(12));
        assert_eq!(strtol_int("0xg"), Some(0), "the 0 is read, the x is not");
        assert_eq!(strtol_int("3000000000"), Some(-1_294_967_296));
        assert_eq!(
            strtol_int("99999999999999999999"),
            Some(-1),
            "LONG_MAX as int"
        );
        assert_eq!(strtol_int("all"), None);
        assert_eq!(strtol_int("True"), None);
        assert_eq!(strtol_int("-"), None);
    }

    #[test]
    fn strtod_reads_as_c_does() {
        assert_eq!(strtod("5"), Some(5.0));
        assert_eq!(strtod(" 0.5ms"), Some(0.5));
        assert_eq!(strtod("1e3"), Some(1000.0));
        assert_eq!(strtod("1e"), Some(1.0));
        assert_eq!(strtod(".5"), Some(0.5));
        assert_eq!(strtod("-inf"), Some(f64::NEG_INFINITY));
        assert!(strtod("nan").is_some_and(f64::is_nan));
        assert_eq!(strtod("."), None);
        assert_eq!(strtod("abc"), None);
    }

    #[test]
    fn format_g_prints_as_c_does() {
        let cases = [
            (0.0, "0"),
            (900000.0, "900000"),
            (1e6, "1e+06"),
            (1234567.0, "1.23457e+06"),
            (-1.0, "-1"),
            (0.5, "0.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (5.25, "5.25"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
        ];
        for (x, text) in cases {
            assert_eq!(format_g(x), text, "{x}");
        }
    }
}
