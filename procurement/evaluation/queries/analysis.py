"""Advice beside the legal result: the objective points before scoring, a TOPSIS cross-check of
the ranking, and a plain reading of the robustness analysis."""

from __future__ import annotations

from typing import Any

from procurement.evaluation.queries.state import EvaluationState


def objective_points(state: EvaluationState) -> dict[str, dict[str, float]]:
    """Each compliant bid's points on the objective criteria, from the engine (no scores needed)."""
    import scoring

    spec = state.engine_spec(sensitivity=False)
    objective = [c for c in spec["criteria"] if c["rule"]["type"] != "subjective"]
    if not any(bid["compliant"] for bid in spec["bids"]):
        return {}
    result = scoring.evaluate(
        {
            "decimals": 2,
            "criteria": objective,
            "bids": spec["bids"],
            "scores": {},
            "tie_break": ["price"],
        }
    )
    return {row["bid"]: row["points"] for row in result["ranking"]}


def topsis_cross_check(result: dict[str, Any], criteria: list[dict[str, Any]]) -> dict[str, Any]:
    """Rank the same points with TOPSIS (weights = each criterion's maximum), as advice."""
    import scoring

    ranking = result["ranking"]
    if len(ranking) < 2:
        return {}
    ids = [c["id"] for c in criteria]
    matrix = [[row["points"].get(cid, 0.0) for cid in ids] for row in ranking]
    # A criterion where every bid has the same points carries no information for TOPSIS.
    keep = [i for i in range(len(ids)) if len({m[i] for m in matrix}) > 1]
    if not keep:
        return {}
    answer = scoring.mcda(
        {
            "method": "topsis",
            "alternatives": [row["bid"] for row in ranking],
            "criteria": [ids[i] for i in keep],
            "objectives": ["max"] * len(keep),
            "weights": [criteria[i]["max_points"] for i in keep],
            "matrix": [[m[i] for i in keep] for m in matrix],
        }
    )
    return {
        row["bid"]: {"score": score, "rank": rank}
        for row, score, rank in zip(ranking, answer["scores"], answer["ranks"], strict=True)
    }


def plain_reading(result: dict[str, Any], names: dict[str, str]) -> str:
    """One paragraph reading the robustness analysis in plain words (Chinese)."""
    sensitivity = result.get("sensitivity")
    ranking = result["ranking"]
    if not sensitivity or not ranking:
        return ""
    top = ranking[0]["bid"]
    share = sensitivity["first_share"].get(top, 0.0)
    samples = sensitivity["samples"]
    others = sorted(
        ((bid, s) for bid, s in sensitivity["first_share"].items() if bid != top and s > 0),
        key=lambda item: -item[1],
    )
    text = (
        f"在 {samples} 次随机扰动评分权重（各因素权重围绕招标文件设定值浮动）的模拟中，"
        f"{names.get(top, top)} 有 {share:.0%} 的情形排名第一"
    )
    if others:
        challenger, challenger_share = others[0]
        text += f"；{names.get(challenger, challenger)} 有 {challenger_share:.0%} 的情形排名第一"
    verdict = (
        "排名对权重的合理变动不敏感。"
        if share >= 0.9
        else "排名对权重较为敏感，前几名差距较小，建议评标委员会复核。"
    )
    return text + "。" + verdict + "该分析仅供参考，不改变依法评审的结果。"
