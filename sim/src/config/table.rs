//! The configuration properties the model reads, each described once: name, aliases, type,
//! range or values, librdkafka's default and the Java client's (what each means is in
//! [`super::docs`]).
//! Source for names, types, ranges and defaults: librdkafka `src/rdkafka_conf.c`
//! (`rd_kafka_properties[]`) and CONFIGURATION.md; Java defaults: apache/kafka
//! `ProducerConfig.java` and `ConsumerConfig.java` (kafka-semantics.md §D.6).

/// How a property's value is read (librdkafka's `_RK_C_*` property types).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    /// `_RK_C_STR`: any text, left-trimmed; an empty value restores the default.
    Text,
    /// `_RK_C_STR` with a validator: exactly one of these names.
    TextOneOf(&'static [&'static str]),
    /// `_RK_C_INT`: an integer in `min..=max`, or one of the named values (any case).
    Int {
        min: i32,
        max: i32,
        named: &'static [(&'static str, i32)],
    },
    /// `_RK_C_DBL`: a number in `min..=max`.
    Float { min: f64, max: f64 },
    /// `_RK_C_BOOL`: `true`/`t`/`1` or `false`/`f`/`0` (words in any case).
    Bool,
    /// `_RK_C_S2I`: one of these names, any case.
    Enum(&'static [&'static str]),
}

/// One property. A default of `None` is an unset (NULL) string for librdkafka, and "the client
/// has no such setting" for Java.
#[derive(Clone, Copy, Debug)]
pub(super) struct Property {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// A topic-level property (librdkafka `_RK_TOPIC`), also settable as `topic.<name>`.
    pub topic: bool,
    pub kind: Kind,
    pub librdkafka: Option<&'static str>,
    pub java: Option<&'static str>,
}

const INT_MAX: i32 = i32::MAX;

const fn int(min: i32, max: i32) -> Kind {
    Kind::Int {
        min,
        max,
        named: &[],
    }
}

const fn global(
    name: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
    defaults: (Option<&'static str>, Option<&'static str>),
) -> Property {
    Property {
        name,
        aliases,
        topic: false,
        kind,
        librdkafka: defaults.0,
        java: defaults.1,
    }
}

const fn topic(
    name: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
    defaults: (Option<&'static str>, Option<&'static str>),
) -> Property {
    Property {
        topic: true,
        ..global(name, aliases, kind, defaults)
    }
}

/// The same default in both clients.
const fn both(value: &'static str) -> (Option<&'static str>, Option<&'static str>) {
    (Some(value), Some(value))
}

pub(super) const PARTITIONERS: &[&str] = &[
    "random",
    "consistent",
    "consistent_random",
    "murmur2",
    "murmur2_random",
    "fnv1a",
    "fnv1a_random",
];

/// The modelled properties.
#[rustfmt::skip]
pub(super) const PROPERTIES: &[Property] = &[
    global("metadata.broker.list", &["bootstrap.servers"], Kind::Text, (None, None)),
    global("client.id", &[], Kind::Text, (Some("rdkafka"), Some(""))),
    global("message.max.bytes", &[], int(1000, 1_000_000_000), (Some("1000000"), None)),
    global("max.in.flight.requests.per.connection", &["max.in.flight"], int(1, 1_000_000),
        (Some("1000000"), Some("5"))),
    global("socket.timeout.ms", &[], int(10, 300_000), (Some("60000"), None)),
    global("topic.metadata.refresh.interval.ms", &[], int(-1, 3_600_000), (Some("300000"), None)),
    global("group.id", &[], Kind::Text, (None, None)),
    global("group.instance.id", &[], Kind::Text, (None, None)),
    global("partition.assignment.strategy", &[], Kind::Text,
        (Some("range,roundrobin"), Some("range,cooperative-sticky"))),
    global("session.timeout.ms", &[], int(1, 3_600_000), both("45000")),
    global("heartbeat.interval.ms", &[], int(1, 3_600_000), both("3000")),
    global("group.protocol", &[], Kind::Enum(&["classic", "consumer"]), both("classic")),
    global("max.poll.interval.ms", &[], int(1, 86_400_000), both("300000")),
    global("enable.auto.commit", &[], Kind::Bool, both("true")),
    global("auto.commit.interval.ms", &[], int(0, 86_400_000), both("5000")),
    global("enable.auto.offset.store", &[], Kind::Bool, (Some("true"), None)),
    global("queued.max.messages.kbytes", &[], int(1, INT_MAX / 1024), (Some("65536"), None)),
    global("fetch.wait.max.ms", &[], int(0, 300_000), both("500")),
    global("fetch.message.max.bytes", &["max.partition.fetch.bytes"], int(1, 1_000_000_000),
        both("1048576")),
    global("fetch.max.bytes", &[], int(0, INT_MAX - 512), both("52428800")),
    global("fetch.min.bytes", &[], int(0, INT_MAX), both("1")),
    global("isolation.level", &[], Kind::Enum(&["read_uncommitted", "read_committed"]),
        (Some("read_committed"), Some("read_uncommitted"))),
    global("enable.partition.eof", &[], Kind::Bool, both("false")),
    global("max.poll.records", &[], int(1, INT_MAX), both("500")),
    global("transactional.id", &[], Kind::Text, (None, None)),
    global("transaction.timeout.ms", &[], int(1000, INT_MAX), both("60000")),
    global("enable.idempotence", &[], Kind::Bool, (Some("false"), Some("true"))),
    global("queue.buffering.max.messages", &[], int(0, INT_MAX), (Some("100000"), None)),
    global("queue.buffering.max.kbytes", &[], int(1, INT_MAX), (Some("1048576"), Some("32768"))),
    global("queue.buffering.max.ms", &["linger.ms"], Kind::Float { min: 0.0, max: 900_000.0 },
        (Some("5"), Some("0"))),
    global("message.send.max.retries", &["retries"], int(0, INT_MAX), both("2147483647")),
    global("retry.backoff.ms", &[], int(1, 300_000), both("100")),
    global("retry.backoff.max.ms", &[], int(1, 300_000), both("1000")),
    global("compression.codec", &["compression.type"],
        Kind::Enum(&["none", "gzip", "snappy", "lz4", "zstd"]), both("none")),
    global("batch.num.messages", &[], int(1, 1_000_000), (Some("10000"), None)),
    global("batch.size", &[], int(1, INT_MAX), (Some("1000000"), Some("16384"))),
    global("delivery.report.only.error", &[], Kind::Bool, both("false")),
    global("sticky.partitioning.linger.ms", &[], int(0, 900_000), (Some("10"), None)),
    topic("request.required.acks", &["acks"],
        Kind::Int { min: -1, max: 1000, named: &[("all", -1)] }, (Some("-1"), Some("all"))),
    topic("request.timeout.ms", &[], int(1, 900_000), both("30000")),
    topic("message.timeout.ms", &["delivery.timeout.ms"], int(0, INT_MAX),
        (Some("300000"), Some("120000"))),
    topic("partitioner", &[], Kind::TextOneOf(PARTITIONERS),
        (Some("consistent_random"), Some("murmur2_random"))),
    topic("auto.offset.reset", &[],
        Kind::Enum(&["smallest", "earliest", "beginning", "largest", "latest", "end", "error"]),
        (Some("largest"), Some("latest"))),
];

/// How a known but unmodelled name is treated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Other {
    /// Accepted; the model ignores its value.
    Unmodelled,
    /// Accepted once its value reads as this type, with librdkafka's errors otherwise (a
    /// setting a student may well type); the model ignores the value.
    Checked(Kind),
    /// `_RK_C_PTR`: settable only through a dedicated C function.
    Pointer,
    /// `_RK_C_INTERNAL`: not settable.
    Internal,
    /// `_RK_C_INVALID`: a Java property librdkafka refuses, with this explanation.
    Invalid(&'static str),
}

/// librdkafka's other global properties (CONFIGURATION.md and `rdkafka_conf.c`).
#[rustfmt::skip]
pub(super) const OTHER_GLOBAL: &[(&str, Other)] = {
    use Other::*;
    &[
        ("builtin.features", Unmodelled), ("message.copy.max.bytes", Unmodelled),
        ("receive.message.max.bytes", Unmodelled), ("metadata.recovery.strategy", Unmodelled),
        ("metadata.recovery.rebootstrap.trigger.ms", Unmodelled),
        ("metadata.max.age.ms", Checked(int(1, 86_400_000))),
        ("topic.metadata.refresh.fast.interval.ms", Unmodelled),
        ("topic.metadata.refresh.fast.cnt", Unmodelled),
        ("topic.metadata.refresh.sparse", Unmodelled),
        ("topic.metadata.propagation.max.ms", Unmodelled), ("topic.blacklist", Unmodelled),
        ("debug", Unmodelled), ("socket.blocking.max.ms", Unmodelled),
        ("socket.send.buffer.bytes", Unmodelled), ("socket.receive.buffer.bytes", Unmodelled),
        ("socket.keepalive.enable", Checked(Kind::Bool)), ("socket.nagle.disable", Unmodelled),
        ("socket.max.fails", Unmodelled), ("broker.address.ttl", Unmodelled),
        ("broker.address.family", Unmodelled), ("socket.connection.setup.timeout.ms", Unmodelled),
        ("connections.max.idle.ms", Unmodelled), ("reconnect.backoff.jitter.ms", Unmodelled),
        ("reconnect.backoff.ms", Checked(int(0, 3_600_000))), ("reconnect.backoff.max.ms", Checked(int(0, 3_600_000))),
        ("statistics.interval.ms", Checked(int(0, 86_400_000))), ("enabled_events", Unmodelled),
        ("log_level", Checked(int(0, 7))), ("log.queue", Unmodelled), ("log.thread.name", Unmodelled),
        ("enable.random.seed", Unmodelled), ("log.connection.close", Unmodelled),
        ("internal.termination.signal", Unmodelled), ("api.version.request", Unmodelled),
        ("api.version.request.timeout.ms", Unmodelled), ("api.version.fallback.ms", Unmodelled),
        ("broker.version.fallback", Unmodelled), ("allow.auto.create.topics", Checked(Kind::Bool)),
        ("security.protocol", Checked(Kind::Enum(&["plaintext", "ssl", "sasl_plaintext", "sasl_ssl"]))), ("ssl.cipher.suites", Unmodelled),
        ("ssl.curves.list", Unmodelled), ("ssl.sigalgs.list", Unmodelled),
        ("ssl.key.location", Unmodelled), ("ssl.key.password", Unmodelled),
        ("ssl.key.pem", Unmodelled), ("ssl.certificate.location", Unmodelled),
        ("ssl.certificate.pem", Unmodelled), ("ssl.ca.location", Unmodelled),
        ("https.ca.location", Unmodelled), ("https.ca.pem", Unmodelled),
        ("ssl.ca.pem", Unmodelled), ("ssl.ca.certificate.stores", Unmodelled),
        ("ssl.crl.location", Unmodelled), ("ssl.keystore.location", Unmodelled),
        ("ssl.keystore.password", Unmodelled), ("ssl.providers", Unmodelled),
        ("ssl.engine.location", Unmodelled), ("ssl.engine.id", Unmodelled),
        ("enable.ssl.certificate.verification", Unmodelled),
        ("ssl.endpoint.identification.algorithm", Unmodelled),
        ("sasl.mechanisms", Unmodelled), ("sasl.mechanism", Unmodelled),
        ("sasl.kerberos.service.name", Unmodelled), ("sasl.kerberos.principal", Unmodelled),
        ("sasl.kerberos.kinit.cmd", Unmodelled), ("sasl.kerberos.keytab", Unmodelled),
        ("sasl.kerberos.min.time.before.relogin", Unmodelled), ("sasl.username", Unmodelled),
        ("sasl.password", Unmodelled), ("sasl.oauthbearer.config", Unmodelled),
        ("enable.sasl.oauthbearer.unsecure.jwt", Unmodelled),
        ("sasl.oauthbearer.method", Unmodelled), ("sasl.oauthbearer.client.id", Unmodelled),
        ("sasl.oauthbearer.client.credentials.client.id", Unmodelled),
        ("sasl.oauthbearer.client.credentials.client.secret", Unmodelled),
        ("sasl.oauthbearer.client.secret", Unmodelled), ("sasl.oauthbearer.scope", Unmodelled),
        ("sasl.oauthbearer.extensions", Unmodelled),
        ("sasl.oauthbearer.token.endpoint.url", Unmodelled),
        ("sasl.oauthbearer.sub.claim.name", Unmodelled),
        ("sasl.oauthbearer.grant.type", Unmodelled),
        ("sasl.oauthbearer.assertion.algorithm", Unmodelled),
        ("sasl.oauthbearer.assertion.private.key.file", Unmodelled),
        ("sasl.oauthbearer.assertion.private.key.passphrase", Unmodelled),
        ("sasl.oauthbearer.assertion.private.key.pem", Unmodelled),
        ("sasl.oauthbearer.assertion.file", Unmodelled),
        ("sasl.oauthbearer.assertion.claim.aud", Unmodelled),
        ("sasl.oauthbearer.assertion.claim.exp.seconds", Unmodelled),
        ("sasl.oauthbearer.assertion.claim.iss", Unmodelled),
        ("sasl.oauthbearer.assertion.claim.jti.include", Unmodelled),
        ("sasl.oauthbearer.assertion.claim.nbf.seconds", Unmodelled),
        ("sasl.oauthbearer.assertion.claim.sub", Unmodelled),
        ("sasl.oauthbearer.assertion.jwt.template.file", Unmodelled),
        ("sasl.oauthbearer.metadata.authentication.type", Unmodelled),
        ("plugin.library.paths", Unmodelled), ("group.protocol.type", Unmodelled),
        ("group.remote.assignor", Unmodelled), ("coordinator.query.interval.ms", Unmodelled),
        ("queued.min.messages", Checked(int(1, 10_000_000))), ("fetch.queue.backoff.ms", Unmodelled),
        ("fetch.error.backoff.ms", Checked(int(0, 300_000))), ("offset.store.method", Unmodelled),
        ("check.crcs", Checked(Kind::Bool)), ("client.rack", Unmodelled),
        ("share.acknowledgement.mode", Unmodelled), ("enable.gapless.guarantee", Unmodelled),
        ("queue.buffering.backpressure.threshold", Unmodelled),
        ("client.dns.lookup", Unmodelled), ("enable.metrics.push", Unmodelled),
        ("error_cb", Pointer), ("throttle_cb", Pointer), ("stats_cb", Pointer),
        ("log_cb", Pointer), ("background_event_cb", Pointer), ("socket_cb", Pointer),
        ("connect_cb", Pointer), ("closesocket_cb", Pointer), ("open_cb", Pointer),
        ("resolve_cb", Pointer), ("opaque", Pointer), ("default_topic_conf", Pointer),
        ("ssl_engine_callback_data", Pointer), ("ssl.certificate.verify_cb", Pointer),
        ("oauthbearer_token_refresh_cb", Pointer), ("consume_cb", Pointer),
        ("rebalance_cb", Pointer), ("offset_commit_cb", Pointer), ("dr_cb", Pointer),
        ("dr_msg_cb", Pointer),
        ("ssl_key", Internal), ("ssl_certificate", Internal), ("ssl_ca", Internal),
        ("interceptors", Internal),
        ("ssl.truststore.location", Invalid(
            "Java TrustStores are not supported, use `ssl.ca.location` and a certificate file \
             instead. See https://github.com/confluentinc/librdkafka/wiki/Using-SSL-with-librdkafka \
             for more information.")),
        ("sasl.jaas.config", Invalid(
            "Java JAAS configuration is not supported, see \
             https://github.com/confluentinc/librdkafka/wiki/Using-SASL-with-librdkafka \
             for more information.")),
    ]
};

/// librdkafka's other topic properties.
#[rustfmt::skip]
pub(super) const OTHER_TOPIC: &[(&str, Other)] = {
    use Other::*;
    &[
        ("queuing.strategy", Unmodelled), ("produce.offset.report", Unmodelled),
        ("compression.level", Checked(int(-1, 12))), ("auto.commit.enable", Unmodelled),
        ("offset.store.path", Unmodelled), ("offset.store.sync.interval.ms", Unmodelled),
        ("offset.store.method", Unmodelled), ("consume.callback.max.messages", Unmodelled),
        ("partitioner_cb", Pointer), ("msg_order_cmp", Pointer), ("opaque", Pointer),
    ]
};

/// What a name refers to.
#[derive(Clone, Copy, Debug)]
pub(super) enum Found {
    Modelled(&'static Property),
    Other(&'static str, Other),
}

/// Looks a name up as `rd_kafka_conf_set` does: among global properties first, then among
/// topic properties with a leading `topic.` removed. `Err` carries the name to report.
/// Source: librdkafka `src/rdkafka_conf.c` `rd_kafka_conf_set`, `rd_kafka_topic_conf_set`,
/// `rd_kafka_anyconf_set` (an alias resolves to its property, whose name errors then show).
pub(super) fn lookup(name: &str) -> Result<Found, String> {
    find(name, false).map_or_else(
        || {
            let topic_name = name.strip_prefix("topic.").unwrap_or(name);
            find(topic_name, true).ok_or_else(|| topic_name.to_owned())
        },
        Ok,
    )
}

fn find(name: &str, topic: bool) -> Option<Found> {
    let modelled = PROPERTIES
        .iter()
        .find(|p| p.topic == topic && (p.name == name || p.aliases.contains(&name)));
    let others = if topic { OTHER_TOPIC } else { OTHER_GLOBAL };
    modelled.map(Found::Modelled).or_else(|| {
        others
            .iter()
            .find(|(other, _)| *other == name)
            .map(|&(other, kind)| Found::Other(other, kind))
    })
}

/// The modelled property named `name` (not an alias).
///
/// # Panics
/// If the model asks for a property the table does not hold.
pub(super) fn property(name: &str) -> &'static Property {
    PROPERTIES
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no modelled property {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::VecSet;

    #[test]
    fn every_name_and_alias_is_described_once_per_scope() {
        for topic in [false, true] {
            let mut seen = VecSet::new();
            let modelled = PROPERTIES
                .iter()
                .filter(|p| p.topic == topic)
                .flat_map(|p| std::iter::once(p.name).chain(p.aliases.iter().copied()));
            let others = if topic { OTHER_TOPIC } else { OTHER_GLOBAL };
            for name in modelled.chain(others.iter().map(|(n, _)| *n)) {
                assert!(seen.insert(name), "{name} twice");
            }
        }
    }

    #[test]
    fn every_modelled_property_is_described() {
        for p in PROPERTIES {
            assert!(super::super::docs::doc(p.name).is_some(), "{}", p.name);
        }
        assert_eq!(super::super::docs::doc("bootstrap.servers"), None);
    }

    #[test]
    fn aliases_and_topic_prefix_resolve() {
        let name_of = |n: &str| match lookup(n) {
            Ok(Found::Modelled(p)) => p.name,
            other => panic!("{n}: {other:?}"),
        };
        assert_eq!(name_of("acks"), "request.required.acks");
        assert_eq!(name_of("linger.ms"), "queue.buffering.max.ms");
        assert_eq!(name_of("topic.acks"), "request.required.acks");
        assert_eq!(name_of("bootstrap.servers"), "metadata.broker.list");
        assert!(matches!(
            lookup("security.protocol"),
            Ok(Found::Other(_, Other::Checked(Kind::Enum(_))))
        ));
        assert!(matches!(
            lookup("debug"),
            Ok(Found::Other(_, Other::Unmodelled))
        ));
        assert_eq!(lookup("topic.foo").err().as_deref(), Some("foo"));
        assert_eq!(
            crate::config::describe("linger.ms"),
            Some("How long to wait for more messages before sending a batch.")
        );
        assert_eq!(crate::config::describe("security.protocol"), None);
        assert_eq!(lookup("foo").err().as_deref(), Some("foo"));
    }

    /// Every name the table knows, set alone to values a student might type (or paste), on
    /// a producer and on a consumer: each is accepted or refused with a message, never a
    /// panic (an infinite number once panicked in the range message's `%g`).
    #[test]
    fn no_value_of_any_property_panics() {
        use crate::config::{ConfigValue, ConsumerConfig, ProducerConfig, Profile};
        let names = PROPERTIES
            .iter()
            .flat_map(|p| std::iter::once(p.name).chain(p.aliases.iter().copied()))
            .chain(OTHER_GLOBAL.iter().chain(OTHER_TOPIC).map(|(n, _)| *n));
        let texts = [
            "",
            " ",
            "inf",
            "-inf",
            "nan",
            "1e999",
            "-1e999",
            "0x10",
            "99999999999999999999",
            "-",
            "+",
            "1e",
            ".",
            "\u{221e}",
            "true",
            "0",
            "-1",
            "all",
            "none",
            ",",
            " , ",
        ];
        let values = texts.iter().map(|t| ConfigValue::Str((*t).into())).chain([
            ConfigValue::Int(i64::MAX),
            ConfigValue::Int(i64::MIN),
            ConfigValue::Float(f64::INFINITY),
            ConfigValue::Float(f64::NAN),
            ConfigValue::Float(-0.0),
            ConfigValue::None,
            ConfigValue::List(Vec::new()),
        ]);
        let values: Vec<ConfigValue> = values.collect();
        for name in names {
            for value in &values {
                let pairs = [
                    ("group.id", ConfigValue::Str("g".into())),
                    (name, value.clone()),
                ];
                for profile in [Profile::Librdkafka, Profile::Java] {
                    let _ = ProducerConfig::from_pairs(profile, &pairs[1..]);
                    let _ = ConsumerConfig::from_pairs(profile, &pairs);
                }
            }
        }
    }
}
