"""Chinese names for the schema's tables and columns, so staff see headers they can read."""

from __future__ import annotations

from kiosk.data.schema import FLOAT, INT, TEXT_EN, TEXT_ZH, Column, Table

TABLE_ZH = {
    "meta": "内容信息", "chapters": "规划章节", "sections": "章节小节", "goals": "目标与远景",
    "boxes": "专栏", "glossary": "名词解释", "indicators": "主要指标", "indicator_areas": "指标领域",
    "indicator_values": "指标年度实际值", "targets": "其他量化目标", "target_values": "目标年度实际值",
    "towns": "街镇", "programs": "9073 / 11157 项目", "facility_types": "设施类型",
    "facilities": "养老与体育设施", "pois": "地点", "routes": "旅游线路", "route_stops": "线路站点",
}

# Column stems (without _zh/_en) -> Chinese label.
STEM_ZH = {
    "key": "键", "value": "数值", "id": "编号", "seq": "顺序", "number": "编号（原文）",
    "title": "标题", "summary": "摘要", "chapter_id": "所属章节", "kind": "类别", "text": "文字",
    "body": "正文", "term": "名词", "definition": "解释", "code": "指标编号", "area": "领域",
    "name": "名称", "unit": "单位", "measure": "目标形式", "direction": "方向", "period": "累计方式",
    "baseline_year": "基期年份", "baseline_value": "基期值", "baseline_note": "基期说明",
    "target_year": "目标年份", "target_value": "目标值", "target_approx": "是否“左右”",
    "target_bound": "目标界限", "target_text": "目标原文", "source": "来源",
    "indicator_code": "指标编号", "year": "年份", "note": "备注", "confidence": "可信度",
    "section_id": "所属小节", "topic": "主题", "bound": "界限", "sentence": "原文句子",
    "target_id": "目标编号", "lat": "纬度", "lon": "经度", "precision": "位置精度", "datum": "坐标系",
    "program": "项目", "label": "标签", "facility_type": "设施类型", "description": "介绍",
    "type": "设施类型", "town_id": "所在街镇", "named": "是否真实名称", "status": "状态",
    "address": "地址", "hours": "开放时间", "phone": "电话", "services": "服务内容", "beds": "床位数",
    "plan_ref": "规划出处", "theme": "主题", "length_km": "长度（公里）", "duration_min": "时长（分钟）",
    "route_id": "线路编号", "poi_id": "地点编号", "stay_min": "停留（分钟）",
    "travel_mode": "前往下一站方式", "travel_min": "前往下一站（分钟）",
}

TYPE_ZH = {INT: "整数", FLOAT: "数字"}


def column_zh(col: Column) -> str:
    """The Chinese header of a column: its stem's label, with the language for bilingual pairs."""
    stem = col.name[:-3] if col.name.endswith(("_zh", "_en")) else col.name
    label = STEM_ZH.get(stem, stem)
    if col.name.endswith("_zh") and stem != "number":
        return f"{label}（中文）"
    if col.name.endswith("_en"):
        return f"{label}（英文）"
    return label


def table_zh(table: Table) -> str:
    return TABLE_ZH.get(table.name, table.name)


def column_rules(col: Column) -> tuple[str, str]:
    """The rules of a column in English and Chinese (for header notes and the Read me sheet)."""
    en, zh = [], []
    if col.required:
        en.append("required")
        zh.append("必填")
    if col.type in TYPE_ZH:
        en.append("whole number" if col.type == INT else "number")
        zh.append(TYPE_ZH[col.type])
    if col.type == TEXT_EN:
        en.append("English text, no Chinese characters")
        zh.append("英文，不可含中文字符")
    if col.type == TEXT_ZH:
        zh.append("中文")
        en.append("Chinese text")
    if col.choices:
        en.append("one of: " + ", ".join(col.choices))
        zh.append("只能填：" + "、".join(col.choices))
    return "; ".join(en), "；".join(zh)
