//! The Rust side of `csrc/assignor_harness.h`: librdkafka's own assignors for one group.

use super::groups::Group;
use serde_json::{Value, json};
use std::ffi::{CStr, CString, c_char, c_int};
use std::ptr;

#[repr(C)]
struct KlTopic {
    name: *const c_char,
    partition_cnt: c_int,
    in_cluster: c_int,
}

#[repr(C)]
struct KlMember {
    id: *const c_char,
    instance_id: *const c_char,
    topics: *const c_int,
    topic_cnt: c_int,
    owned_topics: *const c_int,
    owned_partitions: *const c_int,
    owned_cnt: c_int,
    generation: c_int,
}

#[repr(C)]
struct KlResult {
    counts: *mut c_int,
    topics: *mut c_int,
    partitions: *mut c_int,
    capacity: c_int,
}

/// librdkafka's `rd_kafka_t`, only ever behind a pointer.
#[repr(C)]
struct RdKafka {
    _opaque: [u8; 0],
}

unsafe extern "C" {
    fn kl_consumer_new(strategy: *const c_char, errstr: *mut c_char, size: usize) -> *mut RdKafka;
    fn kl_consumer_destroy(rk: *mut RdKafka);
    fn kl_assign_isolated(
        rk: *mut RdKafka,
        strategy: *const c_char,
        topics: *const KlTopic,
        topic_cnt: c_int,
        members: *const KlMember,
        member_cnt: c_int,
        result: *mut KlResult,
        errstr: *mut c_char,
        size: usize,
    ) -> c_int;
}

/// A librdkafka consumer handle configured with one strategy.
pub struct Librdkafka {
    rk: *mut RdKafka,
    strategy: CString,
}

impl Librdkafka {
    /// A consumer handle with `partition.assignment.strategy` set, or librdkafka's error.
    pub fn new(strategy: &str) -> Result<Self, String> {
        let strategy = CString::new(strategy).unwrap();
        let mut errstr = [0 as c_char; 512];
        // SAFETY: the strings are NUL-terminated and outlive the call.
        let rk = unsafe { kl_consumer_new(strategy.as_ptr(), errstr.as_mut_ptr(), errstr.len()) };
        if rk.is_null() {
            return Err(message(&errstr));
        }
        Ok(Self { rk, strategy })
    }

    /// librdkafka's assignment, in the shape `wire::assignment_json` writes.
    pub fn assign(&self, group: &Group) -> Answer {
        let names: Vec<CString> = group
            .topics
            .iter()
            .map(|(name, _)| CString::new(name.as_str()).unwrap())
            .collect();
        let topics: Vec<KlTopic> = names
            .iter()
            .zip(&group.topics)
            .enumerate()
            .map(|(t, (name, (_, count)))| KlTopic {
                name: name.as_ptr(),
                partition_cnt: *count,
                in_cluster: c_int::from(t < group.cluster_topics),
            })
            .collect();
        let ids: Vec<(CString, Option<CString>)> = group
            .members
            .iter()
            .map(|m| {
                let instance = m.instance_id.as_deref().map(|i| CString::new(i).unwrap());
                (CString::new(m.id.as_str()).unwrap(), instance)
            })
            .collect();
        let lists: Vec<(Vec<c_int>, Vec<c_int>, Vec<c_int>)> = group
            .members
            .iter()
            .map(|m| {
                let subscribed = m.topics.iter().map(|&t| t as c_int).collect();
                let owned_topics = m.owned.iter().map(|&(t, _)| t as c_int).collect();
                let owned_partitions = m.owned.iter().map(|&(_, p)| p).collect();
                (subscribed, owned_topics, owned_partitions)
            })
            .collect();
        let members: Vec<KlMember> = group
            .members
            .iter()
            .zip(&ids)
            .zip(&lists)
            .map(
                |((m, (id, instance)), (subscribed, owned_t, owned_p))| KlMember {
                    id: id.as_ptr(),
                    instance_id: instance.as_ref().map_or(ptr::null(), |i| i.as_ptr()),
                    topics: subscribed.as_ptr(),
                    topic_cnt: subscribed.len() as c_int,
                    owned_topics: owned_t.as_ptr(),
                    owned_partitions: owned_p.as_ptr(),
                    owned_cnt: owned_t.len() as c_int,
                    generation: m.generation,
                },
            )
            .collect();
        // A partition may be listed by more than one member only through a fault; leave room.
        let capacity = group.topics.iter().map(|(_, c)| *c as usize).sum::<usize>() * 2 + 16;
        let mut counts = vec![0; members.len()];
        let mut out_topics = vec![0; capacity];
        let mut out_partitions = vec![0; capacity];
        let mut result = KlResult {
            counts: counts.as_mut_ptr(),
            topics: out_topics.as_mut_ptr(),
            partitions: out_partitions.as_mut_ptr(),
            capacity: capacity as c_int,
        };
        let mut errstr = [0 as c_char; 512];
        // SAFETY: every pointer refers to a live vector or string of the length passed with it;
        // the harness writes at most `capacity` entries and `members.len()` counts.
        let status = unsafe {
            kl_assign_isolated(
                self.rk,
                self.strategy.as_ptr(),
                topics.as_ptr(),
                topics.len() as c_int,
                members.as_ptr(),
                members.len() as c_int,
                &mut result,
                errstr.as_mut_ptr(),
                errstr.len(),
            )
        };
        match status {
            0 => {}
            KL_CRASHED => return Answer::Crashed(message(&errstr)),
            _ => return Answer::Lists(json!({ "error": message(&errstr) })),
        }
        let mut next = 0;
        let lists: serde_json::Map<String, Value> = group
            .members
            .iter()
            .zip(&counts)
            .map(|(m, &count)| {
                let list: Vec<Value> = (next..next + count as usize)
                    .map(|i| json!([group.topics[out_topics[i] as usize].0, out_partitions[i]]))
                    .collect();
                next += count as usize;
                (m.id.clone(), Value::Array(list))
            })
            .collect();
        Answer::Lists(Value::Object(lists))
    }
}

/// What librdkafka answered for one group.
pub enum Answer {
    /// Each member's list (or `{"error": ...}`).
    Lists(Value),
    /// The assignor crashed the (forked) process: librdkafka has no answer to compare with.
    Crashed(String),
}

/// `KL_CRASHED` of the harness.
const KL_CRASHED: c_int = -2;

impl Drop for Librdkafka {
    fn drop(&mut self) {
        // SAFETY: `rk` came from `kl_consumer_new` and is destroyed once.
        unsafe { kl_consumer_destroy(self.rk) }
    }
}

fn message(errstr: &[c_char]) -> String {
    // SAFETY: the harness and librdkafka NUL-terminate what they write; the buffer starts zeroed.
    unsafe { CStr::from_ptr(errstr.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}
