//! The orders the assignors depend on: how each client compares members, the sort librdkafka
//! runs them through, and Java's `String.compareTo`.

use super::Member;
use crate::collect::sort_small_by;
use std::cmp::Ordering;

/// librdkafka's `rd_kafka_group_member_cmp` (src/rdkafka_assignor.c): instance ids when both
/// members are static, member ids otherwise. Not a total order when static and dynamic members
/// mix, so it must only be used through [`glibc_msort`].
pub fn rd_member_cmp(a: &Member, b: &Member) -> Ordering {
    match (&a.instance_id, &b.instance_id) {
        (Some(x), Some(y)) => x.as_bytes().cmp(y.as_bytes()),
        _ => a.id.as_bytes().cmp(b.id.as_bytes()),
    }
}

/// Java's `AbstractPartitionAssignor.MemberInfo.compareTo`: static members first, by instance
/// id; dynamic ones after, by member id. A total order.
pub fn java_member_cmp(a: &Member, b: &Member) -> Ordering {
    match (&a.instance_id, &b.instance_id) {
        (Some(x), Some(y)) => java_str_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_str_cmp(&a.id, &b.id),
    }
}

/// `java.lang.String.compareTo`: UTF-16 code units, not bytes.
pub fn java_str_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `members`, in the order given, sorted as `client` sorts them for range and roundrobin.
pub fn sorted_members<'a>(
    client: super::Client,
    members: impl IntoIterator<Item = &'a Member>,
) -> Vec<&'a Member> {
    let mut sorted: Vec<&Member> = members.into_iter().collect();
    match client {
        super::Client::Librdkafka => glibc_msort(&mut sorted, |a, b| rd_member_cmp(a, b)),
        super::Client::Java => sort_small_by(&mut sorted, |a, b| java_member_cmp(a, b)),
        super::Client::KafkaPython => return kafka_python_order(sorted),
    }
    sorted
}

/// kafka-python's member order for range and roundrobin (kafka/coordinator/assignors/range.py
/// and roundrobin.py, `assign`): static members sorted by `(group_instance_id, member_id)`, then
/// dynamic ones by member id (Python compares strings by code point, as `str::cmp` does). The
/// two kinds are split with `itertools.groupby` into a dict, and `groupby` groups only
/// *consecutive* members: each later run of static (or dynamic) members replaces the earlier
/// one, so when the kinds alternate in `members` only the last run of each kind is kept.
fn kafka_python_order(members: Vec<&Member>) -> Vec<&Member> {
    let (mut statics, mut dynamics): (Vec<&Member>, Vec<&Member>) = (Vec::new(), Vec::new());
    let mut previous_is_static = None;
    for member in members {
        let is_static = member.instance_id.is_some();
        let run = if is_static {
            &mut statics
        } else {
            &mut dynamics
        };
        if previous_is_static != Some(is_static) {
            run.clear();
        }
        run.push(member);
        previous_is_static = Some(is_static);
    }
    sort_small_by(&mut statics, |a, b| {
        (&a.instance_id, &a.id).cmp(&(&b.instance_id, &b.id))
    });
    sort_small_by(&mut dynamics, |a, b| a.id.cmp(&b.id));
    statics.extend(dynamics);
    statics
}

/// glibc's `qsort` (stdlib/msort.c `msort_with_tmp`), which librdkafka's `rd_list_sort` and
/// `qsort` calls reach on Linux: a top-down merge sort that splits at `n / 2` and takes from
/// the left run while `cmp(left, right) <= 0`. Reproducing it step by step gives librdkafka's
/// order even for its non-transitive member comparator, where any other sort could differ.
pub fn glibc_msort<T: Copy>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering + Copy) {
    if items.len() <= 1 {
        return;
    }
    let mid = items.len() / 2;
    glibc_msort(&mut items[..mid], cmp);
    glibc_msort(&mut items[mid..], cmp);
    let (mut left, mut right) = (0, mid);
    let mut merged = Vec::with_capacity(items.len());
    while left < mid && right < items.len() {
        if cmp(&items[left], &items[right]) != Ordering::Greater {
            merged.push(items[left]);
            left += 1;
        } else {
            merged.push(items[right]);
            right += 1;
        }
    }
    merged.extend_from_slice(&items[left..mid]);
    merged.extend_from_slice(&items[right..]);
    items.copy_from_slice(&merged);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, instance_id: Option<&str>) -> Member {
        Member {
            id: id.into(),
            instance_id: instance_id.map(Into::into),
            ..Member::default()
        }
    }

    #[test]
    fn librdkafka_compares_instance_ids_only_when_both_are_static() {
        let a = member("b-member", Some("z-instance"));
        let b = member("a-member", Some("a-instance"));
        let dynamic = member("m-member", None);
        assert_eq!(rd_member_cmp(&a, &b), Ordering::Greater);
        assert_eq!(rd_member_cmp(&a, &dynamic), Ordering::Less);
        assert_eq!(rd_member_cmp(&dynamic, &b), Ordering::Greater);
    }

    #[test]
    fn java_puts_static_members_first() {
        let static_member = member("z", Some("i"));
        let dynamic = member("a", None);
        assert_eq!(java_member_cmp(&static_member, &dynamic), Ordering::Less);
        assert_eq!(java_member_cmp(&dynamic, &static_member), Ordering::Greater);
    }

    #[test]
    fn member_ids_compare_as_strings_not_numbers() {
        assert_eq!(
            rd_member_cmp(&member("consumer-10", None), &member("consumer-2", None)),
            Ordering::Less
        );
    }

    #[test]
    fn java_strings_compare_by_utf16_units() {
        // U+FF21 is one unit above a surrogate pair's first unit (0xD83D), though its UTF-8 bytes
        // sort below the emoji's.
        assert_eq!(java_str_cmp("\u{FF21}", "\u{1F600}"), Ordering::Greater);
        assert_eq!("\u{FF21}".cmp("\u{1F600}"), Ordering::Less);
    }

    #[test]
    fn kafka_python_keeps_only_the_last_run_of_each_kind() {
        // kafka-python 3.0.12, by hand: groupby over [s1, d1, s2, d2] gives the runs
        // [s1] [d1] [s2] [d2]; the dict keeps {True: [s2], False: [d2]}.
        let members = [
            member("s1", Some("i1")),
            member("d1", None),
            member("s2", Some("i0")),
            member("d2", None),
        ];
        let ids = |order: Vec<&Member>| order.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(kafka_python_order(members.iter().collect())),
            ["s2", "d2"]
        );
        let grouped = [&members[0], &members[2], &members[3], &members[1]];
        assert_eq!(
            ids(kafka_python_order(grouped.to_vec())),
            ["s2", "s1", "d1", "d2"]
        );
    }

    #[test]
    fn glibc_msort_sorts_and_keeps_equal_elements_in_order() {
        let mut items = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        glibc_msort(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn glibc_msort_result_depends_on_input_order_for_a_cyclic_comparator() {
        // d < s0 (member ids b < c), s0 < s1 (instance ids 1 < 2), s1 < d (member ids a < b).
        let s0 = member("c", Some("1"));
        let s1 = member("a", Some("2"));
        let d = member("b", None);
        let sorted_ids = |mut items: [&Member; 3]| {
            glibc_msort(&mut items, |a, b| rd_member_cmp(a, b));
            items.map(|m| m.id.clone())
        };
        assert_eq!(sorted_ids([&s0, &s1, &d]), ["c", "a", "b"]);
        assert_eq!(sorted_ids([&d, &s0, &s1]), ["b", "c", "a"]);
    }
}
