#!/usr/bin/env python3
"""Checks, through Prometheus' HTTP API, what it scraped from the demo that run-demo.sh started.

Usage: check-demo-metrics.py <Prometheus base URL> <Zipkin base URL>. Exits non-zero, naming
each shortfall. Checks that every service is up (waiting for the first scrapes), and that the
HTTP server histogram carries exemplars whose trace IDs Zipkin knows.
"""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

prometheus = sys.argv[1].rstrip('/')
zipkin = sys.argv[2].rstrip('/')
services = ('api-gateway', 'order-service', 'user-service')
histogram = 'http_server_requests_seconds_bucket'
problems = []


def get(base, path, **params):
    url = base + path + ('?' + urllib.parse.urlencode(params) if params else '')
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def poll(what, seconds):
    """what() until it answers something true, or the timeout; its last answer."""
    deadline = time.monotonic() + seconds
    while True:
        answer = what()
        if answer or time.monotonic() > deadline:
            return answer
        time.sleep(1)


def down():
    """The services whose last scrape did not succeed (all of them before the first)."""
    result = get(prometheus, '/api/v1/query', query='up')['data']['result']
    up = {sample['metric'].get('job') for sample in result if sample['value'][1] == '1'}
    return sorted(set(services) - up)


def exemplar_trace_ids():
    now = time.time()
    data = get(prometheus, '/api/v1/query_exemplars', query=histogram, start=now - 3600, end=now + 60)['data']
    return {exemplar['labels']['trace_id'] for series in data for exemplar in series.get('exemplars', [])
            if 'trace_id' in exemplar.get('labels', {})}


def known_to_zipkin(trace_id):
    try:
        with urllib.request.urlopen(zipkin + '/api/v2/trace/' + trace_id, timeout=10) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


if not poll(lambda: not down(), 60):
    problems.append('up is not 1 for: %s' % ', '.join(down()))

trace_ids = poll(exemplar_trace_ids, 30)
if not trace_ids:
    problems.append('no exemplar with a trace_id on %s' % histogram)
else:
    known = poll(lambda: [t for t in sorted(trace_ids) if known_to_zipkin(t)], 15)
    print('%d exemplar trace IDs on %s, %d of them in Zipkin' % (len(trace_ids), histogram, len(known)))
    if not known:
        problems.append('none of the exemplars\' trace IDs is a trace in Zipkin: %s' % sorted(trace_ids)[:5])

for problem in problems:
    print('  - ' + problem)
print('%d services scraped, %d problems' % (len(services), len(problems)))
sys.exit(1 if problems else 0)
