"""Where a rule rests: the profile's regulations table (kind, jurisdiction, read), the rules' and the
parameters' citations of it, the 依据 text reports show (national basis first, benchmarks marked), the
rulebook's classification of the first round, and the Guizhou profile that extends the default."""

import json

import pytest
import yaml
from click.testing import CliRunner
from conftest import DEMO, REFERENCE, REPO, builtin, check, demo_report, named_profile

from unioncheck import Status
from unioncheck.citations import KINDS, NATIONAL, basis_text, citations
from unioncheck.cli import main
from unioncheck.profile import ProfileError, load_profile

DEFAULT = REPO / "rules" / "county-health-bureau.yaml"
GUIZHOU = "guizhou-health-bureau"
PROFILES = ("county-health-bureau", GUIZHOU)
FIRST_ROUND = ("CGR", "PAY", "ELE", "HRD", "TRN", "DAT", "EVD")


def _rules():
    return [r for r in builtin()[0] if r.family in FIRST_ROUND]


def _refs(rule, profile, *kinds):
    return {c.ref for c in citations(rule, profile) if c.kind in kinds}


def _statuses(report):
    return [(b.code, r.rule, r.key, r.status) for b in report.branches for r in b.results]


# ---- the table and its citations ------------------------------------------------------


@pytest.mark.parametrize("name", PROFILES)
def test_every_citation_resolves_to_an_entry_of_the_table(name):
    profile = named_profile(name)
    assert profile.regulations
    for entry in profile.regulations.values():
        assert entry.kind in KINDS and entry.name.zh and entry.name.en and entry.jurisdiction.zh
        assert isinstance(entry.read, bool)
    cited = [c for rule in builtin()[0] for c in citations(rule, profile)]
    for cites in profile.cites.values():
        cited += cites
    assert cited
    for c in cited:
        assert profile.regulations[c.ref] == c.regulation, c.ref


@pytest.mark.parametrize("name", PROFILES)
def test_every_first_round_rule_cites_the_table(name):
    profile = named_profile(name)
    for rule in _rules():
        assert citations(rule, profile), f"{rule.code} cites nothing: its basis would be the plugin's text"
        assert basis_text(rule, profile, "zh") != rule.basis


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_basis_text_puts_national_texts_first_and_marks_every_benchmark(lang):
    profile = named_profile("county-health-bureau")
    labels = (
        ("参照外省标准", "参照全国性规定")
        if lang == "zh"
        else ("Benchmark (another province)", "Benchmark (a national")
    )
    for rule in _rules():
        text = basis_text(rule, profile, lang)
        cites = citations(rule, profile)
        names = {c.ref: (c.regulation.short.zh if lang == "zh" else c.regulation.short.en) for c in cites}
        marks = [text.find(label) for label in labels if label in text]
        benchmarks = [c for c in cites if c.kind == "benchmark"]
        if benchmarks:
            assert marks, f"{rule.code}: benchmarks not marked: {text}"
            first_mark = min(marks)
            for c in benchmarks:
                assert text.find(names[c.ref]) > first_mark, f"{rule.code}: {c.ref} before the benchmark mark"
        for c in cites:
            if c.kind in NATIONAL:
                assert names[c.ref] in text
                assert not marks or text.find(names[c.ref]) < min(marks), f"{rule.code}: {c.ref} after a benchmark"


def test_the_order_of_citations_is_the_order_of_kinds():
    profile = named_profile("county-health-bureau")
    order = list(KINDS)
    for rule in _rules():
        kinds = [order.index(c.kind) for c in citations(rule, profile)]
        assert kinds == sorted(kinds), rule.code


# ---- the rulebook's classification (Second round → Where a rule rests) ---------------

NATIONAL_BASIS = {  # rule codes -> the national texts they rest on
    "CGR001": {"trade-union-law", "pi-regulation"},
    "PAY001": {"hrss-2009-182", "hospital-pay-2021"},
    **{f"ELE00{i}": {"trade-union-law", "election-rules"} for i in range(1, 7)},
    **{f"HRD00{i}": {"acftu-assistance"} for i in range(1, 8)},
    **{f"TRN00{i}": {"trade-union-law"} for i in range(1, 4)},
}
BENCHMARK_ONLY = ("CGR002", "CGR003", "CGR004", "PAY002")
CONGRESS_BENCHMARKS = {"shanghai-congress", "zhejiang-democratic-management", "enterprise-democratic-management"}


def _by_code():
    return {r.code: r for r in builtin()[0]}


def test_national_basis_is_the_rulebooks():
    profile, rules = named_profile("county-health-bureau"), _by_code()
    for code, expected in NATIONAL_BASIS.items():
        assert expected <= _refs(rules[code], profile, *NATIONAL), code
    assert _refs(rules["HRD003"], profile, *NATIONAL) >= {"gb-11643"}
    articles = {c.ref: c.articles for c in citations(rules["CGR001"], profile)}
    assert articles["trade-union-law"] == "第6、20条" and articles["pi-regulation"] == "第4条"
    assert {c.articles for c in citations(rules["TRN001"], profile) if c.ref == "trade-union-law"} == {"第45条"}
    assert {c.articles for c in citations(rules["ELE005"], profile) if c.ref == "trade-union-law"} == {"第16条"}


@pytest.mark.parametrize("code", BENCHMARK_ONLY)
def test_rules_resting_on_benchmark_numbers_only_say_so(code):
    profile, rule = named_profile("county-health-bureau"), _by_code()[code]
    assert not _refs(rule, profile, *NATIONAL, "provincial")
    assert _refs(rule, profile, "benchmark") and _refs(rule, profile, "benchmark") <= CONGRESS_BENCHMARKS
    assert basis_text(rule, profile, "zh").startswith("无全国性或本省规定设定此标准")
    assert basis_text(rule, profile, "en").startswith("No national or provincial text sets this standard")


def test_benchmark_numbers_are_the_rulebooks():
    profile, rules = named_profile("county-health-bureau"), _by_code()
    cgr001 = {(c.ref, c.articles) for c in citations(rules["CGR001"], profile) if c.kind == "benchmark"}
    assert cgr001 == {("shanghai-congress", "第22条"), ("zhejiang-democratic-management", "第15条")}  # once a year
    shanghai = {c.articles for code in BENCHMARK_ONLY for c in citations(rules[code], profile)}
    assert shanghai <= {"", "第4条", "第7条", "第15条", "第28条", "第30条", "第31条"}
    for code in ("HRD001", "HRD002"):  # review 12 months: 湖南
        assert _refs(rules[code], profile, "benchmark") == {"hunan-hardship-files"}
    hunan = profile.regulations["hunan-hardship-files"]
    assert hunan.jurisdiction.zh == "湖南省"
    publicity = profile.cites[("HRD004", "publicity_working_days")]  # 5 working days: local practice
    assert [c.kind for c in publicity] == ["local"] and not _refs(rules["HRD004"], profile, "benchmark")
    for code in ("TRN001", "TRN002", "TRN003"):  # 15 days shown, due dates: 重庆, 山东
        found = {(c.ref, c.articles) for c in citations(rules[code], profile) if c.kind == "benchmark"}
        assert found == {("chongqing-openness", "第7、9条"), ("shandong-openness", "第12、14、21条")}
    assert {profile.regulations[r].jurisdiction.zh for r in ("chongqing-openness", "shandong-openness")} == {
        "重庆市",
        "山东省",
    }
    for code in ("PAY001", *(f"ELE00{i}" for i in range(1, 7))):
        assert not _refs(rules[code], profile, "benchmark"), code


def test_what_was_taken_from_secondary_sources_is_marked_not_read():
    profile = named_profile("county-health-bureau")
    assert profile.regulations["election-rules"].read is False  # (M) in the rulebook
    assert profile.regulations["acftu-assistance"].read is False
    assert profile.regulations["trade-union-law"].read is True
    assert profile.regulations["shanghai-congress"].read is True


def test_data_and_evidence_rest_on_no_regulation():
    profile = named_profile("county-health-bureau")
    for rule in builtin()[0]:
        if rule.family in ("DAT", "EVD"):
            assert {c.kind for c in citations(rule, profile)} == {"local"}, rule.code


# ---- no verdict changes ------------------------------------------------------------------


def _without_citations(raw: dict) -> dict:
    """The default profile as it was before the table: no regulations, no basis, no cites, sources as text."""
    raw = {k: v for k, v in raw.items() if k != "regulations"}
    for section in ("families", "rules"):
        for body in (raw.get(section) or {}).values():
            if not isinstance(body, dict):
                continue
            body.pop("basis", None)
            for param in (body.get("params") or {}).values():
                if isinstance(param, dict) and "cites" in param:
                    param.pop("cites")
                    if isinstance(param.get("source"), dict):
                        param["source"] = param["source"]["zh"]
    return raw


def test_the_table_changes_no_severity_no_value_and_no_verdict(tmp_path):
    plain = tmp_path / "plain.yaml"
    raw = _without_citations(yaml.safe_load(DEFAULT.read_text("utf-8")))
    plain.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), "utf-8")
    rules, registered = builtin()
    before, after = load_profile(str(plain), rules, registered), named_profile("county-health-bureau")
    assert not before.regulations and not before.basis and not before.cites
    assert before.severity == after.severity and before.params == after.params
    assert _statuses(check([DEMO], profile=plain)) == _statuses(demo_report())


# ---- bad tables --------------------------------------------------------------------------


def _refused(tmp_path, body):
    mine = tmp_path / "mine.yaml"
    mine.write_text("extends: county-health-bureau\n" + body, "utf-8")
    rules, registered = builtin()
    with pytest.raises(ProfileError) as caught:
        load_profile(str(mine), rules, registered)
    return str(caught.value)


ENTRY = "regulations:\n  mine:\n    name: 某县工会文件\n    kind: {kind}\n    jurisdiction: 本县\n    read: true\n"


@pytest.mark.parametrize(
    "body, line, expected",
    [
        (ENTRY.format(kind="locals"), 4, "kind must be one of national_law"),
        ("regulations:\n  mine:\n    kind: local\n    jurisdiction: 本县\n    read: true\n", 3, "has no 'name'"),
        (ENTRY.format(kind="local").replace("read: true", "read: maybe"), 6, "'read' must be true"),
        (
            ENTRY.format(kind="local") + "    page: 3\n",
            7,
            "unknown key 'page' under mine",
        ),
        ("rules:\n  CGR002:\n    basis: [shanghai-congres 第30条]\n", 3, "no regulation 'shanghai-congres'"),
        ("rules:\n  CGR002:\n    basis:\n      - {ref: trade-union-low}\n", 4, "no regulation 'trade-union-low'"),
        (
            "rules:\n  CGR002:\n    params:\n      quorum: {value: 2/3, cites: [shanghai-kongress]}\n",
            4,
            "no regulation 'shanghai-kongress'",
        ),
        ("families:\n  ELE:\n    basis: [elect-rules]\n", 3, "no regulation 'elect-rules'"),
        ("rules:\n  CGR002:\n    basis: [{ref: trade-union-law, page: 3}]\n", 3, "unknown key 'page' in a citation"),
    ],
)
def test_a_bad_table_or_citation_is_refused_at_file_and_line(tmp_path, body, line, expected):
    message = _refused(tmp_path, body)
    assert f"mine.yaml:{line + 1}:" in message and expected in message  # +1: the extends line
    assert " / " in message  # Chinese, then English


def test_an_unknown_reference_suggests_the_nearest_id(tmp_path):
    message = _refused(tmp_path, "rules:\n  CGR002:\n    basis: [shanghai-congres 第30条]\n")
    assert "是否应为 shanghai-congress？" in message and "did you mean 'shanghai-congress'?" in message


def test_a_bad_table_exits_2_without_a_traceback(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("extends: county-health-bureau\n" + ENTRY.format(kind="provincal"), "utf-8")
    result = CliRunner().invoke(main, ["check", str(REFERENCE), "--profile", str(mine)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "did you mean 'provincial'?" in result.output


def test_an_extending_profile_adds_and_overrides_entries(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "extends: county-health-bureau\n"
        + ENTRY.format(kind="local")
        + "  hunan-hardship-files:\n    read: true\n"
        + "rules:\n  HRD004:\n    params:\n"
        + "      publicity_working_days: {value: 5, source: 县工会通知, cites: [mine]}\n",
        "utf-8",
    )
    rules, registered = builtin()
    profile = load_profile(str(mine), rules, registered)
    assert profile.regulations["hunan-hardship-files"].read is True
    assert profile.regulations["hunan-hardship-files"].jurisdiction.zh == "湖南省"  # the rest as the base says
    hrd004 = _by_code()["HRD004"]
    assert "某县工会文件（县工会通知）" in basis_text(hrd004, profile, "zh")


def test_a_rule_with_no_citation_keeps_its_plugins_basis():
    profile = named_profile("county-health-bureau")
    rule = _by_code()["CGR001"]
    bare = type(rule)(**{**rule.__dict__, "code": "XYZ001", "family": "XYZ", "params": ()})
    assert citations(bare, profile) == [] and basis_text(bare, profile, "zh") == rule.basis


# ---- where readers see it ----------------------------------------------------------------


def test_explain_and_rules_show_each_citation_with_kind_jurisdiction_and_reading():
    runner = CliRunner()
    zh = runner.invoke(main, ["explain", "CGR002"]).output
    assert "参照外省标准：上海市职工代表大会条例 第30条" in zh
    assert "上海市职工代表大会条例 第30条（全体代表三分之二以上出席） — 参照标准；上海市；条文已核对原文" in zh
    en = runner.invoke(main, ["explain", "ELE003", "--lang", "en"]).output
    assert "national rule; national; articles as quoted by secondary sources" in en
    doc = json.loads(runner.invoke(main, ["explain", "TRN001", "--format", "json"]).output)
    kinds = {c["ref"]: (c["kind"], c["jurisdiction"]["zh"], c["read"]) for c in doc["citations"]}
    assert kinds["trade-union-law"] == ("national_law", "全国", True)
    assert kinds["chongqing-openness"] == ("benchmark", "重庆市", True)
    assert doc["basis"].startswith("工会法 第45条")
    rows = json.loads(runner.invoke(main, ["rules", "--format", "json"]).output)
    assert all(row["citations"] for row in rows)


def test_sarif_rules_carry_the_structured_basis():
    result = CliRunner().invoke(main, ["check", str(REFERENCE), "--format", "sarif"])
    rules = json.loads(result.output)["runs"][0]["tool"]["driver"]["rules"]
    cgr002 = next(r for r in rules if r["id"] == "CGR002")
    assert cgr002["properties"]["basis"].startswith("无全国性或本省规定")
    assert [c["kind"] for c in cgr002["properties"]["citations"]] == ["benchmark"]


# ---- the Guizhou profile ----------------------------------------------------------------


def test_the_guizhou_profile_extends_the_default_and_changes_no_number():
    guizhou, default = named_profile(GUIZHOU), named_profile("county-health-bureau")
    assert guizhou.name == GUIZHOU and guizhou.chain[0] == str(DEFAULT) and len(guizhou.chain) == 2
    assert guizhou.params == default.params and guizhou.severity == default.severity
    assert guizhou.cites == default.cites  # each number still rests on the default's benchmark
    assert guizhou.title.zh != default.title.zh and "贵州" in guizhou.title.zh
    assert guizhou.province.name.zh == "贵州省" and "未查到" in guizhou.province.none_found.zh


def test_the_guizhou_profile_cites_no_guizhou_text_for_the_first_round():
    profile = named_profile(GUIZHOU)
    guizhou = {ref for ref, r in profile.regulations.items() if r.jurisdiction.zh == "贵州省"}
    assert guizhou == {"guizhou-collective-contracts", "guizhou-wage-negotiation"}
    for ref in guizhou:
        assert "企业" in profile.regulations[ref].note.zh  # enterprises only
    for rule in _rules():
        assert not _refs(rule, profile, "provincial"), rule.code
        assert not {c.ref for c in citations(rule, profile)} & guizhou, rule.code


def test_the_guizhou_profile_says_no_guizhou_text_was_found_beside_each_benchmark():
    profile = named_profile(GUIZHOU)
    for rule in _rules():
        abroad = [c for c in citations(rule, profile) if c.kind == "benchmark" and c.jurisdiction.zh != "全国"]
        text = basis_text(rule, profile, "zh")
        assert ("参照外省标准（贵州省未查到相应规定）" in text) == bool(abroad), rule.code
        if abroad:
            assert "none found in Guizhou" in basis_text(rule, profile, "en")


def test_the_guizhou_profile_gives_the_demo_county_the_default_verdicts():
    assert _statuses(check([DEMO], profile=GUIZHOU)) == _statuses(demo_report())


def test_the_reference_file_is_compliant_under_the_guizhou_profile():
    result = CliRunner().invoke(
        main, ["check", str(REFERENCE), "--as-of", "2025-12-31", "--profile", GUIZHOU, "--format", "json"]
    )
    assert result.exit_code == 0
    statuses = {r["status"] for b in json.loads(result.output)["branches"] for r in b["results"]}
    assert not statuses & {Status.FAIL.value, Status.ERROR.value}


# ---- docs/regulations.md -------------------------------------------------------------------

REGULATIONS_MD = REPO / "docs" / "regulations.md"


def test_the_regulations_page_lists_every_entry_with_its_kind_and_jurisdiction():
    rows = [line for line in REGULATIONS_MD.read_text("utf-8").splitlines() if line.startswith("| `")]
    for name in PROFILES:
        for ref, entry in named_profile(name).regulations.items():
            row = next((r for r in rows if r.startswith(f"| `{ref}` |")), None)
            if row is None:  # the Guizhou entries are described in prose
                assert entry.jurisdiction.zh == "贵州省" and entry.name.zh.split("（")[0] in REGULATIONS_MD.read_text()
                continue
            cells = [c.strip() for c in row.strip("|").split("|")]
            assert cells[1] == entry.name.zh.split("（contract")[0].strip(), ref
            assert cells[2:5] == [entry.kind, entry.jurisdiction.zh, str(entry.read).lower()], ref


def test_the_county_example_of_the_regulations_page_works(tmp_path):
    page = REGULATIONS_MD.read_text("utf-8")
    example = page.split("## 本县如何写自己的配置")[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    mine = tmp_path / "my-county.yaml"
    mine.write_text(example, "utf-8")
    rules, registered = builtin()
    profile = load_profile(str(mine), rules, registered)
    assert profile.params["HRD001"]["review_months"] == 6
    text = basis_text(_by_code()["HRD001"], profile, "zh")
    assert text in page and "参照外省标准" not in text  # the county's number no longer rests on Hunan's
