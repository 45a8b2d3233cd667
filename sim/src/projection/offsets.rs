//! A set of offsets held as sorted, disjoint, non-adjacent ranges: a consumer processes a
//! partition's records in order, so a partition's processed offsets are a few ranges however
//! many records there are.

use std::ops::Range;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetSet {
    ranges: Vec<Range<i64>>,
}

impl OffsetSet {
    /// Adds `offset`; `false` when it was already in.
    pub fn insert(&mut self, offset: i64) -> bool {
        // The usual case, records processed in order: the offset right after the last range.
        if let Some(last) = self.ranges.last_mut()
            && last.end == offset
        {
            last.end += 1;
            return true;
        }
        // The first range that ends at or after `offset`: it holds it, or `offset` goes before it.
        let i = self.ranges.partition_point(|r| r.end < offset);
        match self.ranges.get(i) {
            Some(r) if r.contains(&offset) => return false,
            Some(r) if r.end == offset => {
                self.ranges[i].end += 1;
                if self
                    .ranges
                    .get(i + 1)
                    .is_some_and(|next| next.start == offset + 1)
                {
                    let next = self.ranges.remove(i + 1);
                    self.ranges[i].end = next.end;
                }
            }
            Some(r) if r.start == offset + 1 => self.ranges[i].start = offset,
            _ => self.ranges.insert(i, offset..offset + 1),
        }
        true
    }

    /// How many offsets it holds.
    pub fn len(&self) -> u64 {
        self.ranges.iter().map(|r| (r.end - r.start) as u64).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// How many offsets below `end` it holds.
    pub fn count_below(&self, end: i64) -> u64 {
        self.ranges
            .iter()
            .take_while(|r| r.start < end)
            .map(|r| (r.end.min(end) - r.start) as u64)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_and_count() {
        let mut set = OffsetSet::default();
        for offset in [3, 1, 2, 7, 5, 6, 0] {
            assert!(set.insert(offset));
        }
        assert!(!set.insert(2));
        assert_eq!(set.ranges, vec![0..4, 5..8]);
        assert_eq!(
            (set.len(), set.count_below(6), set.count_below(0)),
            (7, 5, 0)
        );
    }
}
