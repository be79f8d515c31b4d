"""A per-process memo with two bounds: how many values and their total length (ADR 0062, 0068).

Past either bound everything is forgotten at once: the simplest bound that cannot grow, and what
was kept is made again, each at its next request. Used for markup kept by its inputs (template
fragments, page content kept by its facts).
"""

from collections.abc import Hashable, Sized


class Bounded[V: Sized]:
    def __init__(self, *, max_entries: int, max_size: int) -> None:
        self.max_entries, self.max_size = max_entries, max_size
        self._values: dict[Hashable, V] = {}
        self._size = 0

    def get(self, key: Hashable) -> V | None:
        return self._values.get(key)

    def put(self, key: Hashable, value: V) -> None:
        if len(self._values) >= self.max_entries or self._size + len(value) > self.max_size:
            self.clear()
        self._values[key] = value
        self._size += len(value)

    def clear(self) -> None:
        self._values.clear()
        self._size = 0

    def __len__(self) -> int:
        return len(self._values)

    def values(self) -> list[V]:
        return list(self._values.values())
