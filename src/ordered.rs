//! An order-preserving parallel map with a bounded in-flight window.
//!
//! One producer thread reads items and hands them to an [`Emitter`]; `jobs` worker threads
//! transform them; the calling thread hands the results to a [`Sink`] strictly in input order.
//!
//! Memory stays bounded however long the input is: the producer may run only a bounded number
//! of items (and bytes) ahead of the sink, counting everything queued, being worked on and
//! waiting in the reorder buffer; a slow item stalls reading instead of letting results pile
//! up.
//!
//! Items travel in small batches so cheap items do not pay a thread hand-off each. A batch is
//! sent as soon as the producer's input might stall ([`Emitter::flush`]), so batching never
//! delays a document behind input that has not arrived yet; its size adapts to how long the
//! work takes (expensive items go one by one, keeping every worker busy).

use std::collections::BTreeMap;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Instant;

/// Most items in one batch.
const MAX_BATCH: usize = 64;
/// A batch is sent once its items weigh this much (bytes of text).
const MAX_BATCH_BYTES: u64 = 1 << 20;
/// Batches are sized to take about this long to work through.
const TARGET_BATCH_NANOS: u64 = 200_000;
/// Batches in flight per job.
const BATCHES_PER_JOB: u64 = 4;

/// Receives results in input order.
pub trait Sink<R> {
    fn item(&mut self, r: R) -> io::Result<()>;
    /// Called whenever the sink is about to wait for the next result: a good time to flush.
    fn idle(&mut self) -> io::Result<()>;
}

#[derive(Debug)]
pub enum Error {
    /// The sink failed (for example a broken pipe); the run was abandoned.
    Sink(io::Error),
    /// A worker or the producer panicked, or a thread could not start (a bug or a sick system).
    Panicked(&'static str),
}

/// How far the producer may run ahead of the sink.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub items: u64,
    /// Total weight in flight; a single item heavier than this is still admitted, alone.
    pub bytes: u64,
}

impl Window {
    /// `BATCHES_PER_JOB` full batches per job.
    pub fn for_jobs(jobs: usize) -> Window {
        let jobs = jobs.max(1) as u64;
        Window {
            items: BATCHES_PER_JOB * jobs * MAX_BATCH as u64,
            bytes: BATCHES_PER_JOB * jobs * MAX_BATCH_BYTES,
        }
    }
}

struct GateState {
    /// Items and weight admitted by the producer so far.
    admitted: (u64, u64),
    /// Items and weight handed to the sink so far.
    done: (u64, u64),
    cancelled: bool,
    /// The producer is blocked in `admit` (so `set_done` must wake it).
    waiting: bool,
}

/// Keeps the producer within the window.
struct Gate {
    state: Mutex<GateState>,
    cv: Condvar,
    window: Window,
}

impl Gate {
    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn fits(&self, s: &GateState, weight: u64) -> bool {
        let items = s.admitted.0 - s.done.0;
        let bytes = s.admitted.1 - s.done.1;
        items == 0 || (items < self.window.items && bytes + weight <= self.window.bytes)
    }

    /// Admits an item of `weight` if it fits now; `None` when cancelled.
    fn try_admit(&self, weight: u64) -> Option<bool> {
        let mut s = self.lock();
        if s.cancelled {
            return None;
        }
        let fits = self.fits(&s, weight);
        if fits {
            s.admitted.0 += 1;
            s.admitted.1 += weight;
        }
        Some(fits)
    }

    /// Waits until an item of `weight` fits and admits it; false when cancelled.
    fn admit(&self, weight: u64) -> bool {
        let mut s = self.lock();
        while !s.cancelled && !self.fits(&s, weight) {
            s.waiting = true;
            s = self.cv.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        s.waiting = false;
        s.admitted.0 += 1;
        s.admitted.1 += weight;
        !s.cancelled
    }

    fn add_done(&self, items: u64, bytes: u64) {
        let mut s = self.lock();
        s.done.0 += items;
        s.done.1 += bytes;
        if s.waiting {
            self.cv.notify_all();
        }
    }

    fn cancel(&self) {
        self.lock().cancelled = true;
        self.cv.notify_all();
    }
}

/// A run of consecutive items: the first one's sequence number, then (item, weight) pairs.
type Batch<T> = (u64, Vec<(T, u64)>);

/// The producer's handle: [`emit`](Emitter::emit) items in order, [`flush`](Emitter::flush)
/// when the input might stall.
pub struct Emitter<T> {
    batch: Vec<(T, u64)>,
    batch_bytes: u64,
    next_seq: u64,
    gate: Arc<Gate>,
    tx: mpsc::SyncSender<Batch<T>>,
    /// Recent nanoseconds of work per item (0 until measured).
    cost: Arc<AtomicU64>,
    stopped: bool,
}

impl<T> Emitter<T> {
    /// Queues one item weighing `weight` (bytes of text). Returns false once the run has been
    /// abandoned: the producer should stop.
    pub fn emit(&mut self, item: T, weight: u64) -> bool {
        if self.stopped {
            return false;
        }
        match self.gate.try_admit(weight) {
            None => return self.stop(),
            Some(true) => {}
            Some(false) => {
                // Items in the unsent batch count as in flight: send them before waiting.
                if !self.flush() || !self.gate.admit(weight) {
                    return self.stop();
                }
            }
        }
        self.batch.push((item, weight));
        self.batch_bytes += weight;
        self.next_seq += 1;
        if self.batch.len() >= self.target_len() || self.batch_bytes >= MAX_BATCH_BYTES {
            return self.flush();
        }
        true
    }

    /// Sends the items queued so far to the workers. Call it when the next item may take a
    /// while to arrive, so that those already read are not held back.
    pub fn flush(&mut self) -> bool {
        if self.stopped {
            return false;
        }
        if self.batch.is_empty() {
            return true;
        }
        let batch = std::mem::take(&mut self.batch);
        let first = self.next_seq - batch.len() as u64;
        self.batch_bytes = 0;
        if self.tx.send((first, batch)).is_err() {
            return self.stop();
        }
        true
    }

    fn stop(&mut self) -> bool {
        self.stopped = true;
        false
    }

    fn target_len(&self) -> usize {
        match self.cost.load(Ordering::Relaxed) {
            0 => 1,
            ns => ((TARGET_BATCH_NANOS / ns) as usize).clamp(1, MAX_BATCH),
        }
    }
}

/// Runs `produce` on its own thread, `work` on `jobs` threads, and feeds the results to `sink`
/// in the order `produce` emitted the items.
///
/// On a sink error the remaining threads are cancelled and left to wind down on their own (the
/// caller is expected to exit), so a producer blocked on a slow input never delays the exit.
pub fn run<T, R, P, W, S>(
    jobs: usize,
    window: Window,
    produce: P,
    work: W,
    sink: &mut S,
) -> Result<(), Error>
where
    T: Send + 'static,
    R: Send + 'static,
    P: FnOnce(&mut Emitter<T>) + Send + 'static,
    W: Fn(T) -> R + Send + Sync + 'static,
    S: Sink<R>,
{
    let jobs = jobs.max(1);
    let gate = Arc::new(Gate {
        state: Mutex::new(GateState {
            admitted: (0, 0),
            done: (0, 0),
            cancelled: false,
            waiting: false,
        }),
        cv: Condvar::new(),
        window,
    });
    let cost = Arc::new(AtomicU64::new(0));
    // The gate keeps fewer batches than this in flight, so sending never blocks for long.
    let (job_tx, job_rx) = mpsc::sync_channel::<Batch<T>>(window.items as usize);
    let job_rx = Arc::new(Mutex::new(job_rx));
    // (first sequence number, results with their weights)
    let (res_tx, res_rx) = mpsc::channel::<(u64, Vec<(Option<R>, u64)>)>();

    let producer = {
        let mut emitter = Emitter {
            batch: Vec::new(),
            batch_bytes: 0,
            next_seq: 0,
            gate: gate.clone(),
            tx: job_tx,
            cost: cost.clone(),
            stopped: false,
        };
        thread::Builder::new()
            .name("readout-reader".into())
            .spawn(move || {
                produce(&mut emitter);
                emitter.flush();
            })
            .map_err(|_| Error::Panicked("could not start the reader thread"))?
    };

    let work = Arc::new(work);
    for i in 0..jobs {
        let (job_rx, res_tx, work, cost) =
            (job_rx.clone(), res_tx.clone(), work.clone(), cost.clone());
        let spawned = thread::Builder::new()
            .name(format!("readout-worker-{i}"))
            .spawn(move || loop {
                let next = job_rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                let Ok((first, batch)) = next else { break };
                let started = Instant::now();
                let n = batch.len() as u64;
                // A panicking item must still produce a result, or the sink would wait for it
                // forever.
                let results: Vec<(Option<R>, u64)> = batch
                    .into_iter()
                    .map(|(t, w)| (catch_unwind(AssertUnwindSafe(|| work(t))).ok(), w))
                    .collect();
                let per_item = (started.elapsed().as_nanos() as u64 / n).max(1);
                let old = cost.load(Ordering::Relaxed);
                let new = if old == 0 {
                    per_item
                } else {
                    (old * 3 + per_item) / 4
                };
                cost.store(new.max(1), Ordering::Relaxed);
                if res_tx.send((first, results)).is_err() {
                    break;
                }
            });
        if spawned.is_err() {
            gate.cancel();
            return Err(Error::Panicked("could not start a worker thread"));
        }
    }
    drop(res_tx);

    let mut pending: BTreeMap<u64, Vec<(Option<R>, u64)>> = BTreeMap::new();
    let mut next: u64 = 0;
    let result = (|| {
        loop {
            let (first, results) = match res_rx.try_recv() {
                Ok(m) => m,
                Err(TryRecvError::Empty) => {
                    sink.idle().map_err(Error::Sink)?;
                    match res_rx.recv() {
                        Ok(m) => m,
                        Err(_) => break,
                    }
                }
                Err(TryRecvError::Disconnected) => break,
            };
            pending.insert(first, results);
            while let Some(results) = pending.remove(&next) {
                let (n, mut bytes) = (results.len() as u64, 0);
                for (r, weight) in results {
                    let r = r.ok_or(Error::Panicked("a worker thread panicked"))?;
                    sink.item(r).map_err(Error::Sink)?;
                    bytes += weight;
                }
                next += n;
                gate.add_done(n, bytes);
            }
        }
        sink.idle().map_err(Error::Sink)?;
        Ok(())
    })();
    if result.is_err() {
        gate.cancel();
        return result;
    }
    // The results channel is closed: every worker has exited, so the producer has finished.
    producer
        .join()
        .map_err(|_| Error::Panicked("the reader thread panicked"))?;
    if !pending.is_empty() {
        return Err(Error::Panicked("results were lost"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    struct Collect(Vec<u64>);
    impl Sink<u64> for Collect {
        fn item(&mut self, r: u64) -> io::Result<()> {
            self.0.push(r);
            Ok(())
        }
        fn idle(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn keeps_order() {
        for jobs in [1, 3, 8] {
            let mut sink = Collect(vec![]);
            run(
                jobs,
                Window::for_jobs(jobs),
                |e| {
                    for i in 0..5000u64 {
                        assert!(e.emit(i, i % 100));
                        if i % 97 == 0 {
                            e.flush();
                        }
                    }
                },
                |i: u64| {
                    if i.is_multiple_of(501) {
                        thread::sleep(std::time::Duration::from_millis(2));
                    }
                    i * 2
                },
                &mut sink,
            )
            .unwrap();
            assert_eq!(sink.0, (0..5000).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    /// The producer never gets more than the window ahead of the sink, in items and in bytes.
    #[test]
    fn bounded_window() {
        struct Check<'a> {
            written: u64,
            emitted: &'a AtomicU64,
            max_ahead: u64,
        }
        impl Sink<u64> for Check<'_> {
            fn item(&mut self, _: u64) -> io::Result<()> {
                let ahead = self.emitted.load(Ordering::SeqCst) - self.written;
                self.max_ahead = self.max_ahead.max(ahead);
                self.written += 1;
                Ok(())
            }
            fn idle(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        static EMITTED: AtomicU64 = AtomicU64::new(0);
        let mut sink = Check {
            written: 0,
            emitted: &EMITTED,
            max_ahead: 0,
        };
        let window = Window {
            items: 10,
            bytes: 1000,
        };
        run(
            2,
            window,
            |e| {
                for i in 0..2000u64 {
                    if !e.emit(i, 1) {
                        return;
                    }
                    EMITTED.fetch_add(1, Ordering::SeqCst);
                }
            },
            |i: u64| i,
            &mut sink,
        )
        .unwrap();
        assert_eq!(sink.written, 2000);
        assert!(sink.max_ahead <= 10, "{} in flight", sink.max_ahead);

        // By weight: items of 400 bytes in a 1000-byte window: at most 2 in flight.
        static EMITTED2: AtomicU64 = AtomicU64::new(0);
        let mut sink = Check {
            written: 0,
            emitted: &EMITTED2,
            max_ahead: 0,
        };
        run(
            4,
            window,
            |e| {
                for i in 0..500u64 {
                    if !e.emit(i, 400) {
                        return;
                    }
                    EMITTED2.fetch_add(1, Ordering::SeqCst);
                }
            },
            |i: u64| i,
            &mut sink,
        )
        .unwrap();
        assert!(sink.max_ahead <= 2, "{} in flight", sink.max_ahead);
    }

    /// An item heavier than the whole window still goes through, alone.
    #[test]
    fn oversized_item_passes() {
        let mut sink = Collect(vec![]);
        let window = Window {
            items: 4,
            bytes: 10,
        };
        run(
            2,
            window,
            |e| {
                for i in 0..20u64 {
                    assert!(e.emit(i, if i % 5 == 0 { 1000 } else { 3 }));
                }
            },
            |i: u64| i,
            &mut sink,
        )
        .unwrap();
        assert_eq!(sink.0, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn sink_error_stops_the_producer() {
        struct Fail;
        impl Sink<u64> for Fail {
            fn item(&mut self, _: u64) -> io::Result<()> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn idle(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        static STOPPED: AtomicBool = AtomicBool::new(false);
        let r = run(
            2,
            Window::for_jobs(2),
            |e| {
                while e.emit(1, 1) {}
                STOPPED.store(true, Ordering::SeqCst);
            },
            |i: u64| i,
            &mut Fail,
        );
        assert!(matches!(r, Err(Error::Sink(_))));
        let t = Instant::now();
        while !STOPPED.load(Ordering::SeqCst) {
            assert!(t.elapsed().as_secs() < 10, "producer kept going");
            thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    #[test]
    fn a_panicking_item_is_reported() {
        let r = run(
            2,
            Window::for_jobs(2),
            |e| {
                for i in 0..10u64 {
                    e.emit(i, 1);
                }
            },
            |i: u64| {
                assert!(i != 5, "boom");
                i
            },
            &mut Collect(vec![]),
        );
        assert!(matches!(r, Err(Error::Panicked(_))));
    }
}
