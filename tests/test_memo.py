"""memo.Memo: a value is computed again only when something it read changed, and what reads it
only when its value changed too."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from unionsite.memo import Gone, Inputs, Key, Memo


def inputs(values: Mapping[Key, Any]) -> Inputs:
    def value(key: Key) -> Any:
        if key not in values:
            raise Gone(key)
        return values[key]

    return value


class Names:
    """A tiny site: a list page made of one label per person, and each person's own page."""

    def __init__(self, memo: Memo) -> None:
        self.memo = memo

    def label(self, person: str) -> str:
        def compute() -> str:
            name: str = self.memo.read(person)["name"]
            return name.upper()

        value: str = self.memo.get(("label", person), compute)
        return value

    def page(self, person: str) -> str:
        def compute() -> str:
            record = self.memo.read(person)
            return f"{self.label(person)}: {record['about']}"

        value: str = self.memo.get(("page", person), compute)
        return value

    def listing(self) -> str:
        def compute() -> str:
            return ", ".join(self.label(person) for person in self.memo.read("people"))

        value: str = self.memo.get("listing", compute)
        return value

    def everything(self) -> list[str]:
        return [self.listing(), *(self.page(p) for p in self.memo.read("people"))]


PEOPLE: dict[Key, Any] = {
    "people": ("ada", "can"),
    "ada": {"name": "Ada", "about": "writes"},
    "can": {"name": "Can", "about": "draws"},
}


def settle(memo: Memo, values: Mapping[Key, Any]) -> tuple[list[str], list[Key]]:
    with memo.updating(inputs(values)):
        pages = Names(memo).everything()
    return pages, list(memo.computed)


@pytest.fixture
def memo() -> Memo:
    memo = Memo()
    settle(memo, PEOPLE)
    return memo


def test_the_first_time_everything_is_computed_once() -> None:
    memo = Memo()
    pages, computed = settle(memo, PEOPLE)
    assert pages == ["ADA, CAN", "ADA: writes", "CAN: draws"]
    assert sorted(map(str, computed)) == sorted(
        map(str, ["listing", ("label", "ada"), ("label", "can"), ("page", "ada"), ("page", "can")])
    )


def test_nothing_changed_computes_nothing(memo: Memo) -> None:
    assert settle(memo, dict(PEOPLE)) == (["ADA, CAN", "ADA: writes", "CAN: draws"], [])


def test_a_change_that_leaves_a_value_equal_stops_there(memo: Memo) -> None:
    changed = {**PEOPLE, "ada": {"name": "Ada", "about": "paints"}}
    pages, computed = settle(memo, changed)
    assert pages == ["ADA, CAN", "ADA: paints", "CAN: draws"]
    # the label read the record and is computed again, but comes out equal: the list is kept
    assert set(computed) == {("label", "ada"), ("page", "ada")}


def test_a_changed_value_recomputes_what_reads_it(memo: Memo) -> None:
    changed = {**PEOPLE, "ada": {"name": "Ayla", "about": "writes"}}
    pages, computed = settle(memo, changed)
    assert pages == ["AYLA, CAN", "AYLA: writes", "CAN: draws"]
    assert set(computed) == {("label", "ada"), ("page", "ada"), "listing"}


def test_an_equal_value_keeps_its_old_object(memo: Memo) -> None:
    before = memo.get(("page", "can"), pytest.fail)
    changed = {**PEOPLE, "can": {"name": "Can", "about": "draws"}}  # equal, not the same object
    settle(memo, changed)
    assert memo.get(("page", "can"), pytest.fail) is before


def test_a_removed_input_drops_what_read_it(memo: Memo) -> None:
    removed: dict[Key, Any] = {"people": ("can",), "can": PEOPLE["can"]}
    pages, computed = settle(memo, removed)
    assert pages == ["CAN", "CAN: draws"]
    assert "listing" in computed
    with pytest.raises(Gone):
        memo.get(("page", "ada"), lambda: Names(memo).page("ada"))


def test_a_failed_update_is_not_settled(memo: Memo) -> None:
    def broken(key: Key) -> Any:
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError), memo.updating(broken):
        pass
    assert not memo.settled


def compute_counter() -> tuple[Callable[[], int], list[int]]:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return compute, calls


def test_a_value_nobody_changed_is_computed_once() -> None:
    memo = Memo()
    compute, calls = compute_counter()
    with memo.updating(inputs({})):
        assert memo.get("n", compute) == memo.get("n", compute) == 1
    assert calls == [1]


def test_told_which_inputs_changed_it_compares_those_alone(memo: Memo) -> None:
    generation = memo.generation
    asked: list[Key] = []
    changed = {**PEOPLE, "ada": {"name": "Ayla", "about": "writes"}, "can": {"name": "Cem", "about": "draws"}}

    def watched(key: Key) -> Any:
        asked.append(key)
        return changed[key]

    with memo.updating(watched, changed=["ada"]):
        pages = Names(memo).everything()
    # can's change was not named: can's label keeps what it read before
    assert pages == ["AYLA, CAN", "AYLA: writes", "CAN: draws"]
    assert asked == ["ada"]
    assert set(memo.computed) == {("label", "ada"), ("page", "ada"), "listing"}
    assert (memo.generation, memo.value(("label", "ada"))) == (generation + 1, "AYLA")
