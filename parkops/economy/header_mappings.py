"""Headers of the statistics bureau's sheet mapped to an indicator by hand ("税收合计" → 税收), with
`--map` or the import page's choice, and remembered for the park: the next sheet with that header is
read the same way, and its preview says so ("按本园区记住的对应").

A mapping is remembered when the import that used it is written, in its transaction; each is saved
with history (the user, and the file it came from), which core.audit turns into audit lines.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from parkops.core.imports import normalise_header
from parkops.economy.indicator_sheet import brackets_alike, header_key
from parkops.economy.models import HeaderMapping, Indicator
from parkops.org.models import Park

MAX_HEADER = HeaderMapping._meta.get_field("header").max_length


def remembered(park: Park | None) -> dict[str, Indicator]:
    """The park's mappings, by header key."""
    if park is None:
        return {}
    return {mapping.header: mapping.indicator
            for mapping in HeaderMapping.objects.filter(park=park).select_related("indicator")}


def find_indicator(text: str) -> Indicator | None:
    """An indicator by its code, its name or one of its synonyms, as a person writes it after "=" in
    `--map "税收合计=税收"` or as the page's choice sends it."""
    wanted = brackets_alike(normalise_header(text))
    if not wanted:
        return None
    for indicator in Indicator.objects.all():
        names = [indicator.code, indicator.name, *(indicator.synonyms or "").replace("，", "、").split("、")]
        if wanted in {brackets_alike(normalise_header(name)) for name in names if name}:
            return indicator
    return None


def parse_map(texts: list[str]) -> dict[str, Indicator]:
    """`--map` options ("税收合计=税收"), by header key; ValidationError in Chinese for one that cannot
    be read, naming the indicators there are."""
    mappings: dict[str, Indicator] = {}
    for text in texts:
        header, sign, name = text.replace("＝", "=").partition("=")
        key = header_key(header)
        if not sign or not key or not name.strip():
            raise ValidationError(f"--map “{text}”应写作“表头=指标”，例如 --map \"税收合计=税收\"。")
        indicator = find_indicator(name)
        if indicator is None:
            names = "、".join(Indicator.objects.values_list("name", flat=True))
            raise ValidationError(f"--map “{text}”中的“{name.strip()}”不是指标目录中的指标。可选：{names}。")
        mappings[key] = indicator
    return mappings


def by_codes(codes: dict[str, str]) -> dict[str, Indicator]:
    """Mappings kept as header key → indicator code (ImportRun.mappings), with their indicators; a code
    no longer in the catalogue is dropped."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=set(codes.values()))}
    return {key: indicators[code] for key, code in codes.items() if code in indicators}


def header_mapping_remember(*, park: Park, key: str, indicator: Indicator, user, reason: str) -> HeaderMapping | None:
    """Remember that the park's header `key` is `indicator` (a new mapping, or a changed one); None when
    it was already so."""
    key = key[:MAX_HEADER]
    mapping = HeaderMapping.objects.filter(park=park, header=key).first()
    if mapping is not None and mapping.indicator_id == indicator.pk:
        return None
    mapping = mapping or HeaderMapping(park=park, header=key)
    mapping.indicator = indicator
    mapping._history_user = user
    mapping._change_reason = reason
    mapping.save()
    return mapping
