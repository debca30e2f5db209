"""Chongqing's districts and counties in the administrative order (their GB/T 2260 codes, 500101…500243),
the order in which official documents and lists name them; names not in it follow, by name."""

from __future__ import annotations

from collections.abc import Iterable

# 区 then 县 (自治县 last), by administrative division code.
CHONGQING = (
    "万州区", "涪陵区", "渝中区", "大渡口区", "江北区", "沙坪坝区", "九龙坡区", "南岸区", "北碚区",
    "綦江区", "大足区", "渝北区", "巴南区", "黔江区", "长寿区", "江津区", "合川区", "永川区", "南川区",
    "璧山区", "铜梁区", "潼南区", "荣昌区", "开州区", "梁平区", "武隆区",
    "城口县", "丰都县", "垫江县", "忠县", "云阳县", "奉节县", "巫山县", "巫溪县",
    "石柱土家族自治县", "秀山土家族苗族自治县", "酉阳土家族苗族自治县", "彭水苗族土家族自治县",
)  # fmt: skip
_POSITION = {name: index for index, name in enumerate(CHONGQING)}


def administrative_order(names: Iterable[str]) -> list[str]:
    """The distinct names in the administrative order."""
    return sorted(set(names), key=lambda name: (_POSITION.get(name, len(CHONGQING)), name))
