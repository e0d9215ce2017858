"""The search form: URL parameters <-> SearchRequest, with German messages for invalid
input. The limits are the API's (`search_api.schemas`), so both accept the same requests."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from pydantic import ValidationError

from ratsuche.core.fields import FILTER_FIELDS
from ratsuche.core.query import Filters, Mode, Sort
from search_api.schemas import MAX_PAGE, MAX_QUERY_CHARS, SearchRequest

PAGE_SIZE = 10
MAX_FILTER_CHARS = 300
# Filter parameters (the names of /search) with their German labels, in form order.
FILTER_LABELS = {f.name: f.label for f in FILTER_FIELDS}
DATE_PARAMS = {"date_from": "Zeitraum von", "date_to": "Zeitraum bis"}
PARAM_ORDER = ("q", "mode", *FILTER_LABELS, *DATE_PARAMS, "sort", "page")


@dataclass
class SearchForm:
    """The search page's state as it appears in the URL (raw values, for redisplay)."""

    q: str = ""
    mode: str = Mode.hybrid.value
    sort: str = Sort.relevance.value
    page: int = 1
    filters: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def params(self) -> dict[str, str]:
        values = {"q": self.q, "mode": self.mode, "sort": self.sort, "page": str(self.page),
                  **self.filters}
        return {k: values[k] for k in PARAM_ORDER if values.get(k)}

    def url(self, **changes: str | None) -> str:
        """This search with some parameters changed (None removes); back to page 1 unless
        `page` is given. Default values are left out, so links stay short and shareable."""
        params = self.params()
        if "page" not in changes:
            params.pop("page", None)
        for name, value in changes.items():
            if value:
                params[name] = value
            else:
                params.pop(name, None)
        if params.get("mode") == Mode.hybrid.value or not params.get("q"):
            params.pop("mode", None)
        if params.get("sort") == Sort.relevance.value:
            params.pop("sort", None)
        if params.get("page") == "1":
            params.pop("page", None)
        ordered = [(k, params[k]) for k in PARAM_ORDER if k in params]
        return "/?" + urlencode(ordered) if ordered else "/"

    def without_filters(self) -> str:
        return self.url(**{name: None for name in (*FILTER_LABELS, *DATE_PARAMS)})

    @property
    def has_filters(self) -> bool:
        return bool(self.filters)

    @property
    def is_front_page(self) -> bool:
        return not self.q.strip() and not self.filters and not self.errors


def parse_date(raw: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None


def parse_form(params: Mapping[str, str]) -> tuple[SearchForm, SearchRequest | None]:
    """The form parameters as a SearchRequest, or None with German messages in form.errors.

    Empty fields (as an HTML form sends them) count as absent; dates may be ISO (from a date
    input) or German (TT.MM.JJJJ).
    """
    form = SearchForm()
    errors = form.errors
    form.q = params.get("q", "").strip()
    if len(form.q) > MAX_QUERY_CHARS:
        errors.append(f"Der Suchbegriff ist zu lang (höchstens {MAX_QUERY_CHARS} Zeichen).")
    raw_mode = params.get("mode", "").strip() or Mode.hybrid.value
    form.mode = raw_mode
    if raw_mode not in {m.value for m in Mode}:
        errors.append(f"Unbekannte Suchart „{raw_mode}“: bitte „Alle Treffer“, „Stichwort“ "
                      "oder „Bedeutung“ wählen.")
        form.mode = Mode.hybrid.value
    raw_sort = params.get("sort", "").strip() or Sort.relevance.value
    form.sort = raw_sort
    if raw_sort not in {s.value for s in Sort}:
        errors.append(f"Unbekannte Sortierung „{raw_sort}“.")
        form.sort = Sort.relevance.value
    raw_page = params.get("page", "").strip() or "1"
    if raw_page.isdigit() and 1 <= int(raw_page) <= MAX_PAGE:
        form.page = int(raw_page)
    else:
        errors.append(f"Ungültige Seitenzahl „{raw_page}“ (erlaubt: 1 bis {MAX_PAGE}).")
    for name, label in FILTER_LABELS.items():
        value = params.get(name, "").strip()
        if len(value) > MAX_FILTER_CHARS:
            errors.append(f"Der Filter „{label}“ ist zu lang.")
        elif value:
            form.filters[name] = value
    dates: dict[str, date] = {}
    for name, label in DATE_PARAMS.items():
        value = params.get(name, "").strip()
        if not value:
            continue
        parsed = parse_date(value)
        if parsed is None:
            errors.append(f"„{label}“: „{value}“ ist kein gültiges Datum (TT.MM.JJJJ).")
            form.filters[name] = value
        else:
            dates[name] = parsed
            form.filters[name] = parsed.isoformat()
    if "date_from" in dates and "date_to" in dates and dates["date_from"] > dates["date_to"]:
        errors.append("Der Zeitraum ist ungültig: das Anfangsdatum liegt nach dem Enddatum.")
    if errors:
        return form, None
    try:
        request = SearchRequest(
            q=form.q, mode=Mode(form.mode), sort=Sort(form.sort), page=form.page,
            size=PAGE_SIZE, group_by_unit=True,  # a card per unit, its further pages folded
            filters=Filters(values={k: v for k, v in form.filters.items() if k in FILTER_LABELS},
                            date_from=dates.get("date_from"), date_to=dates.get("date_to")),
        )
    except ValidationError:
        errors.append("Die Suchanfrage enthält ungültige Angaben.")
        return form, None
    return form, request
