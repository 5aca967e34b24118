"""Which stories take which action in a story conflict, and the state the conflict follows.

Rasa 3.6.21's StoryConflict (rasa.core.training.story_conflict) keeps these only in its private
`_conflicting_actions` (action -> story names) and `_sliced_states` (the states before the
conflict); its public `conflicting_actions` has the actions alone. `make check` needs both to
say which stories disagree, and after what. Checked against the versions in compat/versions.py.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional


def stories_per_action(conflict: Any) -> Dict[str, List[str]]:
    """Each action the conflicting stories take, with the names of the stories that take it."""
    return {action: list(stories) for action, stories in conflict._conflicting_actions.items()}


def last_state_before(conflict: Any) -> Optional[Dict[str, Any]]:
    """The state right before the stories disagree (None when there is none)."""
    states = conflict._sliced_states
    return states[-1] if states else None
