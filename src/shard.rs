//! `--shard K/N`: N processes (on one machine or many) each take the K-th of N disjoint parts
//! of the same input, so they can read one corpus side by side without coordinating. An
//! article's part is decided by its document id alone (the id the store keys it by), so every
//! worker agrees whatever order or files it reads the articles from, an article read twice lands
//! in the same part twice (and the store keeps it once), and a rerun takes the same part.

use std::fmt;
use std::str::FromStr;

use crate::input::{self, Emit, Item, ReadOptions, Source};

/// The K-th (1-based) of N parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = || format!("'{s}' is not K/N with 1 <= K <= N (for example 2/4)");
        let (k, n) = s.split_once('/').ok_or_else(usage)?;
        let (k, n): (u64, u64) = (
            k.trim().parse().map_err(|_| usage())?,
            n.trim().parse().map_err(|_| usage())?,
        );
        if n == 0 || k == 0 || k > n {
            return Err(usage());
        }
        Ok(Shard {
            index: k - 1,
            count: n,
        })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index + 1, self.count)
    }
}

impl Shard {
    /// Whether the document `id` falls in this part.
    pub fn holds(&self, id: &str) -> bool {
        part_of(id, self.count) == self.index
    }
}

/// The part of `key` among `count`: FNV-1a (the store's text hash) spread by the SplitMix64
/// finaliser, because FNV's low bits follow the last bytes too closely for ids that differ
/// only in a trailing number ("story-1", "story-2") to split evenly by a modulus. Stable across
/// machines, versions and runs: workers on different machines must agree.
fn part_of(key: &str, count: u64) -> u64 {
    let mut z = readout_store::fnv1a64(key).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) % count
}

/// For clap: `K/N`.
pub fn parse(s: &str) -> Result<Shard, String> {
    s.parse()
}

/// [`input::read_all`], passing on only the items of `shard` when there is one.
pub fn read_all(
    sources: Vec<Source>,
    opts: &ReadOptions,
    shard: Option<Shard>,
    out: &mut dyn Emit,
) {
    match shard {
        Some(shard) => input::read_all(sources, opts, &mut Sharded { shard, inner: out }),
        None => input::read_all(sources, opts, out),
    }
}

/// A document's id, as the store keys it: the id it was given, else its URL, else a hash of
/// its text.
pub fn document_id(id: Option<&str>, url: Option<&str>, text: &str) -> String {
    id.filter(|s| !s.is_empty())
        .or(url.filter(|s| !s.is_empty()))
        .map_or_else(
            || format!("sha-{}", readout_store::text_hash(text)),
            String::from,
        )
}

/// Passes on only the items of one part. An article goes by its document id; an input that
/// could not be read goes by its id when the failure names one, else by its place in the input
/// (file and line), so that exactly one of the N workers reports it.
pub struct Sharded<'a> {
    pub shard: Shard,
    pub inner: &'a mut dyn Emit,
}

impl Emit for Sharded<'_> {
    fn emit(&mut self, item: Item) -> bool {
        let ours = match &item.article {
            Ok(a) => self
                .shard
                .holds(&document_id(a.id.as_deref(), a.url.as_deref(), &a.text)),
            Err(f) => match &f.id {
                Some(id) => self.shard.holds(id),
                None => self.shard.holds(&format!(
                    "{}:{}",
                    item.origin.file,
                    item.origin.line.unwrap_or(0)
                )),
            },
        };
        !ours || self.inner.emit(item)
    }

    fn flush(&mut self) -> bool {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 1, count: 4 }));
        assert_eq!(
            "1/1".parse::<Shard>().map(|s| s.to_string()),
            Ok("1/1".into())
        );
        for bad in ["0/4", "5/4", "1/0", "4", "a/b", "", "1/2/3", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn parts_are_disjoint_cover_everything_and_are_even() {
        let ids: Vec<String> = (0..10_000).map(|i| format!("story-{i}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|k| format!("{k}/4").parse().unwrap()).collect();
        let mut sizes = [0usize; 4];
        for id in &ids {
            let holders: Vec<usize> = (0..4).filter(|&k| shards[k].holds(id)).collect();
            assert_eq!(holders.len(), 1, "{id} in {holders:?}");
            sizes[holders[0]] += 1;
        }
        for s in sizes {
            assert!((2_300..=2_700).contains(&s), "uneven parts: {sizes:?}");
        }
    }

    #[test]
    fn the_part_of_an_id_never_changes() {
        // workers on different machines and versions must agree: these are fixed forever
        let parts: Vec<u64> = ["a", "story-1", "story-2", "https://example.org/x"]
            .iter()
            .map(|id| part_of(id, 1_000))
            .collect();
        assert_eq!(parts, PINNED_PARTS);
    }

    const PINNED_PARTS: [u64; 4] = [583, 168, 304, 583];
}
