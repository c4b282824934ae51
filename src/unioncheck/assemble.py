"""Assembling a run from parsed options: plugins, profile, configuration, settings, executor and
cache, then the engine. The commands call ``judge``; nothing here parses a command line."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
import time
from pathlib import Path

import click
from click.core import ParameterSource

from . import engine, executors
from .cli_params import (
    SetupError,
)
from .config import NAMES as CONFIG_NAMES
from .config import Config, ConfigError, load_config
from .contract import Contract
from .loader import DEFAULT_MAX_BYTES, discover
from .model import Rule
from .output import check_writable
from .paths import is_lock_file, real, within
from .plugins import (
    PluginError,
    collect_contract,
    collect_families,
    collect_profiles,
    collect_rules,
    plugin_manager,
)
from .profile import Profile, ProfileError, load_profile
from .reporters.options import display_path


def build_rules(plugin_paths) -> tuple[list[Rule], dict, Contract]:
    """The rules, the profiles and the data contract the plugins register."""
    return build_plugins(plugin_paths)[:3]


def build_plugins(plugin_paths) -> tuple[list[Rule], dict, Contract, dict]:
    """The rules, the profiles, the data contract and the names of the rule families (code ->
    Text) the plugins register, from one plugin manager."""
    try:
        pm = plugin_manager(tuple(plugin_paths), announce=lambda line: click.echo(line, err=True))
        return collect_rules(pm), collect_profiles(pm), collect_contract(pm), collect_families(pm)
    except PluginError as err:
        raise SetupError(str(err)) from None


def made_at_or_refuse():
    """When the report is made (``clock.made_at``); a SOURCE_DATE_EPOCH that is no time stops the run."""
    from .clock import ClockError, made_at

    try:
        return made_at()
    except ClockError as err:
        raise SetupError(str(err)) from None


def build_profile(ref: str, rules: list[Rule], registered: dict) -> Profile:
    try:
        return load_profile(ref, rules, registered)
    except ProfileError as err:
        raise SetupError(f"配置错误 / profile error: {err}") from None


def build_config(ctx: click.Context, explicit: str | None, isolated: bool) -> Config:
    """Fill every option the command line left at its default from the configuration file."""
    try:
        config = load_config(explicit, isolated, Path.cwd())
    except ConfigError as err:
        raise SetupError(f"配置文件错误 / configuration error: {err}") from None
    params = {p.name: p for p in ctx.command.params}
    for name, value in config.values.items():
        if name in params and ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, None):
            param = params[name]
            try:
                converted = (
                    tuple(param.type.convert(v, param, ctx) for v in value)
                    if param.multiple or param.nargs == -1
                    else param.type.convert(value, param, ctx)
                )
            except click.BadParameter as err:
                raise SetupError(f"{config.file}: {name}: {err.message}") from None
            ctx.params[name] = converted
    return config


def as_of_date(o: dict) -> dt.date:
    return o["as_of"].date() if o.get("as_of") else dt.date.today()


def branch_files(o: dict) -> list[str]:
    """The branch files ``o["paths"]`` names (a directory: every *.yaml / *.yml / *.xlsx below it)."""
    if not o.get("paths"):
        raise SetupError(
            "请给出要检查的文件或目录（或在配置文件中写 paths）/ give the files or directories to check "
            "(or `paths` in a configuration file)"
        )
    files = list(discover(list(o["paths"])))
    if not files:
        raise SetupError(
            f"没有找到基层工会文件（YAML 或 .xlsx 工作簿）/ no *.yaml or *.yml file (nor an .xlsx workbook) found in: "
            f"{' '.join(o['paths'])}"
        )
    return files


def check_paths(o: dict, files: list[str], config_file, allowed=()) -> None:
    """Before anything runs: every report can be written, none overwrites what the run reads,
    and every input to the tool itself is a regular file (a FIFO would hang the run)."""
    outputs, inputs = outputs_and_inputs(o, files, config_file)
    refuse_overwriting(outputs, inputs, allowed)
    for _option, path in outputs:
        check_writable(path)
    refuse_irregular([(read_as, path) for read_as, path in inputs if read_as != "branch file"])


def refuse_overwriting_evidence(o: dict, read: set[str]) -> None:
    """A usage error, before any report is put in place, for an output that is a file the rules
    looked up while judging (an evidence file): only the run tells which files those are."""
    outputs, _ = outputs_and_inputs(o, [], None)
    existing = [(option, path) for option, path in outputs if os.path.isfile(path)]  # only these can be overwritten
    looked_up = {real(path) for path in read} if existing else set()
    for option, path in existing:
        if real(path) in looked_up:
            raise SetupError(
                f"{option} 指向佐证材料 {path}（检查时读取了它），写入会覆盖它：请换一个路径 / "
                f"{option} names {path}, an evidence file this run reads: writing it would overwrite it; "
                "give another path"
            )


def refuse_irregular(inputs: list[tuple[str, str]]) -> None:
    """A usage error for an input (option, path) that exists but is not a regular file: a folder,
    a FIFO or a device, which would hang the run or mean nothing. It is never opened."""
    for option, path in inputs:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            continue  # a missing file is its reader's to report
        if not stat.S_ISREG(mode):
            raise SetupError(
                f"{option} {path} 不是普通文件（是文件夹、管道或设备）：请给出一个文件 / "
                f"{option} {path} is not a regular file (a folder, a pipe or a device): give a file"
            )


def refuse_overwriting(outputs: list[tuple[str, str]], inputs: list[tuple[str, str]], allowed=()) -> None:
    """A usage error, before anything is written, for an output (option, path) that is a file the
    run reads (through ``..`` or a symlink too) or that another output also writes. ``allowed``
    pairs (output option, input option) may share a file: refreshing a baseline in place."""
    seen: dict[str, str] = {}
    for option, path in outputs:
        same = real(path)  # one file, however it is spelt (case on Windows)
        if same in seen:
            raise SetupError(
                f"{option} 与 {seen[same]} 写到同一个文件 {path}，其中一份报告会丢失：请各用一个路径 / "
                f"{option} and {seen[same]} write the same file {path}, and one report would be lost: "
                "give each its own path"
            )
        seen[same] = option
    existing = {_identity(path): option for option, path in outputs if os.path.isfile(path)}
    if not existing:
        return  # a file that does not exist yet is read by no one
    for read_as, path in inputs:
        option = existing.get(_identity(path))
        if option is not None and (option, read_as) not in allowed:
            raise SetupError(
                f"{option} 指向被读取的文件 {path}（{read_as}），写入会覆盖它：请换一个路径 / "
                f"{option} names {path}, which this run reads ({read_as}): writing it would overwrite it; "
                "give another path"
            )


def outputs_and_inputs(o: dict, files: list[str], config_file) -> tuple[list, list]:
    """What a command writes and what it reads, each as (option or kind, path), for ``refuse_overwriting``."""
    outputs = [(f"-f {name}:{path}", path) for name, path in o.get("formats", ()) if path]
    if o.get("write_baseline"):
        outputs.append(("--write-baseline", o["write_baseline"]))
    inputs = [("branch file", f) for f in files]
    inputs += [(f"--{name.replace('_', '-')}", o[name]) for name in ("waivers", "baseline", "compare") if o.get(name)]
    inputs += [("--plugin", p) for p in o.get("plugins", ())]
    inputs += [("--profile", o["profile"])] + ([("--config", str(config_file))] if config_file else [])
    return outputs, inputs


def _identity(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def judge(
    o: dict,
    on_branch=None,
    changed_since: str | None = None,
    keep: bool = True,
    on_start=None,
    files=None,
    on_focus=None,
    read: set[str] | None = None,
):
    """Judge the branch files (``files``, or those ``o["paths"]`` names) with the rules and profile
    ``o`` names, and return the report (``keep``: whether its branches are kept for reading after
    the run; ``on_start`` sees it before any branch, ``on_branch`` each branch as it is finished;
    ``on_focus`` learns whether ``changed_since`` left files out: the files reported, or None)."""
    files = files if files is not None else branch_files(o)
    rules, registered, contract, families = build_plugins(o.get("plugins", ()))
    refuse_unknown_selectors([r.code for r in rules], o)
    day = as_of_date(o)
    profile = build_profile(o["profile"], rules, registered)
    focus = _changed(o, files, changed_since, profile.chain) if changed_since else None
    if on_focus:
        on_focus(focus)
    settings = engine.Settings(
        day,
        o.get("year") or day.year,
        profile,
        tuple(o.get("select", ())),
        tuple(o.get("ignore", ())),
        o.get("rule_timeout", engine.DEFAULT_RULE_SECONDS) or None,
        contract=contract,
        max_bytes=o.get("max_file_size", DEFAULT_MAX_BYTES),
        focus=focus,
        plugins=tuple(str(Path(p).resolve()) for p in o.get("plugins", ())),
        open_key=o.get("open_key"),  # sealed values (seal_commands): opened in memory only
    )
    progress = Progress(len(files))
    executor, cache = build_executor(o, rules, settings)
    report = engine.report(rules, settings)
    report.family_names = families
    report.made_at = made_at_or_refuse()
    if on_start:
        on_start(report)
    _collect_less()
    try:
        for branch in engine.run(rules, files, settings, progress.around(executor), read):
            if on_branch:
                on_branch(branch)
            report.add(branch, keep)
        return report
    finally:
        progress.done()
        if cache:
            cache.close()


def _collect_less() -> None:
    """What the run has built so far (modules, rules, profile) lives as long as the process: the
    cycle collector need not walk it again at every collection (``gc.freeze``), and a file's
    garbage is collected every 20,000 allocations rather than 700. A cold audit spent about a
    tenth of its time in the collector; neither changes what is freed."""
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 50, 50)


def refuse_unknown_selectors(codes: list[str], o: dict) -> None:
    """A usage error for a --select or --ignore that matches no rule (a typo would otherwise
    select nothing and pass the run), naming the closest code or family."""
    import difflib

    known = sorted(set(codes) | {code.rstrip("0123456789") for code in codes})
    for option in ("select", "ignore"):
        for given in o.get(option, ()):
            wanted = given.strip().upper()
            if wanted and any(code.startswith(wanted) for code in codes):
                continue
            close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.5)
            hint_zh, hint_en = (f"：是不是 {close[0]}？", f": did you mean {close[0]}?") if close else ("", "")
            raise SetupError(
                f"--{option} {given!r} 不是任何规则的代码或前缀{hint_zh}（unioncheck rules 列出全部规则）/ "
                f"--{option} {given!r} is no rule's code or prefix{hint_en} (unioncheck rules lists them)"
            )


def build_executor(o: dict, rules: list[Rule], settings: engine.Settings):
    """The executor ``--jobs`` asks for, wrapped by the results cache unless ``--no-cache``."""
    executor = executors.choose(o.get("jobs") or 1, settings.rule_seconds)
    if not o.get("cache"):
        return executor, None
    from .cache import DIRECTORY, Cached, ResultsCache, namespace, pseudonym_key

    settings.pseudonym_key = pseudonym_key()
    cache = ResultsCache(Path(DIRECTORY), namespace(rules, settings))
    return Cached(executor, cache), cache


class Progress:
    """A counter on stderr while branches are judged — only when a person is watching a terminal."""

    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.count, self.shown_at, self.shown = total, 0, 0.0, ""
        self.active = self.stream.isatty() and total > 1

    def around(self, executor):
        """``executor``, with this counter stepping as each file is judged."""
        return _Counted(executor, self)

    def step(self) -> None:
        self.count += 1
        now = time.monotonic()
        if self.active and (now - self.shown_at > 0.1 or self.count == self.total):
            self.shown_at = now
            self.shown = f"检查中 / checking {self.count}/{self.total}"
            self.stream.write("\r" + self.shown)
            self.stream.flush()

    def done(self) -> None:
        """The counter wiped with spaces: no terminal escape, which an old Windows console prints as is."""
        if self.active and self.shown_at:
            self.stream.write("\r" + " " * _columns(self.shown) + "\r")
            self.stream.flush()


def _columns(text: str) -> int:
    """How many columns ``text`` takes on a terminal (a Chinese character two)."""
    from wcwidth import wcswidth  # with tabulate[widechars]

    return max(wcswidth(text), len(text))


class _Counted:
    def __init__(self, inner, progress: Progress):
        self.inner, self.progress = inner, progress

    def map(self, plan, files):
        for judged in self.inner.map(plan, files):
            self.progress.step()
            yield judged


def refuse_plugins_among_data(plugins, paths) -> None:
    """A usage error for a configured plugin inside the data: in a directory being checked, or
    beside (or below the directory of) a branch file named on the command line, as pre-commit
    names them. Data must not bring its own code."""
    data = [real(p) for p in paths]
    data = [os.path.dirname(d) if os.path.isfile(d) else d for d in data]
    for plugin in plugins:
        if any(within(real(plugin), d) for d in data):
            raise SetupError(
                f"配置文件中的插件 {plugin} 位于被检查的目录内，拒绝加载 / the configured plugin {plugin} lies "
                "inside a directory being checked and is not loaded: data must not bring its own code"
            )


def _changed(o: dict, files: list[str], ref: str, profile_files) -> frozenset[str] | None:
    """The branch files ``--changed-since REF`` reports: those git says changed; or None (every
    file) when anything else that can change a verdict changed, said in one line on stderr."""
    from .changes import ChangesError, changed_files  # runs git: imported only when asked for

    try:
        changed = changed_files(ref, Path.cwd())
    except ChangesError as err:
        raise SetupError(str(err)) from None
    judged = {real(f) for f in files}
    verdict = _verdict_inputs(o, files, profile_files)
    side = sorted(path for path in changed - judged if _affects(path, verdict))  # not Excel's lock files
    if side:
        shown = ", ".join(display_path(p) for p in side[:3]) + (f" (+{len(side) - 3})" if len(side) > 3 else "")
        click.echo(
            f"自 {ref} 以来 {shown} 有改动，可能改变任何单位的结论：检查全部文件 / "
            f"{shown} changed since {ref} and can change any branch's verdict: every branch file is judged",
            err=True,
        )
        return None
    focus = frozenset(f for f in files if real(f) in changed)
    if not focus:
        click.echo(f"自 {ref} 以来没有基层工会文件改动 / no branch file changed since {ref}", err=True)
    return focus


def _verdict_inputs(o: dict, files: list[str], profile_files) -> tuple[set[str], list[str]]:
    """What a run's verdicts depend on besides each branch's own file: the files (waivers,
    baseline, profile and what it extends, plugins, the configuration in use and any that could
    be found) and the folders of the data (evidence; a branch file deleted or renamed there)."""
    named = [o.get("waivers"), o.get("baseline"), o.get("config_file"), *o.get("plugins", ()), *profile_files]
    inputs = {real(p) for p in named if p}
    if not o.get("isolated") and not o.get("config_file"):
        for directory in [Path.cwd(), *Path.cwd().parents]:
            inputs |= {real(directory / name) for name in (*CONFIG_NAMES, "pyproject.toml")}
    data = [real(p) for p in o.get("paths", ())]
    return inputs, [d if os.path.isdir(d) else os.path.dirname(d) for d in data]


def _affects(path: str, verdict: tuple[set[str], list[str]]) -> bool:
    """Whether a changed file (not a branch file judged) can change a verdict: an input of the
    run, or anything in the data's folders but the lock file of a workbook open in Excel or WPS."""
    inputs, folders = verdict
    if path in inputs:
        return True
    return any(within(path, folder) for folder in folders) and not is_lock_file(os.path.basename(path))
