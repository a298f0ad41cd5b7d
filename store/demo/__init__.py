"""The deterministic synthetic demo dataset: companies over every French department, their
contacts, signals, engagement events and a pipeline of lead lists, all with `source = "demo"`."""

from store.demo.seed import (
    DemoAlreadySeeded,
    DemoReport,
    clear_demo,
    count_companies,
    seed_demo,
    seed_demo_if_empty,
)

__all__ = [
    "DemoAlreadySeeded",
    "DemoReport",
    "clear_demo",
    "count_companies",
    "seed_demo",
    "seed_demo_if_empty",
]
