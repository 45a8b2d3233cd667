//! A timeline entry, read with the tables of [`crate::program::de`] from the entry's fields
//! (a JSON map already): when it runs ([`When`]) and its command, `{"command": "crash_broker",
//! "broker": 1}`. (Apart from the file's other tables, which read JSON text, so that neither
//! is compiled for the other's reader.)

use super::{CommandEntry, TimelineEntry, When};
use crate::engine::Trigger;
use crate::program::de::{
    self, At, FromValuesError, NEWTYPE, Read, Spec, kinds, read_structs, spec,
};
use serde::de::{Deserializer, Error as _};

kinds! {
    I32: i32,
    U64: u64,
    OptU64: Option<u64>,
    Usize: usize,
    Str: String,
    OptTrigger: Option<Trigger>,
}

use Kind::*;

const BROKER: &[&str] = &["broker"];
const CONSUMER: &[&str] = &["consumer"];

/// Every command, in [`CommandEntry`]'s order: its name, its fields' names and types, how it
/// is made.
const COMMANDS: &[Spec<Kind, CommandEntry>] = &[
    spec("crash_broker", BROKER, &[I32], |f| {
        Ok(CommandEntry::CrashBroker { broker: f.get()? })
    }),
    spec("restart_broker", BROKER, &[I32], |f| {
        Ok(CommandEntry::RestartBroker { broker: f.get()? })
    }),
    spec("drop_next_response", BROKER, &[I32], |f| {
        Ok(CommandEntry::DropNextResponse { broker: f.get()? })
    }),
    spec(
        "delay_follower",
        &["broker", "delay_ms"],
        &[I32, U64],
        |f| {
            Ok(CommandEntry::DelayFollower {
                broker: f.get()?,
                delay_ms: f.get()?,
            })
        },
    ),
    spec("add_partitions", &["topic", "count"], &[Str, I32], |f| {
        Ok(CommandEntry::AddPartitions {
            topic: f.get()?,
            count: f.get()?,
        })
    }),
    spec("start_producer", &["producer"], &[Usize], |f| {
        Ok(CommandEntry::StartProducer { producer: f.get()? })
    }),
    spec("start_consumer", CONSUMER, &[Usize], |f| {
        Ok(CommandEntry::StartConsumer { consumer: f.get()? })
    }),
    spec("interrupt_consumer", CONSUMER, &[Usize], |f| {
        Ok(CommandEntry::InterruptConsumer { consumer: f.get()? })
    }),
    spec("stop_consumer", CONSUMER, &[Usize], |f| {
        Ok(CommandEntry::StopConsumer { consumer: f.get()? })
    }),
    spec("kill_consumer", CONSUMER, &[Usize], |f| {
        Ok(CommandEntry::KillConsumer { consumer: f.get()? })
    }),
];

const NAMES: [&str; COMMANDS.len()] = de::names(COMMANDS);

const WHEN: Spec<Kind, When> = spec("When", &When::FIELDS, &[OptU64, OptTrigger, OptU64], |f| {
    Ok(When {
        at_ms: f.opt(),
        after: f.opt(),
        wait_ms: f.opt(),
    })
});

read_structs! {
    When: WHEN,
}

/// `{"consumer_assigned": 0}`, `{"consumer_closed": 0}`, `{"producer_finished": 0}`.
const TRIGGERS: &[Spec<Kind, Trigger>] = &[
    spec("consumer_assigned", NEWTYPE, &[Usize], |f| {
        Ok(Trigger::ConsumerAssigned(f.get()?))
    }),
    spec("consumer_closed", NEWTYPE, &[Usize], |f| {
        Ok(Trigger::ConsumerClosed(f.get()?))
    }),
    spec("producer_finished", NEWTYPE, &[Usize], |f| {
        Ok(Trigger::ProducerFinished(f.get()?))
    }),
];

const TRIGGER_NAMES: [&str; TRIGGERS.len()] = de::names(TRIGGERS);

impl Read for Trigger {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, at: &At) -> Result<Self, D::Error> {
        de::read_enum(deserializer, at, "Trigger", TRIGGERS, &TRIGGER_NAMES, true)
    }
}

impl CommandEntry {
    /// The command of a timeline entry (its fields but the [`super::When`]'s), with serde's
    /// errors for an internally tagged enum.
    pub fn of(mut entry: TimelineEntry) -> Result<Self, FromValuesError> {
        let name = entry
            .remove("command")
            .ok_or_else(|| FromValuesError::Fields(serde_json::Error::missing_field("command")))?;
        de::from_values(COMMANDS, &NAMES, name, entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_reads_its_fields() {
        for spec in COMMANDS {
            let mut entry = TimelineEntry::new();
            entry.insert("command".into(), spec.name.into());
            for (name, kind) in spec.fields.iter().zip(spec.kinds) {
                let value = match kind {
                    I32 | U64 | Usize => 7.into(),
                    Str => "t".into(),
                    OptU64 | OptTrigger => unreachable!("not a command's field"),
                };
                entry.insert((*name).into(), value);
            }
            // Every field is required: a type the table gets wrong is a missing field.
            let command = CommandEntry::of(entry).unwrap();
            let debug = format!("{command:?}");
            assert!(debug.starts_with(&de::variant_name(spec)), "{debug}");
        }
    }
}
