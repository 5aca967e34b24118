"""`make bench` (python -m tools.measure.bench): our bot and the stock `rasa init` bot, same run.

For each bot: train it (timed), start it and warm it up. Then send conversations over the
REST channel at 1, 10 and 50 at once, at each level first to the stock bot and right after to
ours (only the bot under load works; both see about the same machine). Report p50/p95/p99
latency (also per kind of message), throughput, errors, the peak memory of every process,
training time and model size, and our figures as ratios of the stock bot's. With
--write-docs the table replaces the results block in docs/performance.md.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from hulpwijzer import config as settings_module
from tools.measure.bench.load import LoadResult, Script, run_load, warm_up
from tools.measure.bench.memory import peak_rss_mb
from tools.measure.bench import profile
from tools.measure.bench.report import kinds_table, render, write_docs
from hulpwijzer.config import ROOT, Settings
from hulpwijzer.ops.stack import VENV_BIN, Service, Stack, action_server, free_port, rasa_server
from hulpwijzer.ops.train_if_changed import MODEL_FILE, rasa_train_command

WORKDIR = ROOT / "var" / "bench"
LEVELS = (1, 10, 50)
# One conversation each, as people have them, every message labelled with its kind so the
# report shows the latency per kind. The stock bot is Rasa's mood bot.
OUR_SCRIPT = (
    ("first message (greeting)", "hoi"),
    ("form start (topic)", "mijn zoon wordt gepest"),
    ("form filled + action call (place)", "we wonen in Oss"),
    ("frequent question", "is het gratis?"),
    ("thanks", "dank je"),
    ("goodbye", "doei"),
)
STOCK_SCRIPT = (
    ("first message (greeting)", "hello"),
    ("mood", "I am sad"),
    ("yes", "yes"),
    ("goodbye", "goodbye"),
)


@dataclass
class BotFigures:
    name: str
    script: Script
    train_seconds: float
    model_mb: float
    loads: Dict[int, LoadResult] = field(default_factory=dict)
    peak_mb: Dict[str, float] = field(default_factory=dict)
    profile: Dict[str, float] = field(default_factory=dict)


def _timed(command: List[str], cwd: Path, log: Path) -> float:
    started = time.monotonic()
    with open(log, "wb") as out:
        # No training cache: the time is a real training, not a copy from an earlier run.
        env = {**_settings(cwd).process_env(), "RASA_MAX_CACHE_SIZE": "0"}
        result = subprocess.run(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:2])} failed; see {log}")
    return time.monotonic() - started


def _settings(workdir: Path) -> Settings:
    return settings_module.load(env_file=workdir / "no.env", overrides={
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "RASA_TOKEN": "bench-" + uuid.uuid4().hex,
        "TRACKER_DB": str(workdir / "tracker.db"),
        "ENDPOINTS_FILE": "endpoints.yml",
    })


def train_stock(workdir: Path) -> Tuple[Path, float]:
    """`rasa init --no-prompt` writes the starter bot and trains it (timed together)."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    seconds = _timed([str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(workdir)], workdir, workdir / "train.log")
    return next((workdir / "models").glob("*.tar.gz")), seconds


def train_ours(workdir: Path) -> Tuple[Path, float]:
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    seconds = _timed(rasa_train_command(workdir, "hulpwijzer"), ROOT, workdir / "train.log")
    return workdir / "hulpwijzer.tar.gz", seconds


def stock_server(settings: Settings, model: Path, workdir: Path) -> Service:
    port = settings["RASA_PORT"]
    return Service(
        "stock Rasa server",
        [str(VENV_BIN / "rasa"), "run", "--model", str(model), "--port", port, "--interface", "127.0.0.1",
         "--credentials", str(workdir / "credentials.yml"), "--endpoints", str(workdir / "endpoints.yml")],
        f"http://127.0.0.1:{port}/",
        workdir / "rasa.log",
    )


def _url(stack: Stack) -> str:
    return f"http://127.0.0.1:{stack.settings['RASA_PORT']}/webhooks/rest/webhook"


def load_level(figures: BotFigures, stack: Stack, messages: int, level: int, profile_dir: Path = None) -> None:
    """One level of load on a started bot; with profile_dir, py-spy records its Rasa server."""
    print(f"  {figures.name}: {level} at once...", flush=True)
    rasa_pid = stack.services[-1].process.pid  # the Rasa server is started last
    recorder = profile.Recorder(rasa_pid, profile_dir / "rasa.collapsed") if profile_dir else None
    figures.loads[level] = run_load(_url(stack), figures.script, level, max(messages, level * len(figures.script)), rasa_pid)
    if recorder:
        figures.profile = profile.stage_shares(recorder.stop())


def peak_memory(figures: BotFigures, stack: Stack) -> None:
    figures.peak_mb = {service.name: peak_rss_mb(service.process.pid) for service in stack.services}


def measure(figures: BotFigures, stack: Stack, messages: int, levels: Sequence[int], profile_dir: Path = None) -> None:
    """Start one bot, load it at each level (py-spy at 10 at once with profile_dir), stop it."""
    stack.start()
    try:
        warm_up(_url(stack), figures.script)
        for level in levels:
            load_level(figures, stack, messages, level, profile_dir if level == 10 else None)
        peak_memory(figures, stack)
    finally:
        stack.stop()


def measure_side_by_side(bots: Sequence[Tuple[BotFigures, Stack, Path]], messages: int, levels: Sequence[int]) -> None:
    """Both bots started; at each level each gets its load in turn, one right after the other.

    Only the bot under load works (an idle Rasa server uses next to no CPU), and on a shared
    machine both see about the same background load, which minutes apart they do not.
    """
    started: List[Stack] = []
    try:
        for figures, stack, _ in bots:
            stack.start()
            started.append(stack)
            warm_up(_url(stack), figures.script)
        for level in levels:
            for figures, stack, profile_dir in bots:
                load_level(figures, stack, messages, level, profile_dir if level == 10 else None)
        for figures, stack, _ in bots:
            peak_memory(figures, stack)
    finally:
        for stack in started:
            stack.stop()


def ours_only(messages: int, levels: Sequence[int], with_profile: bool) -> int:
    our_dir = WORKDIR / "ours-only"
    shutil.rmtree(our_dir, ignore_errors=True)
    our_dir.mkdir(parents=True)
    ours = BotFigures("Hulpwijzer", OUR_SCRIPT, float("nan"), MODEL_FILE.stat().st_size / 1e6)
    settings = _settings(our_dir)
    measure(ours, Stack([action_server(settings, our_dir), rasa_server(settings, MODEL_FILE, our_dir)], settings),
            messages, levels, our_dir if with_profile else None)
    print(f"\nLoad average (1 minute) now: {os.getloadavg()[0]:.1f}")
    for level in levels:
        load = ours.loads[level]
        print(f"{level} at once: p50 {load.percentile(0.5):.0f} ms, p95 {load.percentile(0.95):.0f} ms, "
              f"p99 {load.percentile(0.99):.0f} ms, {load.throughput:.1f} msg/s, errors {load.errors} of {load.messages}")
    print("\n" + kinds_table(ours, levels))
    if ours.profile:
        print("\n" + profile.render(ours.profile))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Speed and memory: our bot against the stock rasa init bot.")
    parser.add_argument("--messages", type=int, default=300, help="messages per concurrency level (default 300)")
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)), help="concurrent conversations, e.g. 1,10,50")
    parser.add_argument("--write-docs", action="store_true", help="put the table into docs/performance.md")
    parser.add_argument("--profile", action="store_true", help="record our Rasa server with py-spy at 10 at once")
    parser.add_argument("--ours-only", action="store_true",
                        help="only our bot, with the model `make train` made (no training, no stock bot, no ratios): "
                             "for trying a change quickly")
    args = parser.parse_args(argv)
    levels = [int(level) for level in args.levels.split(",")]
    load_before = os.getloadavg()[0]
    if args.ours_only:
        return ours_only(args.messages, levels, args.profile)

    print("Training the stock rasa init bot and ours (timed)...", flush=True)
    stock_dir, our_dir = WORKDIR / "stock", WORKDIR / "ours"
    stock_model, stock_train = train_stock(stock_dir)
    our_model, our_train = train_ours(our_dir)
    stock = BotFigures("stock rasa init", STOCK_SCRIPT, stock_train, stock_model.stat().st_size / 1e6)
    ours = BotFigures("Hulpwijzer", OUR_SCRIPT, our_train, our_model.stat().st_size / 1e6)

    print("Load on the stock bot and on ours (Rasa server + action server), in turn at each level...", flush=True)
    stock_settings, our_settings = _settings(stock_dir), _settings(our_dir)
    measure_side_by_side([
        (stock, Stack([stock_server(stock_settings, stock_model, stock_dir)], stock_settings), None),
        (ours, Stack([action_server(our_settings, our_dir), rasa_server(our_settings, our_model, our_dir)], our_settings),
         our_dir if args.profile else None),
    ], args.messages, levels)

    table = render(ours, stock, levels, load_before)
    if ours.profile:
        table += "\n\n" + profile.render(ours.profile)
    print("\n" + table)
    (WORKDIR / "report.md").write_text(table + "\n")
    if args.write_docs:
        write_docs(ROOT / "docs" / "performance.md", table)
        print("Written to docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
