//! Property values as librdkafka holds them while a configuration is being set: each modelled
//! property's current value and whether the application set it (librdkafka's "modified"
//! bits, which the construction-time checks consult).

use super::Profile;
use super::cparse::{format_g, strtod, strtol_int};
use super::table::{self, Found, Kind, Other, PROPERTIES, Property};
use crate::collect::{VecMap, VecSet};

/// A parsed value.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Setting {
    Int(i32),
    Float(f64),
    Bool(bool),
    Text(String),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Settings {
    values: VecMap<&'static str, Setting>,
    modified: VecSet<&'static str>,
}

impl Settings {
    /// Every modelled property at the profile's default.
    pub fn defaults(profile: Profile) -> Self {
        // Inserted one by one: collecting into the map would sort the pairs first, with a sort
        // instantiated for this pair type alone (about 3 KB of the page's wasm).
        let mut values = VecMap::new();
        for p in PROPERTIES {
            let default = match profile {
                Profile::Librdkafka => p.librdkafka,
                Profile::Java => p.java,
                // kafka-python's clients never read this table (`config::kafka_python`).
                Profile::KafkaPython => p.librdkafka,
            };
            if let Some(text) = default
                && let Some(value) = parse(p, text).expect("defaults are valid")
            {
                values.insert(p.name, value);
            }
        }
        Settings {
            values,
            modified: VecSet::new(),
        }
    }

    /// Sets `name` to `value` (`None` is a NULL value, from Python's `None`), as
    /// `rd_kafka_conf_set` does, with its error strings.
    /// Source: librdkafka `src/rdkafka_conf.c` `rd_kafka_anyconf_set` (an empty string is
    /// NULL) and `rd_kafka_anyconf_set_prop`.
    pub fn set(&mut self, profile: Profile, name: &str, value: Option<&str>) -> Result<(), String> {
        let value = value.filter(|v| !v.is_empty());
        let property = match table::lookup(name) {
            Err(unknown) => return Err(format!("No such configuration property: \"{unknown}\"")),
            Ok(Found::Other(_, Other::Unmodelled)) => return Ok(()),
            Ok(Found::Other(name, Other::Checked(kind))) => {
                let property = Property {
                    name,
                    aliases: &[],
                    topic: false,
                    kind,
                    librdkafka: None,
                    java: None,
                };
                return match value {
                    Some(text) => parse(&property, text).map(drop),
                    None => empty(&property),
                };
            }
            Ok(Found::Other(name, Other::Pointer)) => {
                return Err(format!(
                    "Property \"{name}\" must be set through dedicated .._set_..() function"
                ));
            }
            Ok(Found::Other(name, Other::Internal)) => {
                return Err(format!("Internal property \"{name}\" not settable"));
            }
            Ok(Found::Other(_, Other::Invalid(why))) => return Err(why.to_owned()),
            Ok(Found::Modelled(property)) => property,
        };
        let parsed = match value {
            Some(text) => match parse(property, text)? {
                Some(setting) => Some(setting),
                None => return Ok(()),
            },
            None => {
                empty(property)?;
                None
            }
        };
        match parsed {
            Some(setting) => {
                self.values.insert(property.name, setting);
            }
            None => {
                // A NULL string restores the default (`rd_kafka_anyconf_set_prop0`).
                let default = Settings::defaults(profile).values.remove(property.name);
                match default {
                    Some(setting) => self.values.insert(property.name, setting),
                    None => self.values.remove(property.name),
                };
            }
        }
        self.modified.insert(property.name);
        Ok(())
    }

    /// Whether the application set the property (by any of its names).
    pub fn is_modified(&self, name: &str) -> bool {
        self.modified.contains(table::property(name).name)
    }

    fn get(&self, name: &str) -> Option<&Setting> {
        self.values.get(table::property(name).name)
    }

    /// An integer property; `None` when the profile has no such setting.
    pub fn int_opt(&self, name: &str) -> Option<i32> {
        self.get(name).map(|s| match s {
            Setting::Int(i) => *i,
            other => panic!("{name} is not an integer: {other:?}"),
        })
    }

    /// An integer property every profile has.
    pub fn int(&self, name: &str) -> i32 {
        self.int_opt(name)
            .unwrap_or_else(|| panic!("{name} has no value"))
    }

    pub fn float(&self, name: &str) -> f64 {
        match self.get(name) {
            Some(Setting::Float(x)) => *x,
            other => panic!("{name} is not a number: {other:?}"),
        }
    }

    pub fn bool_opt(&self, name: &str) -> Option<bool> {
        self.get(name).map(|s| match s {
            Setting::Bool(b) => *b,
            other => panic!("{name} is not a bool: {other:?}"),
        })
    }

    pub fn bool(&self, name: &str) -> bool {
        self.bool_opt(name)
            .unwrap_or_else(|| panic!("{name} has no value"))
    }

    /// A text property; `None` when unset.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).map(|s| match s {
            Setting::Text(t) => t.as_str(),
            other => panic!("{name} is not text: {other:?}"),
        })
    }

    /// Overrides a value, as librdkafka's construction-time checks adjust unset properties.
    pub fn adjust(&mut self, name: &str, setting: Setting) {
        self.values.insert(table::property(name).name, setting);
    }
}

/// The error for a NULL value; a plain string property accepts it (its default returns).
fn empty(p: &Property) -> Result<(), String> {
    let name = p.name;
    match p.kind {
        Kind::Text => Ok(()),
        Kind::TextOneOf(_) => Err(format!(
            "Invalid value for configuration property \"{name}\": (null)"
        )),
        Kind::Int { .. } => Err(format!(
            "Integer configuration property \"{name}\" cannot be set to empty value"
        )),
        Kind::Float { .. } => Err(format!(
            "Float configuration property \"{name}\" cannot be set to empty value"
        )),
        Kind::Bool => Err(format!(
            "Bool configuration property \"{name}\" cannot be set to empty value"
        )),
        Kind::Enum(_) => Err(format!(
            "Configuration property \"{name}\" cannot be set to empty value"
        )),
    }
}

/// Reads a non-empty value; `Ok(None)` leaves the property as it is and unmodified (an
/// all-blank value of a named-values property). The range errors end in a newline, as librdkafka's do.
/// Source: librdkafka `src/rdkafka_conf.c` `rd_kafka_anyconf_set_prop`.
fn parse(p: &Property, text: &str) -> Result<Option<Setting>, String> {
    let name = p.name;
    let left_trimmed = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
    let setting = match p.kind {
        Kind::Text => Setting::Text(left_trimmed.to_owned()),
        Kind::TextOneOf(names) => {
            if !names.contains(&left_trimmed) {
                return Err(format!(
                    "Invalid value for configuration property \"{name}\": {left_trimmed}"
                ));
            }
            Setting::Text(left_trimmed.to_owned())
        }
        Kind::Int { min, max, named } => {
            let value = strtol_int(text)
                .or_else(|| {
                    named
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(text))
                        .map(|&(_, v)| v)
                })
                .ok_or_else(|| format!("Invalid value for configuration property \"{name}\""))?;
            if !(min..=max).contains(&value) {
                return Err(format!(
                    "Configuration property \"{name}\" value {value} is outside allowed range {min}..{max}\n"
                ));
            }
            Setting::Int(value)
        }
        Kind::Float { min, max } => {
            let value = strtod(text)
                .ok_or_else(|| format!("Invalid value for configuration property \"{name}\""))?;
            // NaN passes, as it does the C comparisons.
            if value < min || value > max {
                return Err(format!(
                    "Configuration property \"{name}\" value {} is outside allowed range {}..{}\n",
                    format_g(value),
                    format_g(min),
                    format_g(max)
                ));
            }
            Setting::Float(value)
        }
        Kind::Bool => {
            let word = |w: &str| text.eq_ignore_ascii_case(w);
            if word("true") || word("t") || text == "1" {
                Setting::Bool(true)
            } else if word("false") || word("f") || text == "0" {
                Setting::Bool(false)
            } else {
                return Err(format!("Expected bool value for \"{name}\": true or false"));
            }
        }
        Kind::Enum(names) => {
            if left_trimmed.is_empty() {
                return Ok(None);
            }
            let found = names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(left_trimmed))
                .ok_or_else(|| {
                    format!(
                        "Invalid value \"{left_trimmed}\" for configuration property \"{name}\""
                    )
                })?;
            Setting::Text((*found).to_owned())
        }
    };
    Ok(Some(setting))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: &str, value: Option<&str>) -> Result<Settings, String> {
        let mut settings = Settings::defaults(Profile::Librdkafka);
        settings.set(Profile::Librdkafka, name, value)?;
        Ok(settings)
    }

    #[test]
    fn every_default_parses_in_both_profiles() {
        for profile in [Profile::Librdkafka, Profile::Java] {
            Settings::defaults(profile);
        }
    }

    #[test]
    fn values_are_read_as_librdkafka_reads_them() {
        assert_eq!(
            set("acks", Some("all"))
                .unwrap()
                .int("request.required.acks"),
            -1
        );
        assert_eq!(
            set("acks", Some("ALL"))
                .unwrap()
                .int("request.required.acks"),
            -1
        );
        assert_eq!(
            set("acks", Some("0")).unwrap().int("request.required.acks"),
            0
        );
        assert_eq!(
            set("linger.ms", Some("0.5"))
                .unwrap()
                .float("queue.buffering.max.ms"),
            0.5
        );
        assert!(
            set("enable.idempotence", Some("True"))
                .unwrap()
                .bool("enable.idempotence")
        );
        assert!(
            !set("enable.auto.commit", Some("f"))
                .unwrap()
                .bool("enable.auto.commit")
        );
        let reset = set("auto.offset.reset", Some(" Earliest")).unwrap();
        assert_eq!(reset.text("auto.offset.reset"), Some("earliest"));
        let unchanged = set("auto.offset.reset", Some("   ")).unwrap();
        assert_eq!(unchanged.text("auto.offset.reset"), Some("largest"));
        assert!(!unchanged.is_modified("auto.offset.reset"));
    }

    #[test]
    fn an_empty_string_restores_a_string_default() {
        let mut settings = set("client.id", Some("me")).unwrap();
        settings
            .set(Profile::Librdkafka, "client.id", Some(""))
            .unwrap();
        assert_eq!(settings.text("client.id"), Some("rdkafka"));
        assert!(settings.is_modified("client.id"));
    }

    #[test]
    fn modified_flags_follow_aliases() {
        let settings = set("retries", Some("3")).unwrap();
        assert!(settings.is_modified("message.send.max.retries"));
        assert!(!settings.is_modified("request.required.acks"));
    }
}
