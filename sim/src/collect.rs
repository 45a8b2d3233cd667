//! Building ordered maps and sets by insertion. `collect()` into a `BTreeMap` or `BTreeSet`
//! first sorts the items with a stable sort that is compiled anew for every call site (about
//! 3 KB of WebAssembly each); inserting one by one reuses the one `insert` per key type. The
//! result is the same: a later pair with an equal key replaces the earlier value, as with
//! `collect()` (`BTreeMap::from_iter` keeps the last of equal keys).

use std::collections::{BTreeMap, BTreeSet};

/// The map of `pairs`; a later pair with an equal key wins.
pub fn map_from<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// The set of `items`.
pub fn set_from<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_pair_wins_as_with_collect() {
        let pairs = [(2, "a"), (1, "b"), (2, "c")];
        let collected: BTreeMap<i32, &str> = pairs.into_iter().collect();
        assert_eq!(map_from(pairs), collected);
        assert_eq!(map_from(pairs), BTreeMap::from([(1, "b"), (2, "c")]));
    }

    #[test]
    fn a_set_holds_each_item_once_in_order() {
        assert_eq!(
            set_from([3, 1, 3, 2]).into_iter().collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
    }
}
