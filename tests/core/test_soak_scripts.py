"""`make soak` and `make drills` cannot break silently: their modules import the way the targets
run them (bench/ first on sys.path), parse their arguments, and turn measurements into the table
and the verdicts. No server is started here; the timing targets live in the soak's own output.
"""

import importlib
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCH))
    try:
        yield {name: importlib.import_module(name) for name in ("soak", "traffic", "drills")}
    finally:
        sys.path.remove(str(BENCH))


def test_soak_defaults_are_sixteen_connections_for_sixty_seconds_on_two_workers(bench, monkeypatch):
    monkeypatch.delenv("SOAK_DURATION", raising=False)
    args = bench["soak"].parse_args([])
    assert (args.duration, args.connections, args.workers) == (60, 16, 2)
    monkeypatch.setenv("SOAK_DURATION", "5")
    assert bench["soak"].parse_args(["--connections", "8"]).duration == 5


@pytest.mark.parametrize("argv", [["--connections", "4"], ["--workers", "1"], ["--duration", "0"]])
def test_soak_refuses_a_run_that_could_not_measure_its_targets(bench, argv):
    with pytest.raises(SystemExit):
        bench["soak"].parse_args(argv)


def test_every_hostile_kind_has_a_client_and_the_rest_are_visitors(bench):
    kinds = bench["soak"].clients(16)
    assert len(kinds) == 16
    assert kinds.count("visitor") == 12
    assert {"poison-api", "poison-form", "oversized", "burst"} <= set(kinds)


def test_the_poison_credential_is_eight_blank_nodes_all_linked(bench):
    traffic = bench["traffic"]
    doc = traffic.poison_credential("did:web:example.org", "did:web:example.org#key-1")
    subject = doc["credentialSubject"]
    assert len(subject) == 8
    for node in subject:
        others = {link["id"] for link in node["linked"]}
        assert others == {n["id"] for n in subject} - {node["id"]}
        assert node["id"].startswith("_:")
    assert len(json.dumps(doc)) < 2000  # a small request, as in the issue
    assert doc["proof"]["verificationMethod"] == "did:web:example.org#key-1"
    assert traffic.base58(b"\0\x01") == "12"


def records(bench, rows):
    record = bench["traffic"].Record
    return [record(kind, status, ms, poison) for kind, status, ms, poison in rows]


def test_the_table_counts_statuses_and_the_verdicts_name_what_was_missed(bench):
    soak = bench["soak"]
    measured = records(
        bench,
        [
            ("front page", 200, 20.0, True),
            ("front page", 200, 250.0, True),
            ("front page", 200, 900.0, False),  # no poison in flight: not in the target
            ("oversized body (API)", 500, 10.0, False),
            ("burst from one address", 200, 5.0, False),
            ("verification page", 0, 30000.0, False),
        ],
    )
    kinds = soak.summarise(measured)
    assert kinds["oversized body (API)"]["server_errors"] == 1
    assert kinds["verification page"]["statuses"] == {"no answer": 1}
    verdicts = soak.verdicts(measured, kinds)
    assert not verdicts["no server errors"]["held"]
    assert "1 server errors (5xx), 1 requests not answered" in verdicts["no server errors"]["fact"]
    front = verdicts["front page p99 < 100 ms with poison in flight"]
    assert not front["held"]
    assert "p99 250.0 ms over 2 requests" in front["fact"]
    assert not verdicts["the limits held"]["held"]  # the burst got no 429
    table = soak.markdown(
        {
            "when": "2026-12-03T07:00:00+00:00",
            "machine": "2 cores",
            "workers": 2,
            "connections": 16,
            "duration": 60,
            "candidates": 200,
            "load_before": "0.5 0.5 0.5",
            "load_after": "0.9 0.6 0.5",
            "quiet": True,
            "kinds": kinds,
            "targets": verdicts,
        }
    )
    assert "| oversized body (API) | 1 | 500 x 1 | 1 | 10.0 | 10.0 |" in table
    assert "| the limits held | NO |" in table
    assert "Not a quiet machine" not in table


def test_limits_hold_when_only_the_bursting_address_is_refused(bench):
    soak = bench["soak"]
    measured = records(
        bench,
        [
            ("burst from one address", 429, 2.0, False),
            ("front page", 200, 20.0, True),
            ("catalogue", 200, 20.0, False),
        ],
    )
    verdicts = soak.verdicts(measured, soak.summarise(measured))
    assert all(v["held"] for v in verdicts.values()), verdicts
    measured += records(bench, [("verification page", 429, 3.0, False)])
    assert not soak.verdicts(measured, soak.summarise(measured))["the limits held"]["held"]


def test_drills_run_all_three_or_the_one_named(bench):
    drills = bench["drills"]
    assert drills.parse_args([]).drills == ["worker", "postgres", "redis"]
    assert drills.parse_args(["--drill", "redis"]).drills == ["redis"]
    with pytest.raises(SystemExit):
        drills.parse_args(["--drill", "disk"])
    assert drills.counts([200, 503, 200, 0]) == "no answer x 1, 200 x 2, 503 x 1"
