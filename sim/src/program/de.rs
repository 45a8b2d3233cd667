//! Reading a scenario file (issue 15): its structs, its programs' statements (`{"poll":
//! {"line": 3, "timeout_ms": 1000}}`) and a timeline entry's command ([`from_values`]), each a
//! table of names and field types ([`Spec`]) read by one map visitor, in place of serde's
//! derive, which wrote a visitor per type (the consumer's statements alone were 87 KB of the
//! playground's wasm). The JSON path of an error is tracked here too ([`At`]), in place of
//! serde_path_to_error, whose generic wrapper doubled every reader it wrapped.
//!
//! The errors are the derive's, at the same place in the file and with serde_path_to_error's
//! path: serde's messages for an unknown name or field, a missing or repeated field, and the
//! value's own for a wrong type. A struct may also be written as a JSON array of its fields in
//! declared order, as the derive reads it; a statement may not (the README never documented it).

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use std::cell::Cell;
use std::fmt;

mod read;

pub(crate) use read::read_by_deserialize;
pub use read::{At, Either, Read, read, text_key, value};

/// A field type of a table: how a field is read, into one enum of values.
pub trait Kind: Copy + 'static {
    type Value;

    fn read<'de, D: Deserializer<'de>>(self, d: D, at: &At) -> Result<Self::Value, D::Error>;
}

/// A field's type out of the table's value enum (`None`: another type's value).
pub trait FromValue<V>: Sized {
    fn from_value(value: V) -> Option<Self>;
}

/// The field types of a table, `Name: type`: defines `Kind` (the names) and `Value` (their
/// values) in the calling module.
macro_rules! kinds {
    ($($kind:ident: $t:ty),* $(,)?) => {
        #[derive(Clone, Copy)]
        enum Kind {
            $($kind),*
        }

        enum Value {
            $($kind($t)),*
        }

        impl $crate::program::de::Kind for Kind {
            type Value = Value;

            fn read<'de, D: serde::Deserializer<'de>>(
                self,
                d: D,
                at: &$crate::program::de::At,
            ) -> Result<Value, D::Error> {
                Ok(match self {
                    $(Kind::$kind => Value::$kind(<$t as $crate::program::de::Read>::read(d, at)?)),*
                })
            }
        }

        $(impl $crate::program::de::FromValue<Value> for $t {
            fn from_value(value: Value) -> Option<Self> {
                match value {
                    Value::$kind(v) => Some(v),
                    _ => None,
                }
            }
        })*
    };
}

pub(crate) use kinds;

/// `Read` for structs of `Spec` tables (`Type: SPEC`) that refuse unknown fields.
macro_rules! read_structs {
    ($($t:ty: $spec:expr),* $(,)?) => {
        $(impl $crate::program::de::Read for $t {
            fn read<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
                at: &$crate::program::de::At,
            ) -> Result<Self, D::Error> {
                $crate::program::de::read_struct(deserializer, at, &$spec, false)
            }
        })*
    };
}

pub(crate) use read_structs;

/// A struct, a statement or a variant: its name (a statement's in the file), its fields' names
/// and types in declared order, and how it is made of them (`Err`: the name of a missing
/// field).
pub struct Spec<K: Kind, S> {
    pub name: &'static str,
    pub fields: &'static [&'static str],
    pub kinds: &'static [K],
    pub build: fn(&mut Fields<K::Value>) -> Result<S, &'static str>,
}

/// A [`Spec`], written in one line of a table.
pub const fn spec<K: Kind, S>(
    name: &'static str,
    fields: &'static [&'static str],
    kinds: &'static [K],
    build: fn(&mut Fields<K::Value>) -> Result<S, &'static str>,
) -> Spec<K, S> {
    Spec {
        name,
        fields,
        kinds,
        build,
    }
}

/// The fields of a newtype variant's [`Spec`] (`{"broker": 1}`): one, never missing.
pub const NEWTYPE: &[&str] = &["0"];

/// A struct's or a statement's fields as read, taken in their declared order.
pub struct Fields<V> {
    names: &'static [&'static str],
    values: Vec<Option<V>>,
    next: usize,
}

impl<V> Fields<V> {
    fn of(names: &'static [&'static str]) -> Self {
        Fields {
            names,
            values: names.iter().map(|_| None).collect(),
            next: 0,
        }
    }

    fn next(&mut self) -> (Option<V>, &'static str) {
        self.next += 1;
        (self.values[self.next - 1].take(), self.names[self.next - 1])
    }

    /// The next field; `Err(name)`: it is missing.
    pub fn get<T: FromValue<V>>(&mut self) -> Result<T, &'static str> {
        let (value, name) = self.next();
        value.and_then(T::from_value).ok_or(name)
    }

    /// The next field, an `Option` (missing or `null`: `None`).
    pub fn opt<T>(&mut self) -> Option<T>
    where
        Option<T>: FromValue<V>,
    {
        self.or(None)
    }

    /// The next field, `default` when it is missing (`#[serde(default = ...)]`).
    pub fn or<T: FromValue<V>>(&mut self, default: T) -> T {
        self.next().0.and_then(T::from_value).unwrap_or(default)
    }

    /// The next field, its type's default when it is missing (`#[serde(default)]`).
    pub fn or_default<T: FromValue<V> + Default>(&mut self) -> T {
        self.or(T::default())
    }
}

/// The names of a table's entries, for serde's "unknown variant" message.
pub const fn names<K: Kind, S, const N: usize>(specs: &[Spec<K, S>]) -> [&'static str; N] {
    let mut names = [""; N];
    let mut i = 0;
    while i < N {
        names[i] = specs[i].name;
        i += 1;
    }
    names
}

/// Reads a struct of `spec` (`{"field": value}` or `[value, ...]`); `ignore`: unknown fields
/// are skipped, not refused (serde's default, without `deny_unknown_fields`).
pub fn read_struct<'de, D: Deserializer<'de>, K: Kind, S>(
    deserializer: D,
    at: &At,
    spec: &'static Spec<K, S>,
    ignore: bool,
) -> Result<S, D::Error> {
    made(spec, |build| {
        let visitor = FieldsVisitor::new(at, spec, Of::Struct { ignore }, build);
        deserializer.deserialize_struct(spec.name, spec.fields, visitor)
    })
}

/// `spec`'s value, made by `build` when `read` has read its fields: inside the visitor, where
/// the derive raised its error for a missing field (serde_json gives it the place where the
/// visitor stopped). The visitor is compiled once per table of kinds, not once per struct.
fn made<K: Kind, S, E>(
    spec: &'static Spec<K, S>,
    read: impl FnOnce(&mut Build<K::Value>) -> Result<(), E>,
) -> Result<S, E> {
    let mut made = None;
    read(&mut |fields| (spec.build)(fields).map(|value| made = Some(value)))?;
    Ok(made.expect("a visitor that returned Ok built its value"))
}

/// A [`Spec`]'s `build`, its value kept by the caller.
type Build<'a, V> = dyn FnMut(&mut Fields<V>) -> Result<(), &'static str> + 'a;

/// Reads a variant of `specs` (named `names`; the enum's Rust type is `ty`, for the messages):
/// a statement `{"name": {fields}}` (`newtype`: a variant `{"name": value}`).
pub fn read_enum<'de, D: Deserializer<'de>, K: Kind, S>(
    deserializer: D,
    at: &At,
    ty: &'static str,
    specs: &'static [Spec<K, S>],
    names: &'static [&'static str],
    newtype: bool,
) -> Result<S, D::Error> {
    let visitor = EnumVisitor {
        at,
        ty,
        specs,
        names,
        newtype,
    };
    deserializer.deserialize_enum(ty, names, visitor)
}

/// Reads a unit variant of `names` (`"stderr"`; the enum's Rust type is `ty`): its index.
pub fn read_unit<'de, D: Deserializer<'de>>(
    deserializer: D,
    at: &At,
    ty: &'static str,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    struct UnitVisitor<'a> {
        at: &'a At<'a>,
        ty: &'static str,
        names: &'static [&'static str],
    }

    impl<'de> Visitor<'de> for UnitVisitor<'_> {
        type Value = usize;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "enum {}", self.ty)
        }

        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
            let (i, variant) = variant(data, self.names)?;
            let at = self.at.key(self.names[i]);
            variant.unit_variant().map_err(|e| at.fail(e))?;
            Ok(i)
        }
    }

    let visitor = UnitVisitor { at, ty, names };
    deserializer.deserialize_enum(ty, names, visitor)
}

/// `{"name": {fields}}` or `{"name": value}`.
struct EnumVisitor<'a, K: Kind, S: 'static> {
    at: &'a At<'a>,
    ty: &'static str,
    specs: &'static [Spec<K, S>],
    names: &'static [&'static str],
    newtype: bool,
}

impl<'de, K: Kind, S> Visitor<'de> for EnumVisitor<'_, K, S> {
    type Value = S;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "enum {}", self.ty)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<S, A::Error> {
        let (i, variant) = variant(data, self.names)?;
        let spec = &self.specs[i];
        let at = self.at.key(spec.name);
        made(spec, |build| {
            let visitor = FieldsVisitor::new(&at, spec, Of::Variant(self.ty), build);
            if self.newtype {
                variant.newtype_variant_seed(visitor)
            } else {
                variant.struct_variant(spec.fields, visitor)
            }
            .map_err(|e| at.fail(e))
        })
    }
}

/// A variant's or a field's name, read as its index in `names`; a field's `Err`: an unknown
/// one that is skipped.
#[derive(Clone, Copy)]
struct Name<'a> {
    names: &'static [&'static str],
    /// A field's: where its struct is (an unknown field's error is at its name).
    field: Option<&'a At<'a>>,
    ignore: bool,
}

impl Name<'_> {
    fn variant(names: &'static [&'static str]) -> Self {
        Name {
            names,
            field: None,
            ignore: false,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Name<'_> {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Name<'_> {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.field {
            Some(_) => "field identifier",
            None => "variant identifier",
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match (self.names.iter().position(|name| *name == v), self.field) {
            (Some(i), _) => Ok(Ok(i)),
            (None, None) => Err(E::unknown_variant(v, self.names)),
            (None, Some(_)) if self.ignore => Ok(Err(v.into())),
            (None, Some(at)) => Err(at.key(v).fail(E::unknown_field(v, self.names))),
        }
    }
}

/// A variant's index in `names` (an unknown one is an error, never skipped).
fn variant<'de, A: EnumAccess<'de>>(
    data: A,
    names: &'static [&'static str],
) -> Result<(usize, A::Variant), A::Error> {
    let (i, variant) = data.variant_seed(Name::variant(names))?;
    Ok((i.unwrap_or_default(), variant))
}

/// A field's value at `at`, read as its [`Kind`] says.
struct KindSeed<'a, K>(At<'a>, K);

impl<'de, K: Kind> DeserializeSeed<'de> for KindSeed<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        self.1
            .read(deserializer, &self.0)
            .map_err(|e| self.0.fail(e))
    }
}

/// What a [`Spec`] stands for, for the messages.
#[derive(Clone, Copy)]
enum Of {
    /// A struct; `ignore`: unknown fields are skipped.
    Struct { ignore: bool },
    /// A variant of this enum.
    Variant(&'static str),
}

/// A struct's or a statement's `{fields}` (or a newtype variant's value), made by `build`.
struct FieldsVisitor<'a, 'b, K: Kind> {
    at: &'a At<'a>,
    name: &'static str,
    fields: &'static [&'static str],
    kinds: &'static [K],
    of: Of,
    build: &'b mut Build<'b, K::Value>,
}

impl<'a, 'b, K: Kind> FieldsVisitor<'a, 'b, K> {
    fn new<S>(
        at: &'a At<'a>,
        spec: &'static Spec<K, S>,
        of: Of,
        build: &'b mut Build<'b, K::Value>,
    ) -> Self {
        FieldsVisitor {
            at,
            name: spec.name,
            fields: spec.fields,
            kinds: spec.kinds,
            of,
            build,
        }
    }
}

impl<'de, K: Kind> Visitor<'de> for FieldsVisitor<'_, '_, K> {
    type Value = ();

    /// The derive's words: `struct File`, `struct variant Stmt::PollRecords`.
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let Of::Variant(ty) = self.of else {
            return write!(f, "struct {}", self.name);
        };
        write!(f, "struct variant {ty}::")?;
        for word in self.name.split('_') {
            let (first, rest) = word.split_at(1);
            write!(f, "{}{rest}", first.to_ascii_uppercase())?;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut fields = Fields::of(self.fields);
        let names = Name {
            names: self.fields,
            field: Some(self.at),
            ignore: matches!(self.of, Of::Struct { ignore: true }),
        };
        let unknown = self.at.unknown();
        while let Some(name) = map.next_key_seed(names).map_err(|e| unknown.fail(e))? {
            let i = match name {
                Ok(i) => i,
                Err(other) => {
                    value::<Skip, _>(&mut map, self.at, &other)?;
                    continue;
                }
            };
            if fields.values[i].is_some() {
                return Err(de::Error::duplicate_field(self.fields[i]));
            }
            let at = self.at.key(self.fields[i]);
            fields.values[i] = Some(map.next_value_seed(KindSeed(at, self.kinds[i]))?);
        }
        (self.build)(&mut fields).map_err(de::Error::missing_field)
    }

    /// A struct's fields in declared order, as the derive reads them.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Of::Variant(_) = self.of {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        let mut fields = Fields::of(self.fields);
        for (i, kind) in self.kinds.iter().enumerate() {
            let at = self.at.index(i);
            match seq.next_element_seed(KindSeed(at, *kind))? {
                Some(value) => fields.values[i] = Some(value),
                None => break,
            }
        }
        (self.build)(&mut fields).map_err(|missing| {
            let n = self.fields.len();
            let i = self.fields.iter().position(|f| *f == missing);
            let expected = match n {
                1 => format!("struct {} with 1 element", self.name),
                _ => format!("struct {} with {n} elements", self.name),
            };
            de::Error::invalid_length(i.unwrap_or_default(), &expected.as_str())
        })
    }
}

/// A newtype variant's value.
impl<'de, K: Kind> DeserializeSeed<'de> for FieldsVisitor<'_, '_, K> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut fields = Fields::of(self.fields);
        fields.values[0] = Some(self.kinds[0].read(deserializer, self.at)?);
        (self.build)(&mut fields).map_err(de::Error::missing_field)
    }
}

/// An unknown field's value, skipped as serde skips it.
struct Skip;

impl Read for Skip {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, _: &At) -> Result<Self, D::Error> {
        <IgnoredAny as serde::Deserialize>::deserialize(deserializer).map(|_| Skip)
    }
}

/// A statement whose fields are parsed already, in their order in the file: a timeline
/// entry's command, named by its `command` field (`{"command": "crash_broker", "broker":
/// 1}`), which serde's derive read by buffering the entry too.
pub fn from_values<K: Kind, S>(
    specs: &'static [Spec<K, S>],
    names: &'static [&'static str],
    name: serde_json::Value,
    values: impl IntoIterator<Item = (String, serde_json::Value)>,
) -> Result<S, FromValuesError> {
    let variant = Name::variant(names);
    let i = variant.deserialize(name).map_err(FromValuesError::Name)?;
    let spec = &specs[i.unwrap_or_default()];
    let mut fields = Fields::of(spec.fields);
    let error = Cell::new(None);
    let at = At::root("", &error);
    for (name, value) in values {
        let i = spec
            .fields
            .iter()
            .position(|field| *field == name)
            .ok_or_else(|| de::Error::unknown_field(&name, spec.fields))
            .map_err(FromValuesError::Fields)?;
        let value = spec.kinds[i].read(value, &at);
        fields.values[i] = Some(value.map_err(FromValuesError::Fields)?);
    }
    (spec.build)(&mut fields)
        .map_err(de::Error::missing_field)
        .map_err(FromValuesError::Fields)
}

/// What is wrong in [`from_values`]: the statement's name, or its fields.
#[derive(Debug)]
pub enum FromValuesError {
    Name(serde_json::Error),
    Fields(serde_json::Error),
}

/// Reads a `T` from JSON text, for tests.
#[cfg(test)]
pub fn from_str<T: Read>(json: &str) -> Result<T, String> {
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    read(deserializer, "").map_err(|(path, e)| match path.as_str() {
        "" => e.to_string(),
        _ => format!("{path}: {e}"),
    })
}

/// The variant name a statement's spec stands for (`poll_records`: `PollRecords`), for tests
/// that check a table against its enum's `Debug`.
#[cfg(test)]
pub fn variant_name<K: Kind, S>(spec: &'static Spec<K, S>) -> String {
    struct Expecting<'a, 'b, K: Kind>(FieldsVisitor<'a, 'b, K>);

    impl<K: Kind> fmt::Display for Expecting<'_, '_, K> {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            Visitor::expecting(&self.0, f)
        }
    }

    let error = Cell::new(None);
    let at = At::root("", &error);
    let build = &mut |_: &mut Fields<K::Value>| Ok(());
    Expecting(FieldsVisitor::new(&at, spec, Of::Variant(""), build))
        .to_string()
        .replace("struct variant ::", "")
}

/// For a table's test: each statement of `specs` read from `{"name": {fields}}`, every field
/// given the JSON `sample` says for its kind; checked to be the statement's own variant with
/// every field taken (a field read as the wrong kind would leave an `Option` `None`).
#[cfg(test)]
pub fn read_every_statement<K: Kind, S: fmt::Debug + Read>(
    specs: &'static [Spec<K, S>],
    sample: impl Fn(K) -> &'static str,
) -> Vec<S> {
    let read = |spec: &'static Spec<K, S>| {
        assert_eq!(spec.fields.len(), spec.kinds.len(), "{}", spec.name);
        let fields: Vec<String> = (spec.fields.iter().zip(spec.kinds))
            .map(|(name, kind)| format!("\"{name}\": {}", sample(*kind)))
            .collect();
        let json = format!("{{\"{}\": {{{}}}}}", spec.name, fields.join(", "));
        let stmt: S = from_str(&json).expect(&json);
        let debug = format!("{stmt:?}");
        assert!(
            debug.starts_with(&format!("{} {{", variant_name(spec))),
            "{debug}"
        );
        assert!(!debug.contains("None"), "{debug}");
        stmt
    };
    specs.iter().map(read).collect()
}
