"""Connecting to a cluster: its workers are checked for the packages storyline needs."""

from __future__ import annotations

import distributed
import pytest

from storyline.engines import cluster as cluster_module
from storyline.engines.cluster import check_workers
from storyline.errors import EngineError


def test_workers_with_the_same_packages_pass(client: distributed.Client) -> None:
    check_workers(client, timeout=10)


def test_a_worker_lacking_a_package_is_named(
    client: distributed.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the client asks for it: the workers' own list (their import) lacks it.
    wanted = (*cluster_module.WORKER_PACKAGES, "storyline_model_that_is_not_there")
    monkeypatch.setattr(cluster_module, "WORKER_PACKAGES", wanted)
    with pytest.raises(EngineError, match=r"Dask worker tcp://.* lacks storyline_model_that"):
        check_workers(client, timeout=10)
