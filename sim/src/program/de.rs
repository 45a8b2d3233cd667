//! Reading a program's statements from a scenario file, `{"poll": {"line": 3, "timeout_ms":
//! 1000}}` (and a timeline entry's command, [`from_values`]), with a table of the statements'
//! names and fields ([`Spec`]) and one map visitor, in place of serde's derive, which wrote a
//! visitor per statement (the consumer's alone was 87 KB of the playground's wasm, issue 15).
//! The errors are the derive's, at the same place in the file: serde's messages for an unknown
//! statement or field, a missing or repeated field, and the value's own for a wrong type. (The
//! derive also took a statement's fields as a JSON array in their declared order, which the
//! README does not document; that is an error now.)

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, VariantAccess, Visitor,
};
use std::fmt;

/// A field type of a statement table: how a field is read, into one enum of values.
pub trait Kind: Copy + 'static {
    type Value;

    fn read<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error>;
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

            fn read<'de, D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                Ok(match self {
                    $(Kind::$kind => Value::$kind(<$t as serde::Deserialize>::deserialize(d)?)),*
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

/// A statement: its name in the file, its fields' names and types in declared order, and how
/// it is made of them (`Err`: the name of a missing field).
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

/// A statement's fields as read, taken in their declared order.
pub struct Fields<V> {
    names: &'static [&'static str],
    values: Vec<Option<V>>,
    next: usize,
}

impl<V> Fields<V> {
    fn of<K: Kind<Value = V>, S>(spec: &Spec<K, S>) -> Self {
        Fields {
            names: spec.fields,
            values: spec.fields.iter().map(|_| None).collect(),
            next: 0,
        }
    }

    /// The statement, or serde's error for the first of its fields that is missing.
    fn build<K: Kind<Value = V>, S, E: de::Error>(mut self, spec: &Spec<K, S>) -> Result<S, E> {
        (spec.build)(&mut self).map_err(E::missing_field)
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
        self.next().0.and_then(<Option<T>>::from_value).flatten()
    }

    /// The next field, its type's default when it is missing (`#[serde(default)]`).
    pub fn or_default<T: FromValue<V> + Default>(&mut self) -> T {
        self.next().0.and_then(T::from_value).unwrap_or_default()
    }
}

/// The statements' names, for serde's "unknown variant" message.
pub const fn names<K: Kind, S, const N: usize>(specs: &[Spec<K, S>]) -> [&'static str; N] {
    let mut names = [""; N];
    let mut i = 0;
    while i < N {
        names[i] = specs[i].name;
        i += 1;
    }
    names
}

/// Reads a statement of `specs` (named `names`; the Rust type is `ty`, for the messages).
pub fn deserialize<'de, D: Deserializer<'de>, K: Kind, S>(
    deserializer: D,
    ty: &'static str,
    specs: &'static [Spec<K, S>],
    names: &'static [&'static str],
) -> Result<S, D::Error> {
    let visitor = StmtVisitor { ty, specs, names };
    deserializer.deserialize_enum(ty, names, visitor)
}

/// `{"name": {fields}}`.
struct StmtVisitor<K: Kind, S: 'static> {
    ty: &'static str,
    specs: &'static [Spec<K, S>],
    names: &'static [&'static str],
}

impl<'de, K: Kind, S> Visitor<'de> for StmtVisitor<K, S> {
    type Value = S;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "enum {}", self.ty)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<S, A::Error> {
        let (i, variant) = data.variant_seed(Name {
            names: self.names,
            variant: true,
        })?;
        let spec = &self.specs[i];
        variant.struct_variant(spec.fields, FieldsVisitor { ty: self.ty, spec })
    }
}

/// A statement's or a field's name, read as its index in `names`.
#[derive(Clone, Copy)]
struct Name {
    names: &'static [&'static str],
    variant: bool,
}

impl<'de> DeserializeSeed<'de> for Name {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Name {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.variant {
            "variant identifier"
        } else {
            "field identifier"
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        match self.names.iter().position(|name| *name == v) {
            Some(i) => Ok(i),
            None if self.variant => Err(E::unknown_variant(v, self.names)),
            None => Err(E::unknown_field(v, self.names)),
        }
    }
}

/// A field's value, read as its [`Kind`] says.
struct Read<K>(K);

impl<'de, K: Kind> DeserializeSeed<'de> for Read<K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        self.0.read(deserializer)
    }
}

/// A statement's `{fields}`.
struct FieldsVisitor<K: Kind, S: 'static> {
    ty: &'static str,
    spec: &'static Spec<K, S>,
}

impl<'de, K: Kind, S> Visitor<'de> for FieldsVisitor<K, S> {
    type Value = S;

    /// The derive's words: `struct variant Stmt::PollRecords`.
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct variant {}::", self.ty)?;
        for word in self.spec.name.split('_') {
            let (first, rest) = word.split_at(1);
            write!(f, "{}{rest}", first.to_ascii_uppercase())?;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S, A::Error> {
        let spec = self.spec;
        let mut fields = Fields::of(spec);
        let names = Name {
            names: spec.fields,
            variant: false,
        };
        while let Some(i) = map.next_key_seed(names)? {
            if fields.values[i].is_some() {
                return Err(de::Error::duplicate_field(spec.fields[i]));
            }
            fields.values[i] = Some(map.next_value_seed(Read(spec.kinds[i]))?);
        }
        fields.build(spec)
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
    let variant = Name {
        names,
        variant: true,
    };
    let spec = &specs[variant.deserialize(name).map_err(FromValuesError::Name)?];
    let mut fields = Fields::of(spec);
    for (name, value) in values {
        let i = spec
            .fields
            .iter()
            .position(|field| *field == name)
            .ok_or_else(|| de::Error::unknown_field(&name, spec.fields))
            .map_err(FromValuesError::Fields)?;
        fields.values[i] = Some(spec.kinds[i].read(value).map_err(FromValuesError::Fields)?);
    }
    fields.build(spec).map_err(FromValuesError::Fields)
}

/// What is wrong in [`from_values`]: the statement's name, or its fields.
#[derive(Debug)]
pub enum FromValuesError {
    Name(serde_json::Error),
    Fields(serde_json::Error),
}

/// The variant name a statement's spec stands for (`poll_records`: `PollRecords`), for tests
/// that check a table against its enum's `Debug`.
#[cfg(test)]
pub fn variant_name<K: Kind, S>(spec: &'static Spec<K, S>) -> String {
    struct Expecting<K: Kind, S: 'static>(FieldsVisitor<K, S>);

    impl<K: Kind, S> fmt::Display for Expecting<K, S> {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            Visitor::expecting(&self.0, f)
        }
    }

    Expecting(FieldsVisitor { ty: "", spec })
        .to_string()
        .replace("struct variant ::", "")
}

/// For a table's test: each statement of `specs` read from `{"name": {fields}}`, every field
/// given the JSON `sample` says for its kind; checked to be the statement's own variant with
/// every field taken (a field read as the wrong kind would leave an `Option` `None`).
#[cfg(test)]
pub fn read_every_statement<K: Kind, S: fmt::Debug + serde::de::DeserializeOwned>(
    specs: &'static [Spec<K, S>],
    sample: impl Fn(K) -> &'static str,
) -> Vec<S> {
    let read = |spec: &'static Spec<K, S>| {
        assert_eq!(spec.fields.len(), spec.kinds.len(), "{}", spec.name);
        let fields: Vec<String> = (spec.fields.iter().zip(spec.kinds))
            .map(|(name, kind)| format!("\"{name}\": {}", sample(*kind)))
            .collect();
        let json = format!("{{\"{}\": {{{}}}}}", spec.name, fields.join(", "));
        let stmt: S = serde_json::from_str(&json).expect(&json);
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
