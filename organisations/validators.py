import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.eu import vat

REGISTRATION_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./-]{2,38}[A-Za-z0-9]$")


def validate_registration_number(value):
    if not REGISTRATION_NUMBER.match(value or ""):
        raise ValidationError(
            _(
                "Enter the register number as printed in the register: 4 to 40 letters, digits, spaces, dots, "
                "dashes or slashes."
            ),
            code="invalid_registration_number",
        )


VAT_PREFIXES = {code.upper() for code in vat.MEMBER_STATES} | {"EL"}


def clean_vat_number(value, country_code=""):
    """The VAT number in its compact form; EU numbers are checked by their country's format and check digits."""
    if not value:
        return ""
    compact = vat.compact(value).upper()
    country_code = (country_code or "").upper()
    if country_code in VAT_PREFIXES and not compact[:2].isalpha():
        compact = f"{'EL' if country_code == 'GR' else country_code}{compact}"
    if compact[:2] in VAT_PREFIXES:
        if not vat.is_valid(compact):
            raise ValidationError(
                _(
                    "This is not a valid EU VAT number. Check the country prefix and the digits "
                    "(for example NL004495445B01)."
                ),
                code="invalid_vat",
            )
        return compact
    if not re.match(r"^[A-Z0-9]{4,20}$", compact):
        raise ValidationError(_("Enter the VAT or tax number in letters and digits only."), code="invalid_vat")
    return compact
