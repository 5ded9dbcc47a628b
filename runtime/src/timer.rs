//! The timer that bounds an attempt: a `tokio::time::Sleep` taken from a small
//! pool of this thread's, moved to the attempt's deadline, and given back when
//! the attempt ends.
//!
//! A new `Sleep` takes the timer driver's lock twice, once to go into the
//! wheel (its first poll) and once to leave it (its drop): under load, calls on
//! every worker meet on that one lock. A pooled `Sleep` is still in the wheel,
//! and moving it to a later deadline is one atomic operation (tokio extends a
//! registered timer in place and moves it in the wheel only when its earlier
//! tick comes); giving it back costs nothing. A deadline earlier than the one
//! a pooled timer holds, or a timer that has fired, is registered again, as a
//! new one would be. What fires, and when, is the same as with a new `Sleep`.
//!
//! The pool belongs to one runtime: a thread that runs calls on another
//! runtime empties it first (a timer answers only to its own runtime's
//! driver), and a timer is given back only to the pool of the runtime it
//! came from. An idle timer keeps the waker of the last task that polled it
//! until it is taken again or fires (at most the attempt timeout later), when
//! that task is woken once more, harmlessly: a task may always be woken.
//! Idle timers hold their runtime's handle: a thread that ran calls on a
//! runtime since dropped keeps that handle (at most `POOL_SIZE` timers of one
//! runtime) until its next call on another runtime, or until it ends.

use std::cell::RefCell;
use std::pin::Pin;
use std::time::Duration;
use tokio::runtime::{Handle, Id};
use tokio::time::{Instant, Sleep};

/// How many idle timers a thread keeps: enough to absorb the calls that
/// start on one worker and end on another, few enough to be nothing.
const POOL_SIZE: usize = 32;

struct Pool {
    runtime: Option<Id>,
    idle: Vec<Pin<Box<Sleep>>>,
}

thread_local! {
    static POOL: RefCell<Pool> = const {
        RefCell::new(Pool {
            runtime: None,
            idle: Vec::new(),
        })
    };
}

/// A `Sleep` until an attempt's deadline; see the module's documentation.
pub(crate) struct AttemptTimer {
    /// Always `Some` but in `drop`.
    sleep: Option<Pin<Box<Sleep>>>,
    runtime: Id,
}

impl AttemptTimer {
    /// A timer that fires `limit` from now on the current runtime's clock
    /// (paused time included, as `tokio::time::sleep`).
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime, or on one without its time driver, as
    /// `tokio::time::sleep` does.
    pub(crate) fn new(limit: Duration) -> AttemptTimer {
        let runtime = Handle::current().id();
        let now = Instant::now();
        // As `tokio::time::sleep`: a limit past what the clock can express is
        // a deadline 30 years away, not a panic.
        let deadline = now
            .checked_add(limit)
            .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365 * 30));
        // A timer of this runtime's pool, if it has one; another runtime's
        // timers are taken out and dropped once the pool is let go.
        let (reused, stale) = POOL
            .try_with(|pool| {
                let Ok(mut pool) = pool.try_borrow_mut() else {
                    return (None, Vec::new());
                };
                if pool.runtime == Some(runtime) {
                    return (pool.idle.pop(), Vec::new());
                }
                pool.runtime = Some(runtime);
                (None, std::mem::take(&mut pool.idle))
            })
            .unwrap_or_default();
        drop(stale);
        let sleep = match reused {
            Some(mut sleep) => {
                sleep.as_mut().reset(deadline);
                sleep
            }
            None => Box::pin(tokio::time::sleep_until(deadline)),
        };
        AttemptTimer {
            sleep: Some(sleep),
            runtime,
        }
    }

    /// The `Sleep` to poll.
    pub(crate) fn sleep(&mut self) -> Pin<&mut Sleep> {
        self.sleep
            .as_mut()
            .expect("a timer has its Sleep until dropped")
            .as_mut()
    }
}

impl Drop for AttemptTimer {
    fn drop(&mut self) {
        let Some(sleep) = self.sleep.take() else {
            return;
        };
        let runtime = self.runtime;
        // Given back to this thread's pool if it is its runtime's and has
        // room; dropped otherwise (and if the pool is gone or in use).
        let refused = POOL
            .try_with(|pool| {
                let Ok(mut pool) = pool.try_borrow_mut() else {
                    return Some(sleep);
                };
                if pool.runtime != Some(runtime) || pool.idle.len() >= POOL_SIZE {
                    return Some(sleep);
                }
                pool.idle.push(sleep);
                None
            })
            .unwrap_or(None);
        drop(refused);
    }
}

#[cfg(test)]
mod tests {
    use super::{AttemptTimer, POOL, POOL_SIZE};
    use std::time::Duration;

    fn idle() -> usize {
        POOL.with(|pool| pool.borrow().idle.len())
    }

    /// Whether `timer` fires within `within`.
    async fn fires(timer: &mut AttemptTimer, within: Duration) -> bool {
        tokio::time::timeout(within, timer.sleep()).await.is_ok()
    }

    /// A timer given back is taken again, and fires at its new deadline,
    /// whether that is later than the one it held (moved in place) or
    /// earlier (registered again); a fired one fires again when reset.
    #[tokio::test]
    async fn a_pooled_timer_fires_at_its_new_deadline() {
        let mut first = AttemptTimer::new(Duration::from_millis(40));
        assert!(!fires(&mut first, Duration::from_millis(5)).await);
        drop(first);
        let before = idle();
        assert!(before >= 1);

        // Later than the 40 ms it held: not at 40 ms, but by 120 ms.
        let mut later = AttemptTimer::new(Duration::from_millis(120));
        assert_eq!(idle(), before - 1, "the pooled timer was not taken");
        let started = std::time::Instant::now();
        assert!(!fires(&mut later, Duration::from_millis(70)).await);
        assert!(fires(&mut later, Duration::from_secs(5)).await);
        assert!(started.elapsed() >= Duration::from_millis(115));
        drop(later);

        // That one fired; reset, it fires again.
        let mut again = AttemptTimer::new(Duration::from_millis(10));
        assert!(fires(&mut again, Duration::from_secs(5)).await);
        drop(again);

        // Earlier than a pooled timer's deadline: fires at the earlier one.
        let mut long = AttemptTimer::new(Duration::from_secs(60));
        assert!(!fires(&mut long, Duration::from_millis(5)).await);
        drop(long);
        let mut short = AttemptTimer::new(Duration::from_millis(20));
        assert!(fires(&mut short, Duration::from_secs(5)).await);
    }

    /// A thread keeps at most `POOL_SIZE` idle timers.
    #[tokio::test]
    async fn the_pool_is_bounded() {
        let mut timers: Vec<_> = (0..POOL_SIZE * 2)
            .map(|_| AttemptTimer::new(Duration::from_secs(60)))
            .collect();
        for timer in &mut timers {
            assert!(!fires(timer, Duration::ZERO).await);
        }
        drop(timers);
        assert_eq!(idle(), POOL_SIZE);
    }

    /// Timers of a runtime that is gone are never used on the next one:
    /// the pool is emptied, and the new runtime's timer fires.
    #[test]
    fn a_new_runtime_never_takes_another_runtimes_timer() {
        let runtime = || {
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .expect("runtime")
        };
        runtime().block_on(async {
            let mut timer = AttemptTimer::new(Duration::from_secs(60));
            assert!(!fires(&mut timer, Duration::ZERO).await);
        });
        assert_eq!(idle(), 1, "given back to the first runtime's pool");
        // The first runtime is dropped; its timer is still pooled.
        runtime().block_on(async {
            let mut timer = AttemptTimer::new(Duration::from_millis(10));
            assert_eq!(idle(), 0, "the other runtime's timers were dropped");
            assert!(fires(&mut timer, Duration::from_secs(5)).await);
        });
    }
}
