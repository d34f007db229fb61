//! Merging layers of a program, later wins (FORMAT.md section 2).
//!
//! - Mappings merge key by key, recursively.
//! - A list whose items are all mappings with an `id` merges item by item:
//!   the same id merges, a new id is appended, order is first appearance.
//! - Any other list, and every scalar, is replaced by the later value.
//! - An explicit `null` removes the key.
//!
//! Nodes keep their origins, so the merged tree still says which file and
//! line set each value.

use std::collections::HashMap;

use crate::load::yaml::{Entry, Node, Value};

/// Merges `over` into `base`.
pub(crate) fn merge(base: &mut Node, over: &Node) {
    match (&mut base.value, &over.value) {
        (Value::Map(base_entries), Value::Map(over_entries)) => merge_maps(base_entries, over_entries),
        (Value::Seq(base_items), Value::Seq(over_items)) if is_keyed(base_items) && is_keyed(over_items) => {
            merge_keyed(base_items, over_items)
        }
        _ => *base = without_nulls(over),
    }
}

fn merge_maps(base: &mut Vec<Entry>, over: &[Entry]) {
    // Keys are unique within a mapping (the parser refuses duplicates), so
    // an index of the base keys finds each key once: linear, not quadratic.
    let mut index: HashMap<ecow::EcoString, usize> = base.iter().enumerate().map(|(i, b)| (b.key.clone(), i)).collect();
    let mut removed = vec![false; base.len()];
    for o in over {
        match (index.get(&o.key).copied(), o.value.is_null()) {
            (Some(i), true) => removed[i] = true,
            (Some(i), false) => {
                base[i].key_origin = o.key_origin;
                merge(&mut base[i].value, &o.value);
            }
            (None, true) => {}
            (None, false) => {
                index.insert(o.key.clone(), base.len());
                base.push(Entry { key: o.key.clone(), key_origin: o.key_origin, value: without_nulls(&o.value) })
            }
        }
    }
    let mut i = 0;
    base.retain(|_| {
        i += 1;
        !removed.get(i - 1).copied().unwrap_or(false)
    });
}

/// A list merges by id when every item is a mapping with a scalar `id`.
/// An empty list counts as keyed, so a first list of items can start one.
fn is_keyed(items: &[Node]) -> bool {
    items.iter().all(|n| item_id(n).is_some())
}

fn item_id(n: &Node) -> Option<&str> {
    n.get("id")?.as_scalar().map(|s| s.text.as_str())
}

fn merge_keyed(base: &mut Vec<Node>, over: &[Node]) {
    // The first item of each id, indexed, so long lists merge in linear time.
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, b) in base.iter().enumerate() {
        if let Some(id) = item_id(b) {
            index.entry(id.to_string()).or_insert(i);
        }
    }
    for o in over {
        let id = item_id(o).unwrap_or_default();
        match index.get(id).copied() {
            Some(i) => merge(&mut base[i], o),
            None => {
                index.insert(id.to_string(), base.len());
                base.push(without_nulls(o));
            }
        }
    }
}

/// A copy of a node with `null` mapping values dropped: a key set to null in
/// a layer that introduces it is simply absent.
pub(crate) fn without_nulls(n: &Node) -> Node {
    let value = match &n.value {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .filter(|e| !e.value.is_null())
                .map(|e| Entry { key: e.key.clone(), key_origin: e.key_origin, value: without_nulls(&e.value) })
                .collect(),
        ),
        Value::Seq(items) => Value::Seq(items.iter().map(without_nulls).collect()),
        v => v.clone(),
    };
    Node { value, origin: n.origin }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse;

    fn merged(layers: &[&str]) -> Node {
        let mut base = parse("{}", 0).unwrap();
        for (i, l) in layers.iter().enumerate() {
            merge(&mut base, &parse(l, i as u32).unwrap());
        }
        base
    }

    fn text(n: &Node, key: &str) -> Option<String> {
        n.get(key).and_then(|v| v.as_scalar()).map(|s| s.text.to_string())
    }

    #[test]
    fn mappings_merge_and_null_removes() {
        let n = merged(&["a: 1\nb: {c: 1, d: 2}\n", "b: {d: 3}\na: null\n"]);
        assert_eq!(text(&n, "a"), None);
        let b = n.get("b").unwrap();
        assert_eq!((text(b, "c"), text(b, "d")), (Some("1".into()), Some("3".into())));
    }

    #[test]
    fn id_lists_merge_by_id_in_first_appearance_order() {
        let n = merged(&[
            "risks: [{id: r1, impact: 2}, {id: r2, impact: 3}]",
            "risks: [{id: r3, impact: 1}, {id: r1, impact: 5, owner: null}]",
        ]);
        let Value::Seq(items) = &n.get("risks").unwrap().value else { panic!() };
        let ids: Vec<_> = items.iter().map(|i| text(i, "id").unwrap()).collect();
        assert_eq!(ids, ["r1", "r2", "r3"]);
        assert_eq!(text(&items[0], "impact").unwrap(), "5");
        // The value keeps the origin of the layer that set it.
        assert_eq!(items[0].get("impact").unwrap().origin.source, 1);
    }

    #[test]
    fn removals_and_additions_keep_the_order_of_keys() {
        let n = merged(&["a: 1\nb: 2\nc: 3\n", "b: null\nd: 4\na: 5\n"]);
        let keys: Vec<_> = n.as_map().unwrap().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["a", "c", "d"]);
    }

    #[test]
    fn large_mappings_and_lists_merge_in_linear_time() {
        // Quadratic merging took minutes here (100,000 keys: 5e9 comparisons).
        let keys = parse(&(0..100_000).map(|i| format!("k{i}: {i}\n")).collect::<String>(), 0).unwrap();
        let items = (0..30_000).map(|i| format!("- {{id: r{i}, impact: 1}}\n")).collect::<String>();
        let items = parse(&format!("risks:\n{items}"), 0).unwrap();
        let started = std::time::Instant::now();
        let mut n = parse("{}", 0).unwrap();
        merge(&mut n, &keys);
        merge(&mut n, &keys);
        merge(&mut n, &items);
        merge(&mut n, &items);
        assert!(started.elapsed().as_secs() < 20, "merging took {:?}", started.elapsed());
        assert_eq!(n.as_map().unwrap().len(), 100_001);
        let Value::Seq(items) = &n.get("risks").unwrap().value else { panic!() };
        assert_eq!(items.len(), 30_000);
    }

    #[test]
    fn other_lists_are_replaced() {
        let n = merged(&["highlights: [a, b]", "highlights: [c]"]);
        let Value::Seq(items) = &n.get("highlights").unwrap().value else { panic!() };
        assert_eq!(items.len(), 1);
    }
}
