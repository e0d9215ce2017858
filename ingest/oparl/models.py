"""OParl objects as pydantic models that accept what real servers send.

Servers break the spec routinely (../shared/docs/oparl.md §4): `""` and `"N/A"` for absent
values, an object where an array belongs, date-times where dates belong, inline objects
without `type`, 1.0 and 1.1 type URLs. The validators here normalize all of that; unknown
fields are kept (`extra="allow"`), and only `id` is required.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

EMPTY_VALUES = ("", "N/A")
TYPES = ("System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem",
         "Paper", "Consultation", "File", "LegislativeTerm", "Location")
_TYPES_BY_LOWER = {t.lower(): t for t in TYPES}


def short_type(value: object) -> str | None:
    """`Meeting` for `https://schema.oparl.org/1.0/Meeting` or `…/1.1/Meeting` (any case)."""
    if not isinstance(value, str) or not value:
        return None
    return _TYPES_BY_LOWER.get(value.rstrip("/").rsplit("/", 1)[-1].lower())


def drop_empty(value: Any) -> Any:
    """The value without `""`/`"N/A"` strings (in dicts and lists, recursively); strings
    stripped (trailing no-break spaces in postal codes)."""
    if isinstance(value, str):
        stripped = value.strip()
        return None if stripped in EMPTY_VALUES else stripped
    if isinstance(value, dict):
        cleaned = {k: drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v is not None}
    if isinstance(value, list):
        return [v for v in (drop_empty(v) for v in value) if v is not None]
    return value


def _as_list(value: Any) -> Any:
    """An object or a single URL where an array belongs becomes a one-element list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _as_date(value: Any) -> Any:
    """A date from `yyyy-mm-dd` or a date-time (CC e-gov sends date-times for File.date)."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            return None
    return value


def _as_datetime(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return value


def _link(value: Any) -> Any:
    """An http(s) URL or None (`web: "N/Avo020.asp?…"` is not one)."""
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def normalize_ags(value: Any) -> str | None:
    """The 8-digit Amtlicher Gemeindeschlüssel from what servers send: 7 digits that lost
    their leading zero, 12-digit Regionalschlüssel, 9 digits with a trailing zero."""
    digits = re.sub(r"\D", "", str(value or ""))
    if len(digits) == 7:
        return "0" + digits
    if len(digits) == 12:
        return digits[:5] + digits[9:]
    if len(digits) == 9:
        return digits[:8]
    return digits if len(digits) == 8 else None


Date = Annotated[date | None, BeforeValidator(_as_date)]
DateTime = Annotated[datetime | None, BeforeValidator(_as_datetime)]
Link = Annotated[str | None, BeforeValidator(_link)]
Links = Annotated[list[str], BeforeValidator(_as_list)]


class OparlObject(BaseModel):
    """Fields every OParl type has."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str
    type: str | None = None
    name: str | None = None
    shortName: str | None = None
    web: Link = None
    created: DateTime = None
    modified: DateTime = None
    deleted: bool = False

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> "Any":
        """The model of a raw object after dropping empty values."""
        return cls.model_validate(drop_empty(raw))


class File(OparlObject):
    fileName: str | None = None
    mimeType: str | None = None
    date: Date = None
    accessUrl: Link = None
    downloadUrl: Link = None
    sha1Checksum: str | None = None
    sha512Checksum: str | None = None

    @property
    def urls(self) -> list[str]:
        """Where to fetch the file, best first (`downloadUrl`, then `accessUrl`)."""
        return list(dict.fromkeys(u for u in (self.downloadUrl, self.accessUrl) if u))


Files = Annotated[list[File], BeforeValidator(_as_list)]


class AgendaItem(OparlObject):
    number: str | None = None
    order: int | None = None
    public: bool | None = None
    result: str | None = None
    resolutionText: str | None = None
    consultation: str | None = None
    resolutionFile: File | None = None
    auxiliaryFile: Files = Field(default_factory=list)


class Meeting(OparlObject):
    start: DateTime = None
    end: DateTime = None
    cancelled: bool | None = None
    organization: Links = Field(default_factory=list)
    invitation: File | None = None
    resultsProtocol: File | None = None
    verbatimProtocol: File | None = None
    auxiliaryFile: Files = Field(default_factory=list)
    agendaItem: Annotated[list[AgendaItem], BeforeValidator(_as_list)] = Field(
        default_factory=list
    )


def _embedded(value: Any) -> Any:
    """The inline objects of an array; bare URLs (objects not embedded) are left out."""
    return [v for v in _as_list(value) if isinstance(v, dict)]


class Consultation(OparlObject):
    """A paper dealt with at a meeting's agenda item (inline in `Paper.consultation`)."""

    paper: str | None = None
    agendaItem: str | None = None
    meeting: str | None = None


class Paper(OparlObject):
    reference: str | None = None
    date: Date = None
    paperType: str | None = None
    mainFile: File | None = None
    auxiliaryFile: Files = Field(default_factory=list)
    consultation: Annotated[list[Consultation], BeforeValidator(_embedded)] = Field(
        default_factory=list
    )


class Organization(OparlObject):
    classification: str | None = None
    organizationType: str | None = None


class Body(OparlObject):
    ags: Annotated[str | None, BeforeValidator(normalize_ags)] = None
    organization: str | None = None
    person: str | None = None
    meeting: str | None = None
    paper: str | None = None

    def list_url(self, name: str) -> str | None:
        """The URL of the external list `name` (`meeting`, `paper`, …), if the Body has it."""
        value = getattr(self, name, None) if name in type(self).model_fields else (
            (self.model_extra or {}).get(name)
        )
        return value if isinstance(value, str) else None


class System(OparlObject):
    oparlVersion: str | None = None
    body: str | None = None
    vendor: str | None = None
    product: str | None = None
