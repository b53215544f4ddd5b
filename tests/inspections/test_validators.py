import pytest
from django.core.exceptions import ValidationError

from inspections.validators import tax_code_check_digit, validate_tax_code


@pytest.mark.parametrize("code", ["0100233488", "0314409058-002", "0100 233 488", "0800123459"])
def test_it_accepts_valid_tax_codes(code):
    assert validate_tax_code(code) == code.replace(" ", "")


@pytest.mark.parametrize(
    "code",
    [
        "",
        "12345",
        "01002334881",  # 11 digits
        "0100233480",  # wrong check digit
        "0314409058-02",  # branch with 2 digits
        "0314409058-000",  # branch 000
        "0314409058002",  # 13 digits without the dash
        "010023348A",
    ],
)
def test_it_refuses_invalid_tax_codes(code):
    with pytest.raises(ValidationError):
        validate_tax_code(code)


def test_the_message_names_the_format():
    with pytest.raises(ValidationError) as exc:
        validate_tax_code("12345")
    assert "10" in exc.value.messages[0]


def test_no_check_digit_when_the_remainder_is_zero():
    # 31*1 + 29*0 + ... chosen so that the weighted sum is a multiple of 11: no tenth digit can complete it.
    nine = next(f"{n:09d}" for n in range(10**8, 10**8 + 1000) if tax_code_check_digit(f"{n:09d}") is None)
    assert tax_code_check_digit(nine) is None
