import pytest
from hypothesis import given
from hypothesis import strategies as st

from certify.core.money import Money


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (35000, "$350.00"),
        (32500, "$325.00"),
        (1999, "$19.99"),
        (5, "$0.05"),
        (-17500, "-$175.00"),
        (123456789, "$1,234,567.89"),
    ],
)
def test_money_formats_as_people_read_it(cents, text):
    assert str(Money(cents)) == text


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        Money(350.0)  # type: ignore[arg-type]


def test_money_refuses_mixing_currencies():
    with pytest.raises(ValueError, match="USD and CAD"):
        Money(100, "USD") + Money(100, "CAD")


@given(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9))
def test_money_arithmetic_is_exact(a, b):
    assert (Money(a) + Money(b)).cents == a + b
    assert (Money(a) - Money(b)) + Money(b) == Money(a)
    assert -Money(a) + Money(a) == Money(0)
