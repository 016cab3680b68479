import threading
import time
from pathlib import Path

from storyline.browse.pages import memo
from storyline.store import SqliteStore


def test_memo_computes_a_cold_page_once_for_concurrent_callers(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "news.db")
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        time.sleep(0.2)  # long enough for every caller to arrive while it runs
        return 42

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(memo(store, "page", compute)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 8 and len(calls) == 1
