//! JSONL read in chunks, worked on by several threads, and the results
//! handed back in input order: the pipeline of `diff --cases`, `simulate`
//! and `besluit`. A chunk's result depends on its lines alone and results
//! are folded in chunk order, so what comes out does not depend on the
//! number of threads or on how they were scheduled. At most two chunks per
//! worker are in flight (read but not yet folded), so memory stays flat
//! whatever the size of the input.

use crate::files;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::Mutex;

/// Lines per chunk handed to a worker.
pub const CHUNK_LINES: usize = 2048;

/// Lines per chunk when each line's result is large (a `besluit` with a
/// motivering per client, about 2.6 kB): the results of the chunks in
/// flight are what the pipeline holds in memory, so smaller chunks keep it
/// low (2,048 such results are about 5 MB each), at no measurable cost.
pub const CHUNK_LINES_LARGE_RESULTS: usize = 256;

/// Consecutive lines of the input.
pub struct Chunk {
    /// The 1-based number of the first line.
    pub first: u64,
    /// The lines, each with its newline.
    pub text: String,
}

impl Chunk {
    /// The lines with their numbers, without newlines.
    pub fn lines(&self) -> impl Iterator<Item = (u64, &str)> {
        (self.first..).zip(self.text.lines())
    }
}

/// Reads `reader` in chunks of `chunk_lines` lines, runs `work` on each on `workers` threads and
/// hands the results to `fold` in input order. `read` is told the bytes and
/// lines read so far (for progress). Stops at the first error of `fold`
/// (returned), or after a read error (returned once all chunks read before
/// it are folded).
pub fn ordered<R, T, W, F>(
    reader: R,
    workers: usize,
    chunk_lines: usize,
    mut read: impl FnMut(u64, u64),
    work: W,
    mut fold: F,
) -> Result<(), String>
where
    R: Read,
    T: Send,
    W: Fn(&Chunk) -> T + Sync,
    F: FnMut(T) -> Result<(), String>,
{
    let workers = workers.max(1);
    let chunk_lines = chunk_lines.max(1);
    let in_flight = workers * 2;
    let (task_tx, task_rx) = sync_channel::<(u64, Chunk)>(in_flight);
    let task_rx = Mutex::new(task_rx);
    let (done_tx, done_rx) = channel::<(u64, Option<T>)>();
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (task_rx, done_tx, work) = (&task_rx, done_tx.clone(), &work);
            scope.spawn(move || loop {
                let next = match task_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => break,
                };
                let Ok((index, chunk)) = next else { break };
                // A panic must not leave the reader waiting for this chunk.
                let result = catch_unwind(AssertUnwindSafe(|| work(&chunk))).ok();
                if done_tx.send((index, result)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);

        let mut waiting: BTreeMap<u64, Option<T>> = BTreeMap::new();
        let (mut sent, mut folded) = (0u64, 0u64);
        // Receives one result and folds every result that is next in line.
        let mut fold_ready =
            |waiting: &mut BTreeMap<u64, Option<T>>, folded: &mut u64| -> Result<(), String> {
                let (index, result) = done_rx
                    .recv()
                    .map_err(|_| "een rekendraad is onverwacht gestopt".to_string())?;
                waiting.insert(index, result);
                while let Some(result) = waiting.remove(folded) {
                    *folded += 1;
                    fold(result.ok_or("een rekendraad is onverwacht gestopt")?)?;
                }
                Ok(())
            };

        let (mut line_no, mut bytes) = (1u64, 0u64);
        let mut read_error = None;
        let mut outcome = Ok(());
        while outcome.is_ok() {
            if sent - folded >= in_flight as u64 {
                outcome = fold_ready(&mut waiting, &mut folded);
                continue;
            }
            let mut chunk = Chunk {
                first: line_no,
                text: String::with_capacity(chunk_lines * 256),
            };
            let mut n = 0u64;
            while n < chunk_lines as u64 {
                match reader.read_line(&mut chunk.text) {
                    Ok(0) => break,
                    Ok(k) => {
                        bytes += k as u64;
                        n += 1;
                    }
                    Err(e) => {
                        read_error = Some(format!(
                            "leesfout na regel {}: {}",
                            line_no + n,
                            files::dutch_io(&e)
                        ));
                        break;
                    }
                }
            }
            if n > 0 {
                line_no += n;
                read(bytes, line_no - 1);
                if task_tx.send((sent, chunk)).is_err() {
                    outcome = Err("een rekendraad is onverwacht gestopt".to_string());
                    break;
                }
                sent += 1;
            }
            if n < chunk_lines as u64 {
                break;
            }
        }
        drop(task_tx);
        while outcome.is_ok() && folded < sent {
            outcome = fold_ready(&mut waiting, &mut folded);
        }
        outcome?;
        read_error.map_or(Ok(()), Err)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order_whatever_the_threads() {
        let lines = CHUNK_LINES * 5 + 17;
        let input: String = (1..=lines).map(|i| format!("{i}\n")).collect();
        for (workers, chunk_lines) in [
            (1, CHUNK_LINES),
            (2, CHUNK_LINES),
            (7, CHUNK_LINES),
            (2, 7),
            (3, 1),
        ] {
            let mut seen = Vec::new();
            let mut progress = 0;
            ordered(
                input.as_bytes(),
                workers,
                chunk_lines,
                |_, l| progress = l,
                |chunk| {
                    chunk
                        .lines()
                        .map(|(n, text)| (n, text.to_string()))
                        .collect::<Vec<_>>()
                },
                |part| {
                    seen.extend(part);
                    Ok(())
                },
            )
            .expect("no errors");
            assert_eq!(seen.len(), lines);
            assert!(seen
                .iter()
                .enumerate()
                .all(|(i, (n, t))| *n == i as u64 + 1 && *t == n.to_string()));
            assert_eq!(progress, lines as u64);
        }
    }

    #[test]
    fn an_error_of_the_fold_stops_the_run() {
        let input = "a\n".repeat(CHUNK_LINES * 20);
        let mut folded = 0;
        let result = ordered(
            input.as_bytes(),
            2,
            CHUNK_LINES,
            |_, _| {},
            |chunk| chunk.first,
            |_| {
                folded += 1;
                if folded == 3 {
                    Err("gestopt".to_string())
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("gestopt".to_string()));
        assert_eq!(folded, 3);
    }
}
