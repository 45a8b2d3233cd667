"""Differential test of the model's kafka-python profile against kafka-python itself.

Runs kafka-python's own partitioner (`DefaultPartitioner`, `KafkaProducer._partition`) and
assignors (range, roundrobin, sticky, cooperative-sticky) on thousands of seeded random cases,
without a broker: members are encoded and decoded as the leader gets them in JoinGroup
(`ConsumerCoordinator._perform_assignment`), the cluster is a stub with ClusterMetadata's
methods. The same cases go to `kafka-sim partition` and `kafka-sim assign` (one process each,
JSON Lines), and the answers are compared exactly, list order included.

Where kafka-python's sticky code takes "any" element of a Python set (hash order, seeded at
random per process), the library's sets are made to yield their smallest element first, the
choice the model makes; the unpatched library is run too, and must differ from the model only
on cases the model flags with `kafka_python_arbitrary`.

Usage: python differential.py [path/to/kafka-sim]   (default target/debug/kafka-sim)
Environment: KAFKA_PYTHON_DIFF_SEED (default 4), KAFKA_PYTHON_DIFF_CASES (per strategy,
default 2000). PYTHONHASHSEED is pinned (to the seed) so that a failure can be replayed.
"""

import json
import os
import random
import subprocess
import sys
import time
import types

SEED = int(os.environ.get("KAFKA_PYTHON_DIFF_SEED", "4"))
CASES = int(os.environ.get("KAFKA_PYTHON_DIFF_CASES", "2000"))
if "PYTHONHASHSEED" not in os.environ:
    os.environ["PYTHONHASHSEED"] = str(SEED)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import kafka  # noqa: E402
from kafka.coordinator.assignors.cooperative_sticky import CooperativeStickyAssignor  # noqa: E402
from kafka.coordinator.assignors.range import RangePartitionAssignor  # noqa: E402
from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor  # noqa: E402
from kafka.coordinator.assignors.sticky import partition_movements as movements_module  # noqa: E402
from kafka.coordinator.assignors.sticky import sticky_assignor as sticky_module  # noqa: E402
from kafka.partitioner.default import DefaultPartitioner  # noqa: E402
from kafka.producer.kafka import KafkaProducer  # noqa: E402
from kafka.protocol.consumer.group import JoinGroupResponse  # noqa: E402
from kafka.protocol.consumer.metadata import ConsumerProtocolSubscription  # noqa: E402
from kafka.structs import TopicPartition  # noqa: E402

VERSION = "3.0.12"
TOPIC = "kafka_demo"


class Cluster:
    """The ClusterMetadata methods the partitioner and assignors call, with its return types."""

    def __init__(self, topics, available=None):
        self._topics = topics
        self._available = available or {}

    def topics(self, exclude_internal_topics=True):
        return set(self._topics)

    def partitions_for_topic(self, topic):
        return set(range(self._topics[topic])) if topic in self._topics else None

    def available_partitions_for_topic(self, topic):
        if topic not in self._topics:
            return None
        return set(self._available.get(topic, range(self._topics[topic])))


class SmallestFirstSet(set):
    """A set that iterates and pops its smallest element first: the model's choice where
    kafka-python's sticky code takes any element of a set."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))

    def pop(self):
        smallest = min(set.__iter__(self))
        self.remove(smallest)
        return smallest

    def intersection(self, *others):
        return SmallestFirstSet(set.intersection(self, *others))


def smallest_first(on):
    for module in (sticky_module, movements_module):
        if on:
            module.set = SmallestFirstSet
        elif hasattr(module, "set"):
            del module.set


# ---------------------------------------------------------------------------------------------
# Random cases


def random_key(rng):
    roll = rng.random()
    if roll < 0.15:
        return None
    if roll < 0.2:
        return b""
    if roll < 0.6:
        return json.dumps(rng.choice(["count_num", "user-%d" % rng.randrange(1000), "k"])).encode()
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 24)))


def partition_cases(rng, count):
    cases = []
    for _ in range(count):
        partitions = rng.choice([1, 2, 3, 6, 12, rng.randrange(1, 200)])
        case = {"partitions": partitions, "key": random_key(rng)}
        if rng.random() < 0.3:
            case["available"] = sorted(rng.sample(range(partitions), rng.randrange(partitions + 1)))
        if rng.random() < 0.15:
            case["partition"] = rng.choice([-1, 0, partitions - 1, partitions, partitions + 5])
        cases.append(case)
    return cases


TOPIC_NAMES = ["orders", "payments", "t0", "t1", "t2", "\u00e4rende"]


def random_topics(rng):
    names = rng.sample(TOPIC_NAMES, rng.randrange(1, 5))
    return {name: rng.choice([0, 1, 1, 2, 3, 4, 6, 8]) for name in names}


def random_members(rng, topics):
    count = rng.randrange(1, 7)
    ids = rng.sample(["c%d" % i for i in range(10)] + ["consumer-1-%04x" % rng.randrange(65536)], count)
    names = list(topics) + (["gone"] if rng.random() < 0.15 else [])
    shared = rng.sample(names, rng.randrange(1, len(names) + 1))
    members = []
    for member_id in ids:
        subscription = list(shared) if rng.random() < 0.6 else rng.sample(names, rng.randrange(1, len(names) + 1))
        if rng.random() < 0.03:
            subscription.append(rng.choice(subscription))
        static = rng.random() < 0.25
        members.append({
            "id": member_id,
            "instance_id": "i%d" % rng.randrange(5) if static else None,
            "topics": subscription,
            "owned": [],
            "generation": None,
        })
    # Instance ids are unique in a group.
    seen = set()
    for member in members:
        if member["instance_id"] in seen:
            member["instance_id"] = None
        elif member["instance_id"] is not None:
            seen.add(member["instance_id"])
    return members


def random_claims(rng, topics, members):
    partitions = [(t, p) for t, n in topics.items() for p in range(n)] + [("gone", 0)]
    for member in members:
        if rng.random() < 0.6:
            member["owned"] = [list(tp) for tp in rng.sample(partitions, rng.randrange(0, min(len(partitions), 6) + 1))]
        if member["owned"] or rng.random() < 0.2:
            member["generation"] = rng.choice([None, -1, 0, 0, 1, 2, 3, 5])


def case_with_history(rng, strategy):
    """A group whose claims come from kafka-python's own previous assignment: some members
    leave, others join, topics grow."""
    topics = random_topics(rng)
    members = random_members(rng, topics)
    final, delivered = library_assign(strategy, topics, members, patched=True)
    if isinstance(final, str):
        return topics, members
    previous = delivered or final
    generation = rng.randrange(1, 6)
    for member in members:
        member["owned"] = [list(tp) for tp in previous[member["id"]]]
        member["generation"] = generation if rng.random() < 0.85 else generation - 1
    survivors = [m for m in members if rng.random() < 0.75] or members[:1]
    newcomers = [m for m in random_members(rng, topics) if m["id"] not in {s["id"] for s in survivors}]
    for member in newcomers:
        member["instance_id"] = None
    members = survivors + newcomers[: rng.randrange(0, 3)]
    rng.shuffle(members)
    if rng.random() < 0.3:
        name = rng.choice(list(topics))
        topics[name] += rng.randrange(1, 3)
    return topics, members


def assign_cases(rng, strategy, count):
    cases = []
    for _ in range(count):
        if strategy in ("sticky", "cooperative-sticky") and rng.random() < 0.5:
            topics, members = case_with_history(rng, strategy)
        else:
            topics = random_topics(rng)
            members = random_members(rng, topics)
            random_claims(rng, topics, members)
        cases.append({"strategy": strategy, "topics": topics, "members": members})
    return cases


# ---------------------------------------------------------------------------------------------
# kafka-python's answers


def exception_line(error):
    return "%s: %s" % (type(error).__name__, error)


def library_partition(case):
    """What `KafkaProducer.send()` picks (or raises) for the case's serialized key."""
    available = {TOPIC: case["available"]} if "available" in case else None
    cluster = Cluster({TOPIC: case["partitions"]}, available)
    producer = types.SimpleNamespace(_metadata=cluster, config={"partitioner": DefaultPartitioner()})
    try:
        return KafkaProducer._partition(producer, TOPIC, case.get("partition"), None, None, case["key"], None)
    except Exception as error:  # noqa: BLE001 - any exception is an answer to compare
        return exception_line(error)


def join_group_members(strategy, members):
    """The JoinGroup response's members, each subscription encoded as its client sends it and
    decoded as `_perform_assignment` does."""
    joined = []
    for member in members:
        owned = [TopicPartition(t, p) for t, p in member["owned"]]
        if strategy == "sticky":
            claims = owned if owned or member["generation"] is not None else None
            generation = -1 if member["generation"] is None else member["generation"]
            subscription = sticky_module.StickyPartitionAssignor._metadata(member["topics"], claims, generation)
            version = 0
        else:
            by_topic = {}
            for tp in owned:
                by_topic.setdefault(tp.topic, []).append(tp.partition)
            version = 1 if member["generation"] is None else 2
            fields = {"owned_partitions": [ConsumerProtocolSubscription.TopicPartition(topic=t, partitions=ps) for t, ps in by_topic.items()]}
            if version == 2:
                fields["generation_id"] = member["generation"]
            subscription = ConsumerProtocolSubscription(version=version, topics=list(member["topics"]), user_data=b"", **fields)
        joined.append(JoinGroupResponse.JoinGroupResponseMember(
            member_id=member["id"],
            group_instance_id=member["instance_id"],
            metadata=subscription.encode(version=version),
        ))
    for member in joined:
        member.metadata = ConsumerProtocolSubscription.decode(member.metadata)
    return joined


ASSIGNORS = {
    "range": lambda: RangePartitionAssignor,
    "roundrobin": lambda: RoundRobinPartitionAssignor,
    "sticky": sticky_module.StickyPartitionAssignor,
    "cooperative-sticky": CooperativeStickyAssignor,
}


def as_lists(assignment):
    return {member: [[tp.topic, tp.partition] for tp in result.partitions()] for member, result in assignment.items()}


def cooperative_final(cluster, joined):
    """The sticky executor's assignment before `CooperativeStickyAssignor.assign` withholds the
    partitions that change owner (the model's `assignment`; `delivered` is what assign returns)."""
    parsed = {m.member_id: CooperativeStickyAssignor.parse_member_metadata(m.metadata) for m in joined}
    executor = sticky_module.StickyAssignmentExecutor(cluster, parsed)
    executor.perform_initial_assignment()
    executor.balance()
    return {
        m.member_id: [[t, p] for t, ps in sorted(executor.get_final_assignment(m.member_id)) for p in ps]
        for m in joined
    }


def library_assign(strategy, topics, members, patched):
    """kafka-python's answer: (assignment lists, delivered lists or None), or an exception line
    in place of the assignment."""
    smallest_first(patched)
    cluster = Cluster(topics)
    try:
        result = as_lists(ASSIGNORS[strategy]().assign(cluster, join_group_members(strategy, members)))
        if strategy != "cooperative-sticky":
            return result, None
        return cooperative_final(cluster, join_group_members(strategy, members)), result
    except Exception as error:  # noqa: BLE001 - any exception is an answer to compare
        return exception_line(error), None


# ---------------------------------------------------------------------------------------------
# The model's answers


def model(binary, command, requests):
    lines = "".join(json.dumps(r) + "\n" for r in requests)
    done = subprocess.run([binary, command], input=lines, capture_output=True, text=True, check=True)
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(requests), "one answer per request"
    return answers


def partition_request(case):
    request = {"client": "kafka-python", "partitions": case["partitions"], "topic": TOPIC, "seed": 1}
    request["key_hex"] = None if case["key"] is None else case["key"].hex()
    if request["key_hex"] is None:
        del request["key_hex"]
        request["key"] = None
    for field in ("available", "partition"):
        if field in case:
            request[field] = case[field]
    return request


def agrees_partition(case, library, answer):
    if isinstance(library, str):
        return answer.get("error") == library
    if case["key"] is None and "partition" not in case:
        pool = case.get("available") or list(range(case["partitions"]))
        return answer.get("random_among") == pool and library in pool and answer["partition"] in pool
    return answer == {"partition": library}


def agrees_assign(library, delivered, answer):
    if isinstance(library, str):
        return answer.get("error") == library
    return answer.get("assignment") == library and answer.get("delivered") == delivered


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/debug/kafka-sim"
    assert kafka.__version__ == VERSION, "kafka-python %s, expected %s" % (kafka.__version__, VERSION)
    started = time.monotonic()
    rng = random.Random(SEED)
    failures = []

    cases = partition_cases(rng, CASES)
    answers = model(binary, "partition", [partition_request(c) for c in cases])
    agreed = 0
    for case, answer in zip(cases, answers):
        library = library_partition(case)
        if agrees_partition(case, library, answer):
            agreed += 1
        else:
            failures.append(("partition", case, library, answer))
    summary = ["partition: %d/%d" % (agreed, len(cases))]

    for strategy in ASSIGNORS:
        cases = assign_cases(rng, strategy, CASES)
        requests = [dict(case, client="kafka-python") for case in cases]
        answers = model(binary, "assign", requests)
        agreed = errors = flagged = differs_unpatched = 0
        for case, answer in zip(cases, answers):
            library, delivered = library_assign(strategy, case["topics"], case["members"], patched=True)
            errors += isinstance(library, str)
            if agrees_assign(library, delivered, answer):
                agreed += 1
            else:
                failures.append((strategy, case, (library, delivered), answer))
            if strategy in ("sticky", "cooperative-sticky"):
                flagged += "kafka_python_arbitrary" in answer
                unpatched = library_assign(strategy, case["topics"], case["members"], patched=False)
                if not agrees_assign(*unpatched, answer):
                    differs_unpatched += 1
                    if "kafka_python_arbitrary" not in answer:
                        failures.append((strategy + " (unpatched)", case, unpatched, answer))
        line = "%s: %d/%d (%d raise)" % (strategy, agreed, len(cases), errors)
        if strategy in ("sticky", "cooperative-sticky"):
            line += ", hash-order choice in %d, unpatched library differs on %d of them" % (flagged, differs_unpatched)
        summary.append(line)

    for kind, case, library, answer in failures[:5]:
        print("MISMATCH %s\n  case:    %s\n  library: %s\n  model:   %s" % (kind, json.dumps(case, default=repr), library, answer))
    print("kafka-python %s differential (seed %d, PYTHONHASHSEED %s, %.1f s): %s" % (
        VERSION, SEED, os.environ["PYTHONHASHSEED"], time.monotonic() - started, "; ".join(summary)))
    if failures:
        print("%d mismatches" % len(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
