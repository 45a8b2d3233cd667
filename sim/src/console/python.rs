//! How Python prints the values the course's programs print: `None`, `msg.offset()`,
//! `try_decode_utf8`, and confluent-kafka-python's `KafkaError` and `TopicPartition`.

use crate::wire;
use std::fmt;

/// How Python prints `None` (`str(None)`, `'%s' % None`): one spelling for the model, the
/// consoles and the app.
pub const PYTHON_NONE: &str = "None";

/// Python's `'%s' % value` of an optional string.
pub fn py_str(value: Option<&str>) -> &str {
    value.unwrap_or(PYTHON_NONE)
}

/// Python's `'%s' % msg.offset()`: `msg.offset()` is `None` for a negative offset, such as
/// acks=0's `OFFSET_INVALID` (confluent_kafka.c `Message_offset`).
pub fn py_offset(offset: i64) -> String {
    if offset < 0 {
        PYTHON_NONE.to_owned()
    } else {
        offset.to_string()
    }
}

/// Appends `n` in decimal, as `write!(line, "{n}")` (Python's `str(n)`) would, without the
/// formatting machinery (a producer renders a key and a value per message): the digits are
/// written two at a time from the end of a buffer on the stack, then copied at once. Counting
/// them first (`ilog10`) and zero-filling the line to write them in place cost more.
pub fn push_decimal(line: &mut Vec<u8>, n: u64) {
    /// "00" to "99", each pair at twice its value.
    const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324\
        25262728293031323334353637383940414243444546474849\
        50515253545556575859606162636465666768697071727374\
        75767778798081828384858687888990919293949596979899";
    // `u64::MAX` has 20 digits.
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = n;
    while rest >= 100 {
        let pair = (rest % 100) as usize * 2;
        rest /= 100;
        start -= 2;
        digits[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if rest >= 10 {
        let pair = rest as usize * 2;
        start -= 2;
        digits[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        start -= 1;
        digits[start] = b'0' + rest as u8;
    }
    line.extend_from_slice(&digits[start..]);
}

/// `try_decode_utf8(data)`: `if data: return data.decode('utf-8') else: return None`.
/// Python's truthiness makes an empty key or value `None` too, not `''`.
pub fn try_decode_utf8(data: Option<&[u8]>) -> Option<String> {
    data.filter(|data| !data.is_empty())
        .map(|data| String::from_utf8_lossy(data).into_owned())
}

/// An exception's class as the last line of Python's traceback names it: confluent-kafka-python
/// makes `KafkaException` in its C module (`PyErr_NewExceptionWithDoc("cimpl.KafkaException",
/// ...)`, confluent_kafka.c), so it prints as `cimpl.KafkaException`; builtins (`BufferError`,
/// `ValueError`) print bare.
pub fn traceback_class(class: &str) -> &str {
    match class {
        "KafkaException" => "cimpl.KafkaException",
        other => other,
    }
}

/// A `confluent_kafka.KafkaError`: librdkafka's error name (`rd_kafka_err2name`), code and text
/// (`rd_kafka_err2str`, or a richer message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KafkaError<'a> {
    pub name: &'a str,
    pub code: i32,
    pub text: &'a str,
    pub fatal: bool,
}

impl KafkaError<'static> {
    /// A librdkafka error as Python receives it: with its own text (`rd_kafka_err2str`).
    pub fn of(error: wire::KafkaError) -> Self {
        KafkaError {
            name: error.name(),
            code: error.code(),
            text: error.description(),
            fatal: false,
        }
    }
}

impl<'a> KafkaError<'a> {
    /// A client's error (the model's), named `name` (its kind's name).
    pub fn of_client(name: &'a str, error: &'a wire::client_error::ClientError) -> Self {
        KafkaError {
            name,
            code: error.kind.code(),
            text: &error.message,
            fatal: false,
        }
    }

    /// The same error with the text it was raised or reported with (`error_cb`'s reason,
    /// "Unable to produce message: ...").
    pub fn with_text(self, text: &'a str) -> KafkaError<'a> {
        KafkaError { text, ..self }
    }
}

/// `_UNKNOWN_TOPIC`: `produce()` to a topic the cluster does not have (librdkafka src/rdkafka.h
/// -188; `rd_kafka_err2str`).
pub const UNKNOWN_TOPIC: KafkaError<'static> = KafkaError {
    name: "_UNKNOWN_TOPIC",
    code: -188,
    text: "Local: Unknown topic",
    fatal: false,
};

/// `_UNKNOWN_PARTITION`: `produce(partition=N)` to a partition the topic does not have
/// (librdkafka src/rdkafka.h -190; `rd_kafka_err2str`).
pub const UNKNOWN_PARTITION: KafkaError<'static> = KafkaError {
    name: "_UNKNOWN_PARTITION",
    code: -190,
    text: "Local: Unknown partition",
    fatal: false,
};

/// `_NO_OFFSET`: an offset-less `commit()` found no stored offset newer than the committed one
/// (librdkafka `rd_kafka_cgrp_offsets_commit`; codes and texts from `rdkafka.h`, `rdkafka.c`).
pub const NO_OFFSET: KafkaError<'static> = KafkaError {
    name: "_NO_OFFSET",
    code: -168,
    text: "Local: No offset stored",
    fatal: false,
};

/// `REBALANCE_IN_PROGRESS`: the broker refused a commit while the group rebalances.
pub const REBALANCE_IN_PROGRESS: KafkaError<'static> = KafkaError {
    name: "REBALANCE_IN_PROGRESS",
    code: 27,
    text: "Broker: Group rebalance in progress",
    fatal: false,
};

/// `_ASSIGNMENT_LOST`: a commit of the current assignment after it was lost (for example after
/// `max.poll.interval.ms` was exceeded).
pub const ASSIGNMENT_LOST: KafkaError<'static> = KafkaError {
    name: "_ASSIGNMENT_LOST",
    code: -142,
    text: "Local: Group partition assignment lost",
    fatal: false,
};

/// `_MSG_TIMED_OUT`: a message not delivered within `message.timeout.ms`.
pub const MSG_TIMED_OUT: KafkaError<'static> = KafkaError {
    name: "_MSG_TIMED_OUT",
    code: -192,
    text: "Local: Message timed out",
    fatal: false,
};

/// `_TRANSPORT`: a broker connection failed (reported through `error_cb`).
pub const TRANSPORT: KafkaError<'static> = KafkaError {
    name: "_TRANSPORT",
    code: -195,
    text: "Local: Broker transport failure",
    fatal: false,
};

/// Python's `str(err)`: `KafkaError{code=%s,val=%d,str="%s"}`, with `FATAL,` first for a fatal
/// error (confluent_kafka.c `KafkaError_str0`, which KafkaError uses for both `str` and `repr`).
impl fmt::Display for KafkaError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fatal = if self.fatal { "FATAL," } else { "" };
        write!(
            f,
            "KafkaError{{{fatal}code={},val={},str=\"{}\"}}",
            self.name, self.code, self.text
        )
    }
}

/// Python's `str(err)` of a librdkafka error reported with its own text.
impl fmt::Display for wire::KafkaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        KafkaError::of(*self).fmt(f)
    }
}

/// Python's `str(err)` of a client's error: its name and code, with its message.
impl fmt::Display for wire::client_error::ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        KafkaError::of_client(&self.kind.name(), self).fmt(f)
    }
}

/// A `confluent_kafka.TopicPartition` as a commit callback receives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionOffset<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
    pub leader_epoch: Option<i32>,
    pub error: Option<KafkaError<'a>>,
}

/// Python's `repr(tp)`:
/// `TopicPartition{topic=%s,partition=%d,offset=%s,leader_epoch=%s,error=%s}`, `None` for a
/// missing leader epoch or error (confluent_kafka.c `TopicPartition_str0`).
impl fmt::Display for PartitionOffset<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let epoch = self.leader_epoch.map(|epoch| epoch.to_string());
        let error = self.error.map(|error| error.to_string());
        let (epoch, error) = (py_str(epoch.as_deref()), py_str(error.as_deref()));
        write!(
            f,
            "TopicPartition{{topic={},partition={},offset={},leader_epoch={epoch},error={error}}}",
            self.topic, self.partition, self.offset
        )
    }
}

/// Python's `str(list)`: the `repr` of each item, joined by `, ` inside brackets.
pub fn py_list(items: &[PartitionOffset]) -> String {
    let items: Vec<String> = items.iter().map(PartitionOffset::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// `str()` of the `UnicodeDecodeError` that `data.decode()` (UTF-8) raises, `error` being
/// Rust's account of the same bytes: one byte in hex or a range of positions, and why (a
/// byte that cannot start a sequence, a sequence cut by a byte that cannot continue it, or by
/// the end of the data). Source: CPython Objects/exceptions.c `UnicodeDecodeError_str`,
/// Objects/unicodeobject.c `unicode_decode_utf8`.
pub fn utf8_decode_error(data: &[u8], error: std::str::Utf8Error) -> String {
    let start = error.valid_up_to();
    let (end, reason) = match error.error_len() {
        None => (data.len(), "unexpected end of data"),
        Some(_) if matches!(data[start], 0x80..=0xC1 | 0xF5..=0xFF) => {
            (start + 1, "invalid start byte")
        }
        Some(len) => (start + len, "invalid continuation byte"),
    };
    let what = if end == start + 1 {
        format!("byte 0x{:02x} in position {start}", data[start])
    } else {
        format!("bytes in position {start}-{}", end - 1)
    };
    format!("'utf-8' codec can't decode {what}: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each as Python 3.11 prints it (`b.decode()` in a `try`, `print(e)`).
    #[test]
    fn utf8_decode_errors_read_as_python_prints_them() {
        let cases: [(&[u8], &str); 7] = [
            (b"ab\xff\xfe", "byte 0xff in position 2: invalid start byte"),
            (b"\xe4\xb8", "bytes in position 0-1: unexpected end of data"),
            (b"\xe4", "byte 0xe4 in position 0: unexpected end of data"),
            (
                b"\xe4\xb8A",
                "bytes in position 0-1: invalid continuation byte",
            ),
            (
                b"\xc3A",
                "byte 0xc3 in position 0: invalid continuation byte",
            ),
            (
                b"x\xed\xa0\x80",
                "byte 0xed in position 1: invalid continuation byte",
            ),
            (
                b"\xf0\x9f\x98",
                "bytes in position 0-2: unexpected end of data",
            ),
        ];
        for (data, said) in cases {
            let error = std::str::from_utf8(data).unwrap_err();
            assert_eq!(
                utf8_decode_error(data, error),
                format!("'utf-8' codec can't decode {said}")
            );
        }
    }

    #[test]
    fn push_decimal_writes_as_str_does() {
        let ns = [0, 7, 9, 10, 99, 100, 101, 999, 1_000, 1_234_567, 12_345_678];
        for n in ns.into_iter().chain([10_000_000_000_000_000_000, u64::MAX]) {
            let mut line = b"msg_".to_vec();
            push_decimal(&mut line, n);
            assert_eq!(line, format!("msg_{n}").as_bytes());
        }
    }

    #[test]
    fn try_decode_utf8_turns_empty_into_none() {
        assert_eq!(try_decode_utf8(Some(b"")), None);
        assert_eq!(try_decode_utf8(None), None);
        assert_eq!(try_decode_utf8(Some(b"41")).as_deref(), Some("41"));
    }

    #[test]
    fn a_negative_offset_is_none() {
        assert_eq!(py_offset(-1001), "None");
        assert_eq!(py_offset(7), "7");
    }

    #[test]
    fn kafka_error_prints_as_confluent_kafka_does() {
        assert_eq!(
            NO_OFFSET.to_string(),
            "KafkaError{code=_NO_OFFSET,val=-168,str=\"Local: No offset stored\"}"
        );
        let fatal = KafkaError {
            fatal: true,
            ..TRANSPORT
        };
        assert_eq!(
            fatal.to_string(),
            "KafkaError{FATAL,code=_TRANSPORT,val=-195,str=\"Local: Broker transport failure\"}"
        );
    }
}
