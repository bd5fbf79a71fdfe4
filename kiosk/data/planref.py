"""Render the plan references of indicators.source (表1 第20行; 第一章(五)…) in English."""

from __future__ import annotations

import re

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN = "零一二三四五六七八九十百"
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」")
_TOKEN = re.compile(
    rf"表\s*(?P<table>\d+)"
    rf"|第\s*(?P<row>\d+|[{_CN}]+)\s*行"
    rf"|第\s*(?P<chapter>\d+|[{_CN}]+)\s*章"
    rf"|专栏\s*(?P<box>\d+|[{_CN}]+)"
    rf"|[(（]\s*(?P<section>\d+|[{_CN}]+)\s*[)）]"
    r"|[(（]\s*其中\s*[)）](?P<of_which>)"
    r"|基线\s*[:：]?(?P<baseline>)"
    r"|(?P<number>\d+(?:\.\d+)?)(?P<suffix>%|余)?"
)
_FOREIGN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]")


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 一百零五 → 105; digits pass through."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[char]
    return total + current


def _part(text: str) -> str:
    """One reference (between semicolons) in English; quoted plan wording is left out."""
    words: list[str] = []
    text = _QUOTED.sub(" ", text)
    position = 0
    for match in _TOKEN.finditer(text):
        words += _leftover(text[position:match.start()])
        position = match.end()
        kind = match.lastgroup if match.lastgroup != "suffix" else "number"
        value = match.group(kind)
        if kind == "table":
            words.append(f"Table {int(value)}")
        elif kind == "row":
            words.append(f"row {chinese_number(value)}")
        elif kind == "chapter":
            words.append(f"chapter {chinese_number(value)}")
        elif kind == "box":
            words.append(f"box {chinese_number(value)}")
        elif kind == "section" and words:
            words[-1] += f" ({chinese_number(value)})"
        elif kind == "section":
            words.append(f"({chinese_number(value)})")
        elif kind == "of_which" and words:
            words[-1] += " (of which)"
        elif kind == "baseline":
            words.append("baseline:")
        elif kind == "number":
            suffix = {"%": "%", "余": "+"}.get(match.group("suffix") or "", "")
            words.append(value + suffix)
    words += _leftover(text[position:])
    out = ""
    for word in words:
        out += word if not out else (" " if out.endswith(":") else ", ") + word
    return out


def _leftover(text: str) -> list[str]:
    """Text between references: kept when it is not Chinese (a URL, a Latin note), else dropped."""
    text = _FOREIGN.sub(" ", text).strip(" ,.;:()[]")
    return [text] if re.search(r"[A-Za-z0-9]", text) else []


def english_reference(source: str) -> str:
    """表1 第4行(其中); 第十章(五); 基线: 第一章(一) 88.2% → Table 1, row 4 (of which); chapter 10 (5); …"""
    parts = (_part(p) for p in re.split(r"[;；]", source or ""))
    return "; ".join(p for p in parts if p)


_HALF_TO_FULL = str.maketrans({";": "；", ":": "：", "(": "（", ")": "）", ",": "，"})


def chinese_reference(source: str) -> str:
    """表1 第20行; 第一章(五); 基线: 第一章(一) 88.2% → the same with full-width punctuation."""
    parts = (p.strip().translate(_HALF_TO_FULL) for p in re.split(r"[;；]", source or ""))
    return "；".join(re.sub(r"：\s+", "：", p) for p in parts if p)
