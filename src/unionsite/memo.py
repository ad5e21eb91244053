"""Inputs → derived values that remember what they read, so that after an edit only what depends
on a changed input is computed again, and what depends on that only if its value changed.

This is how the site stage rebuilds a page's view after an edit without building the others: a
view reads records, relations and URLs through `read`, and other views through `get`. `update`
takes the inputs of the next build, compares every input read so far with its new value, and
computes again each value that read a changed one. A value that comes out equal to before keeps
its old object (so a page whose view is the same object needs no rendering) and stops the
change from spreading further, as in Salsa's early cutoff.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

Key = Hashable
Inputs = Callable[[Key], Any]


class Gone(LookupError):
    """Raised by an input function for a key that no longer exists (a deleted record)."""


class Memo:
    """Derived values by key, each with the keys (inputs and other values) it read.

    The memo is a cache that belongs to a chain of builds: `update` advances it in place. What a
    build writes is decided by comparing with the last build that succeeded, never by the memo,
    so a failed build that advanced it leaves nothing wrong behind.
    """

    def __init__(self) -> None:
        self._inputs: Inputs = _no_inputs
        self._input_values: dict[Key, Any] = {}
        self._values: dict[Key, Any] = {}
        self._computers: dict[Key, Callable[[], Any]] = {}
        self._reads: dict[Key, frozenset[Key]] = {}
        self._readers: defaultdict[Key, set[Key]] = defaultdict(set)
        self._reading: list[set[Key]] = []
        self._stale: set[Key] = set()
        self.computed: list[Key] = []  # the values computed since the last update, in order
        self.settled = True  # False while values are being computed, and after that failed
        self.generation = 0  # how many updates it has had: tells whose inputs it holds

    @contextmanager
    def updating(self, inputs: Inputs, changed: Iterable[Key] | None = None) -> Iterator[Memo]:
        """`update`, then the block that gets the values it needs; the memo counts as settled
        only if both finish (after an exception it must not be used again)."""
        self.settled = False
        self.update(inputs, changed)
        yield self
        self.settled = True

    def value(self, key: Key) -> Any:
        """The value of `key` as last computed."""
        return self._values[key]

    def read(self, key: Key) -> Any:
        """An input, remembered as read by the value being computed."""
        if self._reading:
            self._reading[-1].add(key)
        try:
            return self._input_values[key]
        except KeyError:
            value = self._input_values[key] = self._inputs(key)
            return value

    def get(self, key: Key, compute: Callable[[], Any]) -> Any:
        """The value of `key`, computed by `compute` the first time and after a change."""
        if self._reading:
            self._reading[-1].add(key)
        if key in self._values and key not in self._stale:
            return self._values[key]
        return self._compute(key, compute)

    def update(self, inputs: Inputs, changed: Iterable[Key] | None = None) -> None:
        """Move to new inputs: every value that read a changed input, directly or through
        values that changed in turn, is computed again now. `changed`: the only inputs that
        may differ from the last update's, if the caller knows; else every input is compared."""
        self.computed = []
        self.generation += 1
        old_inputs, self._inputs = self._input_values, inputs
        if changed is not None:  # the other inputs keep their values
            old_inputs = {key: old_inputs[key] for key in changed if key in old_inputs}
        else:
            self._input_values = {}
        for key, old in old_inputs.items():
            try:
                new = inputs(key)
            except Gone:
                self._input_values.pop(key, None)
                self._stale |= self._readers.pop(key, set())
                continue
            self._input_values[key] = new
            if new is not old and new != old:
                self._stale |= self._readers[key]
        while self._stale:
            key = next(iter(self._stale))
            try:
                self._compute(key, self._computers[key])
            except Gone:
                self._forget(key)

    def _compute(self, key: Key, compute: Callable[[], Any]) -> Any:
        self._reading.append(set())
        try:
            value = compute()
        finally:
            reads = frozenset(self._reading.pop())
        self.computed.append(key)
        self._stale.discard(key)
        self._computers[key] = compute
        self._remember_reads(key, reads)
        if key in self._values and self._values[key] == value:
            return self._values[key]
        if key in self._values:
            self._stale |= self._readers[key]
        self._values[key] = value
        return value

    def _remember_reads(self, key: Key, reads: frozenset[Key]) -> None:
        old = self._reads.get(key)
        self._reads[key] = reads
        if old is None:
            for added in reads:
                self._readers[added].add(key)
            return
        if old == reads:
            return
        for dropped in old - reads:
            self._readers[dropped].discard(key)
        for added in reads - old:
            self._readers[added].add(key)

    def _forget(self, key: Key) -> None:
        """A value that can no longer be computed: what read it must be computed again."""
        self._stale.discard(key)
        self._stale |= self._readers.pop(key, set())
        self._values.pop(key, None)
        self._computers.pop(key, None)
        for read in self._reads.pop(key, frozenset()):
            self._readers[read].discard(key)


def _no_inputs(key: Key) -> Any:
    raise Gone(key)
