"""Registration and VAT numbers, checked by the rules of the country the organisation is registered in."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from stdnum.at import businessid as at_businessid
from stdnum.be import vat as be_enterprise_number
from stdnum.ch import uid as ch_uid
from stdnum.de import handelsregisternummer as de_handelsregisternummer
from stdnum.dk import cvr as dk_cvr
from stdnum.ee import registrikood as ee_registrikood
from stdnum.es import cif as es_cif
from stdnum.eu import vat
from stdnum.fi import ytunnus as fi_ytunnus
from stdnum.fr import rcs as fr_rcs
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret
from stdnum.it import iva as it_iva
from stdnum.no import orgnr as no_orgnr
from stdnum.pl import regon as pl_regon
from stdnum.ro import cui as ro_cui
from stdnum.ro import onrc as ro_onrc
from stdnum.se import orgnr as se_orgnr
from stdnum.si import maticna as si_maticna

# The python-stdnum modules for the number a country's company or business register gives an organisation,
# with what the applicant is asked for. Only registers that python-stdnum 2.2 really checks are here (it has
# none for, e.g., the Dutch KvK, the Irish CRO, the Czech IČO or the Greek GEMI): other countries get the
# generic check below. Where a country has several forms (France: SIREN, SIRET, RCS), any of them is accepted.
REGISTERS = {
    "AT": ([at_businessid], gettext_lazy("the Firmenbuch number, e.g. FN 122119m")),
    "BE": ([be_enterprise_number], gettext_lazy("the enterprise number (KBO/BCE), e.g. 0403.019.261")),
    "CH": ([ch_uid], gettext_lazy("the business identification number (UID), e.g. CHE-100.155.212")),
    "DE": (
        [de_handelsregisternummer],
        gettext_lazy("the register court, the register and the number, e.g. Dresden HRB 12345"),
    ),
    "DK": ([dk_cvr], gettext_lazy("the CVR number, e.g. 13585628")),
    "EE": ([ee_registrikood], gettext_lazy("the registry code (registrikood), e.g. 12345678")),
    "ES": ([es_cif], gettext_lazy("the CIF of the company, e.g. J99216582")),
    "FI": ([fi_ytunnus], gettext_lazy("the business ID (Y-tunnus), e.g. 2077474-0")),
    "FR": (
        [fr_siren, fr_siret, fr_rcs],
        gettext_lazy("the SIREN (9 digits), the SIRET (14 digits) or the RCS number, e.g. 732 829 320"),
    ),
    "IT": ([it_iva], gettext_lazy("the 11-digit number of the Registro delle imprese, e.g. 00743110157")),
    "NO": ([no_orgnr], gettext_lazy("the organisation number, e.g. 988 077 917")),
    "PL": ([pl_regon], gettext_lazy("the REGON (9 or 14 digits), e.g. 192598184")),
    "RO": ([ro_onrc, ro_cui], gettext_lazy("the Trade Register number or the CUI, e.g. J40/2886/2013")),
    "SE": ([se_orgnr], gettext_lazy("the organisation number, e.g. 556188-8404")),
    "SI": ([si_maticna], gettext_lazy("the registration number (matična številka), e.g. 9331310")),
}

# Countries without a register check: letters of any alphabet, digits, spaces, dots, dashes and slashes,
# starting and ending with a letter or digit.
GENERIC_REGISTRATION_NUMBER = re.compile(r"^[^\W_](?:[^\W_]|[ ./-]){2,38}[^\W_]$")


def validate_registration_number(value: str, country_code: str = "") -> str:
    """Check the number against the country's register where python-stdnum knows it, generically otherwise."""
    value = (value or "").strip()
    country_code = (country_code or "").upper()
    if country_code in REGISTERS:
        modules, expected = REGISTERS[country_code]
        if not any(module.is_valid(value) for module in modules):
            raise ValidationError(
                _("This is not a valid registration number in %(country)s. Enter %(expected)s.")
                % {"country": countries.name(country_code), "expected": expected},
                code="invalid_registration_number",
            )
        return value
    # A digit that is not zero: "0000" or "ABCD" are placeholders, not register numbers.
    if not GENERIC_REGISTRATION_NUMBER.match(value) or not re.search(r"[1-9]", value):
        raise ValidationError(
            _(
                "Enter the register number as printed in the register: 4 to 40 letters, digits, spaces, dots, "
                "dashes or slashes, with at least one digit other than zero."
            ),
            code="invalid_registration_number",
        )
    return value


# The prefixes of EU VAT numbers. Greece's is EL, not GR; XI is Northern Ireland's (country GB).
VAT_PREFIXES = {code.upper() for code in vat.MEMBER_STATES} - {"GR"} | {"EL"}


def vat_prefix_of_country(country_code: str) -> str:
    country_code = (country_code or "").upper()
    return "EL" if country_code == "GR" else country_code


def country_of_vat_prefix(prefix: str) -> str:
    return {"EL": "GR", "XI": "GB"}.get(prefix, prefix)


def clean_vat_number(value: str, country_code: str = "") -> str:
    """The VAT number in its compact form, with its country prefix.

    An EU VAT number is checked by its country's format and check digits, and must be of the country the
    organisation is registered in: a Belgian organisation gives a BE number.
    """
    compact = re.sub(r"[\s.\-/]", "", value or "").upper()
    if not compact:
        return ""
    country_code = (country_code or "").upper()
    expected_prefix = vat_prefix_of_country(country_code)
    if compact.startswith("GR"):
        compact = f"EL{compact[2:]}"  # the prefix VIES knows for Greece
    if expected_prefix in VAT_PREFIXES and not compact[:2].isalpha():
        compact = f"{expected_prefix}{compact}"
    prefix = compact[:2]
    if prefix in VAT_PREFIXES:
        if not vat.is_valid(compact):
            raise ValidationError(
                _(
                    "This is not a valid EU VAT number. Check the country prefix and the digits "
                    "(for example NL004495445B01)."
                ),
                code="invalid_vat",
            )
        allowed = {expected_prefix, "XI"} if country_code == "GB" else {expected_prefix}
        if country_code and prefix not in allowed:
            raise ValidationError(
                _(
                    "This VAT number is from %(vat_country)s, but the organisation is registered in %(country)s. "
                    "Give the VAT number of the country of registration."
                )
                % {
                    "vat_country": countries.name(country_of_vat_prefix(prefix)),
                    "country": countries.name(country_code),
                },
                code="vat_country_mismatch",
            )
        return compact
    if expected_prefix in VAT_PREFIXES:
        raise ValidationError(
            _("A VAT number of an organisation registered in %(country)s starts with %(prefix)s.")
            % {"country": countries.name(country_code), "prefix": expected_prefix},
            code="vat_country_mismatch",
        )
    if not re.match(r"^[A-Z0-9]{4,20}$", compact):
        raise ValidationError(_("Enter the VAT or tax number in letters and digits only."), code="invalid_vat")
    return compact
