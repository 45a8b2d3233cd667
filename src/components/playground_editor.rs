//! The playground's scenario editor: the cluster, the topics, the producers and consumers
//! (configuration dicts and template programs) and the timeline of faults. Every change
//! hands a new draft up; the error the scenario's check gives shows next to its field.

use crate::components::playground_compare::PlaygroundCompare;
use crate::components::playground_fields::{
    CheckField, ConfigField, NumberField, SelectField, TextField, error_at,
};
use crate::i18n::{Lang, Text, t};
use crate::playground::draft::{COMMANDS, ClientDraft, Draft, TopicDraft, timeline_entry};
use crate::playground::profile::ClientProfile;
use crate::playground::templates::{CommitStyle, ConsumerTemplate, Placement, ProducerTemplate};
use crate::view::process::process_label;
use kafka_sim::engine::Process;
use kafka_sim::scenario::ScenarioError;
use serde_json::{Value, json};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaygroundEditorProps {
    pub draft: Rc<Draft>,
    /// What the scenario's check says is wrong, if anything.
    pub error: Option<ScenarioError>,
    pub on_change: Callback<Draft>,
}

/// Makes callbacks that change a copy of the draft and hand it up.
#[derive(Clone)]
struct Editor {
    draft: Rc<Draft>,
    on_change: Callback<Draft>,
}

impl Editor {
    fn edit<T: 'static>(&self, change: impl Fn(&mut Draft, T) + 'static) -> Callback<T> {
        let (draft, on_change) = (self.draft.clone(), self.on_change.clone());
        Callback::from(move |value: T| {
            let mut next = (*draft).clone();
            change(&mut next, value);
            on_change.emit(next);
        })
    }

    /// A section's "add" button: `add` changes the draft (a new topic, client or fault).
    fn add_button(
        &self,
        lang: Lang,
        label: Text,
        test_id: &'static str,
        add: impl Fn(&mut Draft) + 'static,
    ) -> Html {
        html! {
            <button type="button" class="button" data-testid={test_id}
                onclick={self.edit(move |d, _: MouseEvent| add(d))}>{ t(lang, label) }</button>
        }
    }
}

fn placement_options() -> Vec<(&'static str, Text)> {
    Placement::ALL
        .iter()
        .map(|p| {
            let label = match p {
                Placement::Never => Text::PgNever,
                Placement::EachMessage => Text::PgEachMessage,
                Placement::AtEnd => Text::PgAtEnd,
            };
            (p.name(), label)
        })
        .collect()
}

fn placement(name: &str) -> Placement {
    Placement::ALL
        .into_iter()
        .find(|p| p.name() == name)
        .unwrap_or(Placement::Never)
}

fn profile_options() -> Vec<(&'static str, Text)> {
    let labels = [
        Text::PgProfileLibrdkafka,
        Text::PgProfileJava,
        Text::PgProfileKafkaPython,
    ];
    ClientProfile::ALL
        .iter()
        .map(|p| p.name())
        .zip(labels)
        .collect()
}

/// A client's profile select: switching keeps what was entered (`Draft::switch_producer`).
fn profile_field(
    editor: &Editor,
    client: &ClientDraft,
    test_id: String,
    switch: fn(&mut Draft, usize, ClientProfile),
    i: usize,
) -> Html {
    let on_change = editor.edit(move |d, name: String| {
        if let Some(profile) = ClientProfile::from_name(&name) {
            switch(d, i, profile);
        }
    });
    html! {
        <SelectField label={Text::PgProfile} options={profile_options()}
            value={ClientProfile::of(client).name()} {test_id} {on_change} />
    }
}

/// The dict's label: kafka-python takes it as keyword arguments.
fn config_label(client: &ClientDraft) -> Text {
    match ClientProfile::of(client).kafka_python() {
        true => Text::PgConfigPython,
        false => Text::PgConfig,
    }
}

fn commit_options() -> Vec<(&'static str, Text)> {
    let labels = [
        Text::PgCommitAuto,
        Text::PgCommitRecordSync,
        Text::PgCommitRecordAsync,
        Text::PgCommitBatchSync,
        Text::PgCommitBatchAsync,
    ];
    CommitStyle::ALL
        .iter()
        .map(|s| s.name())
        .zip(labels)
        .collect()
}

fn command_label(command: &str) -> Text {
    match command {
        "crash_broker" => Text::PgCrashBroker,
        "restart_broker" => Text::PgRestartBroker,
        "drop_next_response" => Text::PgDropResponse,
        "delay_follower" => Text::PgDelayFollower,
        "add_partitions" => Text::PgAddPartitions,
        "start_producer" => Text::PgStartProducer,
        "start_consumer" => Text::PgStartConsumer,
        "interrupt_consumer" => Text::PgInterruptConsumer,
        "stop_consumer" => Text::PgStopConsumer,
        _ => Text::PgKillConsumer,
    }
}

fn field_label(field: &str) -> Text {
    match field {
        "broker" => Text::PgBroker,
        "producer" => Text::PgProducerIndex,
        "consumer" => Text::PgConsumerIndex,
        "topic" => Text::PgTopicField,
        "delay_ms" => Text::PgDelay,
        _ => Text::PgCount,
    }
}

#[component]
pub fn PlaygroundEditor(props: &PlaygroundEditorProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let editor = Editor {
        draft: props.draft.clone(),
        on_change: props.on_change.clone(),
    };
    let error = props.error.as_ref();
    let draft = &*props.draft;
    let remove = |label: Text, test_id: String, on_click: Callback<MouseEvent>| {
        html! {
            <button type="button" class="button small" data-testid={test_id} onclick={on_click}>
                { t(lang, label) }
            </button>
        }
    };
    let topics = draft.topics.iter().enumerate().map(|(i, topic)| {
        let path = format!("topics[{i}]");
        let optional = |v: Option<i64>| v.map(|v| v as i32);
        html! {
            <fieldset class="card" key={format!("topic-{i}")}>
                <legend>{ t(lang, Text::PgTopicField) }{ format!(" {}", i + 1) }</legend>
                <div class="fields">
                <TextField label={Text::PgTopicName} value={topic.name.clone()}
                    test_id={format!("topic-{i}-name")} error={error_at(error, &format!("{path}.name"))}
                    on_change={editor.edit(move |d, v: String| d.topics[i].name = v)} />
                <NumberField label={Text::PgPartitions} value={Some(i64::from(topic.partitions))} min={1} max={1000}
                    test_id={format!("topic-{i}-partitions")} error={error_at(error, &format!("{path}.partitions"))}
                    on_change={editor.edit(move |d, v: Option<i64>| d.topics[i].partitions = v.unwrap_or(1) as i32)} />
                <NumberField label={Text::PgReplication} value={topic.replication_factor.map(i64::from)} optional=true min={1} max={5}
                    test_id={format!("topic-{i}-rf")} error={error_at(error, &format!("{path}.replication_factor"))}
                    on_change={editor.edit(move |d, v| d.topics[i].replication_factor = optional(v))} />
                <NumberField label={Text::PgMinIsr} value={topic.min_insync_replicas.map(|v| v as i64)} optional=true min={1} max={5}
                    test_id={format!("topic-{i}-min-isr")} error={error_at(error, &format!("{path}.min_insync_replicas"))}
                    on_change={editor.edit(move |d, v: Option<i64>| d.topics[i].min_insync_replicas = v.map(|v| v as usize))} />
                </div>
                { remove(Text::PgRemove, format!("topic-{i}-remove"), editor.edit(move |d, _| { d.topics.remove(i); })) }
            </fieldset>
        }
    });
    let producers = draft.producers.iter().enumerate().map(|(i, client)| {
        let label = process_label(Process::Producer(i), draft.producers.len());
        html! {
            <fieldset class="card" key={format!("producer-{i}")}>
                <legend>{ format!("Producer {label}") }</legend>
                { profile_field(&editor, client, format!("producer-{i}-profile"), Draft::switch_producer, i) }
                <ConfigField label={config_label(client)} dict={client.config.clone()} test_id={format!("producer-{i}-config")}
                    error={error_at(error, &format!("producers[{i}].config"))}
                    on_change={editor.edit(move |d, v| d.producers[i].config = v)} />
                { producer_program(lang, &editor, i, client, error) }
                { remove(Text::PgRemove, format!("producer-{i}-remove"), editor.edit(move |d, _| { d.producers.remove(i); })) }
            </fieldset>
        }
    });
    let consumers = draft.consumers.iter().enumerate().map(|(i, client)| {
        let python = ClientProfile::of(client).kafka_python();
        let (instance_key, instance_label) = match python {
            true => ("group_instance_id", Text::PgInstanceIdPython),
            false => ("group.instance.id", Text::PgInstanceId),
        };
        let instance = client.config.get(instance_key).and_then(Value::as_str).unwrap_or_default();
        let start_at = match client.rest.get("start_at_ms") {
            None => Some(0),
            Some(value) => value.as_i64(),
        };
        html! {
            <fieldset class="card" key={format!("consumer-{i}")}>
                <legend>{ format!("Consumer C{}", i + 1) }</legend>
                { profile_field(&editor, client, format!("consumer-{i}-profile"), Draft::switch_consumer, i) }
                <ConfigField label={config_label(client)} dict={client.config.clone()} test_id={format!("consumer-{i}-config")}
                    error={error_at(error, &format!("consumers[{i}].config"))}
                    on_change={editor.edit(move |d, v| d.consumers[i].config = v)} />
                <TextField label={instance_label} value={instance.to_string()} test_id={format!("consumer-{i}-instance")}
                    on_change={editor.edit(move |d, v: String| {
                        let config = &mut d.consumers[i].config;
                        if v.is_empty() { config.remove(instance_key) } else { config.set(instance_key, json!(v)) }
                    })} />
                <NumberField label={Text::PgStartAt} value={start_at} optional=true test_id={format!("consumer-{i}-start")}
                    error={error_at(error, &format!("consumers[{i}].start_at_ms"))}
                    on_change={editor.edit(move |d, v: Option<i64>| { d.consumers[i].rest.insert("start_at_ms".into(), json!(v)); })} />
                { consumer_program(lang, &editor, i, client, error) }
                { remove(Text::PgRemove, format!("consumer-{i}-remove"), editor.edit(move |d, _| { d.consumers.remove(i); })) }
            </fieldset>
        }
    });
    let timeline = draft
        .timeline
        .iter()
        .enumerate()
        .map(|(i, entry)| timeline_row(lang, &editor, i, entry, error));
    let run_until = draft.run_until_ms.map(|v| v as i64);
    html! {
        <div class="playground-editor" data-testid="editor">
            <section aria-labelledby="pg-cluster">
                <h2 id="pg-cluster">{ t(lang, Text::PgCluster) }</h2>
                <div class="fields">
                    <NumberField label={Text::PgBrokers} value={Some(draft.cluster_brokers())} min={1} max={5}
                        test_id="brokers" error={error_at(error, "cluster")}
                        on_change={editor.edit(|d, v: Option<i64>| { d.cluster.insert("brokers".into(), json!(v.unwrap_or(1))); })} />
                    <NumberField label={Text::PgSeed} value={Some(draft.seed as i64)} test_id="seed"
                        on_change={editor.edit(|d, v: Option<i64>| d.seed = v.unwrap_or(0) as u64)} />
                    <NumberField label={Text::PgRunUntil} value={run_until} optional=true test_id="run-until"
                        error={error_at(error, "run_until_ms")}
                        on_change={editor.edit(|d, v: Option<i64>| d.run_until_ms = v.map(|v| v as u64))} />
                </div>
            </section>
            <section aria-labelledby="pg-topics">
                <h2 id="pg-topics">{ t(lang, Text::PgTopics) }</h2>
                <div class="cards">{ for topics }</div>
                { editor.add_button(lang, Text::PgAddTopic, "add-topic", |d| {
                    let name = format!("topic-{}", d.topics.len() + 1);
                    d.topics.push(TopicDraft { name, partitions: 1, replication_factor: None, min_insync_replicas: None });
                }) }
            </section>
            <section aria-labelledby="pg-producers">
                <h2 id="pg-producers">{ t(lang, Text::PgProducers) }</h2>
                <div class="cards">{ for producers }</div>
                { editor.add_button(lang, Text::PgAddProducer, "add-producer", |d| {
                    let p = d.new_producer();
                    d.producers.push(p);
                }) }
            </section>
            <section aria-labelledby="pg-consumers">
                <h2 id="pg-consumers">{ t(lang, Text::PgConsumers) }</h2>
                <div class="cards">{ for consumers }</div>
                { editor.add_button(lang, Text::PgAddConsumer, "add-consumer", |d| {
                    let c = d.new_consumer();
                    d.consumers.push(c);
                }) }
            </section>
            <section aria-labelledby="pg-timeline">
                <h2 id="pg-timeline">{ t(lang, Text::PgTimeline) }</h2>
                <div class="timeline-rows">{ for timeline }</div>
                { editor.add_button(lang, Text::PgAddFault, "add-fault", |d| {
                    d.timeline.push(timeline_entry(1_000, "crash_broker", json!(1)));
                }) }
            </section>
            <PlaygroundCompare draft={props.draft.clone()} />
        </div>
    }
}

/// A producer's program: the template's choices, or a note for a program no template wrote.
fn producer_program(
    lang: Lang,
    editor: &Editor,
    i: usize,
    client: &ClientDraft,
    error: Option<&ScenarioError>,
) -> Html {
    let path = format!("producers[{i}].program");
    let program_error =
        error_at(error, &path).or_else(|| error_at(error, &format!("producers[{i}].callbacks")));
    let Some(template) = ProducerTemplate::recognize(client) else {
        return custom_program(
            lang,
            program_error,
            editor.edit(move |d, _| d.fresh_producer_program(i)),
            format!("producer-{i}-template"),
        );
    };
    let python = ClientProfile::of(client).kafka_python();
    let change = |set: fn(&mut ProducerTemplate, String)| {
        let template = template.clone();
        editor.edit(move |d, value: String| {
            let mut next = template.clone();
            set(&mut next, value);
            next.apply(&mut d.producers[i]);
        })
    };
    let number = |set: fn(&mut ProducerTemplate, u64)| {
        let template = template.clone();
        editor.edit(move |d, value: Option<i64>| {
            let mut next = template.clone();
            set(&mut next, value.unwrap_or(0) as u64);
            next.apply(&mut d.producers[i]);
        })
    };
    let on_callback = {
        let template = template.clone();
        editor.edit(move |d, checked: bool| {
            let next = ProducerTemplate {
                callback: checked,
                ..template.clone()
            };
            next.apply(&mut d.producers[i]);
        })
    };
    html! {
        <div class="fields">
            <TextField label={Text::PgTopicField} value={template.topic.clone()} test_id={format!("producer-{i}-topic")}
                error={program_error.clone()} on_change={change(|t, v| t.topic = v)} />
            <NumberField label={Text::PgMessages} value={Some(template.count as i64)} max={100_000}
                test_id={format!("producer-{i}-count")} on_change={number(|t, v| t.count = v)} />
            <TextField label={Text::PgKey} value={template.key.clone()} test_id={format!("producer-{i}-key")}
                on_change={change(|t, v| t.key = v)} />
            <TextField label={Text::PgValue} value={template.value.clone()} test_id={format!("producer-{i}-value")}
                on_change={change(|t, v| t.value = v)} />
            <NumberField label={Text::PgSleep} value={Some(template.sleep_ms as i64)} max={60_000}
                test_id={format!("producer-{i}-sleep")} on_change={number(|t, v| t.sleep_ms = v)} />
            <SelectField label={if python { Text::PgGet } else { Text::PgPoll }} options={placement_options()} value={template.poll.name()}
                test_id={format!("producer-{i}-poll")} on_change={change(|t, v| t.poll = placement(&v))} />
            <SelectField label={Text::PgFlush} options={placement_options()} value={template.flush.name()}
                test_id={format!("producer-{i}-flush")} on_change={change(|t, v| t.flush = placement(&v))} />
            <CheckField label={if python { Text::PgFutureCallback } else { Text::PgCallback }} checked={template.callback} test_id={format!("producer-{i}-callback")}
                on_change={on_callback} />
        </div>
    }
}

/// A consumer's program: the template's choices, or a note for a program no template wrote.
fn consumer_program(
    lang: Lang,
    editor: &Editor,
    i: usize,
    client: &ClientDraft,
    error: Option<&ScenarioError>,
) -> Html {
    let program_error = error_at(error, &format!("consumers[{i}].program"));
    let Some(template) = ConsumerTemplate::recognize(client) else {
        return custom_program(
            lang,
            program_error,
            editor.edit(move |d, _| d.fresh_consumer_program(i)),
            format!("consumer-{i}-template"),
        );
    };
    let on_topic = {
        let template = template.clone();
        editor.edit(move |d, topic: String| {
            ConsumerTemplate {
                topic,
                ..template.clone()
            }
            .apply(&mut d.consumers[i])
        })
    };
    // Choosing how the program commits also says so in the dict: auto commit on or off.
    let on_commit = {
        let template = template.clone();
        editor.edit(move |d, name: String| {
            let commit = CommitStyle::from_name(&name).unwrap_or(CommitStyle::Auto);
            let client = &mut d.consumers[i];
            ConsumerTemplate {
                commit,
                ..template.clone()
            }
            .apply(client);
            let key = match ClientProfile::of(client).kafka_python() {
                true => "enable_auto_commit",
                false => "enable.auto.commit",
            };
            client.config.set(key, json!(commit == CommitStyle::Auto));
        })
    };
    let on_work = {
        let template = template.clone();
        editor.edit(move |d, ms: Option<i64>| {
            let work_ms = ms.unwrap_or(0) as u64;
            ConsumerTemplate {
                work_ms,
                ..template.clone()
            }
            .apply(&mut d.consumers[i]);
        })
    };
    html! {
        <div class="fields">
            <TextField label={Text::PgTopicField} value={template.topic.clone()} test_id={format!("consumer-{i}-topic")}
                error={program_error} on_change={on_topic} />
            <SelectField label={Text::PgCommit} options={commit_options()} value={template.commit.name()}
                test_id={format!("consumer-{i}-commit")} on_change={on_commit} />
            <NumberField label={Text::PgWork} value={Some(template.work_ms as i64)} max={60_000}
                test_id={format!("consumer-{i}-work")} on_change={on_work} />
        </div>
    }
}

/// A program from a file: kept as it is; its error, and a way to a template instead.
fn custom_program(
    lang: Lang,
    error: Option<AttrValue>,
    use_template: Callback<MouseEvent>,
    test_id: String,
) -> Html {
    html! {
        <div class="custom-program">
            <p>{ t(lang, Text::PgCustomProgram) }</p>
            if let Some(message) = error {
                <p class="field-error" role="alert">{ message }</p>
            }
            <button type="button" class="button small" data-testid={test_id} onclick={use_template}>
                { t(lang, Text::PgUseTemplate) }
            </button>
        </div>
    }
}

/// One timeline entry: its time, its command and the command's fields; an entry that waits
/// for an event (`after`, from a file) is shown as written.
fn timeline_row(
    lang: Lang,
    editor: &Editor,
    i: usize,
    entry: &serde_json::Map<String, Value>,
    error: Option<&ScenarioError>,
) -> Html {
    let path = format!("timeline[{i}]");
    let row_error = error_at(error, &path);
    let on_remove = editor.edit(move |d, _: MouseEvent| {
        d.timeline.remove(i);
    });
    let remove = html! {
        <button type="button" class="button small" data-testid={format!("fault-{i}-remove")} onclick={on_remove}>
            { t(lang, Text::PgRemove) }
        </button>
    };
    let command = entry
        .get("command")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let Some(at_ms) = entry.get("at_ms").and_then(Value::as_i64) else {
        return html! {
            <div class="timeline-row" key={format!("fault-{i}")}>
                <p>{ t(lang, Text::PgAfterEntry) }{ " " }<code>{ Value::Object(entry.clone()).to_string() }</code></p>
                if let Some(message) = row_error { <p class="field-error" role="alert">{ message }</p> }
                { remove }
            </div>
        };
    };
    let options: Vec<(&'static str, Text)> = COMMANDS
        .iter()
        .map(|(name, _)| (*name, command_label(name)))
        .collect();
    let on_command = editor.edit(move |d, name: String| {
        let at = d.timeline[i]
            .get("at_ms")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let target = match COMMANDS.iter().find(|(n, _)| *n == name) {
            Some((_, "topic")) => {
                json!(d.topics.first().map(|t| t.name.clone()).unwrap_or_default())
            }
            Some((_, "broker")) => json!(1),
            _ => json!(0),
        };
        d.timeline[i] = timeline_entry(at, &name, target);
    });
    let fields = entry
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "at_ms" | "command"))
        .map(|(key, value)| {
            let test_id = format!("fault-{i}-{key}");
            let field = key.clone();
            match value {
                Value::String(text) => html! {
                    <TextField label={field_label(key)} value={text.clone()} {test_id}
                        on_change={editor.edit(move |d, v: String| { d.timeline[i].insert(field.clone(), json!(v)); })} />
                },
                _ => html! {
                    <NumberField label={field_label(key)} value={value.as_i64()} {test_id}
                        on_change={editor.edit(move |d, v: Option<i64>| { d.timeline[i].insert(field.clone(), json!(v.unwrap_or(0))); })} />
                },
            }
        });
    html! {
        <div class="timeline-row fields" key={format!("fault-{i}")}>
            <NumberField label={Text::PgAt} value={Some(at_ms)} test_id={format!("fault-{i}-at")}
                on_change={editor.edit(move |d, v: Option<i64>| { d.timeline[i].insert("at_ms".into(), json!(v.unwrap_or(0))); })} />
            <SelectField label={Text::PgCommand} {options} value={command} test_id={format!("fault-{i}-command")} on_change={on_command} />
            { for fields }
            if let Some(message) = row_error { <p class="field-error" role="alert">{ message }</p> }
            { remove }
        </div>
    }
}
