//! The model's ordered map and set: a sorted `Vec` searched by bisection.
//!
//! Why not `BTreeMap`/`BTreeSet`: in the WebAssembly page every key/value type pair compiled its
//! own B-tree insert, search, remove, iteration, clone and drop (188 KB of code for about fifty
//! pairs), and every `collect()` into one compiled its own stable sort (about 3 KB each). Here a
//! type pair costs a bisection and a `Vec` shift, and `collect()` inserts one by one.
//! What it costs: insert and remove are O(n) moves. The maps of the model are small (members,
//! partitions, brokers, requests in flight), and the ones that grow (accounting by message or
//! by offset) insert at or near their end, where the move is short. The scheduler's agenda,
//! taken from its front thousands of times, is a sorted `VecDeque` (see `engine::scheduler`).
//! Iteration is in ascending key order, exactly as with `BTreeMap`, so every trace is unchanged.

pub mod sort;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::marker::PhantomData;
use std::{iter, slice, vec};

/// A map ordered by key, held as a `Vec` of pairs sorted by key with no two keys equal.
#[derive(Clone, PartialEq, Eq)]
pub struct VecMap<K, V> {
    pairs: Vec<(K, V)>,
}

/// Borrowing iterator over a [`VecMap`]'s pairs, in key order.
pub type Iter<'a, K, V> = iter::Map<slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

/// Borrowing iterator over a [`VecMap`]'s pairs, in key order, values mutable.
pub type IterMut<'a, K, V> =
    iter::Map<slice::IterMut<'a, (K, V)>, fn(&'a mut (K, V)) -> (&'a K, &'a mut V)>;

impl<K, V> VecMap<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        VecMap { pairs: Vec::new() }
    }

    /// How many pairs the map holds.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the map holds no pair.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs in ascending key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        self.pairs.iter().map(|(k, v)| (k, v))
    }

    /// The pairs in ascending key order, values mutable.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        self.pairs.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The keys in ascending order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.pairs.iter().map(|(k, _)| k)
    }

    /// The values in ascending key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.pairs.iter().map(|(_, v)| v)
    }

    /// The values in ascending key order, mutable.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> {
        self.pairs.iter_mut().map(|(_, v)| v)
    }

    /// The owned values in ascending key order.
    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> {
        self.pairs.into_iter().map(|(_, v)| v)
    }

    /// Keeps only the pairs for which `keep` returns true.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.pairs.retain_mut(|(k, v)| keep(k, v));
    }

    /// Removes every pair.
    pub fn clear(&mut self) {
        self.pairs.clear();
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// Where `key` is (`Ok`) or would be inserted (`Err`).
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.pairs.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value for `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.pairs[i].1)
    }

    /// The stored key equal to `key` and its value: the stored key may be cheaper to compare
    /// or share than the one given.
    pub fn get_key_value<Q: Ord + ?Sized>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| {
            let (k, v) = &self.pairs[i];
            (k, v)
        })
    }

    /// The value for `key`, mutable.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.pairs[i].1)
    }

    /// Whether the map holds `key`.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// The value for `key`, after inserting `make()` under a copy of `key` if it had none:
    /// one search, and the key is copied only when it is new.
    pub fn get_or_insert_with<Q>(&mut self, key: &Q, make: impl FnOnce() -> V) -> &mut V
    where
        K: Borrow<Q>,
        Q: Ord + ToOwned<Owned = K> + ?Sized,
    {
        let index = match self.find(key) {
            Ok(i) => i,
            Err(i) => {
                self.pairs.insert(i, (key.to_owned(), make()));
                i
            }
        };
        &mut self.pairs[index].1
    }

    /// [`Self::get_or_insert_with`], looking first where `hint` says the previous lookup found
    /// its key: one comparison instead of a bisection when lookups come in runs of one key.
    pub fn get_or_insert_hinted<Q>(
        &mut self,
        hint: &mut Hint,
        key: &Q,
        make: impl FnOnce() -> V,
    ) -> &mut V
    where
        K: Borrow<Q>,
        Q: Ord + ToOwned<Owned = K> + ?Sized,
    {
        if self
            .pairs
            .get(hint.0)
            .is_none_or(|(k, _)| k.borrow() != key)
        {
            hint.0 = match self.find(key) {
                Ok(i) => i,
                Err(i) => {
                    self.pairs.insert(i, (key.to_owned(), make()));
                    i
                }
            };
        }
        &mut self.pairs[hint.0].1
    }

    /// Sets the value for `key`, returning the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.pairs[i].1, value)),
            Err(i) => {
                self.pairs.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.pairs.remove(i).1)
    }

    /// The place of `key`, to read, change or fill.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let at = self.find(&key);
        Entry { map: self, at, key }
    }
}

/// The place of one key in a [`VecMap`], filled or not (see [`VecMap::entry`]).
pub struct Entry<'a, K, V> {
    map: &'a mut VecMap<K, V>,
    at: Result<usize, usize>,
    key: K,
}

impl<'a, K, V> Entry<'a, K, V> {
    /// The value, after inserting `make()` if the key had none.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let index = match self.at {
            Ok(i) => i,
            Err(i) => {
                self.map.pairs.insert(i, (self.key, make()));
                i
            }
        };
        &mut self.map.pairs[index].1
    }

    /// The value, after inserting `value` if the key had none.
    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    /// The value, after inserting `V::default()` if the key had none.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Changes the value if the key has one.
    pub fn and_modify(self, change: impl FnOnce(&mut V)) -> Self {
        if let Ok(i) = self.at {
            change(&mut self.map.pairs[i].1);
        }
        self
    }
}

/// Where [`VecMap::get_or_insert_hinted`] looks first: the slot its previous lookup found
/// (or, for a sorted sequence of another kind, the slot its owner says).
/// Not part of the value of what holds it: any two are equal.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hint(pub(crate) usize);

impl PartialEq for Hint {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Hint {}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for VecMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A later pair with an equal key replaces the earlier value, as with `BTreeMap`.
impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (key, value) in pairs {
            self.insert(key, value);
        }
    }
}

/// Inserts one by one: no sort compiled per call site; a later pair with an equal key wins.
impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut map = VecMap::new();
        map.extend(pairs);
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for VecMap<K, V> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut VecMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<K: Ord + Borrow<Q>, V, Q: Ord + ?Sized> std::ops::Index<&Q> for VecMap<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for the key in the VecMap")
    }
}

/// Serialized as a map, as `BTreeMap` is.
impl<K: Serialize, V: Serialize> Serialize for VecMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Read from a map; a later equal key wins, as with `BTreeMap`.
impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for VecMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = VecMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = VecMap::new();
                while let Some((k, v)) = access.next_entry()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A set ordered by value: a [`VecMap`] with no values, so it shares the map's code.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct VecSet<T> {
    map: VecMap<T, ()>,
}

impl<T> VecSet<T> {
    /// An empty set.
    pub const fn new() -> Self {
        VecSet { map: VecMap::new() }
    }

    /// How many items the set holds.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the set holds no item.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The items in ascending order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.map.keys()
    }

    /// Keeps only the items for which `keep` returns true.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.map.retain(|k, ()| keep(k));
    }
}

impl<T: Ord> VecSet<T> {
    /// Adds `item`; false if the set held it already.
    pub fn insert(&mut self, item: T) -> bool {
        self.map.insert(item, ()).is_none()
    }

    /// Removes `item`; false if the set did not hold it.
    pub fn remove<Q: Ord + ?Sized>(&mut self, item: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.map.remove(item).is_some()
    }

    /// Whether the set holds `item`.
    pub fn contains<Q: Ord + ?Sized>(&self, item: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.map.contains_key(item)
    }
}

impl<T: fmt::Debug> fmt::Debug for VecSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Ord> Extend<T> for VecSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        self.map.extend(items.into_iter().map(|item| (item, ())));
    }
}

/// Copies borrowed items in, as `BTreeSet` allows.
impl<'a, T: Ord + Copy + 'a> Extend<&'a T> for VecSet<T> {
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, items: I) {
        self.extend(items.into_iter().copied());
    }
}

impl<T: Ord> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut set = VecSet::new();
        set.extend(items);
        set
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for VecSet<T> {
    fn from(items: [T; N]) -> Self {
        items.into_iter().collect()
    }
}

/// Owning iterator over a [`VecSet`]'s items, in order.
pub type SetIntoIter<T> = iter::Map<vec::IntoIter<(T, ())>, fn((T, ())) -> T>;

impl<T> IntoIterator for VecSet<T> {
    type Item = T;
    type IntoIter = SetIntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.into_iter().map(|(item, ())| item)
    }
}

/// Borrowing iterator over a [`VecSet`]'s items, in order.
pub type SetIter<'a, T> = iter::Map<slice::Iter<'a, (T, ())>, fn(&'a (T, ())) -> &'a T>;

impl<'a, T> IntoIterator for &'a VecSet<T> {
    type Item = &'a T;
    type IntoIter = SetIter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.pairs.iter().map(|(item, ())| item)
    }
}

/// Serialized as a sequence, as `BTreeSet` is.
impl<T: Serialize> Serialize for VecSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Read from a sequence; repeated items are kept once.
impl<'de, T: Ord + Deserialize<'de>> Deserialize<'de> for VecSet<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SeqVisitor<T>(PhantomData<T>);
        impl<'de, T: Ord + Deserialize<'de>> Visitor<'de> for SeqVisitor<T> {
            type Value = VecSet<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut set = VecSet::new();
                while let Some(item) = access.next_element()? {
                    set.insert(item);
                }
                Ok(set)
            }
        }
        deserializer.deserialize_seq(SeqVisitor(PhantomData))
    }
}

/// Sorts `items` stably by `order`, by insertion: a few instructions per element type instead
/// of a std stable sort (about 3 KB of WebAssembly per call site). O(n²) moves at worst, O(n) on
/// a list already in order: for the model's short lists (members, partitions, faults).
pub fn sort_small_by<T>(items: &mut [T], mut order: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && order(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `items` stably by `key`, as [`sort_small_by`] does.
pub fn sort_small_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_small_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn get_or_insert_with_fills_a_missing_key_in_order_and_keeps_a_present_one() {
        let mut map: VecMap<String, Vec<i32>> = VecMap::from([("b".to_string(), vec![1])]);
        map.get_or_insert_with("a", Vec::new).push(2);
        map.get_or_insert_with("b", || unreachable!("b is there"))
            .push(3);
        let pairs: Vec<_> = map.iter().collect();
        assert_eq!(
            pairs,
            [
                (&"a".to_string(), &vec![2]),
                (&"b".to_string(), &vec![1, 3])
            ]
        );
    }

    #[test]
    fn a_later_pair_wins_as_with_btreemap() {
        let pairs = [(2, "a"), (1, "b"), (2, "c")];
        let ours: VecMap<i32, &str> = pairs.into_iter().collect();
        let theirs: BTreeMap<i32, &str> = pairs.into_iter().collect();
        assert_eq!(
            ours.iter().collect::<Vec<_>>(),
            theirs.iter().collect::<Vec<_>>()
        );
        assert_eq!(
            ours.iter().collect::<Vec<_>>(),
            vec![(&1, &"b"), (&2, &"c")]
        );
    }

    #[test]
    fn insert_remove_and_entry_keep_keys_in_order() {
        let mut map = VecMap::new();
        assert_eq!(map.insert("b", 1), None);
        assert_eq!(map.insert("a", 2), None);
        assert_eq!(map.insert("b", 3), Some(1));
        *map.entry("c").or_insert(0) += 5;
        map.entry("a").and_modify(|v| *v *= 10).or_insert(99);
        assert_eq!(map.remove("zz"), None);
        assert_eq!(format!("{map:?}"), r#"{"a": 20, "b": 3, "c": 5}"#);
        assert_eq!(map.remove("a"), Some(20));
        assert_eq!(map.remove("c"), Some(5));
        assert_eq!(map.keys().collect::<Vec<_>>(), vec![&"b"]);
    }

    #[test]
    fn a_set_holds_each_item_once_in_order() {
        let set: VecSet<i32> = [3, 1, 3, 2].into_iter().collect();
        assert_eq!(format!("{set:?}"), "{1, 2, 3}");
        let std: BTreeSet<i32> = [3, 1, 3, 2].into_iter().collect();
        assert_eq!(format!("{std:?}"), "{1, 2, 3}");
        assert_eq!(set.into_iter().collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn serde_reads_and_writes_maps_and_sets_as_btree_does() {
        let map = VecMap::from([("b".to_string(), 2), ("a".to_string(), 1)]);
        let json = serde_json::to_string(&map).unwrap();
        assert_eq!(json, r#"{"a":1,"b":2}"#);
        let back: VecMap<String, i32> = serde_json::from_str(r#"{"b":2,"a":1,"b":3}"#).unwrap();
        assert_eq!(
            back,
            VecMap::from([("a".to_string(), 1), ("b".to_string(), 3)])
        );
        let set = VecSet::from([2, 1]);
        assert_eq!(serde_json::to_string(&set).unwrap(), "[1,2]");
        assert_eq!(serde_json::from_str::<VecSet<i32>>("[2,1,2]").unwrap(), set);
    }

    #[test]
    fn the_small_sort_is_stable() {
        let mut items = [(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        let mut by_key = items;
        sort_small_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
        sort_small_by_key(&mut by_key, |item| item.0);
        assert_eq!(by_key, items);
    }
}
