//! Which broker coordinates a consumer group.
//!
//! Kafka puts a group's coordinator on the leader of partition
//! `Utils.abs(groupId.hashCode) % offsets.topic.num.partitions` of `__consumer_offsets`
//! (apache/kafka `GroupMetadataManager.partitionFor`, `Utils.abs` is `n & 0x7fffffff`), and
//! when that leader dies the partition's next in-sync replica takes over and loads the group
//! from the log.
//!
//! The model does not keep `__consumer_offsets` as a topic. It places that partition's
//! preferred leader on the broker at `partition % brokers` in id order. A crashed leader
//! keeps the partition until the controller fences it (`broker.session.timeout.ms` without a
//! heartbeat, [`crate::cluster`]'s `BrokerFenced`), as it does for every partition: until
//! then there is no coordinator (FindCoordinator names the dead broker, whose connection is
//! refused, or answers COORDINATOR_NOT_AVAILABLE). Then the next unfenced broker in id order
//! (wrapping) leads it and coordinates the group, with its state (one coordinator state
//! machine for all groups), as Kafka's new leader does by loading it from the log
//! (`GroupCoordinator.onElection`; the load itself is not modelled). Leadership goes back to
//! the preferred broker when it restarts.

use crate::assignor::java_hash::string_hash;
use crate::cluster::Cluster;

/// `offsets.topic.num.partitions` (broker default, apache/kafka `GroupCoordinatorConfig`).
pub const OFFSETS_TOPIC_PARTITIONS: i32 = 50;

/// The `__consumer_offsets` partition that holds `group_id`.
pub fn offsets_partition(group_id: &str) -> i32 {
    (string_hash(group_id) & 0x7fff_ffff) % OFFSETS_TOPIC_PARTITIONS
}

/// The broker leading `group_id`'s `__consumer_offsets` partition: the first broker from
/// the preferred one on that the controller has not fenced, even if it has crashed.
pub fn offsets_leader(cluster: &Cluster, group_id: &str) -> Option<i32> {
    let ids: Vec<i32> = cluster.brokers().keys().copied().collect();
    let preferred = offsets_partition(group_id) as usize % ids.len().max(1);
    (0..ids.len())
        .map(|i| ids[(preferred + i) % ids.len()])
        .find(|b| !cluster.brokers()[b].fenced)
}

/// The broker coordinating `group_id` now: the partition's leader, if it is up.
pub fn coordinator_broker(cluster: &Cluster, group_id: &str) -> Option<i32> {
    offsets_leader(cluster, group_id).filter(|&b| cluster.broker_is_up(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partition_follows_java_string_hash_code() {
        // The course's group: "tdea".hashCode() = 3_555_084, and 3_555_084 % 50 = 34.
        assert_eq!(string_hash("tdea"), 3_555_084);
        assert_eq!(offsets_partition("tdea"), 34);
        // A negative hash is masked, not negated: "polygenelubricants".hashCode() = i32::MIN.
        assert_eq!(offsets_partition("polygenelubricants"), 0);
    }
}
