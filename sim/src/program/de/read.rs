//! Reading a scenario file's values with the JSON path of an error: [`At`], in place of
//! serde_path_to_error (its path, `producers[0].program[2].poll.timeout_ms`, and its rule: an
//! error is at the innermost value it went through), and [`Read`], serde's `Deserialize` with
//! an `At`, for the std and JSON types of the file.

use crate::collect::VecMap;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::Cell;
use std::fmt::{self, Write as _};
use std::marker::PhantomData;

/// Where a value is in the file: a chain of keys and indices up to the root, kept on the
/// stack while the value is read, written out only for an error.
#[derive(Clone, Copy)]
pub struct At<'a> {
    parent: Option<&'a At<'a>>,
    segment: Segment<'a>,
    /// The path of the first error, the innermost value's that it went through.
    error: &'a Cell<Option<String>>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    /// A key, a field's or a variant's name (the root's: the path the value is at).
    Key(&'a str),
    Index(usize),
    /// A key that could not be read.
    Unknown,
}

impl<'a> At<'a> {
    /// The root of a value at `path` (empty: a whole file); `error` takes the first error's.
    pub(super) fn root(path: &'a str, error: &'a Cell<Option<String>>) -> Self {
        At {
            parent: None,
            segment: Segment::Key(path),
            error,
        }
    }

    fn child(&'a self, segment: Segment<'a>) -> At<'a> {
        At {
            parent: Some(self),
            segment,
            error: self.error,
        }
    }

    pub(super) fn key(&'a self, key: &'a str) -> At<'a> {
        self.child(Segment::Key(key))
    }

    pub(super) fn index(&'a self, index: usize) -> At<'a> {
        self.child(Segment::Index(index))
    }

    /// A key that could not be read.
    pub(super) fn unknown(&'a self) -> At<'a> {
        self.child(Segment::Unknown)
    }

    /// Notes `error` as this value's, unless a value inside it had it first.
    pub(super) fn fail<E>(&self, error: E) -> E {
        let path = self.error.take().unwrap_or_else(|| self.path());
        self.error.set(Some(path));
        error
    }

    fn path(&self) -> String {
        let mut path = String::new();
        self.write(&mut path);
        path
    }

    /// Writes the path; whether it has a segment yet (the next one goes after a `.`).
    fn write(&self, path: &mut String) -> bool {
        let Some(parent) = self.parent else {
            let Segment::Key(root) = self.segment else {
                unreachable!("a root is a key")
            };
            path.push_str(root);
            return !root.is_empty();
        };
        let dot = parent.write(path);
        match self.segment {
            Segment::Index(i) => {
                let _ = write!(path, "[{i}]");
            }
            Segment::Key(key) => {
                if dot {
                    path.push('.');
                }
                path.push_str(key);
            }
            Segment::Unknown => path.push_str(if dot { ".?" } else { "?" }),
        }
        true
    }
}

/// Reads a `T` at `root` (a path, or empty for a whole file); an error comes with the path of
/// the value that is wrong.
pub fn read<'de, T: Read, D: Deserializer<'de>>(
    deserializer: D,
    root: &str,
) -> Result<T, (String, D::Error)> {
    let error = Cell::new(None);
    let at = At::root(root, &error);
    T::read(deserializer, &at).map_err(|e| {
        at.fail(());
        (error.take().unwrap_or_default(), e)
    })
}

/// A type of a scenario file, read with the path of its values tracked (serde's `Deserialize`
/// with an [`At`]).
pub trait Read: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error>;
}

/// `Read` for types whose values hold no other (numbers, text): serde's own `Deserialize`.
macro_rules! read_by_deserialize {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::program::de::Read for $t {
            fn read<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
                _: &$crate::program::de::At,
            ) -> Result<Self, D::Error> {
                <$t as serde::Deserialize>::deserialize(deserializer)
            }
        })*
    };
}

pub(crate) use read_by_deserialize;

read_by_deserialize!(bool, i32, i64, u32, u64, usize, String, serde_json::Number);

/// A value at `at`: its error, if the first, names `at`.
struct Seed<'a, T>(At<'a>, PhantomData<T>);

impl<'de, T: Read> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer, &self.0).map_err(|e| self.0.fail(e))
    }
}

/// The next element of a sequence, at `[index]`.
fn element<'de, T: Read, A: SeqAccess<'de>>(
    seq: &mut A,
    at: &At,
    index: usize,
) -> Result<Option<T>, A::Error> {
    seq.next_element_seed(Seed(at.index(index), PhantomData))
}

/// The next key of a map, as text; an error in it is at `?`.
pub fn text_key<'de, A: MapAccess<'de>>(map: &mut A, at: &At) -> Result<Option<String>, A::Error> {
    map.next_key().map_err(|e| at.unknown().fail(e))
}

/// The value of the key just read.
pub fn value<'de, T: Read, A: MapAccess<'de>>(
    map: &mut A,
    at: &At,
    key: &str,
) -> Result<T, A::Error> {
    map.next_value_seed(Seed(at.key(key), PhantomData))
}

/// The entries of a JSON object, each value at its key.
fn entries<'de, T: Read, A: MapAccess<'de>>(
    map: &mut A,
    at: &At,
    mut insert: impl FnMut(String, T),
) -> Result<(), A::Error> {
    while let Some(key) = text_key(map, at)? {
        let value = value(map, at, &key)?;
        insert(key, value);
    }
    Ok(())
}

/// A visitor of one shape `F` into a `T`, with serde's words for what it expects.
struct Visit<'a, T, F> {
    at: &'a At<'a>,
    expecting: &'static str,
    shape: PhantomData<(T, F)>,
}

impl<'a, T, F> Visit<'a, T, F> {
    fn new(at: &'a At<'a>, expecting: &'static str) -> Self {
        Visit {
            at,
            expecting,
            shape: PhantomData,
        }
    }
}

/// `null` or a value.
struct OptionShape;
/// A JSON array.
struct SeqShape;
/// A JSON object of text keys.
struct MapShape;
/// Any JSON value.
struct AnyShape;

impl<'de, T: Read> Visitor<'de> for Visit<'_, Option<T>, OptionShape> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::read(deserializer, self.at).map(Some)
    }
}

impl<T: Read> Read for Option<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        deserializer.deserialize_option(Visit::<Self, OptionShape>::new(at, "option"))
    }
}

impl<'de, T: Read> Visitor<'de> for Visit<'_, Vec<T>, SeqShape> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = element(&mut seq, self.at, items.len())? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<T: Read> Read for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(Visit::<Self, SeqShape>::new(at, "a sequence"))
    }
}

impl<'de, A: Read, B: Read> Visitor<'de> for Visit<'_, (A, B), SeqShape> {
    type Value = (A, B);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(A, B), S::Error> {
        let short = |i| de::Error::invalid_length(i, &self);
        let a = element(&mut seq, self.at, 0)?.ok_or_else(|| short(0))?;
        let b = element(&mut seq, self.at, 1)?.ok_or_else(|| short(1))?;
        Ok((a, b))
    }
}

/// Two values in a JSON array, as serde reads a pair and a `[T; 2]` (`expecting` tells which).
fn pair<'de, A: Read, B: Read, D: Deserializer<'de>>(
    deserializer: D,
    at: &At,
    expecting: &'static str,
) -> Result<(A, B), D::Error> {
    deserializer.deserialize_tuple(2, Visit::<(A, B), SeqShape>::new(at, expecting))
}

impl<A: Read, B: Read> Read for (A, B) {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        pair(deserializer, at, "a tuple of size 2")
    }
}

impl<T: Read> Read for [T; 2] {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        pair(deserializer, at, "an array of length 2").map(|(a, b)| [a, b])
    }
}

impl<'de> Visitor<'de> for Visit<'_, Map<String, Value>, MapShape> {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = Map::new();
        entries(&mut map, self.at, |key, value| {
            object.insert(key, value);
        })?;
        Ok(object)
    }
}

impl Read for Map<String, Value> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Visit::<Self, MapShape>::new(at, "a map"))
    }
}

impl<'de, V: Read> Visitor<'de> for Visit<'_, VecMap<String, V>, MapShape> {
    type Value = VecMap<String, V>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = VecMap::new();
        entries(&mut map, self.at, |key, value| {
            items.insert(key, value);
        })?;
        Ok(items)
    }
}

/// A later equal key wins, as with `BTreeMap`.
impl<V: Read> Read for VecMap<String, V> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Visit::<Self, MapShape>::new(at, "a map"))
    }
}

impl<'de> Visitor<'de> for Visit<'_, Value, AnyShape> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        Visit::<Vec<Value>, SeqShape>::new(self.at, self.expecting)
            .visit_seq(seq)
            .map(Value::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        Visit::<Map<String, Value>, MapShape>::new(self.at, self.expecting)
            .visit_map(map)
            .map(Value::Object)
    }
}

impl Read for Value {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Visit::<Self, AnyShape>::new(at, "any valid JSON value"))
    }
}

/// A JSON value read whole, as serde's untagged enum reads it before it tries each variant:
/// a text, an object of exactly one entry, or something else.
pub enum Either {
    Text(String),
    Entry(String, Value),
    Other,
}

struct EitherShape;

impl<'de> Visitor<'de> for Visit<'_, Either, EitherShape> {
    type Value = Either;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Either, E> {
        Ok(Either::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Either, E> {
        Ok(Either::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Either, E> {
        Ok(Either::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Either, E> {
        Ok(Either::Other)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Either, E> {
        Ok(Either::Text(v.into()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Either, E> {
        Ok(Either::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Either, A::Error> {
        Visit::<Vec<Value>, SeqShape>::new(self.at, self.expecting).visit_seq(seq)?;
        Ok(Either::Other)
    }

    /// Every entry is read (a repeated key counts twice, as serde's buffer keeps both).
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Either, A::Error> {
        let mut first = None;
        let mut count = 0;
        entries(&mut map, self.at, |key, value: Value| {
            count += 1;
            first.get_or_insert((key, value));
        })?;
        Ok(match first {
            Some((key, value)) if count == 1 => Either::Entry(key, value),
            _ => Either::Other,
        })
    }
}

impl Read for Either {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        let visitor = Visit::<Self, EitherShape>::new(at, "any valid JSON value");
        deserializer.deserialize_any(visitor)
    }
}
