//! A string-keyed map that iterates in the order of a `java.util.HashMap<String, V>`.
//!
//! The broker keeps a group's members in a `HashMap` (apache/kafka `ClassicGroup.members`) and
//! several visible choices follow its iteration order: the new leader when the leader leaves
//! (`ClassicGroup.remove`), the leader elected when the old one did not rejoin
//! (`maybeElectNewJoinedLeader`), the order of the member list the leader receives
//! (`currentClassicGroupMembers`) and the winner of a tied protocol vote (`selectProtocol`). That
//! order is deterministic: `String.hashCode` is specified, and OpenJDK's `HashMap` walks its table
//! bucket by bucket, each bucket in insertion order (`HashMap.putVal`, `HashMap.resize` splits a
//! bucket keeping the relative order); the table grows with the most entries it ever held and
//! never shrinks (the hashing and sizing rules are shared with the assignors'
//! `assignor::java_hash`). A bucket is turned into a tree only past 8 entries in a table of 64 or
//! more, which groups of a classroom's size never reach, so that case is left out. The expected
//! orders in the tests were printed by OpenJDK 17.

use crate::assignor::java_hash::{bucket, string_hash, table_size};
use crate::collect::sort_small_by_key;

/// Entries in insertion order, and the most entries ever held, which sizes the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct JavaOrderMap<V> {
    entries: Vec<Entry<V>>,
    peak: usize,
}

/// A key with its `String.hashCode`, computed once: the order is asked for on every timer
/// the coordinator schedules.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry<V> {
    key: String,
    hash: i32,
    value: V,
}

impl<V> Default for JavaOrderMap<V> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            peak: 0,
        }
    }
}

impl<V> JavaOrderMap<V> {
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.entries
            .iter_mut()
            .find(|e| e.key == key)
            .map(|e| &mut e.value)
    }

    /// `HashMap.put`: a present key keeps its place; a new one goes to the end of its bucket and
    /// may double the table.
    pub(crate) fn insert(&mut self, key: String, value: V) {
        if let Some(slot) = self.get_mut(&key) {
            *slot = value;
            return;
        }
        let hash = string_hash(&key);
        self.entries.push(Entry { key, hash, value });
        self.peak = self.peak.max(self.entries.len());
    }

    pub(crate) fn remove(&mut self, key: &str) -> Option<V> {
        let index = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(index).value)
    }

    /// Entries in Java's iteration order: by bucket, then by insertion within a bucket.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        let size = table_size(self.peak);
        let mut order: Vec<&Entry<V>> = self.entries.iter().collect();
        sort_small_by_key(&mut order, |e| bucket(e.hash, size));
        order.into_iter().map(|e| (e.key.as_str(), &e.value))
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(k, _)| k)
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }

    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        let size = table_size(self.peak);
        let mut order: Vec<&mut Entry<V>> = self.entries.iter_mut().collect();
        sort_small_by_key(&mut order, |e| bucket(e.hash, size));
        order.into_iter().map(|e| &mut e.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_of(keys: &[&str]) -> JavaOrderMap<()> {
        let mut map = JavaOrderMap::default();
        for key in keys {
            map.insert(key.to_string(), ());
        }
        map
    }

    #[test]
    fn small_maps_iterate_by_bucket() {
        let map = map_of(&["cooperative-sticky", "roundrobin", "range"]);
        assert_eq!(
            map.keys().collect::<Vec<_>>(),
            ["range", "roundrobin", "cooperative-sticky"]
        );
        let six: Vec<String> = (0..6).map(|i| format!("consumer-{i}")).collect();
        let map = map_of(&six.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            map.keys().collect::<Vec<_>>(),
            [
                "consumer-5",
                "consumer-4",
                "consumer-3",
                "consumer-2",
                "consumer-1",
                "consumer-0"
            ]
        );
    }

    #[test]
    fn the_table_doubles_past_three_quarters_and_reinserted_keys_go_last_in_their_bucket() {
        let names: Vec<String> = (0..20).map(|i| format!("consumer-{i}")).collect();
        let mut map = map_of(&names.iter().map(String::as_str).collect::<Vec<_>>());
        let java_order = [
            11, 10, 6, 17, 5, 16, 4, 19, 3, 18, 2, 13, 1, 12, 0, 15, 14, 9, 8, 7,
        ];
        let expected: Vec<String> = java_order.iter().map(|i| format!("consumer-{i}")).collect();
        assert_eq!(map.keys().collect::<Vec<_>>(), expected);

        map.remove("consumer-3");
        map.insert("consumer-3".into(), ());
        map.insert("c-x".into(), ());
        let java_order = [
            "consumer-11",
            "consumer-10",
            "consumer-6",
            "consumer-17",
            "consumer-5",
            "consumer-16",
            "consumer-4",
            "consumer-19",
            "consumer-18",
            "consumer-3",
            "consumer-2",
            "consumer-13",
            "consumer-1",
            "consumer-12",
            "consumer-0",
            "consumer-15",
            "consumer-14",
            "c-x",
            "consumer-9",
            "consumer-8",
            "consumer-7",
        ];
        assert_eq!(map.keys().collect::<Vec<_>>(), java_order);
    }

    #[test]
    fn colliding_keys_keep_insertion_order() {
        // "Aa" and "BB" share a hash code.
        let mut map = map_of(&["Aa", "BB", "c0-1", "c0-2"]);
        map.remove("Aa");
        map.insert("Aa".into(), ());
        assert_eq!(map.keys().collect::<Vec<_>>(), ["BB", "Aa", "c0-1", "c0-2"]);
    }

    #[test]
    fn put_on_a_present_key_replaces_the_value_in_place() {
        let mut map = JavaOrderMap::default();
        map.insert("a".to_string(), 1);
        map.insert("b".to_string(), 2);
        map.insert("a".to_string(), 3);
        assert_eq!(map.len(), 2);
        assert_eq!(map.get("a"), Some(&3));
        assert_eq!(map.remove("b"), Some(2));
        assert!(!map.contains_key("b"));
    }
}
