"""pyld keeps module-wide caches of resolved contexts that are not safe across threads; the
loader keeps them one per thread (`loader.PerThreadCache`). Checked here without a server: many
threads canonicalizing different credentials at once get exactly what one thread alone gets."""

import threading

from pyld import jsonld

from certify.certificates.credentials import canon, loader
from certify.certificates.credentials.openbadge import open_badge_credential
from tests.certificates.credentials import badge_data

THREADS = 8
ROUNDS = 20


def test_a_context_resolved_in_one_thread_is_not_shared_with_another():
    assert isinstance(jsonld._resolved_context_cache, loader.PerThreadCache)
    assert isinstance(jsonld._inverse_context_cache, loader.PerThreadCache)
    canon.canonize(open_badge_credential(badge_data(holder="Here")))
    assert len(jsonld._resolved_context_cache) > 0
    seen: list[int] = []
    other = threading.Thread(target=lambda: seen.append(len(jsonld._resolved_context_cache)))
    other.start()
    other.join()
    assert seen == [0]


def test_threads_canonicalizing_at_once_get_what_one_thread_gets():
    documents = [open_badge_credential(badge_data(holder=f"Holder {n}")) for n in range(THREADS)]
    expected = [canon.canonize(document) for document in documents]
    start = threading.Barrier(THREADS)
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        start.wait()
        try:
            results[n] = [canon.canonize(documents[n]) for _ in range(ROUNDS)]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert results == {n: [expected[n]] * ROUNDS for n in range(THREADS)}
