//! One sort for the cold call sites (the views, lessons and quiz, kafka-python's calls): a
//! slice sorted through its positions, by one non-generic stable sort of indices, then put in
//! place by swaps. Every `sort*` call on a new item type or comparator compiles its own sort
//! (about 2 to 4 KB of wasm each, 62 KB in the lessons' module, issue 15); this costs one index
//! sort for them all, two small `Vec`s per call and a comparison through a pointer. The
//! model's hot paths keep `slice::sort*`.
//!
//! The order is `slice::sort_by`'s: stable. For an unstable sort it is the same result
//! whenever equal keys mean equal items (a sort by the whole value or a key of every field).

use std::cmp::Ordering;

/// `items.sort_by(compare)`.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let swaps = swaps(items.len(), &|i, j| compare(&items[i], &items[j]));
    for (i, j) in swaps {
        items.swap(i, j);
    }
}

/// `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `items.sort()`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The swaps that put `len` items in the order `compare` (of their positions) gives.
fn swaps(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&i, &j| compare(i, j));
    // `at[k]`: the item (by its first position) now at `k`; `place[i]`: where item `i` is now.
    let mut at: Vec<usize> = (0..len).collect();
    let mut place = at.clone();
    let mut swaps = Vec::new();
    for (k, &item) in order.iter().enumerate() {
        let from = place[item];
        if from != k {
            swaps.push((k, from));
            let moved = at[k];
            at[from] = moved;
            place[moved] = from;
            at[k] = item;
            place[item] = k;
        }
    }
    swaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SimRng;

    #[test]
    fn sorts_as_the_slice_sorts_stably() {
        let mut rng = SimRng::stream(7, "sort");
        for len in 0..40 {
            let items: Vec<(u8, usize)> =
                (0..len).map(|i| ((rng.next_u64() % 5) as u8, i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|&(key, _)| key);
            let mut sorted = items.clone();
            sort_by_key(&mut sorted, |&(key, _)| key);
            assert_eq!(sorted, expected);
            let mut whole = items;
            sort(&mut whole);
            expected.sort();
            assert_eq!(whole, expected);
        }
    }
}
