"""Run the model's graph in a fixed order worked out once, instead of through dask.

Rasa 3.6.21 (DaskGraphRunner.run) runs its graph for every message (the NLU pipeline) and
for every next-action prediction (the policies): it prunes the graph schema, builds a dask
graph and lets dask's scheduler order and run it, every time. With one message at a time in
one process that scheduling did nothing useful and cost 16% of the Rasa server's time under
load; a message that fills the help form runs the policies four times and paid it four
times (docs/performance.md). Here the order (dependencies first) is worked out once per set
of targets and the same nodes are called with the same inputs, one after the other, as
dask's synchronous scheduler does. Errors are raised as before (GraphRunError for a
RuntimeError, anything else unchanged).
"""
from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner


RASA_RUN = DaskGraphRunner.run  # Rasa's own (the tests compare against it)
# (node name, the node to call, the names of the nodes or inputs it needs, in order)
Step = Tuple[Text, Any, Tuple[Text, ...]]


def _plan(runner: DaskGraphRunner, targets: Tuple[Text, ...]) -> List[Step]:
    """The nodes the targets need, each after everything it needs (depth-first order)."""
    schema = runner._graph_schema.minimal_graph_schema(list(targets))
    steps: List[Step] = []
    done = set()

    def visit(name: Text) -> None:
        if name in done or name not in schema.nodes:
            return
        done.add(name)
        needs = tuple(schema.nodes[name].needs.values())
        for need in needs:
            visit(need)
        steps.append((name, runner._instantiated_nodes[name], needs))

    for target in targets:
        visit(target)
    return steps


def run(self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None,
        targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    plans = self.__dict__.setdefault("_hulpwijzer_plans", {})
    plan = plans.get(run_targets)
    if plan is None:
        with _lock:
            plan = plans.setdefault(run_targets, _plan(self, run_targets))
    node_names = {name for name, _, _ in plan}
    results: Dict[Text, Any] = {}
    for input_name, input_value in (inputs or {}).items():
        if isinstance(input_value, str) and input_value in node_names:
            raise GraphRunError(
                f"Input value '{input_value}' clashes with a node name. Make sure "
                f"that none of the input names passed to the `run` method are the "
                f"same as node names in the graph schema."
            )
        results[input_name] = (input_name, input_value)
    try:
        for name, node, needs in plan:
            if name in results:  # an input of the same name replaces the node, as with dask
                continue
            # A need that is neither a node nor an input is passed as its name, as dask does
            # (the node then logs that it was not resolved).
            results[name] = node(*(results.get(need, need) for need in needs))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(results[target] for target in run_targets)


_lock = threading.Lock()


def install() -> None:
    DaskGraphRunner.run = run
