"""The rule reference (docs/rules.md): generated from the rule objects and the profile, every rule
with what it checks, why, how to fix, an example and its parameters, in Chinese then English;
the committed page is the one the rules generate today."""

import re
from types import SimpleNamespace

import yaml
from click.testing import CliRunner
from conftest import REPO, builtin, named_profile

from unioncheck.citations import basis_text, citations
from unioncheck.cli import main
from unioncheck.model import Param, Rule, RuleDoc, Severity, Text
from unioncheck.ruledoc import markdown

RULES_MD = REPO / "docs" / "rules.md"
SEVERITY = {Severity.FAIL: "不合格 / fail", Severity.WARN: "警告 / warn", Severity.OFF: "关闭"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def sections(page: str) -> dict[str, str]:
    """Each rule's section of the page, by rule code."""
    parts = re.split(r"^### ", page, flags=re.M)[1:]
    return {part.split(" ", 1)[0]: part.split("\n<a id=", 1)[0] for part in parts}


def test_committed_rule_reference_is_current():
    generated = run("rules", "--format", "markdown")
    assert generated.exit_code == 0
    committed = RULES_MD.read_text("utf-8") if RULES_MD.exists() else ""
    assert committed == generated.output, (
        "docs/rules.md is stale: run unioncheck rules --format markdown > docs/rules.md"
    )


def test_every_rule_is_documented_in_both_languages_with_its_profile_values():
    rules, _ = builtin()
    profile = named_profile("county-health-bureau")
    page = run("rules", "--format", "markdown").output
    by_code = sections(page)
    assert list(by_code) == [r.code for r in rules]  # every rule, in the order reports show them
    for rule in rules:
        text = by_code[rule.code]
        assert text.startswith(f"{rule.code} {rule.title.zh} / {rule.title.en}\n"), rule.code
        for part in (rule.doc.what, rule.doc.why, rule.doc.fix):
            assert part.zh in text and part.en in text and text.index(part.zh) < text.index(part.en), rule.code
        assert basis_text(rule, profile, "zh") in text and basis_text(rule, profile, "en") in text, rule.code
        for cited in citations(rule, profile):  # each text cited, with its kind and jurisdiction
            assert cited.regulation.name.zh in text and cited.regulation.jurisdiction.zh in text, rule.code
        assert f"`{rule.name}`" in text
        assert f"严重程度 / Severity: {SEVERITY[profile.severity[rule.code]]}" in text
        assert "范围 / Scope: " in text
        if rule.doc.example:
            example = text.split("```yaml\n", 1)[1].split("\n```", 1)[0]
            assert example == rule.doc.example.rstrip("\n"), rule.code
        for param in rule.params:
            row = next((line for line in text.splitlines() if line.startswith(f"| `{param.name}` |")), None)
            assert row is not None, f"{rule.code}: no row for {param.name}"
            source = profile.sources.get((rule.code, param.name))
            assert source is None or source in row, f"{rule.code}.{param.name}: source missing"
            value = profile.params[rule.code][param.name]
            if isinstance(value, dict):  # shown below the table, as YAML
                shown = next(b for b in re.findall(r"```yaml\n(.*?)\n```", text, re.S) if b.startswith(param.name))
                assert yaml.safe_load(shown) == {param.name: value}
            else:
                cell = row.split(" | ")[1].strip("`")
                assert (cell if isinstance(value, str) else yaml.safe_load(cell)) == value, f"{rule.code}.{param.name}"


def test_contents_by_family_link_to_every_family_and_rule():
    page = run("rules", "--format", "markdown").output
    rules, _ = builtin()
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', page))
    links = re.findall(r"\]\(#([^)]+)\)", page.split("## 目录 / Contents", 1)[1].split('<a id="', 1)[0])
    assert set(links) == anchors == {r.code.lower() for r in rules} | {r.family.lower() for r in rules}
    for family, zh, en in (
        ("CGR", "职代会", "Congress"),
        ("HRD", "困难帮扶", "Hardship files"),
        ("EVD", "佐证", "Evidence"),
    ):
        assert f"\n## {family} {zh} / {en}\n" in page
    assert "unioncheck rules --format markdown > docs/rules.md" in page  # says how it is regenerated


def test_reference_follows_the_chosen_profile(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "profile: mine\nextends: county-health-bureau\nrules:\n"
        "  CGR001:\n    severity: warn\n    params:\n      warn_days: {value: 60, source: 本县通知}\n",
        "utf-8",
    )
    page = run("rules", "--format", "markdown", "--profile", mine).output
    cgr001 = sections(page)["CGR001"]
    assert "严重程度 / Severity: 警告 / warn" in cgr001
    [row] = [line for line in cgr001.splitlines() if line.startswith("| `warn_days` |")]
    assert row.startswith("| `warn_days` | `60` |") and row.endswith("| 本县通知 |")
    assert "`mine`" in page and f"--profile {mine}" in page


def test_output_is_deterministic_and_names_no_machine_path():
    first, second = run("rules", "--format", "markdown").output, run("rules", "--format", "markdown").output
    assert first == second
    assert str(REPO) not in first and "/home/" not in first and "/tmp" not in first
    assert not re.search(r"\b20\d\d-\d\d-\d\dT\d\d:", first)  # no generation timestamp


def test_parameter_meaning_is_shown_when_the_parameter_has_one():
    def never(document, ctx):
        return []

    param = Param("limit", {"type": "integer"}, Text("上限", "the upper limit"), default=3)
    plain = Param("floor", {"type": "integer"}, Text("", ""), default=1)
    doc = RuleDoc(Text("查", "checks"), Text("因为", "because"), Text("改", "fix it"), example="a: 1")
    rule = Rule("LOC001", "LOC", "local", Text("本地", "Local"), "本地规定", never, doc, params=(param, plain))
    profile = SimpleNamespace(
        name="p",
        severity={"LOC001": Severity.WARN},
        params={"LOC001": {"limit": 5, "floor": 1}},
        sources={("LOC001", "limit"): "县文件"},
    )
    page = markdown([rule], profile)
    assert "| 参数 / Parameter | 取值 / Value | 含义 / Meaning | 来源 / Source |" in page
    assert "| `limit` | `5` | 上限<br>the upper limit | 县文件 |" in page and "| `floor` | `1` |  |  |" in page
    assert "## LOC\n" in page  # a family nobody named is shown by its code
    without = markdown([Rule("LOC002", "LOC", "x", Text("x", "x"), "-", never, doc, params=(plain,))], profile)
    assert "含义 / Meaning" not in without
