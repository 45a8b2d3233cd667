//! Committed offsets as `__consumer_offsets` keeps them: OffsetCommit, OffsetFetch and the
//! periodic expiry (apache/kafka `OffsetMetadataManager.java`,
//! `ClassicGroup.validateOffsetCommit`, `ClassicGroup.offsetExpirationCondition`).

use super::Ctx;
use super::group::{CONSUMER_PROTOCOL_TYPE, CommittedOffset, Group, State};
use crate::collect::VecMap;
use crate::trace::group::Event;
use crate::wire::group::{
    ConnectionId, ErrorCode, FetchedOffset, OffsetCommit, OffsetCommitResponse, OffsetFetch,
    OffsetFetchResponse, PartitionResult, Response,
};

/// What OffsetFetch returns for a partition without a committed offset (`INVALID_OFFSET`).
pub const NO_OFFSET: i64 = -1;

/// OffsetCommit (`OffsetMetadataManager.commitOffset`). A commit with a negative generation to
/// a group that does not exist creates a "simple" group that only stores offsets; with a
/// generation it fails with GROUP_ID_NOT_FOUND (OffsetCommit v9+, which both clients send).
pub(super) fn commit(
    groups: &mut VecMap<String, Group>,
    ctx: &mut Ctx,
    from: ConnectionId,
    req: OffsetCommit,
) {
    if req.generation < 0 {
        groups
            .entry(req.group_id.clone())
            .or_insert_with(|| Group::new(&req.group_id, ctx.now));
    }
    match groups.get_mut(&req.group_id) {
        Some(group) => group.commit(ctx, from, req),
        None => {
            let partitions = req
                .offsets
                .into_iter()
                .map(|o| PartitionResult {
                    partition: o.partition,
                    error: Some(ErrorCode::GroupIdNotFound),
                })
                .collect();
            let response = OffsetCommitResponse { partitions };
            ctx.respond(from, Response::OffsetCommit(response));
        }
    }
}

/// OffsetFetch (`OffsetMetadataManager.fetchOffsets`): [`NO_OFFSET`] where nothing is stored,
/// also for a group that does not exist.
pub(super) fn fetch(group: Option<&Group>, req: OffsetFetch) -> OffsetFetchResponse {
    let partitions = req
        .partitions
        .into_iter()
        .map(|partition| {
            let stored = group.and_then(|g| g.offsets.get(&partition));
            FetchedOffset {
                offset: stored.map_or(NO_OFFSET, |o| o.offset),
                metadata: stored.map(|o| o.metadata.clone()).unwrap_or_default(),
                partition,
            }
        })
        .collect();
    OffsetFetchResponse { partitions }
}

/// Where an offset's retention period starts.
enum RetentionFrom {
    /// An Empty group's offsets all count from the moment it became Empty.
    GroupEmptied(u64),
    /// Otherwise each offset counts from its own commit.
    Commit,
}

impl Group {
    /// Validation then storage; a valid commit in Stable or PreparingRebalance also counts as
    /// a heartbeat. Every partition carries the validation error, if any.
    fn commit(&mut self, ctx: &mut Ctx, from: ConnectionId, req: OffsetCommit) {
        let valid = self.validate_offset_commit(&req);
        if valid.is_ok() && matches!(self.state, State::Stable(_) | State::PreparingRebalance(_)) {
            self.restart_session_timer(ctx, &req.member_id);
        }
        let mut committed = Vec::new();
        let mut partitions = Vec::new();
        for offset in req.offsets {
            let error = match valid {
                Err(error) => Some(error),
                Ok(())
                    if offset.metadata.encode_utf16().count()
                        > ctx.config.offset_metadata_max_bytes =>
                {
                    Some(ErrorCode::OffsetMetadataTooLarge)
                }
                Ok(()) => {
                    committed.push((offset.partition.clone(), offset.offset));
                    let stored = CommittedOffset {
                        offset: offset.offset,
                        metadata: offset.metadata,
                        commit_time: ctx.now,
                    };
                    self.offsets.insert(offset.partition.clone(), stored);
                    None
                }
            };
            partitions.push(PartitionResult {
                partition: offset.partition,
                error,
            });
        }
        if !committed.is_empty() {
            ctx.emit(Event::OffsetsCommitted {
                group: self.id.clone(),
                member_id: req.member_id,
                generation: req.generation,
                offsets: committed,
            });
        }
        ctx.respond(
            from,
            Response::OffsetCommit(OffsetCommitResponse { partitions }),
        );
    }

    /// `ClassicGroup.validateOffsetCommit`: a generation of -1 commits only to an Empty group;
    /// a member must match the group's generation, and gets REBALANCE_IN_PROGRESS while the
    /// leader is assigning (its generation is already the new one). In PreparingRebalance the
    /// generation is still the old one, so commits of the ending generation are accepted.
    fn validate_offset_commit(&self, req: &OffsetCommit) -> Result<(), ErrorCode> {
        let empty = matches!(self.state, State::Empty);
        if req.generation < 0 && empty {
            return Ok(());
        }
        if req.generation >= 0 || !req.member_id.is_empty() || req.group_instance_id.is_some() {
            self.validate_member(&req.member_id, req.group_instance_id.as_deref())?;
            if req.generation != self.generation {
                return Err(ErrorCode::IllegalGeneration);
            }
        } else if !empty {
            return Err(ErrorCode::UnknownMemberId);
        }
        match self.state {
            State::CompletingRebalance(_) => Err(ErrorCode::RebalanceInProgress),
            _ => Ok(()),
        }
    }

    /// Drops the offsets whose retention (`offsets.retention.minutes`) has passed
    /// (`OffsetMetadataManager.cleanupExpiredOffsets`); true when none are left, which lets an
    /// Empty group be deleted.
    pub(super) fn expire_offsets(&mut self, ctx: &mut Ctx) -> bool {
        let Some(from) = self.retention_from() else {
            return self.offsets.is_empty();
        };
        let retention = ctx.config.offsets_retention_ms;
        let expired: Vec<_> = self
            .offsets
            .iter()
            .filter(|(partition, offset)| {
                let start = match from {
                    RetentionFrom::GroupEmptied(at) => at,
                    RetentionFrom::Commit => offset.commit_time,
                };
                !self.is_subscribed_to(&partition.topic)
                    && ctx.now.saturating_sub(start) >= retention
            })
            .map(|(partition, _)| partition.clone())
            .collect();
        for partition in &expired {
            self.offsets.remove(partition);
        }
        if !expired.is_empty() {
            ctx.emit(Event::OffsetsExpired {
                group: self.id.clone(),
                partitions: expired,
            });
        }
        self.offsets.is_empty()
    }

    /// `ClassicGroup.offsetExpirationCondition`: none while a group with members is rebalancing
    /// or does not know its subscriptions.
    fn retention_from(&self) -> Option<RetentionFrom> {
        match (&self.protocol_type, &self.state) {
            (None, _) => Some(RetentionFrom::Commit),
            (Some(_), State::Empty) => Some(RetentionFrom::GroupEmptied(self.state_since)),
            (Some(protocol), State::Stable(_))
                if protocol == CONSUMER_PROTOCOL_TYPE && self.subscribed_topics.is_some() =>
            {
                Some(RetentionFrom::Commit)
            }
            _ => None,
        }
    }

    /// A Stable consumer group keeps the offsets of the topics it subscribes to
    /// (`ClassicGroup.isSubscribedToTopic`).
    fn is_subscribed_to(&self, topic: &str) -> bool {
        match &self.subscribed_topics {
            Some(topics) => topics.contains(topic),
            None => self.protocol_type.as_deref() == Some(CONSUMER_PROTOCOL_TYPE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TopicPartition;
    use crate::collect::VecSet;
    use crate::coordinator::group::{PendingSync, test_group, test_member};
    use crate::coordinator::{CommitOffset, with_ctx};

    fn commit(member_id: &str, generation: i32) -> OffsetCommit {
        OffsetCommit {
            group_id: "g".into(),
            generation,
            member_id: member_id.into(),
            group_instance_id: None,
            offsets: vec![CommitOffset {
                partition: TopicPartition::new("t", 0),
                offset: 1,
                metadata: String::new(),
            }],
        }
    }

    #[test]
    fn commits_are_checked_against_the_member_and_generation() {
        let mut group = test_group(vec![test_member("m", None, &["range"])]);
        group.generation = 3;
        assert_eq!(group.validate_offset_commit(&commit("m", 3)), Ok(()));
        assert_eq!(
            group.validate_offset_commit(&commit("m", 2)),
            Err(ErrorCode::IllegalGeneration)
        );
        assert_eq!(
            group.validate_offset_commit(&commit("x", 3)),
            Err(ErrorCode::UnknownMemberId)
        );
        assert_eq!(
            group.validate_offset_commit(&commit("", -1)),
            Err(ErrorCode::UnknownMemberId)
        );
        group.state = State::CompletingRebalance(PendingSync {
            members: VecSet::new(),
            deadline: 0,
        });
        assert_eq!(
            group.validate_offset_commit(&commit("m", 3)),
            Err(ErrorCode::RebalanceInProgress)
        );
        assert_eq!(
            Group::new("g", 0).validate_offset_commit(&commit("", -1)),
            Ok(())
        );
    }

    #[test]
    fn retention_counts_from_emptying_for_empty_groups_and_from_the_commit_otherwise() {
        let mut simple = Group::new("g", 0);
        assert!(matches!(
            simple.retention_from(),
            Some(RetentionFrom::Commit)
        ));
        simple.protocol_type = Some(CONSUMER_PROTOCOL_TYPE.into());
        simple.state_since = 77;
        assert!(matches!(
            simple.retention_from(),
            Some(RetentionFrom::GroupEmptied(77))
        ));
        let mut stable = test_group(vec![test_member("m", None, &["range"])]);
        assert!(stable.retention_from().is_none(), "subscriptions unknown");
        stable.subscribed_topics = Some(VecSet::from(["t".to_string()]));
        assert!(matches!(
            stable.retention_from(),
            Some(RetentionFrom::Commit)
        ));
        assert!(stable.is_subscribed_to("t"));
        assert!(!stable.is_subscribed_to("u"));
    }

    #[test]
    fn expired_offsets_are_dropped_and_the_rest_kept() {
        let mut group = Group::new("g", 0);
        for (topic, at) in [("old", 0), ("new", 500)] {
            let stored = CommittedOffset {
                offset: 1,
                metadata: String::new(),
                commit_time: at,
            };
            group.offsets.insert(TopicPartition::new(topic, 0), stored);
        }
        let retention = crate::coordinator::CoordinatorConfig::default().offsets_retention_ms;
        let all_gone = with_ctx(|ctx| {
            ctx.now = retention;
            group.expire_offsets(ctx)
        });
        assert!(!all_gone);
        assert_eq!(
            group.offsets.keys().collect::<Vec<_>>(),
            [&TopicPartition::new("new", 0)]
        );
    }
}
