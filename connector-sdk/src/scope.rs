//! A thread-local value set for the length of a call and restored afterwards, even when the
//! call panics: how the calling instance's log sink and panic guard follow the call.

use std::cell::RefCell;
use std::thread::LocalKey;

/// Runs `f` with `slot` holding `value`, then puts the previous value back.
pub(crate) fn with<V: 'static, T>(
    slot: &'static LocalKey<RefCell<Option<V>>>,
    value: V,
    f: impl FnOnce() -> T,
) -> T {
    struct Restore<V: 'static> {
        slot: &'static LocalKey<RefCell<Option<V>>>,
        previous: Option<V>,
    }
    impl<V: 'static> Drop for Restore<V> {
        fn drop(&mut self) {
            let previous = self.previous.take();
            self.slot.with(|c| *c.borrow_mut() = previous);
        }
    }
    let previous = slot.with(|c| c.replace(Some(value)));
    let _restore = Restore { slot, previous };
    f()
}
