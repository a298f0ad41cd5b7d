"""What a model's tokens cost, in US dollars per million tokens (input, output).

FILON_LLM_PRICE_IN / FILON_LLM_PRICE_OUT override the table (a self-hosted model costs 0); an
unknown model falls back to the default, a small current model's price.
"""

from __future__ import annotations

from dataclasses import dataclass

# Public list prices per million tokens (input, output), longest name prefix first.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
    "rules": (0.0, 0.0),
}
DEFAULT = PRICES["gpt-4.1-mini"]


@dataclass(frozen=True, slots=True)
class Price:
    """Dollars per million input and output tokens."""

    per_million_in: float
    per_million_out: float

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        """What these tokens cost, in dollars."""
        return (tokens_in * self.per_million_in + tokens_out * self.per_million_out) / 1e6


def price_of(model: str, *, price_in: float | None = None, price_out: float | None = None) -> Price:
    """The price of `model`, the settings' overrides first."""
    known = next(
        (PRICES[name] for name in sorted(PRICES, key=len, reverse=True) if model.startswith(name)),
        DEFAULT,
    )
    return Price(
        known[0] if price_in is None else price_in, known[1] if price_out is None else price_out
    )
