/*
 * A thin entry point into librdkafka's own partition assignors, for the differential test
 * (tests/assignor_differential.rs). It builds what the group leader holds after JoinGroup
 * (one rd_kafka_group_member_t per member, the cluster's topic metadata) and calls
 * rd_kafka_assignor_run(), the function the leader calls in rd_kafka_cgrp_assignor_run()
 * (src/rdkafka_cgrp.c), as librdkafka's own assignor unit tests do (src/rdkafka_assignor.c
 * ut_assignors). No broker is contacted: the consumer handle only carries the configuration
 * and the registered assignors.
 */
#include "rdkafka_int.h"
#include "rdkafka_assignor.h"
#include "rdkafka_metadata.h"

#include "assignor_harness.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void quiet_log(const rd_kafka_t *rk, int level, const char *fac,
                      const char *buf) {
        /* The sticky assignor logs conflicting claims at LOG_ERR; the test compares results,
         * not log lines. */
        (void)rk;
        (void)level;
        (void)fac;
        (void)buf;
}

rd_kafka_t *kl_consumer_new(const char *strategy, char *errstr, size_t errstr_size) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();

        rd_kafka_conf_set_log_cb(conf, quiet_log);
        if (rd_kafka_conf_set(conf, "group.id", "differential", errstr, errstr_size) ||
            rd_kafka_conf_set(conf, "partition.assignment.strategy", strategy, errstr,
                              errstr_size)) {
                rd_kafka_conf_destroy(conf);
                return NULL;
        }
        /* rd_kafka_new() takes the configuration only when it succeeds. */
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, errstr_size);
        if (!rk)
                rd_kafka_conf_destroy(conf);
        return rk;
}

void kl_consumer_destroy(rd_kafka_t *rk) {
        rd_kafka_destroy(rk);
}

/* Fills `rkgm` from `m` as rd_kafka_cgrp parses a JoinGroup member (the ConsumerProtocol
 * subscription: topics, owned partitions in the order given, generation). */
static void member_init(rd_kafka_group_member_t *rkgm, const struct kl_member *m,
                        const struct kl_topic *topics) {
        int i;

        memset(rkgm, 0, sizeof(*rkgm));
        rkgm->rkgm_member_id = rd_kafkap_str_new(m->id, -1);
        /* A Kafka NULL string for a dynamic member, never a NULL pointer: that is what
         * rd_kafkap_str_copy() of the JoinGroup response gives, and what
         * rd_kafka_group_member_cmp() expects. */
        rkgm->rkgm_group_instance_id = rd_kafkap_str_new(m->instance_id, -1);
        rd_list_init(&rkgm->rkgm_eligible, m->topic_cnt, NULL);

        rkgm->rkgm_subscription = rd_kafka_topic_partition_list_new(m->topic_cnt);
        for (i = 0; i < m->topic_cnt; i++)
                rd_kafka_topic_partition_list_add(rkgm->rkgm_subscription,
                                                  topics[m->topics[i]].name,
                                                  RD_KAFKA_PARTITION_UA);

        rkgm->rkgm_owned = rd_kafka_topic_partition_list_new(m->owned_cnt);
        for (i = 0; i < m->owned_cnt; i++)
                rd_kafka_topic_partition_list_add(rkgm->rkgm_owned,
                                                  topics[m->owned_topics[i]].name,
                                                  m->owned_partitions[i]);

        rkgm->rkgm_assignment = rd_kafka_topic_partition_list_new(0);
        rkgm->rkgm_generation = m->generation;
}

/* The member whose id is `id`. Range and roundrobin sort the member array in place
 * (qsort with rd_kafka_group_member_cmp), so results are found by id, not by index. */
static const rd_kafka_group_member_t *
find_member(const rd_kafka_group_member_t *rkgms, int member_cnt, const char *id) {
        int i;

        for (i = 0; i < member_cnt; i++)
                if (!strcmp(rkgms[i].rkgm_member_id->str, id))
                        return &rkgms[i];
        return NULL;
}

/* The index of `name` in `topics`, or -1. */
static int topic_index(const struct kl_topic *topics, int topic_cnt, const char *name) {
        int i;

        for (i = 0; i < topic_cnt; i++)
                if (!strcmp(topics[i].name, name))
                        return i;
        return -1;
}

/* Runs the registered assignor named `strategy` for the group, in this process; 0 or -1 and
 * errstr. */
static int kl_assign(rd_kafka_t *rk, const char *strategy, const struct kl_topic *topics,
                     int topic_cnt, const struct kl_member *members, int member_cnt,
                     struct kl_result *result, char *errstr, size_t errstr_size) {
        rd_kafka_metadata_topic_t *mdt;
        rd_kafka_metadata_t *metadata;
        rd_kafka_group_member_t *rkgms;
        const rd_kafka_assignor_t *rkas;
        rd_kafka_resp_err_t err;
        int i, j, out = 0, ret = 0;

        if (!(rkas = rd_kafka_assignor_find(rk, strategy))) {
                rd_snprintf(errstr, errstr_size, "no assignor \"%s\"", strategy);
                return -1;
        }

        /* The metadata lists the cluster's topics in the caller's order. */
        mdt = rd_calloc(topic_cnt ? topic_cnt : 1, sizeof(*mdt));
        for (i = 0, j = 0; i < topic_cnt; i++) {
                if (!topics[i].in_cluster)
                        continue;
                mdt[j].topic         = (char *)topics[i].name;
                mdt[j].partition_cnt = topics[i].partition_cnt;
                j++;
        }
        metadata = rd_kafka_metadata_new_topic_mock(mdt, j, -1, 0);
        rd_free(mdt);

        rkgms = rd_calloc(member_cnt ? member_cnt : 1, sizeof(*rkgms));
        for (i = 0; i < member_cnt; i++)
                member_init(&rkgms[i], &members[i], topics);

        err = rd_kafka_assignor_run(rk->rk_cgrp, rkas, metadata, rkgms, member_cnt, errstr,
                                    errstr_size);
        if (err)
                ret = -1;

        /* Each member's list, in the order the assignor left it: the order the leader
         * serializes into SyncGroup (rd_kafka_cgrp_assignor_run -> rd_kafka_SyncGroupRequest). */
        for (i = 0; !ret && i < member_cnt; i++) {
                const rd_kafka_topic_partition_list_t *list =
                    find_member(rkgms, member_cnt, members[i].id)->rkgm_assignment;

                result->counts[i] = list->cnt;
                for (j = 0; j < list->cnt; j++, out++) {
                        if (out >= result->capacity) {
                                rd_snprintf(errstr, errstr_size,
                                            "more than %d assigned partitions",
                                            result->capacity);
                                ret = -1;
                                break;
                        }
                        result->topics[out] = topic_index(topics, topic_cnt,
                                                          list->elems[j].topic);
                        result->partitions[out] = list->elems[j].partition;
                }
        }

        for (i = 0; i < member_cnt; i++)
                rd_kafka_group_member_clear(&rkgms[i]);
        rd_free(rkgms);
        rd_kafka_metadata_destroy(metadata);
        return ret;
}

/* What the child of kl_assign_isolated() hands back through shared memory. */
struct shared_outcome {
        int status;
        char errstr[512];
        int values[]; /* counts, then topics, then partitions */
};

int kl_assign_isolated(rd_kafka_t *rk, const char *strategy, const struct kl_topic *topics,
                       int topic_cnt, const struct kl_member *members, int member_cnt,
                       struct kl_result *result, char *errstr, size_t errstr_size) {
        size_t value_cnt = (size_t)member_cnt + 2 * (size_t)result->capacity;
        size_t size      = sizeof(struct shared_outcome) + value_cnt * sizeof(int);
        struct shared_outcome *shared;
        struct kl_result child_result;
        int wstatus, ret;
        pid_t pid;

        shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (shared == MAP_FAILED) {
                rd_snprintf(errstr, errstr_size, "mmap: %s", strerror(errno));
                return -1;
        }
        child_result.counts     = shared->values;
        child_result.topics     = shared->values + member_cnt;
        child_result.partitions = shared->values + member_cnt + result->capacity;
        child_result.capacity   = result->capacity;

        if ((pid = fork()) == -1) {
                rd_snprintf(errstr, errstr_size, "fork: %s", strerror(errno));
                munmap(shared, size);
                return -1;
        }
        if (pid == 0) {
                /* A failed rd_assert prints its message before aborting; the parent reports
                 * the crash itself. */
                int devnull = open("/dev/null", O_WRONLY);
                if (devnull != -1)
                        dup2(devnull, STDERR_FILENO);
                shared->status = kl_assign(rk, strategy, topics, topic_cnt, members, member_cnt,
                                           &child_result, shared->errstr,
                                           sizeof(shared->errstr));
                _exit(0);
        }

        while (waitpid(pid, &wstatus, 0) == -1 && errno == EINTR)
                ;
        if (WIFSIGNALED(wstatus)) {
                rd_snprintf(errstr, errstr_size, "librdkafka's assignor crashed (signal %d)",
                            WTERMSIG(wstatus));
                ret = KL_CRASHED;
        } else if ((ret = shared->status)) {
                rd_snprintf(errstr, errstr_size, "%s", shared->errstr);
        } else {
                memcpy(result->counts, child_result.counts, member_cnt * sizeof(int));
                memcpy(result->topics, child_result.topics, result->capacity * sizeof(int));
                memcpy(result->partitions, child_result.partitions,
                       result->capacity * sizeof(int));
        }
        munmap(shared, size);
        return ret;
}
