//! Where a partition's replicas live: Kafka's rack-unaware placement (apache/kafka
//! `AdminUtils.assignReplicasToBrokersRackUnaware`), for new topics and for partitions added
//! to an existing topic (`AdminZkClient.addPartitions`).

/// The replica lists of partitions `first..first + count` on the brokers `ids`: the first
/// replica of partition p is broker `(p + start) % n`; the others follow it at a gap that
/// `shift` sets, and the shift grows by one each time p wraps around the brokers.
pub fn place_replicas(
    ids: &[i32],
    start: usize,
    shift: usize,
    first: usize,
    count: usize,
    replication_factor: usize,
) -> Vec<Vec<i32>> {
    let n = ids.len();
    let mut shift = shift;
    (first..first + count)
        .map(|p| {
            if p > 0 && p % n == 0 {
                shift += 1;
            }
            let leader = (p + start) % n;
            std::iter::once(ids[leader])
                .chain((0..replication_factor - 1).map(|j| {
                    let gap = 1 + (shift + j) % (n - 1).max(1);
                    ids[(leader + gap) % n]
                }))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_go_round_robin_and_followers_shift_on_wrap() {
        let placed = place_replicas(&[1, 2, 3], 0, 0, 0, 4, 2);
        assert_eq!(placed, vec![vec![1, 2], vec![2, 3], vec![3, 1], vec![1, 3]]);
    }

    #[test]
    fn added_partitions_continue_from_the_first_new_id() {
        let added = place_replicas(&[1, 2, 3], 1, 1, 4, 2, 2);
        assert_eq!(added, vec![vec![3, 2], vec![1, 3]]);
    }
}
