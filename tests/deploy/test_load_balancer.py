"""Two collectors behind a real nginx configured as operations.md §9.1: a consistent hash of the
request URI, keep-alive connections to the collectors, X-Forwarded-For, and plain HTTP on loopback
instead of TLS (docs/deployment/load-balancer.md).

* Equal URIs reach the same instance, so a re-sent beacon is flagged as a duplicate; round-robin
  balancing, the control, splits the copies and misses the duplicates.
* A rolling restart under load loses nothing: a test-side health checker polls /ping of each
  instance (open-source nginx has no active health checks) and marks an instance `down` in the
  upstream block, reloading nginx, while the instance keeps serving for shutdown_delay; every beacon
  nginx answered 200 is found in the published Avro files.

The parts (nginx, the health checker, the load generator) are in balanced_collectors.py."""

import collections
import signal
import time

from balanced_collectors import (CLIENT_ADDRESS, HASH, ROUND_ROBIN, SHUTDOWN_DELAY_S,
                                 HealthChecker, Instance, LoadGenerator, Nginx,
                                 assert_nothing_dropped, beacon_target, client_connection,
                                 fixed_ports, stop_all, upstream_port)
from harness import wait_until


# ---- Duplicates: equal URIs reach the same instance ----

def send_twice(port, count, tag):
    """Sends `count` unique beacons through nginx, each twice in a row (identical URIs), from
    CLIENT_ADDRESS with a client-supplied X-Forwarded-For. Returns {page view: [upstream ports]}."""
    upstreams = {}
    connection = client_connection(port)
    for index in range(count):
        page_view = f"0:{tag}{index}"
        target = beacon_target(page_view, f"0:i1t84hgy:p{index % 7}")
        for _ in range(2):
            connection.request("GET", target, headers={"X-Forwarded-For": "203.0.113.9"})
            response = connection.getresponse()
            response.read()
            assert response.status == 200
            upstreams.setdefault(page_view, []).append(
                upstream_port(response.getheader("X-Upstream")))
    connection.close()
    return upstreams


def flags_by_page_view(instances, prefix):
    """{page view: [(instance name, detectedDuplicate), ...] in arrival order} for one batch; all
    events of a party reach one mapper and one sink thread, so file order is arrival order."""
    flags = {}
    for instance in instances:
        for record in instance.current.records():
            assert record["remoteHost"] == CLIENT_ADDRESS, record
            assert not record["detectedCorruption"], record
            if record["pageViewId"].startswith(prefix):
                flags.setdefault(record["pageViewId"], []).append(
                    (instance.name, record["detectedDuplicate"]))
    return flags


def test_equal_uris_reach_the_same_instance_so_resent_beacons_are_flagged_duplicate(tmp_path):
    port_a, port_b, port_hash, port_rr = fixed_ports(4)
    instances = [Instance("a", port_a, str(tmp_path)), Instance("b", port_b, str(tmp_path))]
    hashed = Nginx(str(tmp_path / "nginx-hash"), port_hash, [port_a, port_b], HASH)
    round_robin = Nginx(str(tmp_path / "nginx-rr"), port_rr, [port_a, port_b], ROUND_ROBIN)
    count = 200
    try:
        for instance in instances:
            instance.start()
        hashed.start()
        round_robin.start()
        hash_upstreams = send_twice(port_hash, count, "hash")
        rr_upstreams = send_twice(port_rr, count, "rr")
        stop_all([instance.current for instance in instances])
    finally:
        hashed.stop()
        round_robin.stop()
        for instance in instances:
            instance.kill()

    # Consistent hashing: both copies on one instance, the second flagged, and both instances used.
    hashed_flags = flags_by_page_view(instances, "0:hash")
    assert len(hashed_flags) == count
    per_instance = collections.Counter()
    for page_view, copies in hashed_flags.items():
        [(first_on, first_dup), (second_on, second_dup)] = copies
        assert first_on == second_on, page_view
        assert (first_dup, second_dup) == (False, True), page_view
        assert len(set(hash_upstreams[page_view])) == 1, page_view
        per_instance[first_on] += 1
    print(f"consistent hash: beacons per instance {dict(per_instance)}")
    assert min(per_instance[name] for name in ("a", "b")) >= count // 10, per_instance

    # The control: round robin sends the copies to different instances and misses duplicates.
    rr_flags = flags_by_page_view(instances, "0:rr")
    assert len(rr_flags) == count
    split = sum(1 for copies in rr_flags.values() if copies[0][0] != copies[1][0])
    missed = sum(1 for copies in rr_flags.values() if [dup for _, dup in copies] == [False, False])
    print(f"round robin: {split} of {count} beacons split across instances, "
          f"{missed} duplicates missed")
    assert split > 0 and missed == split
    # nginx's own view agrees: the split pairs were answered by two different instances.
    assert split == sum(1 for ports in rr_upstreams.values() if len(set(ports)) == 2)
    assert all(not copies[0][1] for copies in rr_flags.values())


# ---- Zero-loss rolling restart ----

Restart = collections.namedtuple("Restart", "terminated taken_out exited back")


def rolling_restart(instance, checker, load):
    """Restarts one instance as operators do and returns the times of each step."""
    old = instance.current
    assert_nothing_dropped(old)  # scraped just before stopping it
    terminated = time.time()
    old.process.send_signal(signal.SIGTERM)
    taken_out = wait_until(lambda: checker.changed(instance.port, False, terminated),
                           timeout=30, message=f"the checker to take {instance.name} out")
    # The premise of a zero-loss restart: out of rotation while it still serves.
    assert taken_out < terminated + SHUTDOWN_DELAY_S, (taken_out - terminated)
    assert old.wait_exit() == 0, old.log()
    exited = time.time()
    assert old.find_line("Shutting down cleanly; all requests completed."), old.log()
    assert not old.find_line("Shutdown lost"), old.log()
    instance.start()
    back = wait_until(lambda: checker.changed(instance.port, True, exited),
                      timeout=30, message=f"the checker to put {instance.name} back")
    wait_until(lambda: load.count(instance.port, since=back) >= 100, timeout=30,
               message=f"load on {instance.name} after its restart")
    return Restart(terminated, taken_out, exited, back)


def test_rolling_restart_behind_nginx_loses_no_answered_beacon(tmp_path):
    port_a, port_b, port_lb = fixed_ports(3)
    instances = [Instance("a", port_a, str(tmp_path)), Instance("b", port_b, str(tmp_path))]
    nginx = Nginx(str(tmp_path / "nginx"), port_lb, [port_a, port_b], HASH)
    checker = HealthChecker(nginx, [port_a, port_b])
    load = LoadGenerator(port_lb)
    restarts = {}
    started = time.monotonic()
    try:
        for instance in instances:
            instance.start()
        nginx.start()
        checker.start()
        load.start()
        for instance in instances:
            wait_until(lambda: load.count(instance.port) >= 100, timeout=30,
                       message=f"load on {instance.name}")
        for instance in instances:
            restarts[instance.name] = rolling_restart(instance, checker, load)
        load.stop()
        checker.stop()
        for instance in instances:
            assert_nothing_dropped(instance.current)
        stop_all([instance.current for instance in instances])
    finally:
        load.stop()
        checker.stop()
        nginx.stop()
        for instance in instances:
            instance.kill()
    assert checker.error is None, checker.error

    answers = load.all_answers()
    sent = {answer.page_view for answer in answers}
    answered = {answer.page_view for answer in answers if answer.status == 200}
    failed = collections.Counter(answer.status if answer.status is not None else answer.upstream
                                 for answer in answers if answer.status != 200)
    records = {(instance.name, number): run.records()
               for instance in instances for number, run in enumerate(instance.runs)}
    recorded = collections.Counter(record["pageViewId"]
                                   for run_records in records.values() for record in run_records)
    missing = answered - recorded.keys()
    print(f"\nrolling restart ({time.monotonic() - started:.1f} s): requests {len(answers)}, "
          f"answered 200: {len(answered)}, found: {len(answered & recorded.keys())}, "
          f"missing: {len(missing)}, non-200 answers: {sum(failed.values())} {dict(failed)}, "
          f"re-sent on a closed keep-alive connection: {load.resent}, "
          f"recorded twice: {sum(1 for n in recorded.values() if n > 1)}, records per process: "
          f"{ {f'{name}{number + 1}': len(r) for (name, number), r in records.items()} }")
    assert not missing, sorted(missing)[:20]
    assert recorded.keys() <= sent
    # nginx itself never answered an error: proxy_next_upstream covered every shutdown.
    assert not [status for status in failed if isinstance(status, int)], failed

    for instance in instances:
        restart = restarts[instance.name]
        before, after = records[(instance.name, 0)], records[(instance.name, 1)]
        assert before and after, instance.name
        # The load spanned the restart: answered by the instance before and after it.
        assert load.count(instance.port, until=restart.terminated) > 0
        assert load.count(instance.port, since=restart.back) > 0
        # Beacons that arrived while the instance was shutting down were recorded too.
        in_window = [r for r in before if r["timestamp"] >= restart.terminated * 1000]
        print(f"{instance.name}: out of rotation {restart.taken_out - restart.terminated:.2f} s "
              f"after SIGTERM, exited after {restart.exited - restart.terminated:.2f} s, back "
              f"after {restart.back - restart.terminated:.2f} s; records in the shutdown window: "
              f"{len(in_window)}")
        assert in_window, instance.name
        assert all(record["remoteHost"] == CLIENT_ADDRESS for record in before + after)
