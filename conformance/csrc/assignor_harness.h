/*
 * The plain C interface the Rust differential test calls (tests/assignor_differential.rs
 * declares the same structs with #[repr(C)]).
 */
#ifndef KL_ASSIGNOR_HARNESS_H
#define KL_ASSIGNOR_HARNESS_H

#include <stddef.h>

/* A topic a member names. Only those `in_cluster` are in the metadata; the others were
 * deleted but may still be subscribed to and owned. */
struct kl_topic {
        const char *name;
        int partition_cnt;
        int in_cluster;
};

/* A group member as the leader reads it from the JoinGroup response. Topics are indexes
 * into the group's kl_topic array. */
struct kl_member {
        const char *id;
        const char *instance_id; /* group.instance.id, NULL for a dynamic member */
        const int *topics;       /* subscribed topics */
        int topic_cnt;
        const int *owned_topics; /* owned partitions, in the order the member lists them */
        const int *owned_partitions;
        int owned_cnt;
        int generation; /* -1: no previous generation */
};

/* Caller-allocated output: counts[i] partitions for member i, all lists one after another
 * in topics[]/partitions[] (topic indexes as above). */
struct kl_result {
        int *counts;
        int *topics;
        int *partitions;
        int capacity;
};

struct rd_kafka_s;

/* A consumer handle with `partition.assignment.strategy` set; NULL and errstr on error. */
struct rd_kafka_s *kl_consumer_new(const char *strategy, char *errstr, size_t errstr_size);
void kl_consumer_destroy(struct rd_kafka_s *rk);

/* Runs the registered assignor named `strategy` for the group in a forked child, so that a
 * crash of librdkafka's code (its sticky assignor reads freed memory or fails an rd_assert on
 * some groups, see the test) ends only the child: 0, -1 and errstr, or KL_CRASHED. */
#define KL_CRASHED -2
int kl_assign_isolated(struct rd_kafka_s *rk, const char *strategy,
                       const struct kl_topic *topics, int topic_cnt,
                       const struct kl_member *members, int member_cnt,
                       struct kl_result *result, char *errstr, size_t errstr_size);

#endif
