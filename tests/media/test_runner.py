"""The guard that ties ffmpeg's life to its worker's."""

import os
import subprocess

from lecturehall.modules.media.runner import die_with


def test_a_child_whose_parent_is_already_gone_exits_at_once():
    # As if the worker had died between the fork and the guard: the child's parent is not the one it was meant for.
    child = subprocess.Popen(["sleep", "30"], preexec_fn=die_with(os.getpid() + 1_000_000))
    assert child.wait(timeout=10) == 1


def test_a_child_of_a_living_parent_runs():
    child = subprocess.Popen(["sleep", "30"], preexec_fn=die_with(os.getpid()))
    try:
        try:
            child.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass
        assert child.poll() is None
    finally:
        child.kill()
        child.wait()
